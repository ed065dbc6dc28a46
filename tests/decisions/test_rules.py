"""Who is told about the decision, and how (Awb 3:44), and the nota's status: plain functions and tables."""
from datetime import date

import pytest

from consult.answers.models import Outcome
from consult.consultations.models import TransitionError
from consult.core.db import utcnow
from consult.decisions.rules import (
    SendingOptions,
    Signatory,
    co_signer,
    may_limit_to_first_five,
    may_use_public_notice,
    plan_sending,
)
from consult.reports.models import Adopter, ReportStatus, ResponseReport


def person(reaction_id, number=0, email=None, address="", letter=False, name=None, locale=None):
    return Signatory(reaction_id=reaction_id, reference=f"TST-2026-{reaction_id:04d}", number=number,
                     name=name or f"Persoon {reaction_id}.{number}", email=email, address=address, locale=locale,
                     wrote_by_letter=letter)


def letter_signed_by(reaction_id, people, email=None):
    """A letter with its sender and people-1 co-signers, each with an address."""
    return [person(reaction_id, n, email=email if n == 0 else None, address=f"Straat {n}, Vianen", letter=True)
            for n in range(people)]


@pytest.mark.parametrize(("line", "expected"), [
    ("Kees Jansen", ("Kees Jansen", "")),
    ("Kees Jansen, Dorpsstraat 3, 4131 AB Vianen", ("Kees Jansen", "Dorpsstraat 3, 4131 AB Vianen")),
    ("  Anna de Vries ,Lekdijk 1 ", ("Anna de Vries", "Lekdijk 1")),
])
def test_a_co_signer_line_is_a_name_and_an_address(line, expected):
    assert co_signer(line) == expected


@pytest.mark.parametrize(("signatories", "allowed"), [(1, False), (5, False), (6, True), (40, True)])
def test_only_a_zienswijze_of_more_than_five_may_go_to_the_first_five(signatories, allowed):
    assert may_limit_to_first_five(signatories) is allowed


@pytest.mark.parametrize(("people", "allowed"), [(0, False), (250, False), (251, True), (5000, True)])
def test_a_kennisgeving_may_replace_sending_above_250_people(people, allowed):
    assert may_use_public_notice(people) is allowed


# (what came in, emails, letters, unreachable)
WAYS = [
    ("web reaction", [[person(1, email="a@example.org")]], 1, 0, 0),
    ("letter with an e-mail address", [[person(1, email="a@example.org", address="Straat 1", letter=True)]], 1, 1, 0),
    ("letter without e-mail", [[person(1, address="Straat 1", letter=True)]], 0, 1, 0),
    ("oral, nothing to reach", [[person(1)]], 0, 0, 1),
    ("phone call with an address", [[person(1, address="Straat 1")]], 0, 1, 0),
    ("one address reacted twice", [[person(1, email="a@example.org")], [person(2, email="A@example.org")]], 1, 0, 0),
    ("the same letter entered twice", [[person(n, name="Kees Jansen", address="Straat 1,  Vianen", letter=True)]
                                       for n in (1, 2)], 0, 1, 0),
]


@pytest.mark.parametrize(("case", "reactions", "emails", "letters", "unreachable"), WAYS, ids=[w[0] for w in WAYS])
def test_everyone_is_told_by_e_mail_and_letter_writers_by_post(case, reactions, emails, letters, unreachable):
    plan = plan_sending(reactions, SendingOptions())
    assert (len(plan.emails), len(plan.letters), len(plan.unreachable)) == (emails, letters, unreachable)


@pytest.mark.parametrize(("signed", "first_five_only", "letters"), [
    (7, False, 7), (7, True, 5), (5, True, 5), (3, True, 3),
])
def test_first_five_of_a_zienswijze_signed_by_many(signed, first_five_only, letters):
    plan = plan_sending([letter_signed_by(1, signed)], SendingOptions(first_five_only=first_five_only))
    assert len(plan.letters) == letters
    assert plan.may_limit_to_first_five is (signed > 5)
    if first_five_only and signed > 5:
        assert [p.number for p in plan.letters] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(("letters", "e_mails", "chosen", "sent_letters", "by_notice"), [
    (251, 0, True, 0, 251),
    (251, 0, False, 251, 0),
    (250, 0, True, 250, 0),  # not allowed at 250: the option is ignored
    (200, 60, True, 0, 200),  # e-mails count towards the 250, and still go out
])
def test_kennisgeving_replaces_the_letters_only_above_250(letters, e_mails, chosen, sent_letters, by_notice):
    reactions = [letter_signed_by(n, 1) for n in range(1, letters + 1)]
    reactions += [[person(1000 + n, email=f"p{n}@example.org")] for n in range(e_mails)]
    plan = plan_sending(reactions, SendingOptions(public_notice=chosen))
    assert (len(plan.letters), len(plan.public_notice), len(plan.emails)) == (sent_letters, by_notice, e_mails)
    assert plan.people == letters + e_mails


def test_a_letter_writer_with_an_e_mail_address_is_one_person():
    plan = plan_sending([letter_signed_by(1, 1, email="a@example.org")] * 251, SendingOptions())
    assert plan.people == 1


def report(status: ReportStatus) -> ResponseReport:
    record = ResponseReport(consultation_id=1)
    if status is not ReportStatus.DRAFT:
        record.published_at = utcnow()
    if status is ReportStatus.ADOPTED:
        record.adopted_by, record.adopted_on, record.decision_number = Adopter.COLLEGE, date(2027, 1, 5), "2027-001"
    return record


# nota status × besluitnummer → may it be vastgesteld?
ADOPTION = [
    (ReportStatus.DRAFT, "2027-014", False),
    (ReportStatus.PUBLISHED, "2027-014", True),
    (ReportStatus.PUBLISHED, "  ", False),
    (ReportStatus.ADOPTED, "2027-014", False),
]


@pytest.mark.parametrize(("status", "number", "allowed"), ADOPTION)
def test_only_a_published_nota_is_adopted_once_with_a_number(status, number, allowed):
    record = report(status)
    if allowed:
        record.adopt(Adopter.COUNCIL, date(2027, 1, 12), number, utcnow())
        assert record.status is ReportStatus.ADOPTED
        assert (record.adopted_by, record.adopted_on, record.decision_number) == (Adopter.COUNCIL, date(2027, 1, 12), "2027-014")
    else:
        with pytest.raises(TransitionError):
            record.adopt(Adopter.COUNCIL, date(2027, 1, 12), number, utcnow())
        assert record.status is status


@pytest.mark.parametrize(("outcome", "changes"), [
    (Outcome.ADOPTED, True), (Outcome.PARTLY_ADOPTED, True), (Outcome.NOT_ADOPTED, False), (Outcome.NOTED, False),
    (Outcome.OUT_OF_SCOPE, False),
])
def test_adopted_in_whole_or_in_part_changes_the_draft(outcome, changes):
    assert outcome.changes_draft is changes
