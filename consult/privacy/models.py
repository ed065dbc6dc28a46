from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db

# The AVG gives a controller one month to answer a request about personal data.
ANSWER_WITHIN = timedelta(days=30)


class RequestStatus(enum.Enum):
    OPEN = "open"
    DONE = "done"  # the personal data is removed
    REFUSED = "refused"  # with a reason, e.g. the procedure is still running


class ErasureRequest(db.Model):
    """A person asks one organisation to remove their personal data from their reactions.

    One request per organisation that holds reactions from the address, since each decides for itself.
    """

    __tablename__ = "erasure_requests"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.Index("ix_erasure_requests_organisation_status", "organisation_id", "status"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # The language the person asked in: the answer is mailed in it, whoever handles the request.
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    status: Mapped[RequestStatus] = mapped_column(enum_type(RequestStatus), default=RequestStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    reactions_anonymised: Mapped[int] = mapped_column(default=0)

    organisation = relationship("Organisation", lazy="joined")
    handled_by = relationship("User")

    @property
    def answer_due(self) -> datetime:
        return self.created_at + ANSWER_WITHIN

    @property
    def is_open(self) -> bool:
        return self.status is RequestStatus.OPEN
