"""The actions of an actieprogramma: what the municipalities of a region do with the input they got.

An actieprogramma is a ``Document`` of kind ``action_programme``. Each action has a theme (whose
bestuurlijk duo steers it), a scope (a local task of one or more municipalities, or a regional
responsibility), an owner, a deadline and a status that moves only along ``ALLOWED_MOVES``. Every status
change and every progress note is a dated ``ActionUpdate``. An action links back to the input it came from
(``ActionSource``), so the people who gave that input hear what was done with it (terugkoppeling).
"""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.models import TransitionError
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.submission import HasSubmissionKey
from consult.documents.models import Document, Theme
from consult.extensions import db
from consult.organisations.models import Organisation

MAX_DESCRIPTION_LENGTH = 10_000
MAX_UPDATE_LENGTH = 5_000


class ActionScope(enum.Enum):
    LOCAL = "local"
    REGIONAL = "regional"


class ActionStatus(enum.Enum):
    PLANNED = "planned"
    RUNNING = "running"
    DELAYED = "delayed"
    DONE = "done"
    CANCELLED = "cancelled"


# Where a status may go next. Afgerond and vervallen are final: a new step is a new action.
ALLOWED_MOVES: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.RUNNING, ActionStatus.DELAYED, ActionStatus.CANCELLED}),
    ActionStatus.RUNNING: frozenset({ActionStatus.DELAYED, ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DELAYED: frozenset({ActionStatus.RUNNING, ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DONE: frozenset(),
    ActionStatus.CANCELLED: frozenset(),
}
FINISHED = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


def may_move(current: ActionStatus, new: ActionStatus) -> bool:
    """Whether an action in ``current`` may get status ``new``."""
    return new in ALLOWED_MOVES[current]


class ActionSourceKind(enum.Enum):
    """Where an action came from. A werkatelier outcome joins this list with its own column."""

    REACTION = "reaction"          # a reaction in a ter-inzage period (web, letter, e-mail, oral)
    ROUND_COMMENT = "round_comment"  # a partner's comment submitted in a feedbackronde
    ADVICE_POINT = "advice_point"  # a point of an adviesraad's formal advice
    OUTCOME = "outcome"  # an outcome of a werkatelier table (consult.outcomes)


action_municipalities = sa.Table(
    "action_municipalities",
    db.metadata,
    sa.Column("action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Action(HasSubmissionKey, db.Model):
    __tablename__ = "actions"
    # An id is never given again (SQLite would reuse a removed action's: old mail links opened a new action).
    __table_args__ = (sa.Index("ix_actions_programme_status_deadline", "programme_id", "status", "deadline"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    scope: Mapped[ActionScope] = mapped_column(enum_type(ActionScope))
    # The owner is an organisation, or else (None) the bestuurlijk duo of the action's theme.
    owner_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    deadline: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.PLANNED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The moment of the last change of status or text, for "what changed since the last meeting".
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programme: Mapped[Document] = relationship()
    theme: Mapped[Theme | None] = relationship()
    owner_organisation: Mapped[Organisation | None] = relationship()
    municipalities: Mapped[list[Organisation]] = relationship(secondary=action_municipalities,
                                                              order_by="Organisation.name")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.created_at.desc()")
    sources: Mapped[list[ActionSource]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionSource.id")

    def __init__(self, **fields):
        fields.setdefault("status", ActionStatus.PLANNED)
        super().__init__(**fields)

    @hybrid_property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @is_finished.inplace.expression
    @classmethod
    def _is_finished_expression(cls):
        return cls.status.in_([s.value for s in FINISHED])

    def is_late(self, today: date) -> bool:
        """Past its deadline (a date in Europe/Amsterdam) and neither done nor cancelled."""
        return self.deadline is not None and self.deadline < today and not self.is_finished

    @classmethod
    def late_clause(cls, today: date):
        """``is_late`` as SQL, for the same rule in a query."""
        return sa.and_(cls.deadline.is_not(None), cls.deadline < today, ~cls.is_finished)

    @property
    def allowed_statuses(self) -> list[ActionStatus]:
        return [s for s in ActionStatus if s in ALLOWED_MOVES[self.status]]

    def move_to(self, new: ActionStatus, at: datetime) -> ActionStatus:
        """Give the action status ``new``; returns the old one. Raises TransitionError for a move that
        ``ALLOWED_MOVES`` does not have (a finished action stays finished)."""
        if not may_move(self.status, new):
            raise TransitionError(f"an action cannot go from {self.status.value} to {new.value}")
        old, self.status, self.changed_at = self.status, new, at
        return old


class ActionUpdate(HasSubmissionKey, db.Model):
    """A dated progress note, and the status change it records, if any."""

    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status_from: Mapped[ActionStatus | None] = mapped_column(enum_type(ActionStatus))
    status_to: Mapped[ActionStatus | None] = mapped_column(enum_type(ActionStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    action: Mapped[Action] = relationship(back_populates="updates")
    created_by = relationship("User")


class ActionSource(db.Model):
    """The input an action came from, with a real foreign key per kind of input."""

    __tablename__ = "action_sources"
    __table_args__ = (
        sa.UniqueConstraint("action_id", "reaction_id"),
        sa.UniqueConstraint("action_id", "advice_point_id"),
        sa.UniqueConstraint("action_id", "outcome_id"),
        sa.CheckConstraint(
            "(kind IN ('reaction', 'round_comment') AND reaction_id IS NOT NULL AND advice_point_id IS NULL"
            " AND outcome_id IS NULL)"
            " OR (kind = 'advice_point' AND advice_point_id IS NOT NULL AND reaction_id IS NULL AND outcome_id IS NULL)"
            " OR (kind = 'outcome' AND outcome_id IS NOT NULL AND reaction_id IS NULL AND advice_point_id IS NULL)",
            name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActionSourceKind] = mapped_column(enum_type(ActionSourceKind))
    reaction_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    advice_point_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("advice_points.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_outcomes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="sources")
    reaction = relationship("Reaction")
    advice_point = relationship("AdvicePoint")
    outcome = relationship("WorkshopOutcome")

    @property
    def consultation(self):
        if self.reaction is not None:
            return self.reaction.consultation
        if self.outcome is not None:
            return self.outcome.workshop.consultation
        return self.advice_point.advice.consultation if self.advice_point is not None else None

    @property
    def reference(self) -> str:
        if self.reaction is not None:
            return self.reaction.reference
        if self.advice_point is not None:
            return f"{self.advice_point.advice.reference or ''} / {self.advice_point.number}"
        if self.outcome is not None:
            # The table and the start of the outcome: what the official recognises (the row id is no name).
            text = self.outcome.text if len(self.outcome.text) <= 60 else self.outcome.text[:59].rstrip() + "…"
            return f"{self.outcome.table.title}: “{text}”"
        return ""


class FeedbackEvent(enum.Enum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"


class FeedbackNotice(db.Model):
    """The sent-log of terugkoppeling: who was told what about which action, and the mail that went."""

    __tablename__ = "action_feedback_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(sa.ForeignKey("action_sources.id", ondelete="SET NULL"), index=True)
    event: Mapped[FeedbackEvent] = mapped_column(enum_type(FeedbackEvent))
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus))
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    locale: Mapped[str] = mapped_column(sa.String(8))
    outbox_message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship()
    source: Mapped[ActionSource | None] = relationship()
    outbox_message = relationship("OutboxMessage")


class FeedbackOptOut(db.Model):
    """An address that asked, through the link in a terugkoppeling mail, for no more of them."""

    __tablename__ = "action_feedback_opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
