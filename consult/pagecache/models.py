from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consult.extensions import db

THE_ROW = 1


class PublicVersion(db.Model):
    """One row whose ``version`` goes up with every committed change to what the public may see.

    Cached public pages carry the version in their key, so a change makes every older page unreachable
    on every app server at once: the counter lives in the database they share (issue 15).
    """

    __tablename__ = "public_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
