from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from consult.extensions import db
from consult.mail.models import OutboxMessage, OutboxStatus


def failed_mail(user, limit: int = 200) -> list[OutboxMessage]:
    """Failed and unconfirmed messages, newest first: every one for an admin, an official's organisations' for an official
    (mail about no organisation, such as a password reset, only for admins)."""
    query = (sa.select(OutboxMessage).options(joinedload(OutboxMessage.organisation))
             .where(OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.UNCONFIRMED]))
             .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc()).limit(limit))
    if not user.is_admin:
        query = query.where(OutboxMessage.organisation_id.in_([o.id for o in user.governed_organisations]))
    return list(db.session.scalars(query))
