"""The reactienota, built from the data: the process in numbers, then per section in document order
every reaction (or point) with its answer, then the changes to the draft.

What each entry shows of its reaction is decided by consult.reactions.publication: private persons are
"Inwoner N" (numbered by arrival), organisations are named, and a reaction that may not be published
shows no text. The kenmerk stays, so everyone can find the answer to their own reaction.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from consult.advice.labels import KIND_LABELS, VERDICT_LABELS
from consult.advice.queries import given_advice
from consult.answers.labels import outcome_label
from consult.answers.models import Answer, Point
from consult.coding.models import Code
from consult.consultations.models import Consultation
from consult.core.i18n import local_date, local_datetime
from consult.documents.models import Section
from consult.extensions import db
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.reactions.labels import CHANNEL_LABELS
from consult.reactions.models import Reaction
from consult.reactions.publication import advice_text, nota_sender, nota_text
from consult.reports.labels import adopted_by_label
from consult.reports.models import Grouping, OwnMotionChange, ReportStatus, ResponseReport
from consult.reports.notes import entry_notes


@dataclass
class Entry:
    references: list[str]
    sender: str
    text: str
    answer: str
    outcome: str
    changed_in: str = ""
    notes: list[str] = field(default_factory=list)  # see consult.reports.notes

    @property
    def anchor(self) -> str:
        return self.references[0]


@dataclass
class ReportSection:
    title: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class AdvicePointEntry:
    number: int
    section: str
    text: str
    verdict: str
    reasons: str


@dataclass
class AdviceEntry:
    """An adviesraad's advice in the nota: the organisation, never the members who wrote it."""

    organisation: str
    kind: str
    reference: str
    submitted_on: str
    text: str
    points: list[AdvicePointEntry]


@dataclass
class Report:
    consultation: Consultation
    record: ResponseReport | None
    total: int
    signatories: int
    late: int
    by_channel: list[tuple[str, int]]
    by_stakeholder: list[tuple[str, int]]
    by_section: list[tuple[str, int]]
    sections: list[ReportSection]
    changes: list[tuple[str, str]]
    unanswered: int
    advice: list[AdviceEntry] = field(default_factory=list)
    grouping: str = Grouping.SECTION.value
    # Ambtshalve wijzigingen as (section, text); None in a version published before they existed,
    # so that version reads as it did.
    own_changes: list[tuple[str, str]] | None = None
    # "Vastgesteld door … op …, besluitnummer …" once the nota is adopted; a version published after
    # that carries it in its page and files, the versions before stay as they were.
    adoption: str | None = None

    def numbers_in_words(self) -> str:
        """The process in numbers as sentences, each number with its own singular or plural."""
        return " ".join([
            ngettext("%(num)s reaction came in.", "%(num)s reactions came in.", self.total),
            ngettext("Signed by %(num)s person.", "Signed by %(num)s people.", self.signatories),
            ngettext("%(num)s reaction came in late.", "%(num)s reactions came in late.", self.late),
        ])


def stakeholder_label(reaction: Reaction) -> str:
    if reaction.organisation_kind is None:
        return _("Private persons")
    return str(STAKEHOLDER_LABELS.get(reaction.organisation_kind, _("Other organisation")))


# Reactions loaded per query while the nota is built: each batch is a progress report.
LOAD_BATCH = 5_000
# The share of the build spent loading the reactions (14 of 28 s at 20,000, bench.publishjob); the
# rest is making the entries.
LOAD_SHARE = 0.5


