"""Who is told about the decision, and how: plain functions over plain data, tested without a database.

Where the rules come from (Awb 3:44): the decision is sent to everyone who gave a zienswijze. When a
zienswijze was signed by more than five people, sending it to the first five named is enough. When
more than 250 people would have to be sent it, a kennisgeving (a public notice, e.g. in the
Gemeenteblad) may take the place of sending. consult still e-mails everyone who gave an address: it
costs nothing and reaches them first; the kennisgeving replaces the letters.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FIRST_SIGNATORIES = 5
NOTICE_THRESHOLD = 250


@dataclass(frozen=True)
class Signatory:
    """One person who signed a reaction. ``number`` 0 is its sender, 1 and up its co-signers."""

    reaction_id: int
    reference: str
    number: int
    name: str
    email: str | None = None
    address: str = ""
    locale: str | None = None
    wrote_by_letter: bool = False


@dataclass(frozen=True)
class SendingOptions:
    first_five_only: bool = False
    public_notice: bool = False


@dataclass
class Plan:
    emails: list[Signatory] = field(default_factory=list)
    letters: list[Signatory] = field(default_factory=list)
    public_notice: list[Signatory] = field(default_factory=list)  # told by the kennisgeving instead of a letter
    unreachable: list[Signatory] = field(default_factory=list)  # no e-mail address and no postal address
    people: int = 0  # how many people would have to be sent the decision, after the first-five choice
    may_limit_to_first_five: bool = False
    may_use_public_notice: bool = False
    # Per e-mail address (lower case) the kenmerken of every reaction it signed, so one mail names them all.
    references: dict[str, list[str]] = field(default_factory=dict)


def co_signer(line: str) -> tuple[str, str]:
    """A co-signer's line as typed from the letter, "Name, street 1, place": the name and the rest."""
    name, _comma, address = line.strip().partition(",")
    return name.strip(), address.strip()


def may_limit_to_first_five(signatories: int) -> bool:
    return signatories > FIRST_SIGNATORIES


def may_use_public_notice(people: int) -> bool:
    return people > NOTICE_THRESHOLD


def plan_sending(reactions: list[list[Signatory]], options: SendingOptions) -> Plan:
    """Who gets the decision how. ``reactions`` holds per counted reaction its signatories, sender first.

    Everyone with an e-mail address gets an e-mail (once per address). A letter goes to the sender of a
    reaction that came by letter and to everyone without an e-mail address who has a postal address
    (once per name and address). An option that the rules do not allow here is ignored.
    """
    plan = Plan(may_limit_to_first_five=any(may_limit_to_first_five(len(signed)) for signed in reactions))
    emails: dict[str, Signatory] = {}
    letters: dict[tuple[str, str], Signatory] = {}
    for signed in reactions:
        if options.first_five_only and may_limit_to_first_five(len(signed)):
            signed = signed[:FIRST_SIGNATORIES]
        for person in signed:
            if person.email:
                emails.setdefault(person.email.lower(), person)
                known = plan.references.setdefault(person.email.lower(), [])
                if person.reference not in known:
                    known.append(person.reference)
            if person.address and (person.wrote_by_letter or not person.email):
                letters.setdefault((person.name.lower(), " ".join(person.address.lower().split())), person)
            elif not person.email:
                plan.unreachable.append(person)
    plan.emails, plan.letters = list(emails.values()), list(letters.values())
    plan.people = len({(p.reaction_id, p.number) for p in [*plan.emails, *plan.letters]})
    plan.may_use_public_notice = may_use_public_notice(plan.people)
    if options.public_notice and plan.may_use_public_notice:
        plan.public_notice, plan.letters = plan.letters, []
    return plan
