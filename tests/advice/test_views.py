"""Advice through HTTP: the council's members draft together and one submits; the official answers every
point; the reactienota waits for the last answer; the members get the answers in their own language."""
from datetime import timedelta

import sqlalchemy as sa

from consult.accounts.queries import officials_of
from consult.advice.models import Advice, AdviceState, Verdict
from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from tests.advice.conftest import given_advice
from tests.conftest import PASSWORD, csrf_token, run_jobs, submit_form


def advice_url(world, consultation=None, organisation=None, rest=""):
    consultation, organisation = consultation or world.round, organisation or world.council
    return f"/consultaties/{consultation.slug}/advies/{organisation.slug}{rest}"


def manage_url(world, rest=""):
    return f"/beheer/consultaties/{world.round.slug}/advies{rest}"


def post(client, page_url, url, **data):
    token = csrf_token(client.get(page_url).text)
    return client.post(url, data={**data, "csrf_token": token})


def mails_to(session, email):
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)))


def signed_in(app, user):
    client = app.test_client()
    submit_form(client, "/inloggen", {"email": user.email, "password": PASSWORD})
    return client


def test_two_members_draft_together_and_one_submits_with_a_kenmerk_and_a_receipt(app, advice_world, session):
    world = advice_world
    youssef, marieke = signed_in(app, world.users["member_c"]), signed_in(app, world.users["colleague_c"])
    url = advice_url(world)
    assert youssef.get(url).status_code == 200
    assert session.scalar(sa.select(sa.func.count()).select_from(Advice)) == 0  # reading writes nothing

    post(youssef, url, url, overall="Wij adviseren de agenda met drie punten aan te vullen.")
    post(youssef, url, url + "/punten", section="wonen", body="Bouw meer woningen voor beschermd wonen.")
    post(marieke, url, url + "/punten", section="", body="Betrek cliënten bij elke stap.")
    post(marieke, url, url + "/punten", section="jeugd", body="Kort de wachtlijsten in.")
    page = youssef.get(url).text
    assert "Marieke van C" in page and "Youssef van C" in page  # who wrote which point
    assert "Adviespunt 3" in page and "Betrek cliënten bij elke stap." in page

    edit = url + "/punten/2"
    assert 'value="Betrek' not in youssef.get(edit).text  # a textarea: the text is its content
    post(youssef, edit, edit, section="", body="Betrek cliënten en naasten bij elke stap.")
    assert "Gewijzigd door Youssef van C" in marieke.get(url).text

    response = post(marieke, url, url + "/indienen")
    assert response.status_code == 302
    advice = session.scalars(sa.select(Advice)).one()
    assert advice.state is AdviceState.SUBMITTED and advice.reference.startswith("RND-")
    assert [p.number for p in advice.points] == [1, 2, 3]
    receipt = mails_to(session, world.users["colleague_c"].email)[-1]
    assert receipt.subject.startswith("Receipt of the advice of Participatieraad C")  # Marieke reads English
    assert advice.reference in receipt.body_text and "Betrek cliënten en naasten" in receipt.body_text
    page = youssef.get(url).text
    assert advice.reference in page and "Nog niet beantwoord" in page
    # Submitted advice is no longer a draft: no submitting again, no removing; changing is tested in
    # test_changing_advice.py.
    assert "/indienen" not in page and "/verwijderen" not in page
    assert session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "advice_submitted")) is not None
    # The round owner's officials hear it: every point needs their answer before the nota.
    arrived = [m for m in session.scalars(sa.select(OutboxMessage)) if "gaf formeel advies" in m.subject]
    assert arrived and {m.recipient for m in arrived} == {u.email for u in officials_of(world.round.organisation)}


def test_removing_a_point_keeps_the_numbers_one_to_n(client, login, advice_world, session):
    login(advice_world.users["member_c"])
    url = advice_url(advice_world)
    for text in ("Een", "Twee", "Drie", "Vier"):
        post(client, url, url + "/punten", section="", body=text)
    post(client, url, url + "/punten/2/verwijderen")
    advice = session.scalars(sa.select(Advice)).one()
    session.refresh(advice)
    assert [(p.number, p.body) for p in advice.points] == [(1, "Een"), (2, "Drie"), (3, "Vier")]


