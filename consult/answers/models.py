from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.submission import HasSubmissionKey
from consult.extensions import db


class Outcome(enum.Enum):
    """What an answer does with a zienswijze, in the words of a nota van beantwoording (Awb 3:46 asks
    the decision to say how the zienswijzen were weighed). Until migration 0024 the values were
    draft_changed, not_changed, noted and out_of_scope; see the migration for how they map."""

    ADOPTED = "adopted"  # overgenomen: the draft changes as asked
    PARTLY_ADOPTED = "partly_adopted"  # gedeeltelijk overgenomen
    NOT_ADOPTED = "not_adopted"  # niet overgenomen
    NOTED = "noted"  # kennisgenomen: the reaction asks for no change
    OUT_OF_SCOPE = "out_of_scope"  # buiten de orde: about something this document does not decide

    @property
    def changes_draft(self) -> bool:
        """Adopted in whole or in part: the draft changed, so the answer names the changed section."""
        return self in (Outcome.ADOPTED, Outcome.PARTLY_ADOPTED)


class Answer(HasSubmissionKey, db.Model):
    """One answer may cover a group of reactions, or points of reactions, that say the same."""

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
    # When an official last sent this answer to the organisations of a feedbackronde whose comments it
    # answers: from then on their people read it on the round's page (see rounds.permissions).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reactions = relationship("Reaction", back_populates="answer")
    points = relationship("Point", back_populates="answer")
    changed_section = relationship("Section")


class Point(HasSubmissionKey, db.Model):
    """A deelpunt: one numbered point of a long reaction, anchored to a section and answered on its own."""

    __tablename__ = "points"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.UniqueConstraint("reaction_id", "number"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    answer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("answers.id", ondelete="SET NULL"), index=True)
    # A point is coded on its own: a long letter touches many subjects.
    code_id: Mapped[int | None] = mapped_column(sa.ForeignKey("codes.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reaction = relationship("Reaction", back_populates="points")
    code = relationship("Code")
    section = relationship("Section")
    answer = relationship("Answer", back_populates="points")
