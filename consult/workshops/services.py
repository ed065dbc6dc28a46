"""Writes on werkateliers: creating and editing them, registering, cancelling, the waiting list, mail.

Services flush, never commit; the view (or the worker's task) commits once. A place in a session is
taken only by a conditional UPDATE of the session's counter (``take_place``): on PostgreSQL the row
lock of that UPDATE makes a second request wait and then see the raised counter, on SQLite writers
are serialised; either way two people can never get the last place both.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import markdown
import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.audit.services import record_event
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.consultations.queries import reference_prefix_taken
from consult.consultations.services import unique_slug
from consult.core.i18n import AMSTERDAM
from consult.core.links import external_url
from consult.core.sanitize import clean_rich_text
from consult.extensions import db
from consult.mail.services import SUBJECT_LENGTH, header_value, queue_mail
from consult.organisations.models import Organisation
from consult.workshops.calendar import calendar_attachment
from consult.workshops.models import (
    REMIND_BEFORE,
    InputCard,
    Registration,
    RegistrationStatus,
    SessionHasStarted,
    Workshop,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
    confirmation_deadline,
    new_link_nonce,
)
from consult.workshops.permissions import card_window_open


class RegistrationClosed(Exception):
    """The werkatelier is a concept, its registration deadline has passed, or the session has started."""


class AttendanceNotOpen(Exception):
    """Who came is saved only once the session has started (``WorkshopSession.attendance_open``)."""


class AlreadyRegistered(Exception):
    """This e-mail address has a place or a place on the waiting list in this session already."""

    def __init__(self, registration: Registration):
        super().__init__("already registered")
        self.registration = registration


@dataclass
class WorkshopInput:
    title: str
    summary: str
    introduction: str  # Markdown
    audience: WorkshopAudience
    registration_deadline: datetime  # UTC
    accessibility: str = ""
    invited: list[Organisation] = field(default_factory=list)


@dataclass
class SessionInput:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    capacity: int
    place: str = ""
    address: str = ""
    route: str = ""
    online_url: str = ""


@dataclass
class RegistrationInput:
    name: str
    email: str
    organisation_name: str = ""
    role: str = ""
    needs: str = ""
    table_ids: list[int] = field(default_factory=list)
    locale: str = "nl"
    user_id: int | None = None
    # Signed in with this very address: no confirmation by mail is needed.
    email_confirmed: bool = False


def _kenmerk_letters(title: str) -> str:
    """Free kenmerk letters for the consultation under a werkatelier: W plus the title's initials."""
    initials = "".join(word[0] for word in title.upper().split() if word[0] in string.ascii_uppercase)[:4]
    base = f"W{initials}"
    letters, n = base, 2
    while reference_prefix_taken(letters):
        letters, n = f"{base}{n}", n + 1
    return letters


def create_workshop(organisation: Organisation, data: WorkshopInput, author, at: datetime) -> Workshop:
    """A werkatelier as a concept, on a new consultation of kind WORKSHOP whose period is the registration
    period: from now until the registration deadline."""
    consultation = Consultation(
        organisation=organisation, kind=ConsultationKind.WORKSHOP, state=State.DRAFT,
        slug=unique_slug(data.title), reference_prefix=_kenmerk_letters(data.title), opens_at=at)
    workshop = Workshop(consultation=consultation)
    _apply(workshop, data)
    db.session.add(workshop)
    db.session.flush()
    record_event(author, "workshop_created", consultation, organisation.id)
    return workshop


def update_workshop(workshop: Workshop, data: WorkshopInput, author) -> None:
    _apply(workshop, data)
    record_event(author, "workshop_changed", workshop.consultation, workshop.consultation.organisation_id)


