from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db

reaction_codes = sa.Table(
    "reaction_codes",
    db.metadata,
    sa.Column("reaction_id", sa.ForeignKey("reactions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("code_id", sa.ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Code(db.Model):
    """One entry of a consultation's coding scheme; the scheme starts from the document's themes."""

    __tablename__ = "codes"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GroupKind(enum.Enum):
    CAMPAIGN = "campaign"  # the same letter with small changes
    SIMILAR = "similar"  # different words, the same point


class ReactionGroup(db.Model):
    """Reactions an official treats together, e.g. the copies of a campaign letter."""

    __tablename__ = "reaction_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[GroupKind] = mapped_column(enum_type(GroupKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    reactions = relationship("Reaction", back_populates="group", order_by="Reaction.submitted_at")


class ReactionRead(db.Model):
    """Which official has read which reaction."""

    __tablename__ = "reaction_reads"

    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
