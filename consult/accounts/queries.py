from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole, User
from consult.core.collation import ids_in_dutch_order
from consult.extensions import db
from consult.organisations.models import Organisation


def officials_of(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(Membership).where(
            Membership.organisation_id == organisation.id, Membership.role == MembershipRole.OFFICIAL
        ).order_by(User.name)
    ))


ACCOUNTS_PER_PAGE = 50


@dataclass
class AccountsPage:
    items: list[User]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / ACCOUNTS_PER_PAGE))


def accounts_page(search: str, number: int) -> AccountsPage:
    """Page ``number`` (from 1; out of range is brought back in range) of the accounts in Dutch order of
    their names (``ids_in_dutch_order``), then id,
    narrowed to those whose name or e-mail address contains ``search`` (any case)."""
    condition = sa.true()
    if search:
        pattern = f"%{search.lower()}%"
        condition = sa.or_(sa.func.lower(User.name).like(pattern), sa.func.lower(User.email).like(pattern))
    ordered = ids_in_dutch_order(db.session.execute(sa.select(User.id, User.name).where(condition)))
    total = len(ordered)
    number = max(1, min(number, max(1, math.ceil(total / ACCOUNTS_PER_PAGE))))
    shown = ordered[(number - 1) * ACCOUNTS_PER_PAGE:number * ACCOUNTS_PER_PAGE]
    found = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(shown)))}
    return AccountsPage([found[id_] for id_ in shown], number, total)
