"""A feedbackronde: a consultation of kind partner_round, the organisations invited to it, and each
organisation's shared draft until one of its people submits it as reactions."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from consult.advice.models import Advice
from consult.consultations.models import Consultation, State
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.submission import HasSubmissionKey
from consult.extensions import db
from consult.organisations.models import Organisation

# The same limits as a reaction's, so every draft comment fits the reaction it becomes.
MAX_COMMENT_LENGTH = 20_000
MAX_QUOTE_LENGTH = 2_000
MAX_REASON_LENGTH = 500
# Reminder moments, in whole days before an organisation's deadline, unless the round says otherwise.
DEFAULT_REMINDER_DAYS = (7, 2)
MAX_REMINDER_DAYS = 60
MAX_QUESTION_LENGTH = 500


class FeedbackRound(db.Model):
    """The round's own settings; its period (deadline included) is the consultation's."""

    __tablename__ = "feedback_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    # Whether invited organisations see the (moderated, published) comments of the others during the round.
    partners_see_each_other: Mapped[bool] = mapped_column(default=False)
    # Days before each organisation's deadline on which the worker reminds those who have not submitted.
    reminder_days: Mapped[list[int]] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_REMINDER_DAYS))
    # Whether an invited organisation may reply to another's published comment (only while they see
    # each other's comments: ``replies_open``).
    allows_replies: Mapped[bool] = mapped_column(default=False)
    # Whether the round and its published comments become public once it is over and an official says so.
    is_public_afterwards: Mapped[bool] = mapped_column(default=False)
    made_public_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    made_public_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    invitations: Mapped[list[RoundInvitation]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundInvitation.id")
    questions: Mapped[list[GuidingQuestion]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="GuidingQuestion.position")

    @property
    def deadline(self) -> datetime | None:
        return self.consultation.closes_at

    @property
    def replies_open(self) -> bool:
        """Organisations reply to each other only where the round allows it and they see each other's
        published comments (a reply to something one cannot see makes no sense)."""
        return self.allows_replies and self.partners_see_each_other

    @property
    def last_deadline(self) -> datetime | None:
        """The latest deadline of the round: its own, or a later one given to one organisation."""
        overrides = [i.deadline_override for i in self.invitations if i.deadline_override is not None]
        if self.deadline is None:
            return None
        return max([self.deadline, *overrides])

    def may_be_made_public(self, at: datetime) -> bool:
        """The round's setting says it becomes public afterwards, it was published (not a concept) and
        every organisation's deadline has passed at ``at`` (UTC)."""
        last = self.last_deadline
        return (self.is_public_afterwards and self.made_public_at is None
                and self.consultation.state is not State.DRAFT and last is not None and at >= last)

    @property
    def is_public(self) -> bool:
        """Anyone may read the round and its published comments (``may_show`` still decides each one)."""
        return self.is_public_afterwards and self.made_public_at is not None

    def make_public(self, official_id: int, at: datetime) -> None:
        """Open the round's public page. Raises NotYetPublic before the last deadline, for a concept,
        or when the round's setting keeps it closed."""
        if not self.may_be_made_public(at):
            raise NotYetPublic(self.id)
        self.made_public_at, self.made_public_by_id = at, official_id


class NotYetPublic(ValueError):
    """The round cannot be made public (yet): see ``FeedbackRound.may_be_made_public``."""