def _apply(workshop: Workshop, data: WorkshopInput) -> None:
    consultation = workshop.consultation
    consultation.title, consultation.summary = data.title, data.summary
    consultation.introduction_html = clean_rich_text(markdown.markdown(data.introduction or ""))
    consultation.closes_at = data.registration_deadline
    consultation.audience = Audience.PUBLIC if data.audience is not WorkshopAudience.INVITED else Audience.INVITED
    workshop.audience, workshop.accessibility = data.audience, data.accessibility
    workshop.invited = list(data.invited)


def publish_workshop(workshop: Workshop, author, at: datetime) -> None:
    """Registration opens now. Raises consultations' TransitionError for a non-concept or a deadline passed."""
    consultation = workshop.consultation
    consultation.opens_at = min(consultation.opens_at or at, at)
    consultation.publish(at)
    record_event(author, "workshop_published", consultation, consultation.organisation_id)


def add_session(workshop: Workshop, data: SessionInput) -> WorkshopSession:
    session = WorkshopSession(workshop=workshop, **data.__dict__)
    db.session.add(session)
    db.session.flush()
    return session


# What people plan their coming around: a change to one of these is mailed to everyone registered.
MOVE_FIELDS = ("starts_at", "ends_at", "place", "address", "online_url")


@dataclass
class SessionUpdate:
    promoted: list[Registration]  # moved up from the waiting list, each mailed
    informed: int  # people mailed about a new time, place or online link


def update_session(session: WorkshopSession, data: SessionInput, at: datetime) -> SessionUpdate:
    """Change a session. When its time, place, address or online link changes before it starts, everyone
    registered is mailed what changed (``mail_session_change``); more places then let the waiting list move
    up (``promote_waiting``). Fewer places than people registered is refused by the form, never by sending
    people away."""
    before = SimpleNamespace(**{name: getattr(session, name) for name in MOVE_FIELDS})
    started = session.has_started(at)
    for name, value in data.__dict__.items():
        setattr(session, name, value)
    if session.starts_at != before.starts_at:
        _follow_new_start(session, at)
    db.session.flush()
    informed = 0 if started else mail_session_change(session, before, at)
    return SessionUpdate(promote_waiting(session, at), informed)


def _follow_new_start(session: WorkshopSession, at: datetime) -> None:
    """What is stored from the start time follows it when it moves (either way): the time to confirm of every
    unconfirmed registration (``Registration.recompute_confirm_by``), and the reminder, sent again before the
    new start when that is further off than a reminder ahead (moved closer, the change mail tells them).
    Everything else (card window, attendance, cancelling, reminder due) is derived from ``starts_at`` at use."""
    unconfirmed = db.session.scalars(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.status != RegistrationStatus.CANCELLED,
        Registration.email_confirmed_at.is_(None), Registration.confirm_by.is_not(None))).all()
    for registration in unconfirmed:
        registration.recompute_confirm_by()
    if session.reminder_sent_at is not None and not session.has_started(at + REMIND_BEFORE):
        session.reminder_sent_at = None


def session_change_audience(session: WorkshopSession) -> tuple[int, int]:
    """(people with a place, people on the waiting list): who is mailed when the session moves."""
    counts = dict(db.session.execute(
        sa.select(Registration.status, sa.func.count()).where(Registration.session_id == session.id)
        .group_by(Registration.status)).all())
    return counts.get(RegistrationStatus.CONFIRMED, 0), counts.get(RegistrationStatus.WAITING, 0)


def mail_session_change(session: WorkshopSession, before: SimpleNamespace, at: datetime) -> int:
    """Mail everyone registered what changed since ``before`` (the session's MOVE_FIELDS then): old and new,
    in their own language. People with a place get the updated .ics (same UID, higher SEQUENCE), so their
    calendar moves the event; the waiting list gets no .ics, and no mail when only the online link changed
    (that link is for people with a place). Returns how many were mailed."""
    moved = (before.starts_at, before.ends_at) != (session.starts_at, session.ends_at)
    relocated = (before.place, before.address) != (session.place, session.address)
    relinked = before.online_url != session.online_url
    if not (moved or relocated or relinked):
        return 0
    people = db.session.scalars(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.id)).all()
    informed = 0
    for registration in people:
        if registration.has_place or moved or relocated:
            mail_registration(registration, "workshop_changed", at, old=before, moved=moved, relocated=relocated,
                              relinked=relinked)
            informed += 1
    return informed


