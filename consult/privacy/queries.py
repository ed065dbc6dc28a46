from __future__ import annotations

import sqlalchemy as sa

from consult.extensions import db
from consult.privacy.models import ErasureRequest, RequestStatus


def open_request_count(organisation_ids: list[int]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ErasureRequest).where(
        ErasureRequest.organisation_id.in_(organisation_ids), ErasureRequest.status == RequestStatus.OPEN))
