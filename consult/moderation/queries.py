"""Read-side selects for the workbench: the filtered queue and the dashboard counts."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.accounts.models import User
from consult.coding.models import reaction_codes
from consult.consultations.models import Consultation
from consult.core.collation import dutch_sort_key, same_name_key
from consult.core.forms import is_plausible_day
from consult.core.i18n import AMSTERDAM
from consult.core.web import as_id
from consult.extensions import db
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Channel, Reaction, ReactionStatus
from consult.reactions.queries import PAGE_SIZE, Page

SORT_THRESHOLD = 5000


def _ordering(newest: bool, total: int, searching: bool) -> tuple:
    """Arrival order. With few matches the database is told to sort them (an expression hides the date
    index): otherwise it walks the date index past every other reaction to find a rare one. SQLite does
    so for any filter; PostgreSQL only misjudges the text search, whose test it then runs on every
    reaction it passes (123 ms against 13 ms for 2,456 matches in 100,000, issue 15), while for a cheap
    filter its walk is the quicker way."""
    column = Reaction.submitted_at
    if total < SORT_THRESHOLD:
        if db.engine.dialect.name == "sqlite":
            column = sa.literal_column("+reactions.submitted_at")
        elif searching:
            column = sa.literal_column("reactions.submitted_at + interval '0 second'")
    return (column.desc(), Reaction.id.desc()) if newest else (column, Reaction.id)


@dataclass
class QueueFilter:
    """The queue's filters, read from the query string; unknown values are ignored, not errors."""

    status: str = ReactionStatus.PENDING.value
    section: str = ""
    code: str = ""
    channel: str = ""
    stakeholder: str = ""
    organisation: str = ""
    timing: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    answered: str = ""
    assigned: str = ""
    group: str = ""
    sort: str = "oldest"

    @classmethod
    def from_args(cls, args) -> QueueFilter:
        return cls(**{f.name: (args.get(f.name) or f.default).strip()[:200] for f in fields(cls)})

    def unusable_dates(self) -> set[str]:
        """The names of the date filters that hold something other than a usable day: the page says so
        beside the field and filters without it."""
        return {name for name in ("date_from", "date_to") if getattr(self, name) and _parse_date(getattr(self, name)) is None}

    def as_args(self, **changes) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {key: value for key, value in values.items() if value}


