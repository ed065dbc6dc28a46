"""Nothing typed is lost (issue "Keeps working under faults and hostile input"), and an organisation is
never counted as a resident (issue "Nothing private goes public").

A form that cannot accept its input shows why beside the field and keeps every character: the page comes
back with the form's data, ticked boxes still ticked. Before, these forms redirected with a flash message
(or cut the text and said it was saved), and what was typed was gone.
"""
import re
import time
from html import unescape

import sqlalchemy as sa

from consult.answers.models import Point
from consult.coding.models import Code, ReactionGroup
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.core.kept_forms import KeptForm
from consult.jobs.models import Job, JobStatus
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from consult.reports.models import ResponseReport
from tests.conftest import PASSWORD, csrf_token
from tests.moderation.test_paper_and_decision import paper
from tests.reactions import conftest as reaction_fixtures
from tests.reactions.conftest import MARKDOWN
from tests.workbench import conftest as workbench_fixtures

# The fixtures of the reaction and workbench tests, used here too.
open_consultation, send_reaction = reaction_fixtures.open_consultation, reaction_fixtures.send_reaction
make_reaction = workbench_fixtures.make_reaction

LONG = "Dit is een lange zin die de ambtenaar met zorg heeft getypt. "  # 62 characters


def typed(characters: int) -> str:
    return (LONG * (characters // len(LONG) + 1))[:characters].strip() + " Einde."


def error_beside(html: str, field_id: str) -> str:
    return unescape(html.split(f'id="{field_id}-error"', 1)[1].split("</div>", 1)[0])


def textarea(html: str, field_id: str) -> str:
    return unescape(re.search(rf'<textarea[^>]* id="{field_id}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S).group(1))


def official_on(make_consultation, make_user, login, **fields):
    consultation = make_consultation(markdown=MARKDOWN, **fields)
    official = make_user(official_of=consultation.organisation)
    login(official)
    return consultation, official


def test_rejecting_with_a_long_message_keeps_the_message_and_says_why(client, make_consultation, make_user, login, make_reaction):
    consultation, _official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    message = typed(2100)

    response = client.post(f"/beheer/reacties/{reaction.id}/afwijzen",
                           data={"csrf_token": csrf_token(page), "reason": "offensive", "message": message})

    assert response.status_code == 400
    assert "Gebruik maximaal 2.000 tekens." in error_beside(response.text, "message")
    assert 'id="reason-error"' not in response.text  # the chosen reason was kept, so no "Kies een reden."
    assert textarea(response.text, "message") == message
    assert '<option selected value="offensive">' in response.text
    assert reaction.status is ReactionStatus.PENDING


def test_a_refused_redaction_keeps_the_text_being_edited(client, make_consultation, make_user, login, make_reaction):
    consultation, _official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    text = typed(25_100)

    response = client.post(f"/beheer/reacties/{reaction.id}/redigeren", data={"csrf_token": csrf_token(page), "public_body": text})

    assert response.status_code == 400
    assert "Gebruik maximaal 25.000 tekens." in error_beside(response.text, "public_body")
    assert textarea(response.text, "public_body") == text
    assert reaction.public_body is None


def test_a_long_point_is_refused_not_cut(client, session, make_consultation, make_user, login, make_reaction):
    consultation, _official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    summary = typed(5100)

    response = client.post(f"/beheer/reacties/{reaction.id}/deelpunten",
                           data={"csrf_token": csrf_token(page), "section": "planning", "summary": summary})

    assert response.status_code == 400
    assert "Gebruik maximaal 5.000 tekens." in error_beside(response.text, "summary")
    assert textarea(response.text, "summary") == summary
    assert '<option value="planning" selected>' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Point)) == 0


def test_a_long_introduction_is_refused_not_cut_with_a_success_message(client, session, make_consultation, make_user, login):
    consultation, _official = official_on(make_consultation, make_user, login, opens_in_days=-50, closes_in_days=-1)
    url = f"/beheer/consultaties/{consultation.slug}/reactienota"
    introduction = typed(20_100)

    response = client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "introduction": introduction})

    assert response.status_code == 400
    assert "opgeslagen" not in response.text
    assert "Gebruik maximaal 20.000 tekens." in error_beside(response.text, "introduction")
    assert textarea(response.text, "introduction") == introduction
    record = session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))
    assert record is None or record.introduction == ""