def build_report(consultation: Consultation, progress: Callable[[float], None] | None = None) -> Report:
    """The nota as it reads now, grouped as its record says (per section unless chosen per theme).

    ``progress`` is told how far the build is (0 to 1) after each batch of reactions loaded and made
    into entries; it may end the read transaction (a background job reports in between), so a caller
    that needs the whole build from one moment checks that nothing changed (``queries.nota_stamp``).
    """
    tell = progress or (lambda fraction: None)
    record = db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))
    grouping = record.grouping if record else Grouping.SECTION
    reactions = _counted_reactions(consultation, lambda fraction: tell(LOAD_SHARE * fraction))
    senders, resident_number = {}, 0
    for reaction in reactions:
        resident_number += 0 if reaction.organisation_name else 1
        senders[reaction.id] = nota_sender(reaction, resident_number)

    document_sections = consultation.document_version.sections if consultation.document_version else []
    buckets, items_of = (_theme_buckets(consultation) if grouping is Grouping.THEME
                         else (_section_buckets(document_sections), _items_per_section))
    grouped: dict[tuple, Entry] = {}
    unanswered = 0
    for made, reaction in enumerate(reactions, start=1):
        if made % LOAD_BATCH == 0:
            tell(LOAD_SHARE + (1 - LOAD_SHARE) * made / len(reactions))
        for bucket, reference, text, answer in items_of(reaction):
            if answer is None:
                unanswered += 1
            if reaction.group_id and answer is not None:
                # A campaign letter appears once, with every sender, under its shared answer.
                key = (reaction.group_id, answer.id, bucket)
                if key in grouped:
                    grouped[key].references.append(reference)
                    continue
            entry = _entry(reference, senders[reaction.id], text, answer)
            entry.notes = entry_notes(reaction)
            if reaction.group_id and answer is not None:
                grouped[(reaction.group_id, answer.id, bucket)] = entry
                entry.sender = reaction.group.title
            buckets.get(bucket, buckets[None]).entries.append(entry)

    for entries in grouped.values():
        entries.references.sort(key=reference_order)

    return Report(
        consultation=consultation,
        record=record,
        total=len(reactions),
        signatories=sum(r.signatory_count for r in reactions),
        late=sum(1 for r in reactions if r.is_late),
        by_channel=sorted(Counter(str(CHANNEL_LABELS[r.channel]) for r in reactions).items()),
        by_stakeholder=sorted(Counter(stakeholder_label(r) for r in reactions).items()),
        by_section=_count_by_section(reactions, document_sections),
        sections=[s for s in buckets.values() if s.entries],
        changes=_changes(reactions),
        unanswered=unanswered,
        advice=advice_entries(consultation),
        grouping=grouping.value,
        own_changes=own_changes(consultation),
        adoption=adoption_line(record),
    )


def _counted_reactions(consultation: Consultation, progress: Callable[[float], None]) -> list[Reaction]:
    """The counted reactions in order of arrival, with what their entries show, loaded per LOAD_BATCH."""
    ids = db.session.scalars(sa.select(Reaction.id).where(Reaction.consultation_id == consultation.id,
                                                          Reaction.is_counted)
                             .order_by(Reaction.submitted_at, Reaction.id)).all()
    reactions = []
    for start in range(0, len(ids), LOAD_BATCH):
        batch = ids[start:start + LOAD_BATCH]
        loaded = {reaction.id: reaction for reaction in db.session.scalars(
            sa.select(Reaction).where(Reaction.id.in_(batch))
            .options(selectinload(Reaction.answer).selectinload(Answer.changed_section), selectinload(Reaction.section),
                     selectinload(Reaction.points).selectinload(Point.answer).selectinload(Answer.changed_section),
                     selectinload(Reaction.points).selectinload(Point.section), selectinload(Reaction.group),
                     selectinload(Reaction.oral_report), selectinload(Reaction.codes)))}
        # One removed between two batches is left out; the caller's stamp sees that something changed.
        reactions += [loaded[id_] for id_ in batch if id_ in loaded]
        progress((start + len(batch)) / len(ids))
    return reactions


def advice_entries(consultation: Consultation) -> list[AdviceEntry]:
    """The chapter "Advies van de adviesraad": every submitted advice with each point and its answer.
    Texts go through the publication filter; labels and dates are text in the nota's language."""
    entries = []
    for advice in given_advice(consultation):
        writers = [user.name for user in (advice.submitted_by, advice.updated_by) if user is not None]
        writers += [user.name for point in advice.points for user in (point.created_by, point.updated_by) if user]
        points = [AdvicePointEntry(
            number=point.number, section=point.section.label if point.section else _("The whole document"),
            text=advice_text(point.body, writers),
            verdict=str(VERDICT_LABELS[point.verdict]) if point.verdict else _("Not answered yet."),
            reasons=advice_text(point.reasons, writers)) for point in advice.points]
        entries.append(AdviceEntry(
            organisation=advice.organisation.name, kind=str(KIND_LABELS[advice.kind]), reference=advice.reference or "",
            submitted_on=local_datetime(advice.submitted_at), text=advice_text(advice.body, writers), points=points))
    return entries


