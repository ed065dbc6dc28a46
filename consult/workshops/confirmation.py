"""The worker frees werkatelier places whose address was not confirmed in time (tester F17: a script with
made-up addresses took every place). See ``consult.workshops.services.release_unconfirmed``."""
from __future__ import annotations

from datetime import datetime, timedelta

from consult.extensions import db
from consult.jobs.periodic import periodic
from consult.workshops.services import release_unconfirmed


@periodic("workshop_unconfirmed", every=timedelta(minutes=5))
def free_unconfirmed_places(now: datetime) -> int:
    """Free the lapsed registrations and move the waiting lists up; one transaction. Returns how many freed."""
    freed = release_unconfirmed(now)
    db.session.commit()
    return len(freed)