def test_a_long_group_name_in_the_queue_keeps_the_ticked_reactions(client, session, make_consultation, make_user, login, make_reaction):
    consultation, _official = official_on(make_consultation, make_user, login)
    reactions = [make_reaction(consultation) for _ in range(3)]
    back = f"/beheer/consultaties/{consultation.slug}/moderatie?status=all"
    page = client.get(back).text
    title = typed(250)

    response = client.post(f"/beheer/consultaties/{consultation.slug}/selectie", data={
        "csrf_token": csrf_token(page), "back": back, "action": "group", "reason": "offensive",
        "group_title": title, "reaction": [reactions[0].id, reactions[2].id]})

    assert response.status_code == 400
    assert "Gebruik maximaal 200 tekens." in error_beside(response.text, "group_title")
    assert f'value="{title}"' in response.text
    assert f'value="{reactions[0].id}" id="kies-{reactions[0].id}" checked>' in response.text
    assert f'value="{reactions[2].id}" id="kies-{reactions[2].id}" checked>' in response.text
    assert f'value="{reactions[1].id}" id="kies-{reactions[1].id}">' in response.text
    assert '<option value="group" selected>' in response.text
    assert f'name="back" value="{back}"' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionGroup)) == 0


def test_a_long_name_for_a_suggested_campaign_group_keeps_the_ticks(client, session, make_consultation, make_user, login, make_reaction):
    consultation, official = official_on(make_consultation, make_user, login)
    reactions = [make_reaction(consultation, body="Houd het buurthuis open.") for _ in range(3)]
    session.add(Job(kind="campaigns", consultation_id=consultation.id, status=JobStatus.DONE, created_by_id=official.id,
                    result={"groups": [[r.id for r in reactions]]}, finished_at=utcnow()))
    session.commit()
    page = client.get(f"/beheer/consultaties/{consultation.slug}/codes").text
    title = typed(250)

    response = client.post(f"/beheer/consultaties/{consultation.slug}/groepen", data={
        "csrf_token": csrf_token(page), "suggestion": "1", "title": title, "reaction": [reactions[0].id, reactions[1].id]})

    assert response.status_code == 400
    assert "Gebruik maximaal 200 tekens." in error_beside(response.text, "title-1")
    assert f'value="{title}"' in response.text
    assert f'value="{reactions[0].id}" id="s0-{reactions[0].id}" checked>' in response.text
    assert f'value="{reactions[2].id}" id="s2-{reactions[2].id}">' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(ReactionGroup)) == 0


def test_a_long_code_name_is_refused_and_kept(client, session, make_consultation, make_user, login):
    consultation, _official = official_on(make_consultation, make_user, login)
    page = client.get(f"/beheer/consultaties/{consultation.slug}/codes").text
    title = typed(250)

    response = client.post(f"/beheer/consultaties/{consultation.slug}/codes", data={"csrf_token": csrf_token(page), "title": title})

    assert response.status_code == 400
    assert "Gebruik maximaal 200 tekens." in error_beside(response.text, "title")
    assert f'value="{title}"' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Code).where(Code.title.like("Dit is%"))) == 0


def test_a_change_sent_just_after_closing_says_so_and_gives_the_text_back(app, client, session, make_consultation, make_reaction):
    consultation = make_consultation(markdown=MARKDOWN)
    reaction = make_reaction(consultation, status=ReactionStatus.APPROVED, body="Mijn eerste tekst.")
    reaction.confirmed_at = utcnow()
    session.commit()
    with app.app_context():
        url = f"/reacties/{make_token(reaction.id, Purpose.MANAGE)}"
    page = client.get(url).text
    assert "Uw reactie veranderen" in page
    consultation.closes_at = utcnow()  # the period closes while the resident is typing
    session.commit()
    change = "Mijn nieuwe tekst, met <b>alles</b> wat ik nog wilde zeggen.\n\nTweede alinea."

    response = client.post(url, data={"csrf_token": csrf_token(page), "body": change, "publication": "named"})

    assert response.status_code == 409
    assert "Uw wijziging is niet opgeslagen: de reactietermijn is gesloten op" in response.text
    assert textarea(response.text, "unsaved") == change
    assert reaction.body == "Mijn eerste tekst."


