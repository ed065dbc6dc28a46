from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.models import TransitionError
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class Grouping(enum.Enum):
    """How the nota orders its reactions: per section of the draft, or per theme of the coding scheme."""

    SECTION = "section"
    THEME = "theme"


class Adopter(enum.Enum):
    """Who vaststelt the nota with the decision (Gemeentewet: the college, or the council for its own decisions)."""

    COLLEGE = "college"  # college van burgemeester en wethouders
    COUNCIL = "council"  # gemeenteraad
    OWN_BODY = "own_body"  # one of the organisation's own bodies, named in ResponseReport.adopted_by_body


class ReportStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ADOPTED = "adopted"  # vastgesteld door college of raad


class ResponseReport(db.Model):
    """The reactienota of a consultation. Its draft is generated from the reactions and answers;
    this row holds what the official adds and when it was first published. What the public reads is
    a `ResponseReportVersion`, frozen at publication."""

    __tablename__ = "response_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    grouping: Mapped[Grouping] = mapped_column(enum_type(Grouping), default=Grouping.SECTION)
    # Vastgesteld: by whom, on which date (the meeting's, not the moment it was typed in) and under which number.
    adopted_by: Mapped[Adopter | None] = mapped_column(enum_type(Adopter))
    # With Adopter.OWN_BODY: the body's name as it was chosen, e.g. "het bestuurlijk overleg sociaal domein".
    adopted_by_body: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    adopted_on: Mapped[date | None]
    decision_number: Mapped[str] = mapped_column(sa.String(60), default="")
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation = relationship("Consultation")
    versions: Mapped[list[ResponseReportVersion]] = relationship(
        back_populates="report", order_by="ResponseReportVersion.number", cascade="all, delete-orphan")

    @property
    def status(self) -> ReportStatus:
        """concept → gepubliceerd → vastgesteld door college/raad."""
        if self.adopted_on is not None:
            return ReportStatus.ADOPTED
        return ReportStatus.PUBLISHED if self.published_at is not None else ReportStatus.DRAFT

    def adopt(self, by: Adopter, on: date, number: str, at: datetime, body: str = "") -> None:
        """Record that the college, the council or one of the organisation's own bodies (``body``, its name)
        vaststelde this nota. Only a published nota, only once, and only with a besluitnummer: the number
        is how the decision is found in the council's records."""
        if self.status is not ReportStatus.PUBLISHED:
            raise TransitionError("only a published, not yet adopted nota can be adopted")
        self._set_adoption(by, on, number, body)
        self.adopted_at = at

    def correct_adoption(self, by: Adopter, on: date, number: str, body: str = "") -> None:
        """Correct an adopted nota's vaststelling (a typing error in the date, number or body). The
        published versions are not touched; the correction itself is a DecisionCorrection."""
        if self.status is not ReportStatus.ADOPTED:
            raise TransitionError("only an adopted nota's vaststelling can be corrected")
        self._set_adoption(by, on, number, body)

    def _set_adoption(self, by: Adopter, on: date, number: str, body: str) -> None:
        if not number.strip():
            raise TransitionError("a besluitnummer is needed")
        if (by is Adopter.OWN_BODY) != bool(body.strip()):
            raise TransitionError("an own body needs its name, and only an own body has one")
        self.adopted_by, self.adopted_on, self.decision_number = by, on, number.strip()
        self.adopted_by_body = body.strip()


class ResponseReportVersion(db.Model):
    """One published, numbered version of a reactienota: a public record that never changes.

    `content` is the built report as JSON (the numbers, every section with its entries, the changes,
    the introduction), with every label already in the nota's language; the files are rendered from it.
    The web pages read the same data split up when it is frozen (issue 15: at 100,000 reactions
    `content` is tens of MB): `outline` is `content` without the entries, plus per part its title and
    counts, and each entry is a `ResponseReportEntry`, each kenmerk a `ResponseReportReference`. Only
    `consult.reports.services` writes these, and it writes them together.
    `summary` holds the counts and a digest per entry, so the draft can say what changed since this
    version without reading the whole content. All three grow with the reactions, so none is loaded
    with the version: only what asks for one reads it.
    """

    __tablename__ = "response_report_versions"
    __table_args__ = (sa.UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("response_reports.id", ondelete="CASCADE"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    locale: Mapped[str] = mapped_column(sa.String(8))
    # `content` without the entries, and per part (a section or theme) its title, number of
    # reactions and of entries: the opening page and the table of contents (see consult.reports.parts).
    # Stored before the two big ones: SQLite reads a column after them by walking their overflow pages.
    outline: Mapped[dict] = mapped_column(sa.JSON, deferred=True)
    summary: Mapped[dict] = mapped_column(sa.JSON, default=dict, deferred=True)
    content: Mapped[dict] = mapped_column(sa.JSON, deferred=True)
    # The one change a published version allows: personal data removed from a text (see services).
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    correction_note: Mapped[str] = mapped_column(sa.Text, default="")

    report: Mapped[ResponseReport] = relationship(back_populates="versions")
    published_by = relationship("User")
    files: Mapped[list[ResponseReportFile]] = relationship(back_populates="version", cascade="all, delete-orphan")


class ResponseReportEntry(db.Model):
    """One entry of a published version (a reaction, or a campaign letter with all its senders) as in
    its `content`: part ``part`` (from 1), place ``position`` (from 0) in that part. A part's page reads
    its range of positions and nothing else; the page size stays a choice of the code."""

    __tablename__ = "response_report_entries"

    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("response_report_versions.id", ondelete="CASCADE"), primary_key=True)
    part: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict] = mapped_column(sa.JSON)


class ResponseReportReference(db.Model):
    """Where a kenmerk stands in a published version: "find your reaction" looks it up here instead of
    in the whole content. ``key`` is the kenmerk upper-cased (the search ignores case)."""

    __tablename__ = "response_report_references"
    __table_args__ = (sa.Index("ix_response_report_references_version_key", "version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("response_report_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(80))
    reference: Mapped[str] = mapped_column(sa.String(80))
    part: Mapped[int]
    position: Mapped[int]


class ResponseReportFile(db.Model):
    """A published version as DOCX, ODT or PDF: made once and then served as these exact bytes, so a
    download next year is the file that was downloaded on the day of publication."""

    __tablename__ = "response_report_files"
    __table_args__ = (sa.UniqueConstraint("version_id", "extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("response_report_versions.id", ondelete="CASCADE"))
    extension: Mapped[str] = mapped_column(sa.String(8))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    size: Mapped[int]
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[ResponseReportVersion] = relationship(back_populates="files")


class OwnMotionChange(db.Model):
    """An ambtshalve wijziging: a change the municipality makes to the draft on its own, not because
    of a reaction. The nota lists these in a chapter of their own, so readers can tell them apart
    from what the zienswijzen changed."""

    __tablename__ = "own_motion_changes"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    section = relationship("Section")
