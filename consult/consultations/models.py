from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from consult.consultations.term import awb_closing
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.i18n import AMSTERDAM
from consult.core.sanitize import clean_rich_text
from consult.core.submission import HasSubmissionKey
from consult.documents.models import DocumentVersion
from consult.extensions import db
from consult.organisations.models import Organisation


class ConsultationKind(enum.Enum):
    PUBLIC_INSPECTION = "public_inspection"  # ter inzage
    PARTNER_ROUND = "partner_round"  # feedbackronde
    WORKSHOP = "workshop"  # werkatelier


class Audience(enum.Enum):
    PUBLIC = "public"  # anyone, residents included
    INVITED = "invited"  # invited partner organisations
    INTERNAL = "internal"  # internal teams and the council


class Procedure(enum.Enum):
    """The legal ground of a ter-inzage period."""

    AWB_UNIFORM = "awb_uniform"  # uniforme openbare voorbereidingsprocedure, afdeling 3.4 Awb
    ORDINANCE = "ordinance"  # the municipality's inspraak- or participatieverordening
    INFORMAL = "informal"


# A letter posted in time and received within a week after closing counts as on time (art. 6:9 Awb).
POSTAL_GRACE = timedelta(weeks=1)
MAX_EXTENSION_REASON = 1000
MAX_EXTENSION_NOTICE = 1000


class State(enum.Enum):
    """What officials decided. Open and closed are not stored: they follow the clock."""

    DRAFT = "draft"
    PUBLISHED = "published"
    PROCESSED = "processed"  # reactienota published
    DECIDED = "decided"


class Phase(enum.Enum):
    """The lifecycle as people see it: concept → gepland → open → gesloten → verwerkt → besluit."""

    CONCEPT = "concept"
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"
    PROCESSED = "processed"
    DECIDED = "decided"


class TransitionError(ValueError):
    """A lifecycle step that the consultation's current phase does not allow."""


class TermTooShort(TransitionError):
    """An Awb period that would leave less than six weeks from the day the draft is actually put ter
    inzage (Awb 3:16), or a change that would shorten a published period. ``closes_at_least`` is the
    earliest closing moment the law allows."""

    def __init__(self, closes_at_least: datetime):
        super().__init__(f"the period must close at {closes_at_least.isoformat()} or later")
        self.closes_at_least = closes_at_least


