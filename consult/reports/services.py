"""Publishing the reactienota as numbered versions. Services flush, never commit.

A published version is a public record: it is built once, frozen (see `snapshot`), and only a new
version, published by an official with a note on what changed, replaces it on the public page. The
earlier versions stay readable and downloadable.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from consult.advice.permissions import advice_all_answered
from consult.advice.queries import open_points
from consult.audit.services import record_event
from consult.consultations.models import Consultation, Phase, TransitionError
from consult.core.db import write_apart
from consult.core.links import external_url
from consult.documents.models import Section
from consult.extensions import db
from consult.mail.services import mail_row, queue_rows
from consult.reactions.models import Reaction
from consult.reactions.queries import author_locale_column, with_author_locale
from consult.reports.builder import build_report
from consult.reports.exports import blocks, render_blocks
from consult.reports.models import (
    Grouping,
    OwnMotionChange,
    ResponseReport,
    ResponseReportEntry,
    ResponseReportFile,
    ResponseReportReference,
    ResponseReportVersion,
)
from consult.reports.parts import outline
from consult.reports.queries import latest_version, nota_stamp
from consult.reports.snapshot import compare, correct_texts, freeze, summarise, thaw

EXTENSIONS = ("docx", "odt", "pdf")
NOTE_LENGTH = 2_000
# Rows written per statement.
WRITE_BATCH = 5_000
# Mails rendered per progress report.
MAIL_BATCH = 1_000
# The share of preparing a publication spent building and freezing the nota; the rest is rendering the
# mails (35 of 50 s at 20,000 reactions, first version: bench.publishjob).
BUILD_SHARE = 0.7


class AdviceUnanswered(Exception):
    """Advice of an adviesraad has points without an answer; ``points`` holds them."""

    def __init__(self, points):
        super().__init__(f"{len(points)} advice points without an answer")
        self.points = points


class NoteRequired(ValueError):
    """A new version of a published nota needs a note saying what changed."""


def report_record(consultation: Consultation) -> ResponseReport:
    record = db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))
    if record is None:
        record = ResponseReport(consultation_id=consultation.id)
        db.session.add(record)
    return record


def save_introduction(consultation: Consultation, text: str, official) -> None:
    """The introduction of the draft; a published version keeps the introduction it was published with."""
    record = report_record(consultation)
    before = record.introduction
    record.introduction = text
    db.session.flush()
    record_event(official, "report_introduction_changed", record, consultation.organisation_id, before=before, after=text)


def nota_locale() -> str:
    """The language a nota is frozen in: the site's main language, whatever the official's screen shows."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def build_draft(consultation: Consultation, progress: Callable[[float], None] | None = None):
    """The live draft and its summary, in the nota's language; ``progress`` as for ``build_report``."""
    with force_locale(nota_locale()):
        report = build_report(consultation, progress)
        return report, summarise(report)


def check_publishable(consultation: Consultation, at: datetime, note: str = "") -> None:
    """Raise what ``publish_report`` would refuse with (AdviceUnanswered, NoteRequired, TransitionError),
    changing nothing: the publish form answers at once, before the publication is queued."""
    if not advice_all_answered(consultation):
        raise AdviceUnanswered(open_points(consultation))
    if latest_version(consultation) is not None and not note.strip():
        raise NoteRequired("a new version needs a note on what changed")
    if consultation.phase(at) not in (Phase.CLOSED, Phase.PROCESSED, Phase.DECIDED):
        raise TransitionError("a reactienota is published after the reaction period")


class NotaChanged(Exception):
    """What the nota is built from changed between its build and its publication (see ``nota_stamp``)."""


@dataclass
class PreparedVersion:
    """A version built and its mails rendered, ready for ``write_version``: all the long work of a
    publication, done while reading only."""

    stamp: str  # nota_stamp when the build began
    previous_id: int | None  # the version it follows
    summary: dict
    content: dict
    entries: list[dict]  # ResponseReportEntry rows, without their version
    references: list[dict]  # ResponseReportReference rows, likewise
    mails: list[dict]  # outbox rows (mail_row)


