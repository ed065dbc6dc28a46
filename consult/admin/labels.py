from flask_babel import lazy_gettext as _l

from consult.accounts.models import MembershipRole, User
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.organisations.models import OrganisationKind

ROLE_LABELS = {MembershipRole.OFFICIAL: _l("official"), MembershipRole.PARTNER: _l("partner")}


def membership_role_label(role: MembershipRole) -> str:
    return str(ROLE_LABELS[role])


def role_summary(user: User) -> str:
    parts = [f"{membership_role_label(m.role)}, {m.organisation.name}" for m in user.memberships]
    if user.is_admin:
        parts.insert(0, str(_l("admin")))
    return "; ".join(parts) or str(_l("resident"))


KIND_LABELS = {OrganisationKind.MUNICIPALITY: _l("Municipality"), OrganisationKind.REGION: _l("Region"),
               OrganisationKind.INTERNAL_TEAM: _l("Internal team or council"), **STAKEHOLDER_LABELS}


def admin_kind_label(kind: OrganisationKind) -> str:
    """Every kind an organisation can have, as the admin chooses it."""
    return str(KIND_LABELS[kind])
