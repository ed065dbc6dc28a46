"""A werkatelier: a meeting with tables (themes), one or more sessions and registrations for them.

A werkatelier rests on a consultation of kind WORKSHOP, which gives it its title, slug, owner,
introduction and lifecycle: the consultation's period is the registration period (it closes at the
registration deadline). Times are stored in UTC and shown in Europe/Amsterdam.
"""
from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.models import Consultation, State
from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.i18n import AMSTERDAM
from consult.core.submission import HasSubmissionKey
from consult.extensions import db
from consult.organisations.models import Organisation

MAX_CAPACITY = 10_000
# Someone registering without an account confirms their address with the link in the mail; until then their
# place (or place on the waiting list) is held this long, and never past this long before the session, so a
# place freed still reaches the waiting list in time. Registering later than that gives CONFIRM_AT_LEAST.
CONFIRM_WITHIN = timedelta(hours=24)
CONFIRM_AT_LEAST = timedelta(hours=2)
# Cards are written at the session: from an hour before its start (people arriving early, a facilitator
# trying the link) until the end of its day in Amsterdam (writing up at home that evening), not weeks
# before or after.
CARDS_OPEN_BEFORE = timedelta(hours=1)
# The reminder goes out the day before: a session starting within this long gets it (consult.workshops.reminders).
REMIND_BEFORE = timedelta(days=1)


def confirmation_deadline(at: datetime, starts_at: datetime) -> datetime:
    """Until when an unconfirmed registration made at ``at`` holds its place: 24 hours, or until 24 hours
    before the session if that is sooner, but at least 2 hours and never past the start (tester F17)."""
    return min(max(min(at + CONFIRM_WITHIN, starts_at - CONFIRM_WITHIN), at + CONFIRM_AT_LEAST), starts_at)


class SessionHasStarted(Exception):
    """A registration's place cannot change once its session has started: who came is then the official's
    record (the attendance), and the verslag follows from it."""


class WorkshopAudience(enum.Enum):
    PUBLIC = "public"  # anyone may register
    INVITED = "invited"  # members of the invited organisations only
    BOTH = "both"  # anyone; invited organisations are asked in person as well


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"  # on the waiting list: gets the first place that comes free
    CANCELLED = "cancelled"


workshop_invitations = sa.Table(
    "workshop_invitations", db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)

