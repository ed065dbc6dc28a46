"""Round mails that may wait: sent at once or collected in a daily digest, as each person chose.

Invitations, receipts and password links never wait; these services are for what a person can read
the next morning: a colleague's change to a shared draft, and later replies and answers."""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import Membership, User
from consult.audit.services import record_event
from consult.core.i18n import AMSTERDAM
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.notifications.models import MailFrequency, PendingNotification
from consult.organisations.models import Organisation

TEXT_LENGTH = PendingNotification.text.property.columns[0].type.length


def _locale(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def notify(user: User, kind: str, text, link: str, at: datetime, organisation_id: int | None = None) -> None:
    """Tell ``user`` something, now or in tomorrow's digest as they chose. ``text`` is a callable that
    returns the line in the current locale; it is called in the recipient's language."""
    with force_locale(_locale(user)):
        line = str(text())[:TEXT_LENGTH]
        subject = line
    if user.mail_frequency is MailFrequency.DAILY:
        db.session.add(PendingNotification(user=user, organisation_id=organisation_id, kind=kind, text=line,
                                           link=link, created_at=at))
        return
    queue_mail(user.email, subject, "notification", locale=_locale(user), user=user, text=line, link=link,
               organisation_id=organisation_id)


def _colleagues(organisation_id: int, editor: User) -> list[User]:
    """The other active members of the organisation."""
    members = sa.select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    return list(db.session.scalars(
        sa.select(User).where(User.id.in_(members), User.id != editor.id, User.is_active_account.is_(True))
        .order_by(User.id)))


def draft_changed(invitation, editor: User, at: datetime) -> None:
    """Tell the other members of the invited organisation that ``editor`` changed its shared draft."""
    consultation, organisation = invitation.round.consultation, invitation.organisation
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=organisation.slug, _anchor="concept")
    for colleague in _colleagues(organisation.id, editor):
        notify(colleague, "draft_changed",
               lambda: _("%(name)s changed the draft of %(organisation)s on %(title)s", name=editor.name,
                         organisation=organisation.name, title=consultation.title),
               link, at, consultation.organisation_id)


def submitted_comment_changed(invitation, reference: str, editor: User, at: datetime) -> None:
    """Tell the other members that ``editor`` changed a comment the organisation had already submitted."""
    consultation, organisation = invitation.round.consultation, invitation.organisation
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=organisation.slug, _anchor="ingediend")
    for colleague in _colleagues(organisation.id, editor):
        notify(colleague, "submitted_comment_changed",
               lambda: _("%(name)s changed the submitted comment %(reference)s of %(organisation)s",
                         name=editor.name, reference=reference, organisation=organisation.name),
               link, at, consultation.organisation_id)


def reply_received(invitation, replied_to, replying_organisation, at: datetime) -> None:
    """Tell the active members of the organisation whose comment ``replied_to`` was answered by another
    invited organisation. The reply's text is not in the mail: it is read on the round's page once it has
    passed moderation (the publication filter decides)."""
    consultation = invitation.round.consultation
    organisation_id = replied_to.organisation_id
    members = sa.select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    slug = db.session.scalar(sa.select(Organisation.slug).where(Organisation.id == organisation_id))
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=slug, _anchor="anderen")
    for member in db.session.scalars(sa.select(User).where(User.id.in_(members), User.is_active_account.is_(True))
                                     .order_by(User.id)):
        notify(member, "reply_received",
               lambda: _("%(organisation)s replied to your comment %(reference)s on %(title)s. You can read the reply "
                         "on the page of the round once it is published.",
                         organisation=replying_organisation.name, reference=replied_to.reference,
                         title=consultation.title),
               link, at, consultation.organisation_id)


def advice_arrived(advice, at: datetime) -> None:
    """Tell the officials of the municipality or region that runs the consultation that an adviesraad
    submitted its advice: every point must be answered before the reactienota can be published."""
    from consult.accounts.queries import officials_of  # the accounts package imports this one's models

    consultation = advice.consultation
    link = external_url("advice.manage_advice", slug=consultation.slug)
    for official in officials_of(consultation.organisation):
        if official.is_active_account:
            notify(official, "advice_arrived",
                   lambda: _("%(organisation)s gave formal advice on %(title)s (%(reference)s). Answer every point.",
                             organisation=advice.organisation.name, title=consultation.title, reference=advice.reference),
                   link, at, consultation.organisation_id)


def advice_changed(advice, editor: User, at: datetime) -> None:
    """Tell the consultation's officials that an adviesraad changed advice it had submitted: a changed or
    new point needs an answer again."""
    from consult.accounts.queries import officials_of  # the accounts package imports this one's models

    consultation = advice.consultation
    link = external_url("advice.manage_advice", slug=consultation.slug)
    for official in officials_of(consultation.organisation):
        if official.is_active_account:
            notify(official, "advice_changed",
                   lambda: _("%(organisation)s changed its advice on %(title)s (%(reference)s). Check the changed points.",
                             organisation=advice.organisation.name, title=consultation.title, reference=advice.reference),
                   link, at, consultation.organisation_id)


def local_day(at: datetime):
    return at.astimezone(AMSTERDAM).date()


def send_digests(now: datetime) -> int:
    """From DIGEST_HOUR (Europe/Amsterdam) on, one mail per person with everything that waits for them,
    at most once per day. Safe to run as often as the worker likes and from two workers at once: a
    person's day is claimed by a conditional update before their mail is queued, in one transaction
    with marking the lines sent. Returns the number of digests queued; the caller commits."""
    local = now.astimezone(AMSTERDAM)
    if local.hour < current_app.config["DIGEST_HOUR"]:
        return 0
    today = local.date()
    # Today's digest holds what came before DIGEST_HOUR; what comes later waits for tomorrow's.
    cutoff = local.replace(hour=current_app.config["DIGEST_HOUR"], minute=0, second=0, microsecond=0).astimezone(UTC)
    waiting = db.session.scalars(
        sa.select(PendingNotification).join(User, PendingNotification.user_id == User.id)
        .where(PendingNotification.sent_at.is_(None), PendingNotification.created_at < cutoff,
               sa.or_(User.digest_sent_on.is_(None), User.digest_sent_on < today))
        .order_by(PendingNotification.user_id, PendingNotification.id)).all()
    by_user: dict[int, list[PendingNotification]] = defaultdict(list)
    for line in waiting:
        by_user[line.user_id].append(line)
    sent = 0
    for user_id, lines in by_user.items():
        claimed = db.session.execute(
            sa.update(User).where(User.id == user_id, sa.or_(User.digest_sent_on.is_(None), User.digest_sent_on < today))
            .values(digest_sent_on=today).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue
        user = lines[0].user
        user.digest_sent_on = today
        if user.is_active:
            with force_locale(_locale(user)):
                subject = _("Your daily summary from consult")
            queue_mail(user.email, subject, "digest", locale=_locale(user), user=user, lines=lines)
            sent += 1
        for line in lines:
            line.sent_at = now
    return sent


def set_mail_frequency(user: User, frequency: MailFrequency) -> None:
    if user.mail_frequency is not frequency:
        user.mail_frequency = frequency
        record_event(user, "mail_frequency_changed", user, frequency=frequency.value)
