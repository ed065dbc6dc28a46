from __future__ import annotations

from typing import Any

from consult.audit.models import AuditEvent
from consult.extensions import db


def record_event(actor, action: str, subject, organisation_id: int | None = None, **details: Any) -> AuditEvent:
    """Add an audit event in the caller's transaction: it exists exactly when the change does."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        organisation_id=organisation_id,
        action=action,
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        details=details,
    )
    db.session.add(event)
    return event