def prepare_version(consultation: Consultation, at: datetime, note: str = "",
                    progress: Callable[[float], None] | None = None) -> PreparedVersion:
    """Build the draft as the next version and render its mails, reading only (so on SQLite without
    the write lock: residents go on reacting meanwhile). Raises what ``check_publishable`` raises.

    ``progress`` is told how far it is (0 to 1): the build (per batch of reactions), then the mails.
    Mails: at the first version everyone who reacted gets a link to the answer to their reaction; at a
    later one only those whose reaction is new or answered differently.
    """
    tell = progress or (lambda fraction: None)
    check_publishable(consultation, at, note)
    stamp = nota_stamp(consultation)  # first: whatever changes after it shows in the stamp
    previous = latest_version(consultation)
    draft, summary = build_draft(consultation, lambda fraction: tell(BUILD_SHARE * fraction))
    content = freeze(draft)
    entries, references = _entry_rows(content)
    tell(BUILD_SHARE)
    if previous is None:
        to_mail = None  # everyone
    else:
        difference = compare(previous.summary, summary)
        to_mail = {reference.split(".")[0] for reference in difference.added + difference.changed}
    mails = _answer_mails(consultation, to_mail, lambda fraction: tell(BUILD_SHARE + (1 - BUILD_SHARE) * fraction))
    return PreparedVersion(stamp=stamp, previous_id=previous.id if previous else None, summary=summary,
                           content=content, entries=entries, references=references, mails=mails)


def write_version(consultation: Consultation, official, at: datetime, note: str, prepared: PreparedVersion,
                  progress: Callable[[float], None] | None = None) -> tuple[ResponseReportVersion, int]:
    """Publish a version made by ``prepare_version``: only rows are written here, so the writing
    transaction is short. The first publication makes the consultation 'verwerkt'. Raises NotaChanged
    when what the nota is built from changed since the build began (build it again), and what
    ``check_publishable`` raises. Returns the version and the number of mails; ``progress`` is told
    how far the writing is (0 to 1)."""
    previous = latest_version(consultation)
    if nota_stamp(consultation) != prepared.stamp or (previous.id if previous else None) != prepared.previous_id:
        raise NotaChanged(f"the reactienota of consultation {consultation.id} changed while it was built")
    check_publishable(consultation, at, note)
    if consultation.phase(at) is Phase.CLOSED:
        consultation.mark_processed(at)
    note = note.strip()[:NOTE_LENGTH]
    version = _store_version(consultation, official, at, note, prepared, progress)
    record = version.report
    if record.published_at is None:
        record.published_at, record.published_by_id = at, getattr(official, "id", None)
    for start in range(0, len(prepared.mails), WRITE_BATCH):
        queue_rows(prepared.mails[start:start + WRITE_BATCH])
        if progress:
            progress(0.5 + 0.5 * min(start + WRITE_BATCH, len(prepared.mails)) / len(prepared.mails))
    record_event(official, "report_published", record, consultation.organisation_id,
                 version=version.number, note=note, mails=len(prepared.mails))
    return version, len(prepared.mails)


def publish_report(consultation: Consultation, official, at: datetime, note: str = "") -> tuple[ResponseReportVersion, int]:
    """Publish the draft as the next version, in the caller's transaction: ``prepare_version`` and
    ``write_version`` at once (the background job ``report_publish`` does them apart). Returns the
    version and the number of mails."""
    return write_version(consultation, official, at, note, prepare_version(consultation, at, note))


def published_version(consultation: Consultation, at: datetime) -> ResponseReportVersion | None:
    """The version the public reads, or None before publication.

    A nota published before versions existed (or a consultation whose decision was recorded
    without publishing) is frozen here, once, as it reads now: from then on it stays as it is.
    """
    version = latest_version(consultation)
    if version is None and consultation.phase(at) in (Phase.PROCESSED, Phase.DECIDED):
        record = report_record(consultation)
        published_at = record.published_at or consultation.processed_at or consultation.decided_at or at
        version = _freeze_version(consultation, None, published_at, "")
        version.published_by_id = record.published_by_id
        record_event(None, "report_frozen", record, consultation.organisation_id, version=version.number)
    return version