def test_advice_without_points_is_not_submitted(client, login, advice_world, session):
    login(advice_world.users["member_c"])
    url = advice_url(advice_world)
    post(client, url, url, overall="Alleen een algemeen advies.")
    page = client.get(post(client, url, url + "/indienen").headers["Location"]).text
    assert "Voeg eerst minstens één adviespunt toe." in page
    assert session.scalars(sa.select(Advice)).one().state is AdviceState.CONCEPT


def test_after_the_deadline_nothing_is_added_or_submitted(client, login, advice_world, session):
    login(advice_world.users["member_c"])
    url = advice_url(advice_world)
    post(client, url, url + "/punten", section="", body="Op tijd")
    advice_world.round.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    page = client.get(url).text
    assert "U kunt geen advies meer geven over dit document." in page and "Adviespunt toevoegen" not in page
    response = post(client, url, url + "/punten", section="", body="Te laat")
    assert "U kunt het advies niet meer veranderen" in client.get(response.headers["Location"]).text
    post(client, url, url + "/indienen")
    advice = session.scalars(sa.select(Advice)).one()
    assert [p.body for p in advice.points] == ["Op tijd"] and advice.state is AdviceState.CONCEPT


def test_nobody_outside_the_council_finds_its_advice(app, advice_world, session):
    given_advice(session, advice_world)
    url = advice_url(advice_world)
    for role in ("partner_x", "official_b", "resident", "admin", "official_a"):
        assert signed_in(app, advice_world.users[role]).get(url).status_code == 404, role
    # a care provider invited to the same round does not give formal advice
    x = signed_in(app, advice_world.users["partner_x"])
    assert x.get(advice_url(advice_world, organisation=advice_world.x)).status_code == 404
    # and the council's own advice page on an unknown consultation is the same 404
    member = signed_in(app, advice_world.users["member_c"])
    assert member.get(f"/consultaties/bestaat-niet/advies/{advice_world.council.slug}").status_code == 404


def test_the_round_page_and_my_organisation_lead_the_council_to_its_advice(client, login, advice_world):
    login(advice_world.users["member_c"])
    link = advice_url(advice_world)
    assert link in client.get(f"/rondes/{advice_world.round.slug}/{advice_world.council.slug}").text
    mine = client.get("/mijn-organisatie").text
    assert link in mine
    assert advice_url(advice_world, consultation=advice_world.public) in mine  # unsolicited, in its region


def test_unsolicited_advice_on_a_public_consultation_of_the_region(client, login, advice_world, session):
    login(advice_world.users["member_c"])
    url = advice_url(advice_world, consultation=advice_world.public)
    assert "Ongevraagd advies" in client.get(url).text
    post(client, url, url + "/punten", section="", body="Denk aan de mantelzorgers.")
    post(client, url, url + "/indienen")
    advice = session.scalars(sa.select(Advice)).one()
    assert advice.invitation is None and advice.state is AdviceState.SUBMITTED and advice.reference.startswith("INZ-")


def test_the_official_answers_every_point_and_the_members_get_the_answers_in_their_language(app, advice_world, session):
    world = advice_world
    advice = given_advice(session, world, points=3)
    official = signed_in(app, world.users["official_a"])
    page = official.get(manage_url(world)).text
    assert "Adviespunt nummer 2." in page and advice.reference in page
    for point, verdict in zip(advice.points, ("adopted", "partly", "not_adopted")):
        prefix = f"punt-{point.id}"
        response = post(official, manage_url(world), manage_url(world, f"/punten/{point.id}"),
                        **{f"{prefix}-verdict": verdict, f"{prefix}-reasons": f"Omdat {verdict}."})
        assert response.status_code == 302
        if verdict != "not_adopted":
            assert mails_to(session, world.users["member_c"].email) == []  # only once every point is answered
    session.refresh(advice)
    assert advice.state is AdviceState.ANSWERED
    assert [p.verdict for p in advice.points] == [Verdict.ADOPTED, Verdict.PARTLY, Verdict.NOT_ADOPTED]
    dutch = mails_to(session, world.users["member_c"].email)[-1]
    english = mails_to(session, world.users["colleague_c"].email)[-1]
    assert dutch.subject == f"De antwoorden op het advies van Participatieraad C ({advice.reference})"
    assert "Gedeeltelijk overgenomen" in dutch.body_text and "Omdat partly." in dutch.body_text
    assert english.subject == f"The answers to the advice of Participatieraad C ({advice.reference})"
    assert "Partly adopted" in english.body_text
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "advice_point_answered")) == 3
    member_page = signed_in(app, world.users["member_c"]).get(advice_url(world)).text
    assert "Niet overgenomen" in member_page and "Omdat not_adopted." in member_page

    # a later change of an answer goes to the members again
    point = advice.points[0]
    post(official, manage_url(world), manage_url(world, f"/punten/{point.id}"),
         **{f"punt-{point.id}-verdict": "partly", f"punt-{point.id}-reasons": "Toch maar deels."})
    assert mails_to(session, world.users["member_c"].email)[-1].subject.startswith("Een veranderd antwoord")


