from __future__ import annotations

from typing import Any

from consult.audit.models import AuditEvent
from consult.core.db import writing
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


def record_view(actor, action: str, subject, organisation_id: int | None = None, **details: Any) -> AuditEvent:
    """Log that someone looked at personal data, from a GET view, and commit it at once.

    Unlike ``record_event`` this commits: it is the commit step of a GET view. A GET reads in a
    transaction that takes no write lock on SQLite (``consult.core.db.transaction_kind``), and such a
    transaction cannot become a writer once another connection has written ("database is locked" at
    once, a 500). So the view's read transaction ends first and the event is written in a short
    transaction of its own, which waits its turn for the lock. What the view loaded stays loaded (no
    expiry), so the page shows what it read without loading it again.
    """
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()  # ends the read transaction; a GET view has nothing else to write
        with writing():
            event = record_event(actor, action, subject, organisation_id, **details)
            session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    return event