def reference_order(reference: str) -> tuple[int | str, ...]:
    """Kenmerken in the order people count them: "SMA-2026-0009.2" before "SMA-2026-0009.10"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", reference))


def _changes(reactions: list[Reaction]) -> list[tuple[str, str]]:
    """Each change to the draft once, (section label or "", text), in document order. Answers with the same
    text for the same section are one change: officials often answer several letters in the same words."""
    changes: dict[tuple[str, str], tuple[int, str, str]] = {}
    for reaction in reactions:
        for answer in [reaction.answer, *(p.answer for p in reaction.points)]:
            if answer is not None and answer.outcome.changes_draft:
                section = answer.changed_section
                label = section.label if section else ""
                changes.setdefault((label, " ".join(answer.body.split())),
                                   (section.position if section else -1, label, answer.body))
    return [(label, body) for _position, label, body in sorted(changes.values())]


def _section_buckets(sections: list[Section]) -> dict[int | None, ReportSection]:
    """One chapter per section in document order, then the reactions on the whole document."""
    return {**{s.id: ReportSection(s.label) for s in sections}, None: ReportSection(_("The whole document"))}


def _items_per_section(reaction: Reaction) -> list[tuple]:
    """(bucket, kenmerk, text, answer) per point of the reaction, or for the reaction as a whole."""
    return [(p.section_id, f"{reaction.reference}.{p.number}", p.summary, p.answer) for p in reaction.points] or [
        (reaction.section_id, reaction.reference, nota_text(reaction), reaction.answer)]


def _theme_buckets(consultation: Consultation):
    """One chapter per theme of the coding scheme in its order, then what has no theme. A point goes
    under its own code; a whole reaction under its first code."""
    codes = db.session.scalars(sa.select(Code).where(Code.consultation_id == consultation.id)
                               .order_by(Code.position, Code.id)).all()
    buckets = {**{c.id: ReportSection(c.title) for c in codes}, None: ReportSection(_("Other subjects"))}

    def items(reaction: Reaction) -> list[tuple]:
        return [(p.code_id, f"{reaction.reference}.{p.number}", p.summary, p.answer) for p in reaction.points] or [
            (reaction.codes[0].id if reaction.codes else None, reaction.reference, nota_text(reaction), reaction.answer)]

    return buckets, items


def adoption_line(record: ResponseReport | None) -> str | None:
    """The nota's vaststelling as one sentence, or None while it is not adopted."""
    if record is None or record.status is not ReportStatus.ADOPTED:
        return None
    return _("Adopted by %(body)s on %(date)s, decision number %(number)s.", body=adopted_by_label(record),
             date=local_date(record.adopted_on), number=record.decision_number)


def own_changes(consultation: Consultation) -> list[tuple[str, str]]:
    """The ambtshalve wijzigingen as (section label or "", text), in the order they were recorded."""
    rows = db.session.scalars(sa.select(OwnMotionChange).where(OwnMotionChange.consultation_id == consultation.id)
                              .options(selectinload(OwnMotionChange.section)).order_by(OwnMotionChange.id)).all()
    return [(row.section.label if row.section else "", row.body) for row in rows]


def _entry(reference: str, sender: str, text: str, answer: Answer | None) -> Entry:
    if answer is None:
        return Entry([reference], sender, text, _("Not answered yet."), "")
    changed = answer.changed_section.label if answer.changed_section else ""
    return Entry([reference], sender, text, answer.body, outcome_label(answer.outcome), changed)


def _count_by_section(reactions: list[Reaction], sections: list[Section]) -> list[tuple[str, int]]:
    counts = Counter(r.section_id for r in reactions)
    rows = [(_("The whole document"), counts.get(None, 0))] + [(s.label, counts.get(s.id, 0)) for s in sections]
    return [(label, count) for label, count in rows if count]
