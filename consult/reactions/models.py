from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.models import Consultation, Procedure, SectionCount
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db
from consult.organisations.models import OrganisationKind


class Channel(enum.Enum):
    WEB = "web"
    EMAIL = "email"
    LETTER = "letter"
    ORAL = "oral"  # in person or by phone, written down in a verslag
    PARTNER_ROUND = "partner_round"  # submitted by an invited organisation in a feedbackronde


class ReactionStatus(enum.Enum):
    UNCONFIRMED = "unconfirmed"  # waits for the author to follow the e-mail link
    PENDING = "pending"  # counts; waits for moderation
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Confirmed and not withdrawn: part of the consultation's input (Awb 3:15: every zienswijze is considered).
COUNTED_STATUSES = (ReactionStatus.PENDING, ReactionStatus.APPROVED, ReactionStatus.REJECTED)


class Action(enum.Enum):
    """Every move a reaction can make. ``Reaction.can`` says which ones its state allows."""

    CONFIRM = "confirm"  # the author followed the e-mail link
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    CHANGE = "change"  # the author changes text or publication choice
    HIDE = "hide"  # hidden after reports, until an official decides
    SHOW_AGAIN = "show_again"
    REDACT = "redact"  # an official sets the text to publish
    RECONSIDER = "reconsider"  # the author asks once to look again at a rejection or redaction
    DECIDE_LATE = "decide_late"  # an official records whether a late zienswijze is still considered


_ALLOWED_FROM: dict[Action, tuple[ReactionStatus, ...]] = {
    # From a counted state only while the address is unconfirmed (see ``counts_on_receipt``).
    Action.CONFIRM: (ReactionStatus.UNCONFIRMED, *COUNTED_STATUSES),
    Action.APPROVE: (ReactionStatus.PENDING, ReactionStatus.REJECTED),
    Action.REJECT: (ReactionStatus.PENDING, ReactionStatus.APPROVED),
    Action.WITHDRAW: (ReactionStatus.UNCONFIRMED, *COUNTED_STATUSES),
    Action.CHANGE: COUNTED_STATUSES,
    Action.HIDE: (ReactionStatus.APPROVED,),
    Action.SHOW_AGAIN: COUNTED_STATUSES,
    Action.REDACT: COUNTED_STATUSES,
    Action.RECONSIDER: COUNTED_STATUSES,
    Action.DECIDE_LATE: COUNTED_STATUSES,
}


def counts_on_receipt(consultation: Consultation) -> bool:
    """Whether an online reaction counts the moment it is received, before its author confirms the
    e-mail address. True in an afdeling 3.4 Awb procedure: a zienswijze is given when it is received
    (Awb 2:17 and 3:15), so the e-mail check may hold back its publication, never its counting. Other
    procedures count a web reaction only once it is confirmed."""
    return consultation.procedure is Procedure.AWB_UNIFORM


def on_public_task(consultation: Consultation) -> bool:
    """Whether personal data in reactions is handled for a task the law gives the municipality (AVG art.
    6(1)(e)): an afdeling 3.4 Awb procedure or one under the inspraakverordening. There the form informs
    and asks no consent, which could not be refused without giving up the right to react."""
    return consultation.procedure in (Procedure.AWB_UNIFORM, Procedure.ORDINANCE)


class TransitionNotAllowed(ValueError):
    """A move the reaction's current state does not allow, e.g. showing again what is not hidden."""

    def __init__(self, action: Action, status: ReactionStatus):
        super().__init__(f"{action.value} is not allowed on a reaction that is {status.value}")
        self.action, self.status = action, status