def test_an_official_logged_out_while_typing_finds_the_answer_back_after_logging_in(app, client, session, make_consultation,
                                                                                    make_user, login, make_reaction):
    consultation, official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    url = f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw?reactie={reaction.id}"
    page = client.get(url).text
    answer = typed(3000)
    with client.session_transaction() as browser_session:  # 31 minutes without a request
        browser_session["seen_at"] = time.time() - 31 * 60

    response = client.post(url, data={"csrf_token": csrf_token(page), "reactie": reaction.id, "body": answer,
                                      "outcome": "noted", "changed_section": ""})

    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
    assert reaction.answer is None
    login_page = client.get(response.headers["Location"])
    assert "Wat u typte is bewaard" in login_page.text
    after = client.post(response.headers["Location"], data={"email": official.email, "password": PASSWORD,
                                                            "csrf_token": csrf_token(login_page.text)})
    assert after.headers["Location"] == url
    form = client.get(url).text
    assert textarea(form, "body") == answer
    assert re.search(r'<input checked[^>]*value="noted"', form)
    assert "Wat u typte staat er weer" in form
    again = client.get(url).text  # shown once; then the form is as new
    assert answer not in again


def test_a_kept_form_opens_only_for_the_same_official(client, session, make_consultation, make_user, login, make_reaction):
    consultation, official = official_on(make_consultation, make_user, login)
    colleague = make_user(official_of=consultation.organisation)
    reaction = make_reaction(consultation)
    page_url = f"/beheer/reacties/{reaction.id}"
    page = client.get(page_url).text
    with client.session_transaction() as browser_session:
        browser_session["seen_at"] = time.time() - 31 * 60

    response = client.post(f"/beheer/reacties/{reaction.id}/afwijzen", headers={"Referer": f"http://consult.test{page_url}"},
                           data={"csrf_token": csrf_token(page), "reason": "spam", "message": "Geheim bericht voor de indiener."})
    assert response.headers["Location"] == f"/inloggen?next={page_url}"
    login(colleague)
    assert "Geheim bericht" not in client.get(page_url).text


def test_an_organisation_name_without_a_kind_is_refused_in_the_public_form(client, session, open_consultation, send_reaction):
    response = send_reaction(open_consultation, organisation_name="Zorggroep West", organisation_kind="")

    assert response.status_code == 400
    assert "Kies wat voor organisatie het is." in error_beside(response.text, "organisation_kind")
    assert 'value="Zorggroep West"' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_an_organisation_name_without_a_kind_is_refused_in_the_paper_form(client, session, make_consultation, make_user, login):
    consultation, _official = official_on(make_consultation, make_user, login)
    url = f"/beheer/consultaties/{consultation.slug}/reactie-invoeren"
    response = client.post(url, data={**paper(organisation_name="Woonstichting Lek", organisation_kind=""),
                                      "csrf_token": csrf_token(client.get(url).text)}, content_type="multipart/form-data")

    assert response.status_code == 400
    assert "Kies wat voor organisatie het is." in error_beside(response.text, "organisation_kind")
    assert 'value="Woonstichting Lek"' in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_a_reaction_the_database_refuses_comes_back_with_its_text(client, session, make_consultation, make_reaction, send_reaction):
    """Before: any refusal by the database was taken for a double click, and the resident got "Pagina niet
    gevonden" with the text lost. Here the kenmerk the consultation hands out next is already taken (as by
    a second consultation with the same letters before 0013, or imported data)."""
    consultation = make_consultation(markdown=MARKDOWN)
    elsewhere = make_reaction(make_consultation())
    elsewhere.reference = f"TST-{utcnow().astimezone(AMSTERDAM).year}-0001"  # TST: the first consultation's letters
    session.commit()
    body = "Ik mis de mantelzorgers in dit hoofdstuk.\n\nZij doen veel werk."

    response = send_reaction(consultation, body=body)

    assert response.status_code == 500
    assert "Uw reactie kon niet worden opgeslagen door een fout bij ons." in error_beside(response.text, "body")
    assert textarea(response.text, "body") == body
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(Reaction.consultation_id == consultation.id)) == 0


