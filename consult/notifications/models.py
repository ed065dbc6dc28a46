"""Notifications that wait for a person's daily digest."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, utcnow
from consult.extensions import db


class MailFrequency(enum.Enum):
    """How a person gets round mails that may wait: each at once, or together once a day."""

    IMMEDIATE = "immediate"
    DAILY = "daily"


class PendingNotification(db.Model):
    """One line of a coming digest: its text is rendered in the recipient's language when it is made."""

    __tablename__ = "pending_notifications"
    __table_args__ = (sa.Index("ix_pending_notifications_waiting", "user_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.String(500))
    link: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