class Publication(enum.Enum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    NOT_PUBLISHED = "not_published"


def count_co_signers(text: str) -> int:
    """Each co-signer is on a line of their own; empty lines do not count."""
    return len([line for line in text.splitlines() if line.strip()])


# Besides status = approved, what ``Reaction.is_published`` asks, as the query renders it with the values
# written out (``queries.published_condition``): SQLite uses a partial index only for the very same terms.
PUBLISHED_ONLY = "publication != 'not_published' AND is_hidden IS {false} AND is_awaiting_confirmation IS {false}"
# Sent on behalf of an organisation: the queries that want these say the very same term (moderation.queries).
NAMED_ORGANISATION = "organisation_name != ''"


class Reaction(db.Model):
    __tablename__ = "reactions"
    # One index per workbench filter, each led by the consultation, so that filtering and counting
    # read an index range instead of every reaction (see bench/RESULTS.md).
    __table_args__ = (
        sa.Index("ix_reactions_consultation_status_submitted", "consultation_id", "status", "submitted_at"),
        sa.Index("ix_reactions_section_status_submitted", "section_id", "status", "submitted_at"),
        sa.Index("ix_reactions_consultation_submitted", "consultation_id", "submitted_at"),
        sa.Index("ix_reactions_consultation_channel", "consultation_id", "channel"),
        sa.Index("ix_reactions_consultation_org_kind", "consultation_id", "organisation_kind"),
        # Only reactions sent on behalf of an organisation (about one in ten): the queue's organisation
        # list groups these on every view, which over all reactions took 10 ms at 100,000 (issue 15).
        sa.Index("ix_reactions_consultation_named_org", "consultation_id", "organisation_name",
                 sqlite_where=sa.text(NAMED_ORGANISATION), postgresql_where=sa.text(NAMED_ORGANISATION)),
        sa.Index("ix_reactions_consultation_late", "consultation_id", "is_late"),
        sa.Index("ix_reactions_consultation_answered", "consultation_id", "is_answered", "status", "assigned_to_id"),
        # The public list pages through published reactions by number: covering indexes of only those,
        # so skipping to page 3,000 walks index entries, never rows (``reactions.queries``).
        *(sa.Index(f"ix_reactions_{lead}_published", lead, "status", "submitted_at", "id",
                   sqlite_where=sa.text(PUBLISHED_ONLY.format(false="0")),
                   postgresql_where=sa.text(PUBLISHED_ONLY.format(false="false")))
          for lead in ("consultation_id", "section_id")),
        # A removed (purged) reaction's id is never given again: an old link must not open another reaction.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"))
    document_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document_versions.id"))
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"))
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel), default=Channel.WEB)
    status: Mapped[ReactionStatus] = mapped_column(enum_type(ReactionStatus))
    publication: Mapped[Publication] = mapped_column(enum_type(Publication))
    author_name: Mapped[str] = mapped_column(sa.String(200))
    author_email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    author_place: Mapped[str] = mapped_column(sa.String(120), default="")
    author_address: Mapped[str] = mapped_column(sa.Text, default="")
    # The language the sender wrote in on the site; later mails (the decision) go out in it.
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # On behalf of an organisation: a known one, or a name and kind typed by the author.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_kind: Mapped[OrganisationKind | None] = mapped_column(enum_type(OrganisationKind))
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    is_late: Mapped[bool] = mapped_column(default=False)
    # For a late one: whether the municipality still considers it (None: not decided yet), and why.
    is_late_considered: Mapped[bool | None]
    late_decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    late_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("answers.id", ondelete="SET NULL"), index=True)
    # Answered as a whole, or every one of its points answered; kept by the answer services.
    is_answered: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    postmarked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One letter signed by many: each signatory on a line; they all count.
    co_signers: Mapped[str] = mapped_column(sa.Text, default="")
    # Kept apart from the names, so the count survives when the names are removed.
    co_signer_count: Mapped[int] = mapped_column(default=0)
    # The form's one-time token: a double click on submit finds the reaction already made.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counted on receipt (``counts_on_receipt``) while the author has not yet confirmed the address:
    # nothing of it is published until they do.
    is_awaiting_confirmation: Mapped[bool] = mapped_column(default=False)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    rejection_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    # What the website shows when a moderator redacted the text; the original stays in ``body``.
    public_body: Mapped[str | None] = mapped_column(sa.Text)
    # Hidden from the public after enough reports from visitors, until an official decides.
    is_hidden: Mapped[bool] = mapped_column(default=False)
    # The author may ask once to look again at a rejection or redaction.
    reconsideration_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reaction_groups.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when the author's personal data was removed (retention period ended, or on request).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation = relationship("Consultation")
    section = relationship("Section")
    answer = relationship("Answer", back_populates="reactions")

    codes = relationship("Code", secondary="reaction_codes", order_by="Code.position")
    points = relationship("Point", back_populates="reaction", order_by="Point.number", cascade="all, delete-orphan")
    group = relationship("ReactionGroup", back_populates="reactions")
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    account = relationship("User", foreign_keys=[user_id], viewonly=True)

    # The verslag of an oral zienswijze (consult.oral_reports), with the indiener's answer.
    oral_report = relationship("OralReport", back_populates="reaction", uselist=False, cascade="all, delete-orphan")

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="reaction", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def author_locale(self) -> str | None:
        """The language to write to the author in: the one they reacted in, else their account's
        (None: the site's default, see ``consult.core.i18n.reader_locale``)."""
        return self.locale or (self.account.locale if self.user_id and self.account else None)

    @property
    def shown_body(self) -> str:
        """The text the public sees: the redacted version when there is one."""
        return self.public_body if self.public_body is not None else self.body

    @property
    def signatory_count(self) -> int:
        return 1 + self.co_signer_count

    @hybrid_property
    def is_counted(self) -> bool:
        """Confirmed and not withdrawn: part of the consultation's input, whether published or not."""
        return self.status in COUNTED_STATUSES

    @is_counted.inplace.expression
    @classmethod
    def _is_counted_expression(cls):
        return cls.status.in_(COUNTED_STATUSES)

    @hybrid_property
    def is_published(self) -> bool:
        """Approved, meant for publication by its author, its address confirmed, and not hidden after reports."""
        return (self.status is ReactionStatus.APPROVED and self.publication is not Publication.NOT_PUBLISHED
                and not self.is_hidden and not self.is_awaiting_confirmation)

    @property
    def shown_publicly(self) -> bool:
        """For ``pagecache.tracking``: a new reaction moves the public version only when it is published
        at once; one that waits for its address check or for moderation is on no public page yet."""
        return self.is_published

    @is_published.inplace.expression
    @classmethod
    def _is_published_expression(cls):
        return sa.and_(cls.status == ReactionStatus.APPROVED, cls.publication != Publication.NOT_PUBLISHED,
                       cls.is_hidden.is_(False), cls.is_awaiting_confirmation.is_(False))

    # The lifecycle. Each move checks ``can`` first and raises TransitionNotAllowed otherwise; every
    # stored counter follows from the difference before and after the move (``_moving_counters``).

    def can(self, action: Action) -> bool:
        """Whether the reaction's state allows ``action`` now. Time rules (is the period open?) are the
        consultation's; this answers for the reaction alone."""
        if self.status not in _ALLOWED_FROM[action]:
            return False
        if action is Action.CONFIRM:
            return self.status is ReactionStatus.UNCONFIRMED or bool(self.is_awaiting_confirmation)
        if action is Action.DECIDE_LATE:
            return bool(self.is_late)
        if action is Action.HIDE:
            return not self.is_hidden
        if action is Action.SHOW_AGAIN:
            return self.is_hidden
        if action is Action.RECONSIDER:
            return self.reconsideration_requested_at is None and (
                self.status is ReactionStatus.REJECTED or self.public_body is not None)
        return True

    def ensure_can(self, action: Action) -> None:
        """Raises TransitionNotAllowed when the state does not allow ``action``."""
        if not self.can(action):
            raise TransitionNotAllowed(action, self.status)

    def confirm(self, at: datetime) -> None:
        """The author confirmed the address: an unconfirmed reaction starts to count; one counted on
        receipt may now be published."""
        self.ensure_can(Action.CONFIRM)
        with self._moving_counters():
            if self.status is ReactionStatus.UNCONFIRMED:
                self.status = ReactionStatus.PENDING
            self.confirmed_at, self.is_awaiting_confirmation = at, False

    def count_on_entry(self) -> None:
        """A reaction an official enters counts at once: add it to the counters (a new row only)."""
        with self._moving_counters(before=(False, False)):
            pass

    def approve(self, official_id: int, at: datetime) -> None:
        self.ensure_can(Action.APPROVE)
        with self._moving_counters():
            self.status = ReactionStatus.APPROVED
            self.moderated_at, self.moderated_by_id = at, official_id

    def reject(self, official_id: int, at: datetime, reason: str) -> None:
        self.ensure_can(Action.REJECT)
        with self._moving_counters():
            self.status, self.rejection_reason = ReactionStatus.REJECTED, reason
            self.moderated_at, self.moderated_by_id = at, official_id

    def withdraw(self) -> None:
        self.ensure_can(Action.WITHDRAW)
        with self._moving_counters():
            self.status = ReactionStatus.WITHDRAWN

    def change(self, body: str, publication: Publication) -> None:
        """The author's new text goes back to moderation; a redaction of the old text no longer fits it."""
        self.ensure_can(Action.CHANGE)
        with self._moving_counters():
            if body != self.body:
                self.public_body = None
            self.body, self.publication = body, publication
            if self.status is ReactionStatus.APPROVED:
                self.status = ReactionStatus.PENDING

    def hide(self) -> None:
        self.ensure_can(Action.HIDE)
        with self._moving_counters():
            self.is_hidden = True

    def show_again(self) -> None:
        self.ensure_can(Action.SHOW_AGAIN)
        with self._moving_counters():
            self.is_hidden = False

    def redact(self, public_text: str) -> None:
        """The text to publish; the same text as sent means no redaction."""
        self.ensure_can(Action.REDACT)
        self.public_body = None if public_text == self.body else public_text

    def decide_on_late(self, considered: bool, reason: str, official_id: int | None, at: datetime) -> None:
        """Record whether a late zienswijze is still considered, and why. It stays counted either way: it
        was received, and the reactienota says what was done with it. May be decided again."""
        self.ensure_can(Action.DECIDE_LATE)
        self.is_late_considered, self.late_decision_reason = considered, reason
        self.late_decided_at, self.late_decided_by_id = at, official_id

    def request_reconsideration(self, at: datetime) -> None:
        self.ensure_can(Action.RECONSIDER)
        with self._moving_counters():
            self.reconsideration_requested_at = at
            self.status = ReactionStatus.PENDING

    @contextmanager
    def _moving_counters(self, before: tuple[bool, bool] | None = None) -> Iterator[None]:
        """Move the consultation's stored counters by the difference the block made: the one place
        counters change, so they cannot drift from the rows."""
        counted_before, published_before = before or (self.is_counted, self.is_published)
        yield
        shift_counters(self, counted=int(self.is_counted) - int(counted_before),
                       published=int(self.is_published) - int(published_before))


