"""Bad input through the decision's forms and the nota's new forms: a fixed part of the corpora (every
10th string of the security tests' sample). No 500, no markup our templates do not write, a refused form
shows exactly what was typed, and what the preview carries to the confirmation is exactly what was typed.
Also the rate limits of these forms."""
import csv
import io

import docx
import pytest

from consult.core.forms import clean_text
from consult.extensions import limiter
from consult.reactions.models import Channel, ReactionStatus
from tests.conftest import csrf_token
from tests.decisions.conftest import DECISION, confirm, hidden_fields
from tests.security.corpora import sample
from tests.security.html_check import read_page

TEXT_FIELDS = ("decision_number", "outcome", "decision_url", "notice_url", "taken_on", "adopted_by")


@pytest.fixture
def strings():
    return sample()[::10]


def test_the_decision_form_takes_any_text_and_carries_it_unchanged_to_the_confirmation(
        client, decided_later, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    url = f"/beheer/consultaties/{decided_later.slug}/besluit"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for field in TEXT_FIELDS:
            data = {**DECISION, "public_notice": "y" if field == "notice_url" else "", field: text, "csrf_token": token}
            response = client.post(url, data=data)
            problems, values = read_page(response.text) if response.status_code < 500 else ([response.status_code], {})
            wrong += [f"{field}: {p} for {text!r}" for p in problems]
            if response.status_code == 400 and field in ("decision_number", "outcome"):
                if values.get(field) != [clean_text(text)]:
                    wrong.append(f"{field} shows {values.get(field)!r:.200} for {text!r:.200}")
            elif response.status_code == 200:
                carried = hidden_fields(response.text, f"{url}/versturen")
                if field in ("decision_number", "outcome") and carried[field] != clean_text(text):
                    wrong.append(f"{field} carries {carried[field]!r:.200} for {text!r:.200}")
            elif response.status_code != 400:
                wrong.append(f"{field}: {response.status_code} for {text!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_confirmation_refuses_what_the_preview_would_have_refused(client, decided_later, strings, monkeypatch,
                                                                      make_reaction):
    monkeypatch.setattr(limiter, "enabled", False)
    make_reaction(decided_later, status=ReactionStatus.APPROVED)  # one person: "recipients" 0 never matches
    url = f"/beheer/consultaties/{decided_later.slug}/besluit/versturen"
    token = csrf_token(client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text)
    wrong = []
    for text in strings:
        for field in ("recipients", "taken_on", "adopted_by", "decision_url"):
            response = client.post(url, data={**DECISION, "recipients": "0", field: text, "csrf_token": token})
            if response.status_code not in (409, 422):
                wrong.append(f"{field}: {response.status_code} for {text!r}")
            else:
                wrong += [f"{field}: {p} for {text!r}" for p in read_page(response.text)[0]]
    assert not wrong, "\n".join(wrong[:20])


def test_names_and_addresses_of_any_text_reach_the_address_list_unchanged(
        client, session, decided_later, make_reaction, strings):
    lines = [text.replace(",", " ").replace("\n", " ").strip() for text in strings]
    lines = [line for line in lines if line and clean_text(line) == line][:40]
    make_reaction(decided_later, channel=Channel.LETTER, author_name="Eerste", author_email=None,
                  author_address="Straat 1, Vianen", status=ReactionStatus.APPROVED,
                  co_signers="\n".join(f"{line}, Straat 2" for line in lines))
    page = client.post(f"/beheer/consultaties/{decided_later.slug}/besluit",
                       data={**DECISION, "csrf_token": csrf_token(client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text)})
    assert not read_page(page.text)[0]
    confirm(client, decided_later, page.text)

    text = client.get(f"/beheer/consultaties/{decided_later.slug}/besluit/adressen.csv").get_data(as_text=True)
    names = [row[1] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")][2:]
    assert [name.removeprefix("'") for name in names] == [line.strip() for line in lines]
    word = docx.Document(io.BytesIO(client.get(f"/beheer/consultaties/{decided_later.slug}/besluit/adressen.docx").data))
    assert len(word.tables[0].rows) == len(lines) + 2


def test_the_nota_forms_take_any_text(client, decided_later, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    url = f"/beheer/consultaties/{decided_later.slug}/reactienota"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for path, data in (("ambtshalve-wijzigingen", {"section": "", "body": text}),
                           ("ambtshalve-wijzigingen", {"section": text, "body": "Tekst"}),
                           ("indeling", {"grouping": text})):
            response = client.post(f"{url}/{path}", data={**data, "csrf_token": token})
            if response.status_code not in (302, 422):
                wrong.append(f"{path}: {response.status_code} for {text!r}")
            elif response.status_code == 422:
                problems, values = read_page(response.text)
                wrong += [f"{path}: {p} for {text!r}" for p in problems]
                if "body" in data and data["body"] == text and values.get("body") != [clean_text(text)]:
                    wrong.append(f"body shows {values.get('body')!r:.200} for {text!r:.200}")
    problems, _values = read_page(client.get(url).text)  # every stored change on one page
    wrong += problems
    assert not wrong, "\n".join(wrong[:20])


def test_the_decision_preview_is_rate_limited(client, decided_later):
    url = f"/beheer/consultaties/{decided_later.slug}/besluit"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(url, data={**DECISION, "csrf_token": token}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


def test_the_sending_is_rate_limited(client, decided_later):
    url = f"/beheer/consultaties/{decided_later.slug}/besluit/versturen"
    token = csrf_token(client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text)
    statuses = [client.post(url, data={"csrf_token": token}).status_code for _ in range(31)]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429


def test_the_nota_forms_are_rate_limited(client, decided_later):
    url = f"/beheer/consultaties/{decided_later.slug}/reactienota/indeling"
    token = csrf_token(client.get(f"/beheer/consultaties/{decided_later.slug}/reactienota").text)
    statuses = [client.post(url, data={"grouping": "theme", "csrf_token": token}).status_code for _ in range(121)]
    assert statuses[:120] == [302] * 120 and statuses[120] == 429


# Correcting a recorded decision (issue 12)

CORRECTION_TEXT = ("decision_number", "outcome", "decision_url", "reason", "taken_on", "adopted_by")


@pytest.fixture
def corrected_later(client, decided_later, make_reaction):
    from tests.decisions.conftest import decide

    make_reaction(decided_later, status=ReactionStatus.APPROVED)
    decide(client, decided_later)
    return decided_later


def test_the_correction_form_takes_any_text_and_carries_it_unchanged_to_the_confirmation(
        client, corrected_later, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    url = f"/beheer/consultaties/{corrected_later.slug}/besluit/corrigeren"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for field in CORRECTION_TEXT:
            data = {**DECISION, "reason": "Tikfout.", "decision_number": "2027-015", field: text, "csrf_token": token}
            response = client.post(url, data=data)
            problems, values = read_page(response.text) if response.status_code < 500 else ([response.status_code], {})
            wrong += [f"{field}: {p} for {text!r}" for p in problems]
            if response.status_code == 400 and field in ("decision_number", "outcome", "reason"):
                if values.get(field) != [clean_text(text)]:
                    wrong.append(f"{field} shows {values.get(field)!r:.200} for {text!r:.200}")
            elif response.status_code == 200:
                carried = hidden_fields(response.text, f"{url}/opslaan")
                if field in ("decision_number", "outcome", "reason") and carried[field] != clean_text(text):
                    wrong.append(f"{field} carries {carried[field]!r:.200} for {text!r:.200}")
            elif response.status_code not in (400, 422):
                wrong.append(f"{field}: {response.status_code} for {text!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_correction_confirmation_takes_any_text(client, session, corrected_later, strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    url = f"/beheer/consultaties/{corrected_later.slug}/besluit/corrigeren"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings[:40]:
        for field in ("taken_on", "adopted_by", "decision_url", "notify"):
            response = client.post(f"{url}/opslaan", data={**DECISION, "reason": "Tikfout.", field: text,
                                                            "csrf_token": token})
            if response.status_code not in (302, 422):
                wrong.append(f"{field}: {response.status_code} for {text!r}")
            elif response.status_code == 422:
                wrong += [f"{field}: {p} for {text!r}" for p in read_page(response.text)[0]]
    assert not wrong, "\n".join(wrong[:20])
    problems, _values = read_page(client.get(f"/beheer/consultaties/{corrected_later.slug}").text)  # every correction
    assert not problems


def test_the_correction_forms_are_rate_limited(client, corrected_later):
    url = f"/beheer/consultaties/{corrected_later.slug}/besluit/corrigeren"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(url, data={**DECISION, "reason": "x", "csrf_token": token}).status_code for _ in range(61)]
    assert statuses[:60] == [422] * 60 and statuses[60] == 429
    statuses = [client.post(f"{url}/opslaan", data={"csrf_token": token}).status_code for _ in range(31)]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429