def _parse_date(value: str) -> date | None:
    """The day in a filter, or None when it is not a date or lies outside the years every date field
    accepts (consult.core.forms.is_plausible_day): the year 1 or 9999 overflows as a moment."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if is_plausible_day(day) else None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=AMSTERDAM)


def filter_conditions(consultation: Consultation, f: QueueFilter, user_id: int, sections: dict) -> list:
    conditions = [Reaction.consultation_id == consultation.id]
    statuses = {s.value: s for s in ReactionStatus}
    if f.status == "hidden":
        conditions.append(Reaction.is_hidden.is_(True))
    elif f.status in statuses:
        conditions.append(Reaction.status == statuses[f.status])
    elif f.status != "all":
        conditions.append(Reaction.status == ReactionStatus.PENDING)
    else:
        conditions.append(Reaction.status != ReactionStatus.UNCONFIRMED)
    if f.section == "none":
        conditions.append(Reaction.section_id.is_(None))
    elif f.section in sections:
        conditions.append(Reaction.section_id == sections[f.section].id)
    if (code_id := as_id(f.code)) is not None:
        conditions.append(Reaction.id.in_(sa.select(reaction_codes.c.reaction_id).where(reaction_codes.c.code_id == code_id)))
    if f.channel in {c.value for c in Channel}:
        conditions.append(Reaction.channel == Channel(f.channel))
    if f.stakeholder == "private":
        conditions.append(Reaction.organisation_kind.is_(None))
    elif f.stakeholder in {k.value for k in OrganisationKind}:
        conditions.append(Reaction.organisation_kind == OrganisationKind(f.stakeholder))
    if f.organisation:
        # The != "" lets the database use the index of named organisations (reactions.models).
        conditions += [Reaction.organisation_name != "",
                       Reaction.organisation_name.in_(organisation_spellings(consultation.id, f.organisation))]
    if f.timing == "late":
        conditions.append(Reaction.is_late.is_(True))
    elif f.timing == "on_time":
        conditions.append(Reaction.is_late.is_(False))
    if (start := _parse_date(f.date_from)) is not None:
        conditions.append(Reaction.submitted_at >= _local_midnight(start))
    if (end := _parse_date(f.date_to)) is not None:
        conditions.append(Reaction.submitted_at < _local_midnight(end + timedelta(days=1)))
    if f.q:
        conditions.append(search_condition(f.q))
    if f.answered == "yes":
        conditions.append(~unanswered())
    elif f.answered == "no":
        conditions.append(unanswered())
    if (group_id := as_id(f.group)) is not None:
        conditions.append(Reaction.group_id == group_id)
    if f.assigned == "me":
        conditions.append(Reaction.assigned_to_id == user_id)
    elif f.assigned == "none":
        conditions.append(Reaction.assigned_to_id.is_(None))
    return conditions


def unanswered():
    return Reaction.is_answered.is_(False)


SEARCH_WORD = re.compile(r"\w+")


def search_condition(query: str):
    """Every word, as the start of a word, in the text, the name, the organisation or the reference.

    Uses the full-text index of migration 0004: FTS5 on SQLite, a Dutch tsvector on PostgreSQL.
    """
    words = SEARCH_WORD.findall(query.lower())[:8]
    if not words:
        return sa.true()
    if db.engine.dialect.name == "postgresql":
        searched = sa.literal_column(
            "to_tsvector('dutch', reactions.body || ' ' || reactions.author_name || ' ' || "
            "reactions.organisation_name || ' ' || translate(reactions.reference, '-', ' '))"
        )
        return searched.op("@@")(sa.func.to_tsquery("dutch", " & ".join(f"{w}:*" for w in words)))
    match = " ".join(f'"{w}"*' for w in words)
    return Reaction.id.in_(sa.text("SELECT rowid FROM reactions_fts WHERE reactions_fts MATCH :match").bindparams(match=match))


def queue_page(consultation: Consultation, f: QueueFilter, user_id: int, number: int) -> Page:
    sections = {s.anchor: s for s in consultation.document_version.sections} if consultation.document_version else {}
    conditions = filter_conditions(consultation, f, user_id, sections)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(*conditions))
    number = max(1, min(number, max(1, -(-total // PAGE_SIZE))))
    if not total:
        return Page([], 1, 0)
    items = db.session.scalars(
        sa.select(Reaction).where(*conditions)
        .options(selectinload(Reaction.section), selectinload(Reaction.attachments), selectinload(Reaction.codes),
                 selectinload(Reaction.assigned_to))
        .order_by(*_ordering(f.sort == "newest", total, searching=bool(SEARCH_WORD.search(f.q))))
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ).all()
    return Page(list(items), number, total)


def managed_consultations(organisation_ids: list[int]) -> list[tuple[Consultation, int]]:
    """The reaction periods of these organisations, with how many reactions wait for moderation. Their
    werkateliers are not among them: the dashboard lists those apart, as events."""
    waiting = (
        sa.select(Reaction.consultation_id, sa.func.count().label("waiting"))
        .where(Reaction.status == ReactionStatus.PENDING)
        .group_by(Reaction.consultation_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Consultation, sa.func.coalesce(waiting.c.waiting, 0))
        .outerjoin(waiting, waiting.c.consultation_id == Consultation.id)
        .where(Consultation.organisation_id.in_(organisation_ids), Consultation.takes_reactions)
        .order_by(Consultation.created_at.desc())
    ).all()
    return [(consultation, count) for consultation, count in rows]


def workload(consultation: Consultation) -> dict:
    """How much is still to do: to moderate, unanswered, and open per assigned official."""
    counted = sa.and_(Reaction.consultation_id == consultation.id,
                      Reaction.is_counted)
    open_count = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(counted, unanswered()))
    per_official = db.session.execute(
        sa.select(User, sa.func.count()).select_from(Reaction).join(User, User.id == Reaction.assigned_to_id)
        .where(counted, unanswered()).group_by(User.id).order_by(User.name)
    ).all()
    return {"unanswered": open_count, "per_official": [(user, count) for user, count in per_official]}


ORGANISATION_CHOICES = 300


def organisation_names(consultation: Consultation) -> list[str]:
    """The organisations that reacted most, for the organisation filter (read from its index), in Dutch
    order (``dutch_sort_key``). Spellings that differ only in capitals are one organisation, shown in its
    most used spelling. A list of thousands would make every queue page heavy; rarer ones are found by
    the text search."""
    rows = db.session.execute(
        sa.select(Reaction.organisation_name, sa.func.count())
        .where(Reaction.consultation_id == consultation.id, Reaction.organisation_name != "")
        .group_by(Reaction.organisation_name)
        .order_by(sa.func.count().desc(), Reaction.organisation_name)
        .limit(ORGANISATION_CHOICES * 2)
    ).all()
    totals: dict[str, int] = {}
    shown: dict[str, str] = {}
    for name, count in rows:  # most used spelling first
        key = same_name_key(name)
        totals[key] = totals.get(key, 0) + count
        shown.setdefault(key, name)
    most = sorted(totals, key=lambda key: -totals[key])[:ORGANISATION_CHOICES]
    return sorted((shown[key] for key in most), key=dutch_sort_key)


def organisation_spellings(consultation_id: int, name: str) -> list[str]:
    """Every spelling of ``name`` among the consultation's reactions (capitals and spaces aside)."""
    key = same_name_key(name)
    names = db.session.scalars(
        sa.select(Reaction.organisation_name).distinct()
        .where(Reaction.consultation_id == consultation_id, Reaction.organisation_name != "")
    )
    return [n for n in names if same_name_key(n) == key] or [name]
