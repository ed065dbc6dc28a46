from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db
from consult.organisations.models import OrganisationKind


class Channel(enum.Enum):
    WEB = "web"
    EMAIL = "email"
    LETTER = "letter"
    ORAL = "oral"  # in person or by phone, written down in a verslag


class ReactionStatus(enum.Enum):
    UNCONFIRMED = "unconfirmed"  # waits for the author to follow the e-mail link
    PENDING = "pending"  # counts; waits for moderation
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Publication(enum.Enum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    NOT_PUBLISHED = "not_published"


def count_co_signers(text: str) -> int:
    """Each co-signer is on a line of their own; empty lines do not count."""
    return len([line for line in text.splitlines() if line.strip()])


class Reaction(db.Model):
    __tablename__ = "reactions"
    # One index per workbench filter, each led by the consultation, so that filtering and counting
    # read an index range instead of every reaction (see bench/RESULTS.md).
    __table_args__ = (
        sa.Index("ix_reactions_consultation_status_submitted", "consultation_id", "status", "submitted_at"),
        sa.Index("ix_reactions_section_status_submitted", "section_id", "status", "submitted_at"),
        sa.Index("ix_reactions_consultation_submitted", "consultation_id", "submitted_at"),
        sa.Index("ix_reactions_consultation_channel", "consultation_id", "channel"),
        sa.Index("ix_reactions_consultation_org_kind", "consultation_id", "organisation_kind"),
        sa.Index("ix_reactions_consultation_org_name", "consultation_id", "organisation_name"),
        sa.Index("ix_reactions_consultation_late", "consultation_id", "is_late"),
        sa.Index("ix_reactions_consultation_answered", "consultation_id", "is_answered", "status", "assigned_to_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"))
    document_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document_versions.id"))
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"))
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel), default=Channel.WEB)
    status: Mapped[ReactionStatus] = mapped_column(enum_type(ReactionStatus))
    publication: Mapped[Publication] = mapped_column(enum_type(Publication))
    author_name: Mapped[str] = mapped_column(sa.String(200))
    author_email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    author_place: Mapped[str] = mapped_column(sa.String(120), default="")
    author_address: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # On behalf of an organisation: a known one, or a name and kind typed by the author.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_kind: Mapped[OrganisationKind | None] = mapped_column(enum_type(OrganisationKind))
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    is_late: Mapped[bool] = mapped_column(default=False)
    answer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("answers.id", ondelete="SET NULL"), index=True)
    # Answered as a whole, or every one of its points answered; kept by the answer services.
    is_answered: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    postmarked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One letter signed by many: each signatory on a line; they all count.
    co_signers: Mapped[str] = mapped_column(sa.Text, default="")
    # Kept apart from the names, so the count survives when the names are removed.
    co_signer_count: Mapped[int] = mapped_column(default=0)
    # The form's one-time token: a double click on submit finds the reaction already made.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    rejection_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    # What the website shows when a moderator redacted the text; the original stays in ``body``.
    public_body: Mapped[str | None] = mapped_column(sa.Text)
    # Hidden from the public after enough reports from visitors, until an official decides.
    is_hidden: Mapped[bool] = mapped_column(default=False)
    # The author may ask once to look again at a rejection or redaction.
    reconsideration_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reaction_groups.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when the author's personal data was removed (retention period ended, or on request).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation = relationship("Consultation")
    section = relationship("Section")
    answer = relationship("Answer", back_populates="reactions")

    codes = relationship("Code", secondary="reaction_codes", order_by="Code.position")
    points = relationship("Point", back_populates="reaction", order_by="Point.number", cascade="all, delete-orphan")
    group = relationship("ReactionGroup", back_populates="reactions")
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="reaction", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def shown_body(self) -> str:
        """The text the public sees: the redacted version when there is one."""
        return self.public_body if self.public_body is not None else self.body

    @property
    def signatory_count(self) -> int:
        return 1 + self.co_signer_count

    @property
    def counts(self) -> bool:
        """Confirmed and not withdrawn: part of the consultation's input."""
        return self.status in (ReactionStatus.PENDING, ReactionStatus.APPROVED, ReactionStatus.REJECTED)

    @property
    def is_published(self) -> bool:
        return (self.status is ReactionStatus.APPROVED and self.publication is not Publication.NOT_PUBLISHED
                and not self.is_hidden)


class Attachment(db.Model):
    """A file sent with a reaction. Stored outside the web root under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reaction: Mapped[Reaction] = relationship(back_populates="attachments")


class ReactionReport(db.Model):
    """A visitor's report that a published reaction breaks the house rules."""

    __tablename__ = "reaction_reports"
    __table_args__ = (sa.UniqueConstraint("reaction_id", "reporter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(40))
    # A keyed hash of the reporter's address: one report per person counts, and no address is kept.
    reporter_key: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
