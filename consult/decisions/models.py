from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class NoticeWay(enum.Enum):
    """How one indiener was told about the decision."""

    EMAIL = "email"
    LETTER = "letter"  # on the printable address list, to be posted by the municipality
    PUBLIC_NOTICE = "public_notice"  # a kennisgeving replaced the letter (Awb 3:44, more than 250 people)


class DecisionNotice(db.Model):
    """One line of the sent-log: who was told about the decision, how, and when.

    It holds no name or address of its own: those are read from the reaction (signatory 0 is its
    sender, 1 and up its co-signers in the order they signed), so the purge of a reaction's personal
    data empties the log as well. The e-mail itself is the outbox row; its status says whether it went.
    """

    __tablename__ = "decision_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    reaction_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reactions.id", ondelete="SET NULL"), index=True)
    signatory: Mapped[int] = mapped_column(default=0)
    way: Mapped[NoticeWay] = mapped_column(enum_type(NoticeWay))
    locale: Mapped[str] = mapped_column(sa.String(8))
    outbox_message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reaction = relationship("Reaction")
    outbox_message = relationship("OutboxMessage")


class DecisionCorrection(db.Model):
    """A correction of a recorded decision (a wrong date, number, body, text or link), with its reason.

    ``previous`` and ``current`` hold the decision's facts before and after (see services.decision_facts),
    so every earlier version stays readable. The nota's published versions are never rewritten: the
    public sees the corrected facts with a dated line per correction. ``notified`` counts the people
    who were e-mailed the correction (0 when the official chose not to)."""

    __tablename__ = "decision_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    previous: Mapped[dict] = mapped_column(sa.JSON)
    current: Mapped[dict] = mapped_column(sa.JSON)
    notified: Mapped[int] = mapped_column(default=0)
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    corrected_by = relationship("User")
