"""What an admin (beheerder) does: accounts and who works for which organisation. Every change is audited."""
from __future__ import annotations

from flask_babel import gettext as _

from consult.accounts.models import Membership, MembershipRole, User
from consult.accounts.services import make_reset_token
from consult.audit.services import record_event
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.organisations.models import Organisation


class NotAllowed(ValueError):
    """A change that would break a rule, e.g. an admin removing their own admin rights."""


def role_fits(organisation: Organisation, role: MembershipRole) -> bool:
    """Officials work for a municipality or region; partners for the organisations taking part."""
    return (role is MembershipRole.OFFICIAL) == organisation.kind.is_government


def invite(admin: User, name: str, email: str, organisation: Organisation, role: MembershipRole) -> User:
    """A new account without a password: the mail's link lets the person choose one."""
    if not role_fits(organisation, role):
        raise NotAllowed(role)
    user = User(name=name, email=email.strip().lower())
    user.memberships.append(Membership(organisation=organisation, role=role))
    db.session.add(user)
    db.session.flush()
    record_event(admin, "account_invited", user, organisation.id, role=role.value)
    link = external_url("accounts.set_new_password", token=make_reset_token(user, "invitation"))
    queue_mail(user.email, _("Your account on consult"), "account_invitation", user=user, organisation=organisation,
               link=link)
    return user


def add_membership(admin: User, user: User, organisation: Organisation, role: MembershipRole) -> bool:
    """False when the person already has this role there."""
    if not role_fits(organisation, role):
        raise NotAllowed(role)
    if any(m.organisation_id == organisation.id and m.role is role for m in user.memberships):
        return False
    user.memberships.append(Membership(organisation=organisation, role=role))
    record_event(admin, "role_added", user, organisation.id, role=role.value)
    return True


def remove_membership(admin: User, membership: Membership) -> None:
    user = membership.user
    user.memberships.remove(membership)
    # Sessions are ended so that a page still open cannot be used with the old role.
    user.end_all_sessions()
    record_event(admin, "role_removed", user, membership.organisation_id, role=membership.role.value)


def set_admin(admin: User, user: User, is_admin: bool) -> None:
    if user.id == admin.id and not is_admin:
        raise NotAllowed("own admin rights")
    user.is_admin = is_admin
    if not is_admin:
        user.end_all_sessions()
    record_event(admin, "admin_rights_given" if is_admin else "admin_rights_taken", user)


def set_active(admin: User, user: User, active: bool) -> None:
    if user.id == admin.id and not active:
        raise NotAllowed("own account")
    user.is_active_account = active
    if not active:
        user.end_all_sessions()
    record_event(admin, "account_activated" if active else "account_blocked", user)