def correct_published_texts(consultation: Consultation, official, at: datetime, note: str) -> dict[int, list[str]]:
    """Bring the senders and texts of every published version in line with the draft, where they
    differ: the one way a published nota changes. It exists because a public record must not go on
    showing personal data an official removed after publication (AVG art. 17, right to erasure).
    Answers and numbers stay as published. The version's files are made again, and the
    public page says when and why it was corrected. Returns per version number the kenmerken corrected."""
    draft, _summary = build_draft(consultation)
    corrected = {}
    for version in db.session.scalars(sa.select(ResponseReportVersion).join(ResponseReport)
                                      .where(ResponseReport.consultation_id == consultation.id)
                                      .order_by(ResponseReportVersion.number)):
        content = copy.deepcopy(version.content)
        references = correct_texts(content, draft)
        if not references:
            continue
        version.content = content
        _rewrite_entries(version, content, set(references))
        version.summary = summarise(thaw(content))
        version.corrected_at, version.correction_note = at, note.strip()[:NOTE_LENGTH]
        for made in list(version.files):
            db.session.delete(made)
        corrected[version.number] = references
    if corrected:
        db.session.flush()
        record_event(official, "report_versions_corrected", report_record(consultation), consultation.organisation_id,
                     note=note, corrected={str(number): refs for number, refs in corrected.items()})
    return corrected


def stored_file(version: ResponseReportVersion, extension: str) -> ResponseReportFile | None:
    """The version's file in this format, when it was made before."""
    return db.session.scalar(sa.select(ResponseReportFile).where(
        ResponseReportFile.version_id == version.id, ResponseReportFile.extension == extension))


def render_version_file(version: ResponseReportVersion, extension: str) -> bytes:
    """The version as a file in this format. Reads only: for a big nota this takes a while, so it is
    done before the short transaction that keeps the file (``store_version_file``)."""
    with force_locale(version.locale):
        report = thaw(version.content)
        return render_blocks(blocks(report), extension, report.consultation.title,
                             author=report.consultation.organisation.name, made_at=version.published_at)


def store_version_file(version: ResponseReportVersion, extension: str, data: bytes) -> ResponseReportFile:
    """Keep ``data`` (``render_version_file``) as the version's file, unless one was kept meanwhile; from
    then on it is the file every download gets (flushed; the caller commits)."""
    made = stored_file(version, extension)
    if made is None:
        made = ResponseReportFile(version=version, extension=extension, data=data, size=len(data))
        db.session.add(made)
        db.session.flush()
    return made


def make_version_files(consultation: Consultation, progress: Callable[[float], None] | None = None) -> int:
    """Every published version's files that are not made yet; returns how many were made. Each file is
    rendered while reading and kept in a writing transaction of its own (a background job's handler
    reads without the write lock). ``progress`` is told how far it is (0 to 1) after each file."""
    versions = db.session.scalars(sa.select(ResponseReportVersion).join(ResponseReport)
                                  .where(ResponseReport.consultation_id == consultation.id)).all()
    missing = [(version, extension) for version in versions for extension in EXTENSIONS
               if extension not in {file.extension for file in version.files}]
    for made, (version, extension) in enumerate(missing, start=1):
        data = render_version_file(version, extension)
        write_apart(lambda version=version, extension=extension, data=data: store_version_file(version, extension, data))
        if progress:
            progress(made / len(missing))
    return len(missing)


def _freeze_version(consultation: Consultation, official, at: datetime, note: str) -> ResponseReportVersion:
    """The draft as it reads now, stored as the next version, without mails or checks (see published_version)."""
    draft, summary = build_draft(consultation)
    content = freeze(draft)
    entries, references = _entry_rows(content)
    prepared = PreparedVersion(stamp="", previous_id=None, summary=summary, content=content, entries=entries,
                               references=references, mails=[])
    return _store_version(consultation, official, at, note, prepared)


