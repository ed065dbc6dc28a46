"""The closed Apeldoorn consultation: two campaign letters, reactions written one by one and the partners'
letters, coded, grouped and answered, with a published reactienota, so a new user sees the whole result at
once. Every date lies inside the consultation's period and kenmerken follow the order of receipt."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from babel.dates import format_date

from consult.accounts.models import User
from consult.answers.services import add_point, answer
from consult.coding.models import GroupKind, ReactionRead
from consult.coding.services import add_code, make_group
from consult.consultations.models import Consultation
from consult.core.i18n import AMSTERDAM
from consult.demo import apeldoorn_texts as texts
from consult.extensions import db
from consult.privacy.models import ErasureRequest
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reports.models import ResponseReport

CHOICE, HOME_HELP = "choice", "home_help"  # the two campaigns
# More than 250 indieners, so the decision page offers a kennisgeving instead of letters (Awb 3:44)
CHOICE_LETTERS, HOME_HELP_LETTERS = 190, 30


def load(consultation: Consultation, official: User, now: datetime) -> None:
    """Fill ``consultation`` (closed, with three sections) as ``official`` did: reactions, codes, groups,
    answers, read marks and the published reactienota dated ``now``."""
    rng = random.Random(1971)
    drafts = _drafts(consultation, rng)
    drafts.sort(key=lambda d: d["at"])
    reactions: list[tuple[Reaction, dict]] = []
    for number, draft in enumerate(drafts, start=1):
        reaction = _reaction(consultation, number, draft, official)
        db.session.add(reaction)
        reactions.append((reaction, draft))
    db.session.flush()
    consultation.last_reference_number = len(reactions)

    sections = consultation.document_version.sections
    codes = {subject: add_code(consultation, subject, official) for subject in texts.SECTION_OF_SUBJECT}

    choice = [r for r, d in reactions if d["campaign"] == CHOICE]
    for reaction in choice:
        reaction.codes.append(codes["Keuzevrijheid"])
    make_group(consultation, choice, GroupKind.CAMPAIGN, texts.CAMPAIGN_CHOICE_TITLE, official)
    answer(consultation, texts.ANSWERS["Keuzevrijheid"][0], texts.ANSWERS["Keuzevrijheid"][1], None, choice, [], official)

    home_help = [r for r, d in reactions if d["campaign"] == HOME_HELP]
    for reaction in home_help:
        reaction.codes.append(codes["Financiën"])
    make_group(consultation, home_help, GroupKind.CAMPAIGN, texts.CAMPAIGN_HOME_HELP_TITLE, official)
    text, outcome = texts.ANSWERS[texts.CAMPAIGN_HOME_HELP_TITLE]
    answer(consultation, text, outcome, None, home_help, [], official)

    for subject, (text, outcome) in texts.ANSWERS.items():
        if subject not in codes:
            continue
        group = [r for r, d in reactions if d["subject"] == subject and not d["campaign"] and not d["points"]]
        for reaction in group:
            reaction.codes.append(codes[subject])
        changed = sections[texts.SECTION_OF_SUBJECT[subject] or 0] if outcome.name == "ADOPTED" else None
        answer(consultation, text, outcome, changed, group, [], official)

    for reaction, draft in reactions:
        if draft["points"]:  # a partner's letter: split into points, each answered
            reaction.codes.append(codes[draft["subject"]])
            section = reaction.section
            points = [add_point(reaction, section, point, official) for point in draft["points"]]
            text, outcome = texts.ANSWERS[draft["subject"]]
            answer(consultation, text, outcome, None, [], points, official)

    # The official read every reaction while answering it.
    db.session.add_all(ReactionRead(reaction_id=r.id, user_id=official.id, read_at=now) for r, _ in reactions)
    recount(consultation)
    consultation.mark_processed(now)
    db.session.add(ResponseReport(
        consultation_id=consultation.id, published_at=now, published_by_id=official.id,
        introduction=(f"Van {_day(consultation.opens_at)} tot {_day(consultation.closes_at)}, 9.00 uur, konden "
                      "inwoners en partners reageren op het koersdocument. Dank aan iedereen die reageerde. In deze "
                      "nota leest u onze antwoorden."),
    ))
    # One resident asked to remove their data, so the workbench shows how such a request is handled.
    first_named = next(r for r, d in reactions if not d["organisation"])
    db.session.add(ErasureRequest(organisation=consultation.organisation, email=first_named.author_email,
                                  message="Ik wil niet dat mijn naam nog bij mijn reactie staat.",
                                  created_at=now - timedelta(days=3)))


def _day(moment: datetime) -> str:
    return format_date(moment.astimezone(AMSTERDAM).date(), "d MMMM yyyy", locale="nl")


def _drafts(consultation: Consultation, rng: random.Random) -> list[dict]:
    """Every reaction as plain data with its moment of receipt, before kenmerken are given out."""
    start, end = consultation.opens_at, consultation.closes_at
    span = (end - start).total_seconds()
    people = iter(rng.sample([(f, last) for f in texts.FIRST_NAMES for last in texts.LAST_NAMES],
                             len(texts.FIRST_NAMES) * len(texts.LAST_NAMES)))

    def moment(low: float, high: float) -> datetime:
        """A moment between the fractions ``low`` and ``high`` of the period."""
        return start + timedelta(seconds=int(span * rng.uniform(low, high)))

    drafts = []
    # The choice campaign came in two weeks after the article in the local paper.
    for _ in range(CHOICE_LETTERS):
        first, last = next(people)
        name = f"{first} {last}"
        body = texts.CAMPAIGN_CHOICE.format(greeting=rng.choice(texts.CAMPAIGN_CHOICE_GREETINGS),
                                            extra=rng.choice(texts.CAMPAIGN_CHOICE_EXTRAS), name=name)
        drafts.append(_draft(name, first, last, body, "Keuzevrijheid", CHOICE, Channel.WEB, moment(0.35, 0.7)))
    # The mantelzorgcafés' letter arrived by post in the last week.
    for _ in range(HOME_HELP_LETTERS):
        first, last = next(people)
        name = f"{first[0]}. {last}"
        body = texts.CAMPAIGN_HOME_HELP.format(wie=rng.choice(texts.CAMPAIGN_HOME_HELP_WHO), name=name)
        drafts.append(_draft(name, first, last, body, "Financiën", HOME_HELP, Channel.LETTER, moment(0.85, 0.999)))
    for subject, body in texts.REACTIONS:
        first, last = next(people)
        channel = Channel.EMAIL if rng.random() < 0.1 else Channel.WEB
        # More people react towards the end, as in every consultation.
        drafts.append(_draft(f"{first} {last}", first, last, body, subject, None, channel, moment(rng.random() ** 0.6 * 0.99, 0.995)))
    for organisation, kind, email, subject, points in texts.PARTNER_LETTERS:
        body = " ".join(points)
        draft = _draft(organisation, "", "", body, subject, None, Channel.WEB, moment(0.8, 0.99))
        draft.update(organisation=organisation, kind=kind, email=email, points=points)
        drafts.append(draft)
    return drafts


def _draft(name: str, first: str, last: str, body: str, subject: str, campaign: str | None, channel: Channel,
           at: datetime) -> dict:
    slug = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    return {"name": name, "email": f"{slug}@example.org", "body": body, "subject": subject, "campaign": campaign,
            "channel": channel, "at": at, "organisation": "", "kind": None, "points": ()}


def _reaction(consultation: Consultation, number: int, draft: dict, official: User) -> Reaction:
    sections = consultation.document_version.sections
    position = texts.SECTION_OF_SUBJECT[draft["subject"]]
    at = draft["at"]
    return Reaction(
        consultation=consultation, document_version_id=consultation.document_version_id,
        section=sections[position] if position is not None and not draft["campaign"] else None,
        reference=f"{consultation.reference_prefix}-{at.astimezone(AMSTERDAM).year}-{number:04d}",
        channel=draft["channel"], status=ReactionStatus.APPROVED,
        publication=Publication.NAMED if draft["organisation"] or number % 3 == 0 else Publication.ANONYMOUS,
        author_name=draft["name"], author_email=draft["email"], author_place="Apeldoorn",
        organisation_name=draft["organisation"], organisation_kind=draft["kind"], body=draft["body"],
        submitted_at=at, received_at=at, confirmed_at=at, moderated_at=at, moderated_by_id=official.id,
    )
