"""The verslag of an oral zienswijze: who wrote it and when, and the indiener's answer to it.

An oral zienswijze exists only as the official's written account (Awb 3:15 allows giving one orally);
the indiener may confirm it or send a correction, which is kept beside the verslag, never over it.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, utcnow
from consult.extensions import db


class AlreadyAnswered(ValueError):
    """The indiener answered this verslag before; an answer is given once."""


class OralReport(db.Model):
    __tablename__ = "oral_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The author's name as it was, so the verslag keeps its author when the account goes.
    author_name: Mapped[str] = mapped_column(sa.String(200))
    # The day the zienswijze was given (the conversation or call), in Amsterdam.
    held_on: Mapped[date]
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None until answered; True: "the verslag is right"; False: the indiener sent a correction.
    is_confirmed: Mapped[bool | None]
    correction: Mapped[str] = mapped_column(sa.Text, default="")

    reaction = relationship("Reaction", back_populates="oral_report")

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def answer(self, correction: str, at: datetime) -> None:
        """Confirm (no correction) or correct the verslag, once. Raises AlreadyAnswered the second time."""
        if self.is_answered:
            raise AlreadyAnswered
        self.is_confirmed, self.correction, self.answered_at = not correction, correction, at
