"""Bad input through the round's forms: a fixed part of the corpora (every 100th string of the security
tests' sample, so it stays a few seconds) in the comment's text and passage, in the invitation's
choices, and in the officials' reminder moments, later deadline and late comment. No 500, no markup our templates do not write, and a form shown again shows exactly what was
typed."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.extensions import limiter
from consult.rounds.models import DraftComment
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
                     {"section": text, "quote": "", "body": "Tekst"}):
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
        for field in ("kind", "region", "organisations"):
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
