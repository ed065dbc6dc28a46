"""What came out of a werkatelier's tables, and the participants' votes and comments on the verslag.

Officials cluster a table's input cards into outcomes (knelpunt, idee or actie) with a scope, the
municipalities they concern and a proposed owner. The ``Verslag`` of a werkatelier holds the participants'
side: until when they may comment and how many votes each registration has. The limit is kept by the
database: a vote takes a numbered slot 1..N of its registration (unique per registration), and its
``max_votes`` must equal the verslag's ``votes_per_person`` through a composite foreign key, with a check
``slot <= max_votes``. So no registration ever has more than N votes, and one per outcome.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.actions.models import ActionScope
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.workshops.models import CardKind, InputCard, Registration, Workshop, WorkshopTable

MAX_OUTCOME_TEXT = 2000
MAX_COMMENT_TEXT = 2000
MAX_VOTES = 20

outcome_cards = sa.Table(
    "workshop_outcome_cards", db.metadata,
    sa.Column("outcome_id", sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("card_id", sa.ForeignKey("workshop_input_cards.id", ondelete="CASCADE"), primary_key=True, index=True),
)

outcome_municipalities = sa.Table(
    "workshop_outcome_municipalities", db.metadata,
    sa.Column("outcome_id", sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Verslag(db.Model):
    """The participants' side of a werkatelier's outcomes: open for comments until ``comments_until``
    (UTC), with ``votes_per_person`` votes for ideas per registration. Shown once ``published_at`` is set."""

    __tablename__ = "workshop_verslagen"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "votes_per_person", name="uq_workshop_verslagen_workshop_votes"),
        sa.CheckConstraint(f"votes_per_person BETWEEN 1 AND {MAX_VOTES}", name="votes_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), unique=True)
    votes_per_person: Mapped[int] = mapped_column(default=3)
    comments_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_open(self, at: datetime) -> bool:
        """Published and before ``comments_until``: participants may comment and vote."""
        return self.is_published and self.comments_until is not None and at < self.comments_until


class WorkshopOutcome(db.Model):
    """One thing that came out of a table: a knelpunt, an idee or an actie, from the cards it clusters."""

    __tablename__ = "workshop_outcomes"
    __table_args__ = (sa.Index("ix_workshop_outcomes_workshop_table", "workshop_id", "table_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_tables.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CardKind] = mapped_column(enum_type(CardKind))
    text: Mapped[str] = mapped_column(sa.String(MAX_OUTCOME_TEXT))
    scope: Mapped[ActionScope] = mapped_column(enum_type(ActionScope))
    proposed_owner: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    table: Mapped[WorkshopTable] = relationship()
    cards: Mapped[list[InputCard]] = relationship(secondary=outcome_cards, order_by="InputCard.id")
    municipalities: Mapped[list[Organisation]] = relationship(secondary=outcome_municipalities,
                                                              order_by="Organisation.name")

    @property
    def is_idea(self) -> bool:
        return self.kind is CardKind.IDEA


class OutcomeVote(db.Model):
    """A participant's vote for an idea. See the module docstring for how the database keeps the limit."""

    __tablename__ = "workshop_outcome_votes"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "outcome_id", name="uq_workshop_outcome_votes_one_per_outcome"),
        sa.UniqueConstraint("registration_id", "slot", name="uq_workshop_outcome_votes_slot"),
        sa.CheckConstraint("slot >= 1 AND slot <= max_votes", name="slot_within_limit"),
        sa.ForeignKeyConstraint(["workshop_id", "max_votes"],
                                ["workshop_verslagen.workshop_id", "workshop_verslagen.votes_per_person"],
                                name="fk_workshop_outcome_votes_limit", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_registrations.id", ondelete="CASCADE"))
    slot: Mapped[int]
    max_votes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[WorkshopOutcome] = relationship()


class OutcomeComment(db.Model):
    """A participant's reaction on the verslag: on one outcome, or (``outcome_id`` None) on the whole."""

    __tablename__ = "workshop_outcome_comments"
    __table_args__ = (sa.Index("ix_workshop_outcome_comments_workshop", "workshop_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    outcome_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_registrations.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.String(MAX_COMMENT_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[WorkshopOutcome | None] = relationship()
    registration: Mapped[Registration | None] = relationship()
