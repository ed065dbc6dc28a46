"""What an admin (beheerder) does: accounts and who works for which organisation. Every change is audited."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import Membership, MembershipRole, User
from consult.accounts.services import make_reset_token
from consult.audit.services import record_event
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.organisations.models import Organisation, OrganisationKind


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
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]  # a new person has no language yet: Dutch
    with force_locale(locale):
        subject = _("Your account on consult")
    queue_mail(user.email, subject, "account_invitation", locale=locale, user=user, organisation=organisation,
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


@dataclass
class OrganisationInput:
    name: str
    slug: str
    kind: OrganisationKind
    region: Organisation | None = None
    website: str | None = None
    privacy_officer: str | None = None
    privacy_officer_email: str | None = None
    accessibility_statement_url: str | None = None
    adopting_bodies: str = ""
    members_may_moderate: bool = False


PUBLIC_FIELDS = ("website", "privacy_officer", "privacy_officer_email", "accessibility_statement_url")


def _fields(organisation: Organisation) -> dict:
    return {"name": organisation.name, "slug": organisation.slug, "kind": organisation.kind.value,
            "region": organisation.region.slug if organisation.region else None,
            "members_may_moderate": organisation.members_may_moderate,
            **{name: getattr(organisation, name) for name in PUBLIC_FIELDS},
            "adopting_bodies": organisation.own_bodies}


def save_organisation(admin: User | None, data: OrganisationInput, organisation: Organisation | None = None) -> Organisation:
    """Make an organisation, or change ``organisation``; the audit log keeps what changed.

    Raises NotAllowed for a region inside a region or a slug another organisation has."""
    if data.region is not None and (data.kind is OrganisationKind.REGION or data.region.kind is not OrganisationKind.REGION):
        raise NotAllowed("region")
    taken = db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == data.slug))
    if taken is not None and (organisation is None or taken != organisation.id):
        raise NotAllowed("slug")
    before = _fields(organisation) if organisation is not None else None
    if organisation is None:
        organisation = Organisation(name=data.name, slug=data.slug, kind=data.kind)
        db.session.add(organisation)
    organisation.name, organisation.slug, organisation.kind = data.name, data.slug, data.kind
    organisation.region = data.region
    for name in PUBLIC_FIELDS:
        setattr(organisation, name, getattr(data, name) or None)
    organisation.adopting_bodies = "\n".join(line.strip() for line in data.adopting_bodies.splitlines() if line.strip())
    organisation.members_may_moderate = data.members_may_moderate and data.kind is OrganisationKind.REGION
    db.session.flush()
    after = _fields(organisation)
    if before is None:
        record_event(admin, "organisation_created", organisation, organisation.id, **after)
    elif before != after:
        record_event(admin, "organisation_changed", organisation, organisation.id,
                     changes={key: [before[key], after[key]] for key in after if before[key] != after[key]})
    return organisation


def add_person(admin: User | None, organisation: Organisation, email: str, name: str, role: MembershipRole) -> tuple[User, bool]:
    """Give the account with this address ``role`` at ``organisation``, or invite a new account (a mail
    with a link to choose a password). Returns the person and whether anything changed.

    Raises NotAllowed when the role does not fit the organisation, or a new account has no name."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        if not name:
            raise NotAllowed("name")
        return invite(admin, name, email, organisation, role), True
    return user, add_membership(admin, user, organisation, role)


def make_central_municipality(admin: User | None, municipality: Organisation) -> None:
    """Make ``municipality`` its region's centrumgemeente (the one that hosts the region's work, as Almere
    does for Flevoland); the region's earlier centrumgemeente, if any, is one no longer. Logged.

    Raises NotAllowed when ``municipality`` is not a municipality in a region."""
    if municipality.kind is not OrganisationKind.MUNICIPALITY or municipality.region is None:
        raise NotAllowed("central")
    for member in municipality.region.members:
        member.is_central_municipality = member is municipality
    record_event(admin, "organisation_changed", municipality, municipality.id,
                 changes={"is_central_municipality": [False, True]})