registration_tables = sa.Table(
    "workshop_registration_tables", db.metadata,
    sa.Column("registration_id", sa.ForeignKey("workshop_registrations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("table_id", sa.ForeignKey("workshop_tables.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(db.Model):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    audience: Mapped[WorkshopAudience] = mapped_column(enum_type(WorkshopAudience), default=WorkshopAudience.PUBLIC)
    accessibility: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop", order_by="WorkshopSession.starts_at", cascade="all, delete-orphan")
    tables: Mapped[list[WorkshopTable]] = relationship(
        back_populates="workshop", order_by="WorkshopTable.position", cascade="all, delete-orphan")
    invited: Mapped[list[Organisation]] = relationship(secondary=workshop_invitations, order_by="Organisation.name")

    @property
    def title(self) -> str:
        return self.consultation.title

    @property
    def slug(self) -> str:
        return self.consultation.slug

    @property
    def registration_deadline(self) -> datetime | None:
        return self.consultation.closes_at

    @property
    def is_published(self) -> bool:
        return self.consultation.state is not State.DRAFT

    @property
    def is_public(self) -> bool:
        return self.audience in (WorkshopAudience.PUBLIC, WorkshopAudience.BOTH)

    def takes_registrations(self, at: datetime) -> bool:
        """Published, and before the registration deadline (which is the consultation's closing moment)."""
        return self.is_published and self.registration_deadline is not None and at < self.registration_deadline

    def has_places_open(self, at: datetime) -> bool:
        """Takes registrations, and a session still to come has a free place (not only the waiting list)."""
        return self.takes_registrations(at) and any(not s.has_started(at) and not s.is_full for s in self.sessions)

    def latest_held_session(self, at: datetime) -> WorkshopSession | None:
        """The last session that has started by ``at``; before the first has, the first (None: no sessions).
        Its cards are the ones an official reads first."""
        held = [s for s in self.sessions if s.has_started(at)]
        return held[-1] if held else next(iter(self.sessions), None)

    def __repr__(self) -> str:
        return f"<Workshop {self.consultation_id}>"


class WorkshopSession(db.Model):
    """One meeting of a werkatelier: at a place, online, or both, for at most ``capacity`` people.

    ``confirmed_count`` is raised only by a conditional UPDATE (``… WHERE confirmed_count < capacity``),
    so the database itself guarantees that no more people get a place than there are."""

    __tablename__ = "workshop_sessions"
    __table_args__ = (
        sa.CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    route: Mapped[str] = mapped_column(sa.Text, default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    capacity: Mapped[int]
    confirmed_count: Mapped[int] = mapped_column(default=0)
    # Set by the one worker that claims the reminder the day before; nobody sends it twice.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when officials mark who came: from then on only those present vote and react on the verslag.
    attendance_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")

    @hybrid_method
    def has_started(self, at: datetime) -> bool:
        """From its start on, a session takes no registrations, cancellations or moves up the waiting list;
        the same rule in Python and in SQL (the reminders ask it in a query)."""
        return self.starts_at <= at

    def attendance_open(self, at: datetime) -> bool:
        """Who came can be saved from the start on: saved before, it would mark everyone absent, and the
        absent may not vote on the verslag (tester finding). Derived from ``starts_at`` at use, so moving
        the session moves it."""
        return self.has_started(at)

    @hybrid_method
    def reminder_due(self, at: datetime) -> bool:
        """Not reminded yet, not started, and starting within REMIND_BEFORE of ``at``: the worker mails the
        reminder now. The same rule in Python and in SQL (the worker asks it in a query)."""
        return self.reminder_sent_at is None and not self.has_started(at) and self.has_started(at + REMIND_BEFORE)

    @reminder_due.expression
    def reminder_due(cls, at: datetime):  # noqa: N805  (a class-level expression)
        return sa.and_(cls.reminder_sent_at.is_(None), ~cls.has_started(at), cls.has_started(at + REMIND_BEFORE))

    @property
    def cards_open_from(self) -> datetime:
        """From when (UTC) people with a place add cards: CARDS_OPEN_BEFORE before the start."""
        return self.starts_at - CARDS_OPEN_BEFORE

    @property
    def cards_open_until(self) -> datetime:
        """Until when (UTC) cards are added: midnight in Amsterdam after the day the session ends."""
        day = self.ends_at.astimezone(AMSTERDAM).date() + timedelta(days=1)
        return datetime.combine(day, time(), tzinfo=AMSTERDAM).astimezone(UTC)

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def has_place(self) -> bool:
        return bool(self.place or self.address)


class WorkshopTable(db.Model):
    """A theme discussed at one table, led by a facilitator (gespreksleider)."""

    __tablename__ = "workshop_tables"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    facilitator: Mapped[str] = mapped_column(sa.String(200), default="")
    # The facilitator's choice: the others at the table see the cards with or without the writer's name.
    shows_names: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    workshop: Mapped[Workshop] = relationship(back_populates="tables")


class CardKind(enum.Enum):
    PROBLEM = "problem"  # knelpunt
    IDEA = "idea"  # idee
    ACTION = "action"  # actie


MAX_CARD_TEXT = 1000


class InputCard(HasSubmissionKey, db.Model):
    """A participant's input at a table during the werkatelier: a knelpunt, an idee or an actie."""

    __tablename__ = "workshop_input_cards"
    __table_args__ = (sa.Index("ix_workshop_input_cards_table", "table_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_tables.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_registrations.id", ondelete="SET NULL"), index=True)
    kind: Mapped[CardKind] = mapped_column(enum_type(CardKind))
    text: Mapped[str] = mapped_column(sa.String(MAX_CARD_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What the writer was told when writing it: their name is shown with the card only if the table showed
    # names then. Switching names on later shows none on cards written before (cards from before this
    # column: hidden).
    written_with_name: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    registration: Mapped[Registration | None] = relationship()

    def shows_name(self, table: WorkshopTable) -> bool:
        """Whether the others at ``table`` see the writer's name: the writer was told so when writing, the
        table shows names now, and the registration still has a name (not anonymised)."""
        return (self.written_with_name and table.shows_names and self.registration is not None
                and bool(self.registration.name))


def new_link_nonce() -> str:
    return secrets.token_urlsafe(24)


def link_digest(registration_id: int, nonce: str) -> str:
    """HMAC-SHA256 with SECRET_KEY of a registration's id and nonce, 32 hex characters (128 bits)."""
    message = f"workshop-registration:{registration_id}:{nonce}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:32]


class Registration(db.Model):
    """A person's place (or place on the waiting list) in one session. Their personal links (cancel,
    confirm the address, cards, verslag) carry ``token``."""

    __tablename__ = "workshop_registrations"
    __table_args__ = (sa.Index("ix_workshop_registrations_session_status", "session_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_type(RegistrationStatus))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[str] = mapped_column(sa.String(200), default="")
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    # Only with SECRET_KEY does it make a link (``token``): a copy of the database alone opens no one's
    # registration. A new nonce ends every link sent before (anonymising does that).
    nonce: Mapped[str] = mapped_column("token", sa.String(64), unique=True, default=new_link_nonce)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended: Mapped[bool] = mapped_column(default=False)
    # The address is confirmed by the link in the mail, or at once for someone signed in with it; until
    # ``confirm_by`` an unconfirmed registration holds its place, then the worker frees it.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirm_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the personal data was removed (purge after the werkatelier, or erasure).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[WorkshopSession] = relationship(lazy="joined")
    tables: Mapped[list[WorkshopTable]] = relationship(secondary=registration_tables, order_by="WorkshopTable.position")

    @property
    def token(self) -> str:
        """What a personal link carries: ``<id>.<link_digest>``. Read back by ``queries.registration_by_token``."""
        return f"{self.id}.{link_digest(self.id, self.nonce)}"

    @property
    def is_active(self) -> bool:
        return self.status is not RegistrationStatus.CANCELLED

    @property
    def is_email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def confirm_email(self, at: datetime) -> bool:
        """The link in the mail was opened: the place is kept. False (nothing changes) when it was confirmed
        already, or the registration is no longer active (cancelled, or freed for not confirming in time)."""
        if self.is_email_confirmed or not self.is_active:
            return False
        self.email_confirmed_at, self.confirm_by = at, None
        return True

    @hybrid_method
    def has_lapsed(self, at: datetime) -> bool:
        """Active, never confirmed, and its time to confirm is over: the worker frees it."""
        return self.is_active and not self.is_email_confirmed and self.confirm_by is not None and self.confirm_by <= at

    @has_lapsed.expression
    def has_lapsed(cls, at: datetime):  # noqa: N805  (a class-level expression)
        return sa.and_(cls.status != RegistrationStatus.CANCELLED, cls.email_confirmed_at.is_(None),
                       cls.confirm_by.is_not(None), cls.confirm_by <= at)

    @property
    def lapsed_unconfirmed(self) -> bool:
        """Cancelled by the worker because the address was not confirmed in time (``has_lapsed``), not by the
        person: the only two ways a registration ends."""
        return (self.status is RegistrationStatus.CANCELLED and not self.is_email_confirmed
                and self.confirm_by is not None and self.cancelled_at is not None and self.cancelled_at >= self.confirm_by)

    def can_cancel(self, at: datetime) -> bool:
        """A place or a place on the waiting list can be given up until the session starts; afterwards the
        cancel link changes nothing (tester F16: it removed someone marked present)."""
        return self.is_active and not self.session.has_started(at)

    def took_part(self, at: datetime) -> bool:
        """Was in the session the verslag is about: had a place in a session that has begun by ``at`` (UTC),
        was not anonymised, and, when officials marked who came, was marked present. A place in a session
        still to come, or on the waiting list, is not taking part (yet)."""
        if self.status is not RegistrationStatus.CONFIRMED or self.anonymised_at is not None or not self.session.has_started(at):
            return False
        return self.attended or self.session.attendance_marked_at is None

    def recompute_confirm_by(self) -> None:
        """An unconfirmed, active registration holds its place until ``confirmation_deadline`` of when it was
        made and when its session starts *now*: called whenever the session's start moves, so the place is
        never held past the new start, nor freed by the old one's deadline."""
        if self.is_active and not self.is_email_confirmed and self.confirm_by is not None:
            self.confirm_by = confirmation_deadline(self.created_at, self.session.starts_at)

    def cards_closed(self, at: datetime) -> str | None:
        """Why this registration, which has a place, cannot add a card at ``at`` (UTC), or None when it can:
        "early" (before ``WorkshopSession.cards_open_from``), "late" (after ``cards_open_until``) or "absent"
        (marked as not present once the officials marked who came). Without a place nobody adds cards
        (``add_card``); the cards page refuses such a link first."""
        session = self.session
        if at < session.cards_open_from:
            return "early"
        if at >= session.cards_open_until:
            return "late"
        if session.attendance_marked_at is not None and not self.attended:
            return "absent"
        return None

    @property
    def has_place(self) -> bool:
        """A confirmed place: only then the link for joining online, the tables' cards and the session's mails."""
        return self.status is RegistrationStatus.CONFIRMED