def add_table(workshop: Workshop, title: str, facilitator: str, theme_id: int | None = None) -> WorkshopTable:
    position = max((t.position for t in workshop.tables), default=0) + 1
    table = WorkshopTable(workshop=workshop, title=title, facilitator=facilitator, theme_id=theme_id, position=position)
    db.session.add(table)
    db.session.flush()
    return table


def take_place(session_id: int) -> bool:
    """Raise the session's counter if a place is free: True when this transaction got one."""
    result = db.session.execute(
        sa.update(WorkshopSession)
        .where(WorkshopSession.id == session_id, WorkshopSession.confirmed_count < WorkshopSession.capacity)
        .values(confirmed_count=WorkshopSession.confirmed_count + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _give_back_place(session_id: int) -> None:
    db.session.execute(
        sa.update(WorkshopSession).where(WorkshopSession.id == session_id, WorkshopSession.confirmed_count > 0)
        .values(confirmed_count=WorkshopSession.confirmed_count - 1).execution_options(synchronize_session=False))


def active_registration(session: WorkshopSession, email: str) -> Registration | None:
    return db.session.scalar(sa.select(Registration).where(
        Registration.session_id == session.id, sa.func.lower(Registration.email) == email.lower(),
        Registration.status != RegistrationStatus.CANCELLED))


def register(session: WorkshopSession, data: RegistrationInput, at: datetime) -> Registration:
    """A place in ``session`` if one is free, else a place on its waiting list; mailed in ``data.locale``
    with the session as an .ics file. Unless ``data.email_confirmed``, the mail asks to confirm the address
    and the registration holds until ``confirmation_deadline`` (``release_unconfirmed``). Raises
    RegistrationClosed after the deadline, for a concept or for a session that has started,
    AlreadyRegistered for an address that is registered in this session already."""
    workshop = session.workshop
    if not workshop.takes_registrations(at) or session.has_started(at):
        raise RegistrationClosed
    if (existing := active_registration(session, data.email)) is not None:
        raise AlreadyRegistered(existing)
    confirmed = take_place(session.id)
    registration = Registration(
        session=session, user_id=data.user_id, name=data.name, email=data.email,
        organisation_name=data.organisation_name, role=data.role, needs=data.needs, locale=data.locale,
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING, consented_at=at, created_at=at,
        email_confirmed_at=at if data.email_confirmed else None,
        confirm_by=None if data.email_confirmed else confirmation_deadline(at, session.starts_at),
        tables=[t for t in workshop.tables if t.id in set(data.table_ids)])
    db.session.add(registration)
    db.session.flush()
    db.session.expire(session, ["confirmed_count"])
    mail_registration(registration, "workshop_confirmed" if confirmed else "workshop_waiting", at)
    return registration


def cancel_registration(registration: Registration, at: datetime) -> list[Registration]:
    """Cancel a place (or a place on the waiting list) and confirm it by mail, in the person's language;
    for a place, with a calendar file that cancels the session in their calendar. A freed place goes to the
    first on the waiting list, who is mailed; returns who moved up. Cancelling twice does nothing the second time.
    Raises SessionHasStarted once the session has started: then the attendance stands as the official marked it."""
    if registration.is_active and not registration.can_cancel(at):
        raise SessionHasStarted
    return _give_up(registration, at, "workshop_cancelled")


def _give_up(registration: Registration, at: datetime, template: str, *conditions) -> list[Registration]:
    """Cancel ``registration`` if it still has ``previous`` status (and ``conditions`` hold): one conditional
    UPDATE, so a concurrent cancel, confirmation or move up makes this one do nothing."""
    previous = registration.status
    if previous is RegistrationStatus.CANCELLED:
        return []
    changed = db.session.execute(
        sa.update(Registration).where(Registration.id == registration.id, Registration.status == previous, *conditions)
        .values(status=RegistrationStatus.CANCELLED, cancelled_at=at).execution_options(synchronize_session=False))
    db.session.expire(registration)
    if changed.rowcount != 1:
        return []
    # Confirmed: the calendar file they got is cancelled by this one (same UID). The waiting list got none.
    mail_registration(registration, template, at, had_place=previous is RegistrationStatus.CONFIRMED)
    if previous is not RegistrationStatus.CONFIRMED:
        return []
    _give_back_place(registration.session_id)
    return promote_waiting(registration.session, at)


def promote_waiting(session: WorkshopSession, at: datetime) -> list[Registration]:
    """Give free places to the waiting list, first come first served; each person moved up is mailed. Nobody
    moves up once the session has started: a place after the fact would give a vote on the verslag of a
    meeting they did not attend."""
    promoted = []
    if session.has_started(at):
        return promoted
    while True:
        # The id alone: FOR UPDATE cannot lock the eagerly joined session row (an outer join).
        # Someone whose time to confirm is over is skipped: the worker frees that registration.
        query = (sa.select(Registration.id).where(Registration.session_id == session.id,
                                                  Registration.status == RegistrationStatus.WAITING,
                                                  ~Registration.has_lapsed(at))
                 .order_by(Registration.id).limit(1))
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        first_id = db.session.scalar(query)
        if first_id is None or not take_place(session.id):
            break
        first = db.session.get(Registration, first_id)
        moved = db.session.execute(
            sa.update(Registration).where(Registration.id == first.id, Registration.status == RegistrationStatus.WAITING)
            .values(status=RegistrationStatus.CONFIRMED, promoted_at=at).execution_options(synchronize_session=False))
        if moved.rowcount != 1:
            _give_back_place(session.id)
            continue
        db.session.expire(first)
        promoted.append(first)
        mail_registration(first, "workshop_promoted", at)
    db.session.expire(session, ["confirmed_count"])
    return promoted


def confirm_registration(registration: Registration, at: datetime) -> bool:
    """The registrant opened the link in the mail: their place (or place on the waiting list) is kept. False
    when there was nothing to confirm (``Registration.confirm_email``)."""
    return registration.confirm_email(at)


def release_unconfirmed(now: datetime) -> list[Registration]:
    """Free the registrations whose address was not confirmed in time (``Registration.has_lapsed``), for
    sessions that have not started; each person is mailed, and a freed place goes to the waiting list with
    the usual mail. Returns the registrations freed."""
    lapsed = db.session.scalars(
        sa.select(Registration).join(Registration.session)
        .where(Registration.has_lapsed(now), ~WorkshopSession.has_started(now)).order_by(Registration.id)).all()
    for registration in lapsed:
        _give_up(registration, now, "workshop_lapsed", Registration.has_lapsed(now))
    return list(lapsed)


def set_attendance(session: WorkshopSession, attended_ids: set[int], author, at: datetime) -> int:
    """Mark who came: the confirmed registrations in ``attended_ids``; the others did not. Returns how many came.
    From then on only those present vote and react on the verslag (``Registration.took_part``). Raises
    AttendanceNotOpen before the session has started (``WorkshopSession.attendance_open``)."""
    if not session.attendance_open(at):
        raise AttendanceNotOpen
    session.attendance_marked_at = at
    registrations = db.session.scalars(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED)).all()
    for registration in registrations:
        registration.attended = registration.id in attended_ids
    came = sum(r.attended for r in registrations)
    consultation = session.workshop.consultation
    record_event(author, "workshop_attendance_marked", consultation, consultation.organisation_id, session=session.id, came=came)
    return came


def mail_registrants(session: WorkshopSession, subject: str, body: str, author, at: datetime) -> int:
    """The official's message to everyone with a place in the session (not the waiting list). Returns how many."""
    registrations = db.session.scalars(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)).all()
    for registration in registrations:
        mail_registration(registration, "workshop_message", at, subject=subject, message=body)
    consultation = session.workshop.consultation
    record_event(author, "workshop_mail_sent", consultation, consultation.organisation_id, session=session.id,
                 people=len(registrations))
    return len(registrations)