def test_an_answer_needs_a_verdict_and_reasons_and_keeps_what_was_typed(client, login, advice_world, session):
    advice = given_advice(session, advice_world, points=1)
    point = advice.points[0]
    login(advice_world.users["official_a"])
    response = post(client, manage_url(advice_world), manage_url(advice_world, f"/punten/{point.id}"),
                    **{f"punt-{point.id}-verdict": "", f"punt-{point.id}-reasons": "Mijn <b>reden</b>"})
    assert response.status_code == 400
    assert "Kies of de gemeente het punt overneemt." in response.text
    assert "Mijn &lt;b&gt;reden&lt;/b&gt;" in response.text
    response = post(client, manage_url(advice_world), manage_url(advice_world, f"/punten/{point.id}"),
                    **{f"punt-{point.id}-verdict": "adopted", f"punt-{point.id}-reasons": ""})
    assert response.status_code == 400 and "Schrijf de redenen." in response.text
    session.refresh(point)
    assert point.verdict is None


def test_another_municipalitys_official_cannot_answer(client, login, advice_world, session):
    advice = given_advice(session, advice_world, points=1)
    point = advice.points[0]
    login(advice_world.users["official_b"])
    assert client.get(manage_url(advice_world)).status_code == 404
    token = csrf_token(client.get("/").text)
    response = client.post(manage_url(advice_world, f"/punten/{point.id}"),
                           data={f"punt-{point.id}-verdict": "adopted", f"punt-{point.id}-reasons": "Nee", "csrf_token": token})
    assert response.status_code == 404
    session.refresh(point)
    assert point.verdict is None


def test_the_nota_is_not_published_while_a_point_is_open(client, login, advice_world, session):
    world = advice_world
    advice = given_advice(session, world, points=3, answered=1)
    world.round.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    login(world.users["official_a"])
    nota = f"/beheer/consultaties/{world.round.slug}/reactienota"
    page = client.get(nota).text
    assert "2 punten staan nog open" in page
    for point in advice.points[1:]:
        assert f"/beheer/consultaties/{world.round.slug}/advies#punt-{point.id}" in page
        assert f"Adviespunt {point.number} van Participatieraad C ({advice.reference})" in page
    response = client.post(nota + "/publiceren", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "U kunt de reactienota nog niet publiceren: 2 adviespunten hebben geen antwoord." in response.text
    session.refresh(world.round)
    assert world.round.state is State.PUBLISHED

    for point in advice.points[1:]:
        post(client, manage_url(world), manage_url(world, f"/punten/{point.id}"),
             **{f"punt-{point.id}-verdict": "adopted", f"punt-{point.id}-reasons": "Goed idee."})
    page = client.get(nota).text
    assert "staan nog open" not in page
    client.post(nota + "/publiceren", data={"csrf_token": csrf_token(page)})
    run_jobs()
    session.refresh(world.round)
    assert world.round.state is State.PROCESSED

    # after publication the answers stand as published
    point = advice.points[0]
    response = post(client, manage_url(world), manage_url(world, f"/punten/{point.id}"),
                    **{f"punt-{point.id}-verdict": "not_adopted", f"punt-{point.id}-reasons": "Toch niet."})
    assert "de antwoorden blijven zoals ze gepubliceerd zijn" in client.get(response.headers["Location"]).text
    assert "Antwoord op punt" not in client.get(manage_url(world)).text  # no answer forms any more
    session.refresh(point)
    assert point.verdict is Verdict.ADOPTED
