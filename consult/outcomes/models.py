"""What came out of a werkatelier's tables, and the participants' votes and comments on the verslag.

Officials cluster a table's input cards into outcomes (knelpunt, idee or actie) with a scope, the
municipalities they concern and a proposed owner, chosen as an action's owner is (consult.actions): an
organisation, or the bestuurlijk duo of a theme. An outcome is changed or removed only while nobody voted
for it and no action was made of it (``consult.outcomes.services.lock_reason``). The ``Verslag`` of a werkatelier holds the participants'
side: until when they may comment and how many votes each registration has. Their comments are public
input: held until an official approves them (``OutcomeComment.is_published``), and then shown to the
other participants through the publication filter (``consult.reactions.publication``). The limit is kept by the
database: a vote takes a numbered slot 1..N of its registration (unique per registration), and its
``max_votes`` must equal the verslag's ``votes_per_person`` through a composite foreign key, with a check
``slot <= max_votes``. So no registration ever has more than N votes, and one per outcome.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.actions.models import ActionScope
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.submission import HasSubmissionKey
from consult.documents.models import Theme
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


class WorkshopOutcome(HasSubmissionKey, db.Model):
    """One thing that came out of a table: a knelpunt, an idee or an actie, from the cards it clusters."""

    __tablename__ = "workshop_outcomes"
    __table_args__ = (
        sa.Index("ix_workshop_outcomes_workshop_table", "workshop_id", "table_id", "id"),
        sa.CheckConstraint("proposed_owner_organisation_id IS NULL OR proposed_duo_theme_id IS NULL",
                           name="one_proposed_owner"),
        # A removed outcome's id is never given again: links to it (votes, edits) must not open another.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_tables.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CardKind] = mapped_column(enum_type(CardKind))
    text: Mapped[str] = mapped_column(sa.String(MAX_OUTCOME_TEXT))
    scope: Mapped[ActionScope] = mapped_column(enum_type(ActionScope))
    # The proposed owner, as an action's: an organisation, or the bestuurlijk duo of a theme; neither: none proposed.
    proposed_owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    proposed_duo_theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    table: Mapped[WorkshopTable] = relationship()
    proposed_owner_organisation: Mapped[Organisation | None] = relationship()
    proposed_duo_theme: Mapped[Theme | None] = relationship()
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


class CommentStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class OutcomeComment(HasSubmissionKey, db.Model):
    """A participant's reaction on the verslag: on one outcome, or (``outcome_id`` None) on the whole. Held
    (pending) until an official approves it; an official may reject it, or change their mind either way."""

    __tablename__ = "workshop_outcome_comments"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.Index("ix_workshop_outcome_comments_workshop", "workshop_id", "id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    outcome_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_registrations.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.String(MAX_COMMENT_TEXT))
    status: Mapped[CommentStatus] = mapped_column(enum_type(CommentStatus), default=CommentStatus.PENDING,
                                                  server_default=CommentStatus.PENDING.value)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[WorkshopOutcome | None] = relationship()
    registration: Mapped[Registration | None] = relationship()

    def __init__(self, **fields):
        fields.setdefault("status", CommentStatus.PENDING)
        super().__init__(**fields)

    @hybrid_property
    def is_published(self) -> bool:
        """Approved by an official: the other participants may see it (through the publication filter)."""
        return self.status is CommentStatus.APPROVED

    @is_published.inplace.expression
    @classmethod
    def _is_published_expression(cls):
        return cls.status == CommentStatus.APPROVED

    def moderate(self, approve: bool, official_id: int | None, at: datetime) -> None:
        """Approve (shown to the participants) or reject (kept back); a later decision replaces an earlier one."""
        self.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
        self.moderated_at, self.moderated_by_id = at, official_id