def shift_counters(reaction: Reaction, counted: int = 0, published: int = 0) -> None:
    """Add ``counted`` and ``published`` (each -1, 0 or +1) to the consultation's counters and to the
    per-section count of this consultation. UPDATE … + n, so concurrent requests do not lose a count."""
    if counted or published:
        db.session.execute(
            sa.update(Consultation).where(Consultation.id == reaction.consultation_id).values(
                reaction_count=Consultation.reaction_count + counted,
                published_reaction_count=Consultation.published_reaction_count + published))
        db.session.expire(reaction.consultation, ["reaction_count", "published_reaction_count"])
    if published and reaction.section_id:
        insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        db.session.execute(
            insert(SectionCount)
            .values(consultation_id=reaction.consultation_id, section_id=reaction.section_id,
                    published_reaction_count=published)
            .on_conflict_do_update(
                index_elements=["consultation_id", "section_id"],
                set_={"published_reaction_count": SectionCount.published_reaction_count + published}))


class Attachment(db.Model):
    """A file sent with a reaction. Stored outside the web root under a random name."""

    __tablename__ = "attachments"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reaction: Mapped[Reaction] = relationship(back_populates="attachments")


class ReactionReport(db.Model):
    """A visitor's report that a published reaction breaks the house rules."""

    __tablename__ = "reaction_reports"
    __table_args__ = (sa.UniqueConstraint("reaction_id", "reporter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reaction_id: Mapped[int] = mapped_column(sa.ForeignKey("reactions.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(40))
    # A keyed hash of the reporter's address: one report per person counts, and no address is kept.
    reporter_key: Mapped[str] = mapped_column(sa.String(64))
    # Made by a signed-in account (counted per account), not by an anonymous visitor (counted per address).
    by_account: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
