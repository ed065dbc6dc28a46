from __future__ import annotations

import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole, User
from consult.extensions import db
from consult.organisations.models import Organisation


def officials_of(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(Membership).where(
            Membership.organisation_id == organisation.id, Membership.role == MembershipRole.OFFICIAL
        ).order_by(User.name)
    ))
