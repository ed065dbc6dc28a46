"""Sign-in links from invitations. Services flush, never commit; the view commits once.

The token is random (``secrets.token_urlsafe``), not signed like the password-reset links of
``consult.accounts.services``: those can be checked without the database but not made to work once.
Here the database holds the SHA-256 of the token, so a copy of the database cannot sign anyone in,
and a conditional update marks the link used, so two clicks at once sign in once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import Membership, MembershipRole, User
from consult.accounts.services import find_user
from consult.audit.services import record_event
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.organisations.models import Organisation
from consult.rounds.services import _send_invitation  # the round's own mail, as its members get it
from consult.signin.models import LINK_LIFETIME, SignInLink


class LinkUnusable(Exception):
    """The link is unknown, expired or used, or its account is blocked: nothing happens."""


class FullLogInNeeded(Exception):
    """The person is an official or admin, or uses a second factor: the link adds the membership but
    does not sign them in, since a mailbox alone must not open a staff account."""

    def __init__(self, user: User):
        self.user = user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def find_link(token: str) -> SignInLink | None:
    """The link this token belongs to, used or not; None for a token we never made."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(sa.select(SignInLink).where(SignInLink.token_hash == token_hash(token)))


def send_link(email: str, name: str, organisation: Organisation, invitation, by: User | None, at: datetime) -> SignInLink:
    """Make a link for ``email`` to join ``organisation`` (and open ``invitation``'s round, if given)
    and mail it in the person's language: their account's, or the default (nl) for an unknown address.
    The link works once, until ``at`` + 14 days."""
    token = secrets.token_urlsafe(32)
    link = SignInLink(token_hash=token_hash(token), email=email.strip().lower(), name=name,
                      organisation=organisation, invitation=invitation, created_by_id=getattr(by, "id", None),
                      created_at=at, expires_at=at + LINK_LIFETIME)
    db.session.add(link)
    db.session.flush()
    user = find_user(link.email)
    locale = (user.locale if user else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    consultation = invitation.round.consultation if invitation is not None else None
    with force_locale(locale):
        subject = (_("%(organisation)s is invited to comment on %(title)s", organisation=organisation.name,
                     title=consultation.title) if consultation else
                   _("You are invited to work for %(organisation)s on consult", organisation=organisation.name))
    queue_mail(link.email, subject, "sign_in_link", locale=locale, name=name or (user.name if user else ""),
               organisation=organisation, consultation=consultation, invitation=invitation,
               link=external_url("signin.show_link", token=token), expires_at=link.expires_at,
               organisation_id=consultation.organisation_id if consultation else None)
    record_event(by, "sign_in_link_sent", link, consultation.organisation_id if consultation else organisation.id,
                 organisation=organisation.name)
    return link


def follow_link(link: SignInLink | None, at: datetime) -> User:
    """Use the link: the account is made if needed, the person becomes a partner of the link's
    organisation, and the link is spent. Returns the person to sign in.

    Raises LinkUnusable (nothing changes) and FullLogInNeeded (membership added, no sign-in)."""
    if link is None or not link.is_usable(at):
        raise LinkUnusable
    user = find_user(link.email)
    if user is not None and not user.is_active:
        raise LinkUnusable
    spent = db.session.execute(sa.update(SignInLink).where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
                               .values(used_at=at).execution_options(synchronize_session=False))
    if spent.rowcount != 1:  # someone clicked at the same moment
        raise LinkUnusable
    link.used_at = at
    if user is None:
        user = User(email=link.email, name=link.name or link.email.partition("@")[0])
        db.session.add(user)
        db.session.flush()
        record_event(user, "account_made_by_link", user, link.organisation_id)
    if not any(m.organisation_id == link.organisation_id for m in user.memberships):
        user.memberships.append(Membership(organisation=link.organisation, role=MembershipRole.PARTNER))
        record_event(user, "role_added", user, link.organisation_id, role=MembershipRole.PARTNER.value, by_link=link.id)
    record_event(user, "sign_in_link_used", link, link.organisation_id)
    if user.is_staff or user.has_second_factor:
        raise FullLogInNeeded(user)
    user.last_login_at = at
    return user


def send_fresh_link(old: SignInLink | None, at: datetime) -> None:
    """A new link to the address an expired or used one went to, for the same organisation and round.
    Nothing for an unknown token or a blocked account; the caller says the same thing either way."""
    if old is None:
        return
    user = find_user(old.email)
    if user is not None and not user.is_active:
        return
    send_link(old.email, old.name, old.organisation, old.invitation, None, at)


def landing_page(link: SignInLink) -> str:
    """The path where the person goes once signed in: the round they were invited to, or Mijn organisatie."""
    if link.invitation is not None:
        return url_for("rounds.show_round", slug=link.invitation.round.consultation.slug,
                       organisation=link.organisation.slug)
    return url_for("rounds.my_organisation")


def invite_contact(invitation, name: str, email: str, official: User, at: datetime) -> bool:
    """Invite one contact person of an invited organisation to the round.

    Someone who already works for the organisation gets the round's plain invitation mail (returns
    False); anyone else gets a sign-in link that makes them a partner of it (returns True)."""
    user = find_user(email)
    if user is not None and user.is_active and any(m.organisation_id == invitation.organisation_id
                                                   for m in user.memberships):
        _send_invitation(invitation, user)
        record_event(official, "round_invitation_sent", invitation, invitation.round.consultation.organisation_id,
                     organisation=invitation.organisation.name, people=1)
        return False
    send_link(email, name, invitation.organisation, invitation, official, at)
    return True
