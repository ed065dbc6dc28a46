"""Bad input through the accessibility statement's form and a consultation's house rules form: a fixed part
of the corpora (every 10th string of the security tests' sample). No 500, no markup our templates do not
write, a refused form shows exactly what was typed, and what is saved is shown as text. Also their rate
limits."""
import pytest

from consult.core.forms import clean_text
from consult.extensions import limiter
from tests.accessibility.test_statement import STATEMENT
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.html_check import read_page

SHOWN_BACK = ("scope", "audits-0-method", "problems-0-problem", "problems-0-measure", "contact_phone", "ombudsman_name")
OTHER = ("status", "statement_date", "audits-0-checked_on", "audits-0-link", "problems-0-planned_on", "contact_email",
         "response_days", "ombudsman", "ombudsman_url", "audits-7-method")


@pytest.fixture
def strings():
    return sample()[::10]


@pytest.fixture
def lopik_official(make_organisation, make_user, login):
    organisation = make_organisation(name="Gemeente Lopik")
    login(make_user(official_of=organisation))
    return organisation


def test_the_statement_form_takes_any_text(client, lopik_official, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    url = f"/beheer/organisaties/{lopik_official.slug}/toegankelijkheid"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for field in (*SHOWN_BACK, *OTHER):
            # response_days 0 refuses the form, so every text field shows what was typed.
            response = client.post(url, data={**STATEMENT, "response_days": "0", field: text, "csrf_token": token})
            if response.status_code != 400:
                wrong.append(f"{field}: {response.status_code} for {text!r}")
                continue
            problems, values = read_page(response.text)
            wrong += [f"{field}: {p} for {text!r}" for p in problems]
            if field in SHOWN_BACK and values.get(field) != [clean_text(text)]:
                wrong.append(f"{field} shows {values.get(field)!r:.200} for {text!r:.200}")
        saved = client.post(url, data={**STATEMENT, "scope": text or "x", "problems-0-problem": text or "x",
                                       "csrf_token": token})
        if saved.status_code not in (302, 400):
            wrong.append(f"saving: {saved.status_code} for {text!r}")
        problems, _values = read_page(client.get(f"/organisaties/{lopik_official.slug}/toegankelijkheid").text)
        wrong += [f"statement page: {p} for {text!r}" for p in problems]
    assert not wrong, "\n".join(wrong[:20])


def test_the_house_rules_form_takes_any_text(client, session, make_consultation, make_user, login, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/huisregels"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        response = client.post(url, data={"house_rules": text + "x" * 5001, "csrf_token": token})  # refused: too long
        problems, values = read_page(response.text)
        wrong += [f"refused: {p} for {text!r}" for p in problems]
        if response.status_code != 400 or values.get("house_rules") != [clean_text(text + "x" * 5001)]:
            wrong.append(f"{response.status_code}, shows {values.get('house_rules')!r:.100} for {text!r:.100}")
        if client.post(url, data={"house_rules": text, "csrf_token": token}).status_code != 302:
            wrong.append(f"not saved: {text!r}")
        problems, _values = read_page(client.get(f"/consultaties/{consultation.slug}/reageren").text)
        wrong += [f"reaction form: {p} for {text!r}" for p in problems]
    assert not wrong, "\n".join(wrong[:20])


def test_the_new_forms_are_rate_limited(client, lopik_official, make_consultation, make_user, login):
    url = f"/beheer/organisaties/{lopik_official.slug}/toegankelijkheid"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(url, data={"csrf_token": token}).status_code for _ in range(61)]
    assert statuses[:60] == [400] * 60 and statuses[60] == 429
    consultation = make_consultation(organisation=lopik_official)
    url = f"/beheer/consultaties/{consultation.slug}/huisregels"
    statuses = [client.post(url, data={"house_rules": "x" * 5001, "csrf_token": token}).status_code for _ in range(61)]
    assert statuses[:60] == [400] * 60 and statuses[60] == 429
