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
    # The worker stopped while the SMTP server was taking the message: it was most likely delivered, so it
    # is not sent again by itself (that would send it twice); an official can send it again.
    UNCONFIRMED = "unconfirmed"


class OutboxMessage(db.Model):
    """A mail waiting to go out. Written in the same transaction as the action that causes it."""

    __tablename__ = "outbox_messages"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"), {"sqlite_autoincrement": True})

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
    # Committed just before the end of the message goes to the SMTP server. Set on a message still
    # queued, it means the worker was stopped before it could record the server's answer.
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One file sent along (a werkatelier's .ics invitation); empty name: none.
    attachment_name: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    attachment_type: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    attachment_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    # The stop link of a mail that has one (terugkoppeling): sent as List-Unsubscribe (RFC 8058); empty: none.
    unsubscribe_url: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    organisation = relationship("Organisation")

    @property
    def can_retry(self) -> bool:
        return self.status in (OutboxStatus.FAILED, OutboxStatus.UNCONFIRMED)

    def retry(self, at: datetime) -> None:
        """Back in the queue with a fresh count of attempts. Raises ValueError unless the message failed
        or its delivery is unconfirmed."""
        if not self.can_retry:
            raise ValueError("only a failed or unconfirmed message can be retried")
        self.status, self.attempts, self.next_attempt_at, self.failed_at = OutboxStatus.QUEUED, 0, at, None
        self.handed_over_at = None
