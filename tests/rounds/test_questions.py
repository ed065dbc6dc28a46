"""Guiding questions: the official asks them per section or about the whole draft in the round's
settings; partners see them and answer each with a comment tied to it; the workbench shows the question."""
import sqlalchemy as sa

from consult.rounds.models import DraftComment, GuidingQuestion, QuestionReaction
from tests.conftest import csrf_token
from tests.rounds.test_views import round_url


def manage_url(world, rest=""):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde{rest}"


def add_question(client, world, section, text):
    page = client.get(manage_url(world))
    return client.post(manage_url(world, "/hulpvragen"), data={"section": section, "text": text,
                                                                "csrf_token": csrf_token(page.text)})


def test_partners_answer_guiding_questions_and_the_workbench_shows_the_question(client, login, round_world, session):
    login(round_world.users["official_a"])
    assert add_question(client, round_world, "", "Missen we een prioriteit?").status_code == 302
    assert add_question(client, round_world, "wonen", "Hoeveel woningen zijn er nodig?").status_code == 302
    refused = add_question(client, round_world, "wonen", "")
    assert refused.status_code == 400 and "Schrijf de vraag." in refused.text
    too_long = add_question(client, round_world, "", "Waarom? " * 80)
    assert too_long.status_code == 400 and "Waarom? Waarom?" in too_long.text
    page = client.get(manage_url(round_world))
    assert "Missen we een prioriteit?" in page.text and "2 Wonen: Hoeveel woningen zijn er nodig?" in page.text.replace("</strong> ", " ").replace("<strong>", "")
    client.post("/uitloggen", data={"csrf_token": csrf_token(page.text)})

    login(round_world.users["partner_x"])
    round_page = client.get(round_url(round_world, round_world.x))
    assert "Vragen van de gemeente" in round_page.text and "Hoeveel woningen zijn er nodig?" in round_page.text
    wonen = session.scalar(sa.select(GuidingQuestion).where(GuidingQuestion.text == "Hoeveel woningen zijn er nodig?"))
    chosen = client.get(round_url(round_world, round_world.x) + f"?vraag={wonen.id}")
    assert f'<option selected value="{wonen.id}">' in chosen.text
    # The question's section wins over the section chosen in the form.
    client.post(round_url(round_world, round_world.x, "/opmerkingen"), data={
        "question": str(wonen.id), "section": "", "body": "Zeker 500.", "csrf_token": csrf_token(chosen.text)})
    draft = session.scalar(sa.select(DraftComment))
    assert (draft.question_id, draft.section.anchor) == (wonen.id, "wonen")
    forged = client.post(round_url(round_world, round_world.x, "/opmerkingen"), data={
        "question": "999999", "section": "", "body": "Tekst", "csrf_token": csrf_token(chosen.text)})
    assert forged.status_code == 400
    submitted = client.post(round_url(round_world, round_world.x, "/indienen"), data={"csrf_token": csrf_token(chosen.text)})
    assert submitted.status_code == 302
    tie = session.scalar(sa.select(QuestionReaction))
    assert tie.question_id == wonen.id
    assert "Antwoord op de vraag: Hoeveel woningen zijn er nodig?" in client.get(round_url(round_world, round_world.x)).text
    client.post("/uitloggen", data={"csrf_token": csrf_token(chosen.text)})

    login(round_world.users["official_a"])
    assert "Hoeveel woningen zijn er nodig?" in client.get(f"/beheer/reacties/{tie.reaction_id}").text
    page = client.get(manage_url(round_world))
    refused = client.post(manage_url(round_world, f"/hulpvragen/{wonen.id}/verwijderen"), data={"csrf_token": csrf_token(page.text)},
                          follow_redirects=True)
    assert "Organisaties hebben deze vraag al beantwoord." in refused.text
    assert session.get(GuidingQuestion, wonen.id) is not None
    general = session.scalar(sa.select(GuidingQuestion).where(GuidingQuestion.section_id.is_(None)))
    client.post(manage_url(round_world, f"/hulpvragen/{general.id}/verwijderen"), data={"csrf_token": csrf_token(page.text)})
    session.expire_all()
    assert session.get(GuidingQuestion, general.id) is None


def test_only_the_owner_sets_questions_and_another_round_s_question_is_not_found(client, login, round_world, session,
                                                                                 make_consultation):
    from consult.consultations.models import Audience, ConsultationKind
    from consult.rounds.models import FeedbackRound

    other = make_consultation(organisation=round_world.consultation.organisation, kind=ConsultationKind.PARTNER_ROUND,
                              audience=Audience.INVITED, title="Andere ronde")
    other_round = FeedbackRound(consultation=other)
    question = GuidingQuestion(round=other_round, text="Vraag van een andere ronde")
    session.add_all([other_round, question])
    session.commit()
    for outsider in ("official_b", "partner_x"):
        login(round_world.users[outsider])
        token = csrf_token(client.get("/mijn-organisatie").text)
        assert client.post(manage_url(round_world, "/hulpvragen"), data={"text": "Vraag", "csrf_token": token}).status_code == 404
        client.post("/uitloggen", data={"csrf_token": token})
    login(round_world.users["official_a"])
    token = csrf_token(client.get(manage_url(round_world)).text)
    assert client.post(manage_url(round_world, f"/hulpvragen/{question.id}/verwijderen"),
                       data={"csrf_token": token}).status_code == 404
