from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consult.extensions import db

THE_ROW = 1


class PublicVersion(db.Model):
    """One row whose ``version`` goes up with every committed change to what the public may see.

    Cached public pages carry the version in their key (and browsers in the ETag), so a change makes every
    older page unreachable on every app server at once: the number lives in the database they share
    (issue 15). It is never handed out twice, also not after a restored backup took it back: each move
    makes it the time in microseconds, or one more when that is not higher (``next_version``).
    """

    __tablename__ = "public_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def next_version():
    """The SQL value of the version after a move: one more, but at least the time now in microseconds
    since 1970. A backup's restore takes the number back to the backup's; the next move then gives the
    time, higher than every number the lost timeline handed out (they were at most the time of their
    move, with clocks kept right), so no page, ETag or open data file of it comes back."""
    now = sa.literal(time.time_ns() // 1000, sa.BigInteger())
    one_more = PublicVersion.version + 1
    return sa.case((one_more > now, one_more), else_=now)
