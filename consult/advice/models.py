"""Formal advice of an adviesraad on a consultation (Wmo 2015 art. 2.1.3, Jeugdwet art. 2.10,
Participatiewet art. 47): an overall advice and numbered points, each of which the municipality must
answer before its reactienota is published.

Advice is solicited when the adviesraad was invited to the consultation's feedbackronde (the
invitation carries the request date and the deadline) or the officials asked for it on a ter-inzage
(an ``AdviceRequest`` with its own deadline), and unsolicited otherwise. Submitted advice may still be
changed until its deadline (unsolicited advice: until the consultation closes); every version is kept.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.models import Consultation, State, TransitionError
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.submission import HasSubmissionKey
from consult.extensions import db
from consult.organisations.models import Organisation

MAX_TEXT_LENGTH = 20_000
MAX_REASONS_LENGTH = 10_000
MAX_ATTACHMENTS = 10


class AdviceKind(enum.Enum):
    SOLICITED = "solicited"
    UNSOLICITED = "unsolicited"


class AdviceState(enum.Enum):
    CONCEPT = "concept"
    SUBMITTED = "submitted"
    ANSWERED = "answered"


class Verdict(enum.Enum):
    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"


class Advice(db.Model):
    """One adviesraad's advice on one consultation: drafted together by its members, submitted by one."""

    __tablename__ = "advice"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # Set when the municipality asked for the advice through its feedbackronde.
    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("round_invitations.id", ondelete="SET NULL"))
    # Set when the municipality asked for the advice on a consultation without a round (a ter-inzage).
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advice_requests.id", ondelete="SET NULL"))
    state: Mapped[AdviceState] = mapped_column(enum_type(AdviceState), default=AdviceState.CONCEPT)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    reference: Mapped[str | None] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    invitation = relationship("RoundInvitation")
    request: Mapped[AdviceRequest | None] = relationship()
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    points: Mapped[list[AdvicePoint]] = relationship(
        back_populates="advice", cascade="all, delete-orphan", order_by="AdvicePoint.number")
    attachments: Mapped[list[AdviceAttachment]] = relationship(
        back_populates="advice", cascade="all, delete-orphan", order_by="AdviceAttachment.id")

    def __init__(self, **fields):
        # A new advice is a concept already before it is saved: the page of an advice not yet begun
        # asks the same rules of an unsaved one.
        fields.setdefault("state", AdviceState.CONCEPT)
        fields.setdefault("body", "")
        super().__init__(**fields)

    @property
    def kind(self) -> AdviceKind:
        return AdviceKind.SOLICITED if self.invitation is not None or self.request is not None else AdviceKind.UNSOLICITED

    @property
    def requested_at(self) -> datetime | None:
        if self.invitation is not None:
            return self.invitation.invited_at
        return self.request.requested_at if self.request is not None else None

    @property
    def deadline(self) -> datetime | None:
        """Solicited advice: the organisation's deadline in the round, or the deadline of the request.
        Unsolicited advice has none."""
        if self.invitation is not None:
            return self.invitation.deadline
        return self.request.deadline if self.request is not None else None

    @property
    def change_deadline(self) -> datetime | None:
        """Until when given advice may still be changed: its deadline, or for unsolicited advice the
        consultation's closing moment (UTC)."""
        return self.deadline or self.consultation.closes_at

    def accepts_later_changes(self, at: datetime) -> bool:
        """Given advice (submitted or answered) is changed by the adviesraad until ``change_deadline``,
        while the consultation is published and its reactienota is not."""
        deadline = self.change_deadline
        return (self.state is not AdviceState.CONCEPT and self.consultation.state is State.PUBLISHED
                and deadline is not None and at < deadline)

    def reopen_for_answers(self) -> None:
        """A changed or added point of answered advice needs an answer again: 'beantwoord' → 'ingediend'."""
        if self.state is AdviceState.ANSWERED:
            self.state, self.answered_at = AdviceState.SUBMITTED, None

    @property
    def open_points(self) -> list[AdvicePoint]:
        return [p for p in self.points if not p.is_answered]

    def accepts_changes(self, at: datetime) -> bool:
        """The adviesraad drafts and submits while the advice is a concept, the consultation is
        published and its reactienota is not, and (solicited advice) until the organisation's deadline."""
        consultation = self.consultation
        if self.state is not AdviceState.CONCEPT or consultation.state is not State.PUBLISHED:
            return False
        if consultation.opens_at is None or at < consultation.opens_at:
            return False
        return self.deadline is None or at < self.deadline

    def submit(self, at: datetime) -> None:
        if self.state is not AdviceState.CONCEPT:
            raise TransitionError("only a concept is submitted")
        if not self.points:
            raise TransitionError("advice needs at least one point")
        self.state, self.submitted_at = AdviceState.SUBMITTED, at

    def mark_answered(self, at: datetime) -> None:
        """Submitted advice whose every point has an answer becomes 'beantwoord'."""
        if self.state is not AdviceState.SUBMITTED or self.open_points:
            raise TransitionError("advice is answered once it is submitted and every point has an answer")
        self.state, self.answered_at = AdviceState.ANSWERED, at


class AdvicePoint(HasSubmissionKey, db.Model):
    """A numbered advice point, optionally about one section, and the municipality's answer to it."""

    __tablename__ = "advice_points"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.UniqueConstraint("advice_id", "number"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(sa.ForeignKey("advice.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verdict: Mapped[Verdict | None] = mapped_column(enum_type(Verdict))
    reasons: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    advice: Mapped[Advice] = relationship(back_populates="points")
    section = relationship("Section")
    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])

    @property
    def is_answered(self) -> bool:
        return self.verdict is not None


class AdviceAttachment(db.Model):
    """A file with the advice (checked by content like a reaction's, stored outside the web root under a
    random name). Only the council's members and the consultation's officials download it."""

    __tablename__ = "advice_attachments"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(sa.ForeignKey("advice.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    advice: Mapped[Advice] = relationship(back_populates="attachments")
    created_by = relationship("User")


class AdviceRequest(db.Model):
    """The municipality asks an adviesraad for formal advice on a consultation without a feedbackronde
    (a ter-inzage), with a deadline: the advice it then gives is solicited."""

    __tablename__ = "advice_requests"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    requested_by = relationship("User")
    # Read-only: an unsaved advice page names its request without joining the session through it.
    advice: Mapped[list[Advice]] = relationship(viewonly=True)


class AdviceVersion(db.Model):
    """Every text given advice has had. The first change after submission keeps the advice as submitted
    (number 1) and the changed one (2); each later change adds the next number. ``points`` holds the
    numbered points as they were: [{"number", "section", "body"}] with the section's label."""

    __tablename__ = "advice_versions"
    __table_args__ = (sa.UniqueConstraint("advice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(sa.ForeignKey("advice.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text, default="")
    points: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    written_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)

    advice = relationship("Advice")
    written_by = relationship("User")
