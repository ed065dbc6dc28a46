from flask_babel import lazy_gettext as _l

from consult.accounts.models import MembershipRole, User

ROLE_LABELS = {MembershipRole.OFFICIAL: _l("official"), MembershipRole.PARTNER: _l("partner")}


def membership_role_label(role: MembershipRole) -> str:
    return str(ROLE_LABELS[role])


def role_summary(user: User) -> str:
    parts = [f"{membership_role_label(m.role)}, {m.organisation.name}" for m in user.memberships]
    if user.is_admin:
        parts.insert(0, str(_l("admin")))
    return "; ".join(parts) or str(_l("resident"))
