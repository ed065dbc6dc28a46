from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db
from consult.notifications.models import MailFrequency
from consult.organisations.models import Organisation, OrganisationKind


class Role(enum.Enum):
    """What a person does on the platform. Admin is a flag; the others come from memberships."""

    ADMIN = "admin"
    OFFICIAL = "official"
    PARTNER = "partner"
    RESIDENT = "resident"


class MembershipRole(enum.Enum):
    OFFICIAL = "official"
    PARTNER = "partner"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session cookie; a new one on log-out and password change ends all sessions on
    # the server, so a copied cookie stops working.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=lambda: secrets.token_hex(16))
    # The second factor for staff: a TOTP app's secret, the last time step used (no replay), and
    # hashes of one-time recovery codes.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int] = mapped_column(default=0)
    recovery_code_hashes: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Round mails that may wait (a colleague's change, replies, answers): at once or in a daily digest.
    mail_frequency: Mapped[MailFrequency] = mapped_column(enum_type(MailFrequency), default=MailFrequency.IMMEDIATE)
    # The Europe/Amsterdam day of the last digest, so the worker sends at most one a day.
    digest_sent_on: Mapped[date | None] = mapped_column(sa.Date)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        self.session_token = secrets.token_hex(16)

    @property
    def has_second_factor(self) -> bool:
        return bool(self.totp_secret)

    @property
    def is_staff(self) -> bool:
        return self.is_admin or any(m.role is MembershipRole.OFFICIAL for m in self.memberships)

    def set_password(self, password: str) -> None:
        """Needs an app context: the hashing method is the app's PASSWORD_HASH_METHOD."""
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def roles(self) -> set[Role]:
        roles = {Role(m.role.value) for m in self.memberships}
        if self.is_admin:
            roles.add(Role.ADMIN)
        return roles or {Role.RESIDENT}

    def organisations_with(self, role: MembershipRole) -> list[Organisation]:
        return [m.organisation for m in self.memberships if m.role is role]

    @property
    def governed_organisations(self) -> list[Organisation]:
        """Municipalities and regions this person works for as an official."""
        return [
            org for org in self.organisations_with(MembershipRole.OFFICIAL)
            if org.kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.REGION)
        ]


class Membership(db.Model):
    __tablename__ = "memberships"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id", "role"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(enum_type(MembershipRole))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