class RoundInvitation(db.Model):
    """One invited organisation: when it was invited, first opened the round, and last submitted."""

    __tablename__ = "round_invitations"
    __table_args__ = (sa.UniqueConstraint("round_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_rounds.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A later deadline for this organisation alone, with the reason (set through ``extend_deadline``).
    deadline_override: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_reason: Mapped[str] = mapped_column(sa.String(MAX_REASON_LENGTH), default="")

    round: Mapped[FeedbackRound] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    drafts: Mapped[list[DraftComment]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="DraftComment.id")
    reminders: Mapped[list[RoundReminder]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="RoundReminder.sent_at")

    @property
    def deadline(self) -> datetime | None:
        return self.deadline_override or self.round.deadline

    @hybrid_property
    def has_responded(self) -> bool:
        """The one rule for "has reacted to the invitation": the organisation submitted its comments, or
        (an adviesraad) submitted its formal advice on the round's consultation. Progress, reminders, the
        export and "Mijn organisatie" all ask this; ``advised_at`` comes with every invitation loaded."""
        return self.submitted_at is not None or self.advised_at is not None

    @has_responded.inplace.expression
    @classmethod
    def _has_responded_expression(cls):
        return sa.or_(cls.submitted_at.is_not(None), cls.advised_at.is_not(None))

    @property
    def submitted_late(self) -> bool:
        """Submitted (or given a late comment by an official) after this organisation's deadline."""
        return self.submitted_at is not None and self.deadline is not None and self.submitted_at >= self.deadline

    def is_past_deadline(self, at: datetime) -> bool:
        return self.deadline is not None and at >= self.deadline

    def due_reminder(self, days: list[int], at: datetime) -> int | None:
        """The reminder moment (days before this organisation's deadline) that is due at ``at``, or None.

        Only the closest moment that has passed counts: an organisation invited three days before the
        deadline gets the 2-day reminder, not the 7-day one as well; a moment that passed before the
        organisation was invited is skipped. Nobody who submitted is reminded, nor anyone after the
        deadline or before the round opens. Whether it was sent already is the data's to say
        (``RoundReminder``'s unique claim)."""
        consultation = self.round.consultation
        if (self.has_responded or self.deadline is None or consultation.state is not State.PUBLISHED
                or consultation.opens_at is None or at < consultation.opens_at or at >= self.deadline):
            return None
        passed = [d for d in days if self.deadline - timedelta(days=d) <= at]
        if not passed:
            return None
        closest = min(passed)
        return closest if self.invited_at < self.deadline - timedelta(days=closest) else None

    def accepts_comments(self, at: datetime) -> bool:
        """Partners add and submit from the round's opening until this organisation's deadline, while
        the round is published (not a concept, not yet processed)."""
        consultation = self.round.consultation
        return (consultation.state is State.PUBLISHED and consultation.opens_at is not None
                and self.deadline is not None and consultation.opens_at <= at < self.deadline)


# When the organisation submitted its formal advice on the round's consultation (None: no advice given).
RoundInvitation.advised_at = column_property(
    sa.select(Advice.submitted_at)
    .join(FeedbackRound, FeedbackRound.consultation_id == Advice.consultation_id)
    .where(FeedbackRound.id == RoundInvitation.round_id, Advice.organisation_id == RoundInvitation.organisation_id,
           Advice.submitted_at.is_not(None))
    .correlate_except(Advice, FeedbackRound).limit(1).scalar_subquery(),
    deferred=False)


class GuidingQuestion(db.Model):
    """A question the official asks the partners, about one section or (``section_id`` None) the whole
    draft. Partners may answer it with a comment tied to it; the workbench shows the question."""

    __tablename__ = "guiding_questions"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_rounds.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(MAX_QUESTION_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[FeedbackRound] = relationship(back_populates="questions")
    section = relationship("Section")


class QuestionReaction(db.Model):
    """A submitted comment that answers a guiding question: the draft's tie to the question, kept after
    submission (the reactions table stays as it is: a feature of rounds lives in rounds)."""

    __tablename__ = "question_reactions"

    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("guiding_questions.id", ondelete="CASCADE"), index=True)

    question: Mapped[GuidingQuestion] = relationship()


class ReplyReaction(db.Model):
    """A submitted comment of one organisation that replies to another organisation's published comment
    in the same round. The reply is a reaction like any other: moderated in the workbench and shown only
    where ``publication.may_show`` allows."""

    __tablename__ = "reply_reactions"

    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), primary_key=True)
    replies_to_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)

    reaction = relationship("Reaction", foreign_keys=[reaction_id])
    replies_to = relationship("Reaction", foreign_keys=[replies_to_id])


class DraftComment(HasSubmissionKey, db.Model):
    """A comment in an organisation's shared draft: any colleague may change it; on submission it
    becomes a Reaction and the draft row goes."""

    __tablename__ = "draft_comments"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("round_invitations.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id", ondelete="SET NULL"))
    # The guiding question this comment answers, if any; it goes with the comment on submission.
    question_id: Mapped[int | None] = mapped_column(sa.ForeignKey("guiding_questions.id", ondelete="SET NULL"))
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invitation: Mapped[RoundInvitation] = relationship(back_populates="drafts")
    section = relationship("Section")
    question = relationship("GuidingQuestion")
    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])


class ReminderKind(enum.Enum):
    AUTOMATIC = "automatic"  # sent by the worker at one of the round's reminder moments
    MANUAL = "manual"  # an official pressed "Stuur herinnering"


class RoundReminder(db.Model):
    """A reminder sent to an invited organisation's people.

    An automatic reminder is also the worker's claim: the unique (invitation, days before, deadline)
    lets exactly one worker insert it, and the mails are queued in the same transaction. A later
    deadline for the organisation gets reminders of its own. Manual reminders leave both empty (NULLs
    never collide), so an official may send as many as needed."""

    __tablename__ = "round_reminders"
    __table_args__ = (sa.UniqueConstraint("invitation_id", "days_before", "deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("round_invitations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_type(ReminderKind))
    days_before: Mapped[int | None] = mapped_column()
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None for the worker's reminders.
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # How many people got the mail.
    recipients: Mapped[int] = mapped_column(default=0)

    invitation: Mapped[RoundInvitation] = relationship(back_populates="reminders")
    sent_by = relationship("User")
class CommentVersion(db.Model):
    """Every text a submitted comment of an organisation has had. The first change of a comment keeps
    the text as submitted (number 1) and the new one (2); each later change adds the next number, so
    the official sees who changed what and when. The reaction itself holds the newest text."""

    __tablename__ = "comment_versions"
    __table_args__ = (sa.UniqueConstraint("reaction_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    written_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)

    reaction = relationship("Reaction")
    written_by = relationship("User")