class Consultation(db.Model):
    __tablename__ = "consultations"
    __table_args__ = (sa.Index("ix_consultations_state_period", "state", "opens_at", "closes_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[ConsultationKind] = mapped_column(enum_type(ConsultationKind))
    audience: Mapped[Audience] = mapped_column(enum_type(Audience), default=Audience.PUBLIC)
    state: Mapped[State] = mapped_column(enum_type(State), default=State.DRAFT)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    introduction_html: Mapped[str] = mapped_column(sa.Text, default="")
    document_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("document_versions.id"), index=True
    )
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A werkatelier also has a meeting: when, where and for how many people.
    event_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    capacity: Mapped[int | None]
    # Unique across the installation: kenmerken (LETTERS-year-number) are, and a clash would refuse reactions.
    reference_prefix: Mapped[str] = mapped_column(sa.String(20), unique=True, index=True)
    # The last kenmerk number handed out; raised with an UPDATE so two reactions never share one.
    last_reference_number: Mapped[int] = mapped_column(default=0)
    procedure: Mapped[Procedure] = mapped_column(enum_type(Procedure), default=Procedure.INFORMAL)
    decision_body: Mapped[str] = mapped_column(sa.String(200), default="")
    decision_expected_on: Mapped[date | None]
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    postal_address: Mapped[str] = mapped_column(sa.Text, default="")
    house_rules: Mapped[str] = mapped_column(sa.Text, default="")
    publication_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # The kennisgeving (Awb 3:11, 3:12): the rule the procedure rests on, where and when the stukken also
    # lie on paper, and where the official publication is (Gemeenteblad or Staatscourant, with its number).
    legal_basis: Mapped[str] = mapped_column(sa.String(300), default="")
    inspection_place: Mapped[str] = mapped_column(sa.String(500), default="")
    inspection_hours: Mapped[str] = mapped_column(sa.String(300), default="")
    official_publication: Mapped[str] = mapped_column(sa.String(200), default="")
    decision_taken_on: Mapped[date | None]
    decision_outcome: Mapped[str] = mapped_column(sa.Text, default="")
    decision_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # Where the kennisgeving of the decision was published, when it replaced sending it by post (Awb 3:44).
    decision_notice_url: Mapped[str] = mapped_column(sa.String(500), default="")
    requires_email_confirmation: Mapped[bool] = mapped_column(default=True)
    publishes_reactions: Mapped[bool] = mapped_column(default=True)
    # Kept up to date on write, so lists never count reactions per request.
    reaction_count: Mapped[int] = mapped_column(default=0)
    published_reaction_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    document_version: Mapped[DocumentVersion | None] = relationship()
    extensions: Mapped[list[PeriodExtension]] = relationship(order_by="PeriodExtension.id", cascade="all, delete-orphan")
    files: Mapped[list[ConsultationFile]] = relationship(order_by="ConsultationFile.position", cascade="all, delete-orphan")
    withheld: Mapped[list[WithheldDocument]] = relationship(order_by="WithheldDocument.id", cascade="all, delete-orphan")

    @validates("introduction_html")
    def _clean_introduction_html(self, _key: str, html: str | None) -> str:
        """Cleaned once, when written: pages show the stored HTML as it is (``stored_html``)."""
        return clean_rich_text(html or "")

    @hybrid_property
    def takes_reactions(self) -> bool:
        """Whether this is a reaction period (ter inzage, feedbackronde). A werkatelier is not: it is an event
        with registration whose period is the registration period, managed on its own pages. Every
        reaction-period route, list and service asks this one rule, in Python and in SQL alike."""
        return self.kind != ConsultationKind.WORKSHOP

    @property
    def stukken_can_change(self) -> bool:
        """The stukken lie unchanged for the whole term (Awb 3:11): they are set while a concept."""
        return self.state is State.DRAFT

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"

    def phase(self, at: datetime) -> Phase:
        if self.state is State.DRAFT:
            return Phase.CONCEPT
        if self.state is State.DECIDED:
            return Phase.DECIDED
        if self.state is State.PROCESSED:
            return Phase.PROCESSED
        if at < self.opens_at:
            return Phase.PLANNED
        if at < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    def accepts_reactions(self, at: datetime) -> bool:
        """Open for input from outside: a reaction period, published and inside [opens_at, closes_at)."""
        return self.takes_reactions and self.phase(at) is Phase.OPEN

    def counts_as_on_time(self, received_at: datetime, postmarked_at: datetime | None = None) -> bool:
        """On time: received before closing, or a letter postmarked before closing and received
        within the postal grace week after it."""
        if received_at < self.closes_at:
            return True
        return postmarked_at is not None and postmarked_at < self.closes_at and received_at < self.closes_at + POSTAL_GRACE

    def days_left(self, at: datetime) -> int:
        return max(0, (self.closes_at - at).days) if self.closes_at else 0

    def required_closing(self, at: datetime, extra_days: Iterable[date] = ()) -> datetime | None:
        """For an Awb period published at ``at``: the earliest lawful closing moment, six weeks from the
        day it is actually put ter inzage (Awb 3:16), moved past weekends and holidays (Atw art. 1).
        None for other procedures."""
        if self.procedure is not Procedure.AWB_UNIFORM or self.opens_at is None:
            return None
        return awb_closing(max(self.opens_at, at).astimezone(AMSTERDAM).date(), extra_days)

    def publish(self, at: datetime, extra_days: Iterable[date] = (), move_closing: bool = False) -> None:
        """Publish the concept at ``at`` (UTC). An Awb period published after its opening moment opens
        now instead. When its closing moment then leaves less than six weeks, ``move_closing`` moves it
        to the lawful one; otherwise TermTooShort is raised. TransitionError when the state or period
        does not allow publishing."""
        if self.state is not State.DRAFT:
            raise TransitionError("only a concept can be published")
        if not (self.opens_at and self.closes_at and self.opens_at < self.closes_at):
            raise TransitionError("a period with opens_at before closes_at is needed")
        required = self.required_closing(at, extra_days)
        if required is not None:
            if self.closes_at < required and not move_closing:
                raise TermTooShort(required)
            self.opens_at, self.closes_at = max(self.opens_at, at), max(self.closes_at, required)
        self.state = State.PUBLISHED

    def extend_period(self, closes_at: datetime, at: datetime) -> datetime:
        """Move the closing moment later, while the period has not closed; returns the old one.

        Raises TermTooShort for a moment that is not later (a period is never shortened: people may
        have planned their reaction on it) and TransitionError outside a planned or open period, and for a
        werkatelier (its registration deadline must close before its first session: the werkatelier's own
        form keeps that rule)."""
        if not self.takes_reactions:
            raise TransitionError("a werkatelier's registration period changes on the werkatelier page")
        if self.phase(at) not in (Phase.PLANNED, Phase.OPEN):
            raise TransitionError("only a planned or open period can be extended")
        if closes_at <= self.closes_at:
            raise TermTooShort(self.closes_at)
        previous, self.closes_at = self.closes_at, closes_at
        return previous

    def mark_processed(self, at: datetime) -> None:
        if self.phase(at) is not Phase.CLOSED:
            raise TransitionError("only a closed consultation can be processed")
        self.state = State.PROCESSED
        self.processed_at = at

    def record_decision(self, at: datetime) -> None:
        if self.phase(at) not in (Phase.CLOSED, Phase.PROCESSED):
            raise TransitionError("a decision follows a closed consultation")
        self.state = State.DECIDED
        self.decided_at = at


class PeriodExtension(db.Model):
    """A later closing moment for a published period, with the reason; the kennisgeving lists them."""

    __tablename__ = "period_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    previous_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.String(MAX_EXTENSION_REASON))
    # The line added to the kennisgeving, as the official wrote it for residents.
    notice: Mapped[str] = mapped_column(sa.String(MAX_EXTENSION_NOTICE))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsultationFile(HasSubmissionKey, db.Model):
    """A stuk that lies ter inzage beside the draft (a raadsvoorstel, a map, an effect report), stored
    outside the web root and served to everyone who may see the consultation."""

    __tablename__ = "consultation_files"
    # A removed stuk's id is never given again: a public link to it must not open the next stuk.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WithheldDocument(HasSubmissionKey, db.Model):
    """A stuk that is not made public, with the ground in the Woo (e.g. "art. 5.1 lid 2 sub e Woo")."""

    __tablename__ = "withheld_documents"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    ground: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SectionCount(db.Model):
    """Published reactions of one consultation on one section. Kept per consultation, not on the
    section: several consultations can share one document version."""

    __tablename__ = "consultation_section_counts"

    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True)
    published_reaction_count: Mapped[int] = mapped_column(default=0)
