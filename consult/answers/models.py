from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class Outcome(enum.Enum):
    DRAFT_CHANGED = "draft_changed"
    NOT_CHANGED = "not_changed"
    NOTED = "noted"
    OUT_OF_SCOPE = "out_of_scope"


class Answer(db.Model):
    """One answer may cover a group of reactions that say the same."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome))
    # Where the draft changed: the section of the new version that holds the change.
    changed_section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    reactions = relationship("Reaction", back_populates="answer")
