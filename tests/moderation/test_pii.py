import pytest

from consult.moderation.pii import (
    find_personal_data,
    highlight,
    is_valid_bsn,
    is_valid_iban,
    redaction_suggestion,
)


@pytest.mark.parametrize(("bsn", "valid"), [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False), ("12345678", False)])
def test_bsn_eleven_test(bsn, valid):
    assert is_valid_bsn(bsn) is valid


@pytest.mark.parametrize(("iban", "valid"), [("NL91 ABNA 0417 1643 00", True), ("NL91ABNA0417164300", True), ("NL91ABNA0417164301", False)])
def test_iban_checksum(iban, valid):
    assert is_valid_iban(iban) is valid


def kinds(text):
    return [(f.kind, f.text) for f in find_personal_data(text)]


def test_finds_every_kind_of_personal_data_in_a_dutch_reaction():
    text = ("Mail mij op jan.jansen@example.nl of bel 06-12345678. Mijn BSN is 111.222.333 en ik woon op "
            "Dorpsstraat 12, 4131 AB Vianen. Rekening NL91 ABNA 0417 1643 00. Mijn zoon heeft autisme.")
    assert kinds(text) == [
        ("email", "jan.jansen@example.nl"), ("phone", "06-12345678"), ("bsn", "111.222.333"),
        ("address", "Dorpsstraat 12"), ("address", "4131 AB"), ("iban", "NL91 ABNA 0417 1643 00"), ("health", "autisme"),
    ]


def test_numbers_that_fail_the_checks_are_not_reported():
    assert kinds("Het budget is 123456789 euro en 2020 was een goed jaar; zie artikel 3.4 Awb.") == []


def test_landline_and_international_numbers():
    assert [k for k, _ in kinds("Bel 0345 - 123 456 of +31 20 123 4567.")] == ["phone", "phone"]


def test_highlight_escapes_the_text_and_marks_findings():
    text = "<b>mail</b> a@b.nl"
    html = str(highlight(text, find_personal_data(text), {"email": "e-mailadres"}))
    assert html.startswith("&lt;b&gt;mail&lt;/b&gt; <mark")
    assert "a@b.nl" in html and "(e-mailadres)" in html


def test_suggestion_removes_data_but_leaves_health_words_to_the_moderator():
    text = "Bel 06-12345678, mijn moeder heeft dementie."
    assert redaction_suggestion(text, find_personal_data(text)) == "Bel [verwijderd], mijn moeder heeft dementie."