def _store_version(consultation: Consultation, official, at: datetime, note: str, prepared: PreparedVersion,
                   progress: Callable[[float], None] | None = None) -> ResponseReportVersion:
    """The version's row and its entries; ``progress`` is told up to one half (the entries)."""
    record = report_record(consultation)
    db.session.flush()
    number = (db.session.scalar(sa.select(sa.func.max(ResponseReportVersion.number))
                                .where(ResponseReportVersion.report_id == record.id)) or 0) + 1
    version = ResponseReportVersion(
        report=record, number=number, published_at=at, published_by_id=getattr(official, "id", None), note=note,
        introduction=record.introduction, locale=nota_locale(), summary=prepared.summary, content=prepared.content,
        outline=outline(prepared.content))
    db.session.add(version)
    db.session.flush()
    # Core inserts in batches of many rows: 100,000 entries are written in seconds, not minutes.
    rows = [(ResponseReportEntry, prepared.entries), (ResponseReportReference, prepared.references)]
    total, written = sum(len(batch) for _model, batch in rows) or 1, 0
    for model, batch in rows:
        for start in range(0, len(batch), WRITE_BATCH):
            chunk = batch[start:start + WRITE_BATCH]
            db.session.execute(sa.insert(model.__table__), [{**row, "version_id": version.id} for row in chunk])
            written += len(chunk)
            if progress:
                progress(0.5 * written / total)
    return version


def _entry_rows(content: dict) -> tuple[list[dict], list[dict]]:
    """The entries of frozen ``content`` as rows apart, each with its kenmerken, so the web pages read
    a page of them instead of the whole content (see ResponseReportVersion); without their version."""
    entries, references = [], []
    for part, section in enumerate(content["sections"], start=1):
        for position, entry in enumerate(section["entries"]):
            entries.append({"part": part, "position": position, "data": entry})
            references += [{"key": reference.upper(), "reference": reference, "part": part, "position": position}
                           for reference in entry["references"]]
    return entries, references


def _rewrite_entries(version: ResponseReportVersion, content: dict, anchors: set[str]) -> None:
    """Write the entries with these anchors (first kenmerken) again from corrected ``content``, so a
    part's page never shows what the correction removed. Only sender and text change, so the kenmerken
    and the outline stay as they are."""
    changed = [{"version_id": version.id, "part": part, "position": position, "data": entry}
               for part, section in enumerate(content["sections"], start=1)
               for position, entry in enumerate(section["entries"]) if entry["references"][0] in anchors]
    if changed:
        db.session.execute(sa.update(ResponseReportEntry), changed)


def _answer_mails(consultation: Consultation, references: set[str] | None,
                  progress: Callable[[float], None]) -> list[dict]:
    """The mails with a link to the answer, rendered, to everyone who reacted (``references`` None) or
    to the senders of these kenmerken."""
    if references is not None and not references:
        return []
    link = external_url("reports.show_report", slug=consultation.slug)
    query = with_author_locale(
        sa.select(Reaction.author_email, Reaction.author_name, Reaction.reference, author_locale_column())
        .where(Reaction.consultation_id == consultation.id, Reaction.is_counted, Reaction.author_email.is_not(None))
        .order_by(Reaction.id))
    if references is not None:
        query = query.where(Reaction.reference.in_(references))
    reactions = db.session.execute(query).all()
    mails = []
    for email, name, reference, locale in reactions:
        mails.append(mail_row(email, _l("The answer to your reaction %(reference)s", reference=reference),
                              "report_published", locale=locale, consultation=consultation, name=name,
                              reference=reference, link=f"{link}#{reference}"))
        if len(mails) % MAIL_BATCH == 0:
            progress(len(mails) / len(reactions))
    return mails


def set_grouping(consultation: Consultation, grouping: Grouping, official) -> None:
    """Order the draft per section or per theme; a published version keeps the order it was published in."""
    record = report_record(consultation)
    before = record.grouping.value if record.grouping else Grouping.SECTION.value
    record.grouping = grouping
    db.session.flush()
    record_event(official, "report_grouping_changed", record, consultation.organisation_id,
                 before=before, after=grouping.value)


def add_own_change(consultation: Consultation, section: Section | None, body: str, official) -> OwnMotionChange:
    """Record an ambtshalve wijziging for the nota's chapter of its own."""
    change = OwnMotionChange(consultation_id=consultation.id, section_id=section.id if section else None, body=body,
                             created_by_id=official.id)
    db.session.add(change)
    db.session.flush()
    record_event(official, "own_change_added", change, consultation.organisation_id, body=body,
                 section=section.label if section else None)
    return change


def remove_own_change(consultation: Consultation, change: OwnMotionChange, official) -> None:
    """Take an ambtshalve wijziging out of the draft (a published version keeps it)."""
    record_event(official, "own_change_removed", change, consultation.organisation_id, body=change.body)
    db.session.delete(change)
    db.session.flush()