def test_no_rejection_reason_is_chosen_until_the_official_chooses_one(client, make_consultation, make_user, login, make_reaction):
    consultation, _official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    queue = client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").text
    for html in (page, queue):
        reasons = html.split('name="reason"', 1)[1].split("</select>", 1)[0]
        assert " selected" not in reasons and '<option value="">Kies een reden</option>' in reasons

    response = client.post(f"/beheer/reacties/{reaction.id}/afwijzen",
                           data={"csrf_token": csrf_token(page), "reason": "", "message": "Dit is reclame."})
    assert response.status_code == 400
    assert "Kies een reden." in error_beside(response.text, "reason")
    assert textarea(response.text, "message") == "Dit is reclame."

    response = client.post(f"/beheer/consultaties/{consultation.slug}/selectie", data={
        "csrf_token": csrf_token(queue), "action": "reject", "reason": "", "reaction": [reaction.id]})
    assert response.status_code == 400
    assert "Kies een reden." in error_beside(response.text, "reason")
    assert '<option value="reject" selected>' in response.text
    assert reaction.status is ReactionStatus.PENDING


def test_a_reaction_sent_after_the_session_cookie_was_lost_comes_back_filled_in(app, client, session, open_consultation):
    url = f"/consultaties/{open_consultation.slug}/reageren"
    page = client.get(url).text
    body = typed(3000)
    browser_restarted = app.test_client()  # the session cookie is gone, the page was still open

    response = browser_restarted.post(url, headers={"Origin": "http://consult.test"}, data={
        "csrf_token": csrf_token(page), "body": body, "author_name": "Iris de Boer", "author_email": "iris@example.org",
        "section": "opgavegericht-werken", "publication": "named", "privacy": "y"})

    assert response.status_code == 303 and response.headers["Location"] == url
    form = browser_restarted.get(url).text
    assert "Uw sessie was verlopen, daarom is het formulier niet verstuurd. Wat u typte is bewaard." in form
    assert textarea(form, "body") == body and 'value="Iris de Boer"' in form
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0  # nothing sent behind their back
    assert body not in browser_restarted.get(url).text  # shown once
    assert body not in client.get(url).text  # and only in that browser


def test_an_official_whose_session_cookie_was_lost_logs_in_again_and_finds_the_answer(app, client, session, make_consultation,
                                                                                   make_user, login, make_reaction):
    consultation, official = official_on(make_consultation, make_user, login)
    reaction = make_reaction(consultation)
    url = f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw?reactie={reaction.id}"
    page = client.get(url).text
    answer = typed(3000)
    browser = app.test_client()

    response = browser.post(url, headers={"Referer": f"http://consult.test{url}"}, follow_redirects=True, data={
        "csrf_token": csrf_token(page), "reactie": reaction.id, "body": answer, "outcome": "noted", "changed_section": ""})

    assert response.request.path == "/inloggen" and "Log opnieuw in als de pagina daarom vraagt" in response.text
    after = browser.post(response.request.full_path, data={"email": official.email, "password": PASSWORD,
                                                           "csrf_token": csrf_token(response.text)})
    assert after.headers["Location"] == url
    assert textarea(browser.get(url).text, "body") == answer
    assert reaction.answer is None


def test_a_form_on_another_site_cannot_put_text_in_our_forms(app, client, session, open_consultation):
    url = f"/consultaties/{open_consultation.slug}/reageren"
    victim = app.test_client()

    response = victim.post(url, headers={"Origin": "https://evil.example"},
                           data={"csrf_token": "made-up", "body": "Klik op https://evil.example/digid"})

    assert response.status_code == 400 and "Het formulier is verlopen" in response.text
    assert "evil.example" not in victim.get(url).text
    assert session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 0
