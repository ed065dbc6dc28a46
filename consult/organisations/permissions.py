"""Who acts for which organisation."""
from __future__ import annotations

from consult.accounts.models import MembershipRole
from consult.organisations.models import Organisation


def _member_ids(user, role: MembershipRole) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return {m.organisation_id for m in user.memberships if m.role is role}


def is_official_of(user, organisation: Organisation | None) -> bool:
    """Officials manage what belongs to their own municipality or region, nothing else."""
    return organisation is not None and organisation.id in _member_ids(user, MembershipRole.OFFICIAL)


def is_official(user) -> bool:
    return bool(_member_ids(user, MembershipRole.OFFICIAL))