SUBJECTS = {
    "workshop_confirmed": lambda title: _("You are registered for %(title)s", title=title),
    "workshop_waiting": lambda title: _("You are on the waiting list for %(title)s", title=title),
    "workshop_promoted": lambda title: _("A place came free: you are registered for %(title)s", title=title),
    "workshop_cancelled": lambda title: _("You are no longer registered for %(title)s", title=title),
    "workshop_lapsed": lambda title: _("You are no longer registered for %(title)s", title=title),
    "workshop_changed": lambda title: _("Changed: the time or place of %(title)s", title=title),
}
# Until the address is confirmed the mail's first job is to ask for that (retest N3: "U bent aangemeld"
# read as done, the link came in the second paragraph).
CONFIRM_FIRST_SUBJECTS = {
    "workshop_confirmed": lambda title: _("Confirm your registration for %(title)s", title=title),
    "workshop_waiting": lambda title: _("Confirm your place on the waiting list for %(title)s", title=title),
}
REMINDER_SUBJECTS = {
    "today": lambda title: _("Today: %(title)s", title=title),
    "tomorrow": lambda title: _("Tomorrow: %(title)s", title=title),
}
WITH_CALENDAR = {"workshop_confirmed", "workshop_promoted", "workshop_reminder"}


def reminder_day(session: WorkshopSession, at: datetime) -> str:
    """"today" when the session starts on the Dutch calendar day of ``at`` (UTC), else "tomorrow": the
    reminder goes out at most a day ahead (consult.workshops.models.REMIND_BEFORE)."""
    return "today" if session.starts_at.astimezone(AMSTERDAM).date() == at.astimezone(AMSTERDAM).date() else "tomorrow"


