"""Bad input through the round's forms: a fixed part of the corpora (every 100th string of the security
tests' sample, so it stays a few seconds) in the comment's text and passage, in the invitation's
choices, in the new round's form, and in the officials' reminder moments, later deadline and late comment. No 500, no markup our templates do not write, and a form shown again shows exactly what was
typed."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.documents.services import add_version_from_markdown
from consult.extensions import limiter
from consult.reactions.models import Reaction
from consult.rounds.models import CommentVersion, DraftComment, GuidingQuestion
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.html_check import read_page


@pytest.fixture
def strings():
    return sample()[::100]


def test_the_comment_form_takes_any_text_and_shows_it_back_as_typed(client, login, round_world, session, strings,
                                                                    monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(round_world.users["partner_x"])
    url = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for data in ({"section": "", "quote": "", "body": text}, {"section": "", "quote": text, "body": "Tekst"},
                     {"section": text, "quote": "", "body": "Tekst"}, {"question": text, "quote": "", "body": "Tekst"}):
            response = client.post(url + "/opmerkingen", data={**data, "csrf_token": token})
            if response.status_code >= 500:
                wrong.append(f"{response.status_code} for {text!r}")
            elif response.status_code == 400:
                problems, values = read_page(response.text)
                wrong += [f"{p} for {text!r}" for p in problems]
                for name in ("quote", "body"):
                    if values.get(name) and values[name][0] != clean_text(data[name]):
                        wrong.append(f"{name} shows {values[name][0]!r} for {text!r}")
    problems, _values = read_page(client.get(url).text)  # every stored comment on one page
    wrong += problems
    assert not wrong, "\n".join(wrong[:20])
    assert session.scalar(sa.select(sa.func.count()).select_from(DraftComment)) > 0


def test_the_invitation_form_refuses_any_choice_it_did_not_offer(client, login, round_world, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for field in ("kind", "region", "organisations", "same_as"):
            response = client.post(url + "/uitnodigen", data={field: text, "csrf_token": token})
            if response.status_code != 400:
                wrong.append(f"{field}: {response.status_code} for {text!r}")
            else:
                wrong += [f"{p} for {text!r}" for p in read_page(response.text)[0]]
    assert not wrong, "\n".join(wrong[:20])


def check_shown_back(response, data: dict, fields: tuple[str, ...], text: str, wrong: list) -> None:
    if response.status_code >= 500:
        wrong.append(f"{response.status_code} for {text!r}")
    elif response.status_code == 400:
        problems, values = read_page(response.text)
        wrong += [f"{p} for {text!r}" for p in problems]
        for name in fields:
            if values.get(name) and values[name][0] != clean_text(data[name]):
                wrong.append(f"{name} shows {values[name][0]!r} for {text!r}")


def test_the_officials_forms_take_any_text_and_show_it_back_as_typed(client, login, round_world, session, strings,
                                                                     monkeypatch):
    """The reminder moments, a later deadline (date, time, reason) and a late comment (text, passage, section)."""
    monkeypatch.setattr(limiter, "enabled", False)
    round_world.consultation.closes_at = utcnow() - timedelta(hours=1)
    session.commit()
    login(round_world.users["official_a"])
    base = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    organisation = f"{base}/organisaties/{round_world.x.slug}"
    token = csrf_token(client.get(organisation).text)
    wrong = []
    for text in strings:
        data = {"reminder_days": text}
        check_shown_back(client.post(base + "/instellingen", data={**data, "csrf_token": token}), data,
                         ("reminder_days",), text, wrong)
        for data in ({"deadline-deadline_on": text, "deadline-deadline_time": "17:00", "deadline-reason": "Reden"},
                     {"deadline-deadline_on": "2099-01-01", "deadline-deadline_time": text, "deadline-reason": "Reden"},
                     {"deadline-deadline_on": "", "deadline-deadline_time": "17:00", "deadline-reason": text}):
            check_shown_back(client.post(organisation + "/deadline", data={**data, "csrf_token": token}), data,
                             ("deadline-reason",), text, wrong)
        for data in ({"late-section": "", "late-quote": "", "late-body": text},
                     {"late-section": "", "late-quote": text, "late-body": ""},
                     {"late-section": text, "late-quote": "", "late-body": "Tekst"}):
            check_shown_back(client.post(organisation + "/te-laat", data={**data, "csrf_token": token}), data,
                             ("late-quote", "late-body"), text, wrong)
    problems, _values = read_page(client.get(organisation).text)  # every stored late comment on one page
    wrong += problems
    problems, _values = read_page(client.get(base).text)
    wrong += problems
    assert not wrong, "\n".join(wrong[:20])
    session.refresh(round_world.round)
    assert all(1 <= day <= 60 for day in round_world.round.reminder_days)


def test_the_change_of_a_submitted_comment_takes_any_text_and_the_workbench_shows_every_version(
        client, login, round_world, session, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(round_world.users["partner_x"])
    url = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    token = csrf_token(client.get(url).text)
    client.post(url + "/opmerkingen", data={"section": "", "quote": "", "body": "Eerste", "csrf_token": token})
    client.post(url + "/indienen", data={"csrf_token": token})
    reaction = session.scalar(sa.select(Reaction).where(Reaction.organisation_id == round_world.x.id))
    wrong = []
    for text in strings:
        for data in ({"section": "", "quote": "", "body": text}, {"section": "", "quote": text, "body": "Tekst"}):
            response = client.post(f"{url}/ingediend/{reaction.id}", data={**data, "csrf_token": token})
            if response.status_code >= 500:
                wrong.append(f"{response.status_code} for {text!r}")
            elif response.status_code == 400:
                problems, values = read_page(response.text)
                wrong += [f"{p} for {text!r}" for p in problems]
                for name in ("quote", "body"):
                    if values.get(name) and values[name][0] != clean_text(data[name]):
                        wrong.append(f"{name} shows {values[name][0]!r} for {text!r}")
    wrong += read_page(client.get(url).text)[0]
    assert session.scalar(sa.select(sa.func.count()).select_from(CommentVersion)) > 2
    client.post("/uitloggen", data={"csrf_token": token})
    login(round_world.users["official_a"])
    wrong += read_page(client.get(f"/beheer/reacties/{reaction.id}").text)[0]  # every version on one page
    assert not wrong, "\n".join(wrong[:20])


def test_the_comparison_shows_section_text_as_text(client, login, round_world, session, strings):
    """Sections are cleaned HTML; what the comparison reads back from them is shown escaped."""
    document = round_world.consultation.document_version.document
    hostile = "\n\n".join(f"# Deel {n}\n\n{text}" for n, text in enumerate(strings[:40]))
    add_version_from_markdown(document, "# Wonen\n\n&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;\n\n" + hostile)
    session.commit()
    login(round_world.users["partner_x"])
    page = client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}/wijzigingen")
    assert page.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert not read_page(page.text)[0]


def test_the_next_round_form_keeps_any_text_and_refuses_choices_it_did_not_offer(client, login, round_world, session,
                                                                                  strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    add_version_from_markdown(round_world.consultation.document_version.document, "# Wonen\n\nNieuw.")
    session.commit()
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/volgende-versie"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        # No period given, so nothing is saved: every answer is the form again, with what was typed.
        for field in ("kind", "title", "summary"):
            data = {"kind": "partner_round", "title": "Titel", "summary": "Kort", field: text, "csrf_token": token}
            response = client.post(url, data=data)
            if response.status_code != 400:
                wrong.append(f"{field}: {response.status_code} for {text!r}")
                continue
            problems, values = read_page(response.text)
            wrong += [f"{p} for {text!r}" for p in problems]
            if field != "kind" and values.get(field) and values[field][0] != clean_text(text):
                wrong.append(f"{field} shows {values[field][0]!r} for {text!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_new_round_form_keeps_any_text(client, login, round_world, session, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(round_world.users["official_a"])
    url = f"/beheer/documenten/{round_world.consultation.document_version.document.id}/versie/1/feedbackronde"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        # No period given, so nothing is saved: every answer is the form again, with what was typed.
        for field in ("title", "summary", "contact_name", "procedure"):
            data = {"title": "Titel", "summary": "Kort", "contact_name": "Anna", field: text, "csrf_token": token}
            response = client.post(url, data=data)
            if response.status_code != 400:
                wrong.append(f"{field}: {response.status_code} for {text!r}")
                continue
            problems, values = read_page(response.text)
            wrong += [f"{p} for {text!r}" for p in problems]
            if field != "procedure" and values.get(field) and values[field][0] != clean_text(text):
                wrong.append(f"{field} shows {values[field][0]!r} for {text!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_guiding_question_form_keeps_any_text_and_refuses_sections_it_did_not_offer(client, login, round_world,
                                                                                         session, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for data in ({"section": "", "text": text}, {"section": text, "text": "Vraag"}):
            response = client.post(url + "/hulpvragen", data={**data, "csrf_token": token})
            if response.status_code >= 500 or (data["section"] and response.status_code != 400):
                wrong.append(f"{response.status_code} for {text!r}")
            elif response.status_code == 400:
                problems, values = read_page(response.text)
                wrong += [f"{p} for {text!r}" for p in problems]
                if data["text"] != "Vraag" and values.get("text") and values["text"][0] != clean_text(text):
                    wrong.append(f"text shows {values['text'][0]!r} for {text!r}")
    wrong += read_page(client.get(url).text)[0]  # every stored question on the official's page...
    client.post("/uitloggen", data={"csrf_token": token})
    login(round_world.users["partner_x"])
    wrong += read_page(client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}").text)[0]  # ...and the partner's
    assert session.scalar(sa.select(sa.func.count()).select_from(GuidingQuestion)) > 0
    assert not wrong, "\n".join(wrong[:20])


def test_the_reply_form_takes_any_text_and_shows_it_back_as_typed(client, login, round_world, session, strings,
                                                                  monkeypatch):
    from consult.reactions.models import Channel, Publication, ReactionStatus

    monkeypatch.setattr(limiter, "enabled", False)
    round_world.round.allows_replies = round_world.round.partners_see_each_other = True
    target = Reaction(consultation=round_world.consultation, reference="TST-2026-8001", channel=Channel.PARTNER_ROUND,
                      status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Yara",
                      organisation_id=round_world.y.id, organisation_name=round_world.y.name, body="Opmerking van Y")
    session.add(target)
    session.commit()
    login(round_world.users["partner_x"])
    url = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}/reageren/{target.id}"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        response = client.post(url, data={"body": text, "csrf_token": token})
        if response.status_code >= 500:
            wrong.append(f"{response.status_code} for {text!r}")
        elif response.status_code == 400:
            problems, values = read_page(response.text)
            wrong += [f"{p} for {text!r}" for p in problems]
            if values.get("body") and values["body"][0] != clean_text(text):
                wrong.append(f"body shows {values['body'][0]!r} for {text!r}")
    stored = session.scalars(sa.select(Reaction).where(Reaction.organisation_id == round_world.x.id)).all()
    assert stored
    for reply in stored:  # approve every reply: the others' page and the public page show them
        reply.approve(round_world.users["official_a"].id, utcnow())
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    round_world.round.is_public_afterwards = True
    round_world.round.made_public_at = utcnow()
    session.commit()
    wrong += read_page(client.get(f"/openbare-rondes/{round_world.consultation.slug}").text)[0]
    login(round_world.users["official_a"])
    wrong += read_page(client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/vergelijking").text)[0]
    assert not wrong, "\n".join(wrong[:20])
