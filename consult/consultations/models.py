from __future__ import annotations

import enum
from datetime import datetime

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
    reference_prefix: Mapped[str] = mapped_column(sa.String(20))
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