def mail_registration(registration: Registration, template: str, at: datetime, subject: str | None = None, **context) -> None:
    """One mail to the registrant, in their own language; with the session's .ics when they have a place."""
    session = registration.session
    workshop = session.workshop
    locale = registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    if template == "workshop_reminder":
        context["day"] = reminder_day(session, at)
    with force_locale(locale):
        if subject is None:
            if "day" in context:
                subject = REMINDER_SUBJECTS[context["day"]](workshop.title)
            elif template in CONFIRM_FIRST_SUBJECTS and not registration.is_email_confirmed and registration.confirm_by:
                subject = CONFIRM_FIRST_SUBJECTS[template](workshop.title)
            else:
                subject = SUBJECTS[template](workshop.title)
    attachment = None
    if template in WITH_CALENDAR:
        attachment = calendar_attachment(registration, at)
    elif template == "workshop_changed" and registration.has_place:
        # The same UID as the confirmation, a higher SEQUENCE and the same METHOD: the calendar moves the event.
        attachment = calendar_attachment(registration, at)
    elif template in ("workshop_cancelled", "workshop_lapsed") and context.get("had_place"):
        attachment = calendar_attachment(registration, at, cancelled=True)
    queue_mail(registration.email, subject, template, locale=locale, attachment=attachment,
               organisation_id=workshop.consultation.organisation_id, **_mail_context(registration, template), **context)


