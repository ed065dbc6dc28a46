from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class OutboxStatus(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # gave up, or could never be sent; an official can retry it


class OutboxMessage(db.Model):
    """A mail waiting to go out. Written in the same transaction as the action that causes it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    # Whose mail it is: its officials see it when it fails. None (a password reset): admins only.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    status: Mapped[OutboxStatus] = mapped_column(enum_type(OutboxStatus), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")

    def retry(self, at: datetime) -> None:
        """Back in the queue with a fresh count of attempts; only a failed message can be retried."""
        if self.status is not OutboxStatus.FAILED:
            raise ValueError("only a failed message can be retried")
        self.status, self.attempts, self.next_attempt_at, self.failed_at = OutboxStatus.QUEUED, 0, at, None
