"""A sign-in link from an invitation: it works once and until it expires, and only its hash is stored."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, utcnow
from consult.extensions import db

# Long enough for someone who reads their mail once a week, short enough that an old mailbox is no key.
LINK_LIFETIME = timedelta(days=14)


class SignInLink(db.Model):
    """An invitation to join ``organisation`` (for a feedbackronde when ``invitation_id`` is set),
    sent to ``email``. The token itself is only in the mail; a database copy cannot be used to sign in."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("round_invitations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation", lazy="joined")
    invitation = relationship("RoundInvitation")

    def is_usable(self, at: datetime) -> bool:
        """Not used yet and not expired at ``at`` (UTC)."""
        return self.used_at is None and at < self.expires_at
