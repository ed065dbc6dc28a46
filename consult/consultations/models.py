from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
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


# Afdeling 3.4 Awb: zienswijzen can be given for six weeks; consult never allows less.
AWB_MINIMUM_PERIOD = timedelta(weeks=6)
DEFAULT_PERIOD = timedelta(weeks=6)
# A letter posted in time and received within a week after closing counts as on time (art. 6:9 Awb).
POSTAL_GRACE = timedelta(weeks=1)


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
        """Open for input from outside: published and inside the period [opens_at, closes_at)."""
        return self.phase(at) is Phase.OPEN

    def counts_as_on_time(self, received_at: datetime, postmarked_at: datetime | None = None) -> bool:
        """On time: received before closing, or a letter postmarked before closing and received
        within the postal grace week after it."""
        if received_at < self.closes_at:
            return True
        return postmarked_at is not None and postmarked_at < self.closes_at and received_at < self.closes_at + POSTAL_GRACE

    def days_left(self, at: datetime) -> int:
        return max(0, (self.closes_at - at).days) if self.closes_at else 0

    def publish(self) -> None:
        if self.state is not State.DRAFT:
            raise TransitionError("only a concept can be published")
        if not (self.opens_at and self.closes_at and self.opens_at < self.closes_at):
            raise TransitionError("a period with opens_at before closes_at is needed")
        self.state = State.PUBLISHED

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


class SectionCount(db.Model):
    """Published reactions of one consultation on one section. Kept per consultation, not on the
    section: several consultations can share one document version."""

    __tablename__ = "consultation_section_counts"

    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True)
    published_reaction_count: Mapped[int] = mapped_column(default=0)