def _mail_context(registration: Registration, template: str) -> dict:
    session = registration.session
    workshop = session.workshop
    return {"registration": registration, "session": session, "workshop": workshop,
            "link": external_url("workshops.show_workshop", slug=workshop.slug),
            "cancel_link": external_url("workshops.cancel", token=registration.token),
            "confirm_link": external_url("workshops.confirm_email", token=registration.token),
            "card_links": [(t.title, external_url("workshops.table_cards", token=registration.token, table_id=t.id))
                           for t in workshop.tables] if template in WITH_CALENDAR else []}


# What the preview shows in place of a person: no registrant's name, and a cancel link that opens nobody's
# registration (a real token would open that person's pages for whoever sees the preview).
PREVIEW_TOKEN = "voorbeeld"


def preview_registrant_mail(session: WorkshopSession, subject: str, body: str) -> list[tuple[str, str, str]]:
    """The official's message as it will read in each language of the people with a place: (locale,
    subject, body), the site's default language first, with a placeholder name and a dummy cancel link
    instead of a registrant's. Writes and sends nothing (see ``mail_registrants``)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    locales = {locale or default for locale in db.session.scalars(sa.select(Registration.locale).distinct().where(
        Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED))}
    workshop = session.workshop
    previews = []
    for locale in sorted(locales, key=lambda locale: (locale != default, locale)):
        with force_locale(locale):
            placeholder = SimpleNamespace(name=_("[name of the participant]"), tables=[], has_place=True)
            previews.append((locale, header_value(subject, SUBJECT_LENGTH), render_template(
                "mail/workshop_message.txt", message=body, registration=placeholder, session=session, workshop=workshop,
                link=external_url("workshops.show_workshop", slug=workshop.slug),
                cancel_link=external_url("workshops.cancel", token=PREVIEW_TOKEN))))
    return previews


def anonymise_registrations(registrations: list[Registration], at: datetime) -> int:
    """Remove the personal data of these registrations; what stays is that a place was taken (and attended).
    Their comments on the verslag go too; their votes stay as anonymous counts."""
    from consult.outcomes.services import forget_participation
    forget_participation([r.id for r in registrations if r.anonymised_at is None])
    done = 0
    for registration in registrations:
        if registration.anonymised_at is not None:
            continue
        registration.name, registration.email, registration.organisation_name = "", "", ""
        registration.role, registration.needs, registration.user_id = "", "", None
        registration.nonce, registration.anonymised_at = new_link_nonce(), at
        done += 1
    return done


class NotAtThisTable(Exception):
    """Only someone with a place in a session of this werkatelier adds cards to its tables."""


class CardsClosed(Exception):
    """The card window is closed for this registration (``permissions.card_window_open``); ``reason`` is
    ``Registration.cards_closed``: "early", "late" or "absent"."""

    def __init__(self, reason: str | None):
        super().__init__(reason)
        self.reason = reason


def add_card(registration: Registration, table: WorkshopTable, kind, text: str, at: datetime,
             submission_key: str | None = None):
    """A participant's card at a table. Raises NotAtThisTable for a cancelled or waiting registration, or a
    table of another werkatelier; CardsClosed outside the card window (``permissions.card_window_open``).
    ``submission_key``: the form's one-time key (``consult.core.submission``)."""
    if registration.status is not RegistrationStatus.CONFIRMED or table.workshop_id != registration.session.workshop_id:
        raise NotAtThisTable
    if not card_window_open(registration, at):
        raise CardsClosed(registration.cards_closed(at))
    card = InputCard(table_id=table.id, registration_id=registration.id, kind=kind, text=text, created_at=at,
                     written_with_name=table.shows_names, submission_key=submission_key)
    db.session.add(card)
    db.session.flush()
    return card


def set_names_shown(table: WorkshopTable, shows_names: bool, author) -> None:
    """The facilitator's choice whether the others see who wrote each card."""
    table.shows_names = shows_names
    consultation = table.workshop.consultation
    record_event(author, "workshop_card_names_shown" if shows_names else "workshop_card_names_hidden",
                 consultation, consultation.organisation_id, table=table.id)
