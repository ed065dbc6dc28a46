from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class OrganisationKind(enum.Enum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    CARE_PROVIDER = "care_provider"
    HOUSING_CORPORATION = "housing_corporation"
    CLIENT_COUNCIL = "client_council"
    ADVISORY_COUNCIL = "advisory_council"
    WELFARE = "welfare"
    HEALTH_INSURER = "health_insurer"
    INTERNAL_TEAM = "internal_team"
    OTHER = "other"

    @property
    def is_government(self) -> bool:
        """Municipalities and regions own documents and consultations; the others take part."""
        return self in {OrganisationKind.MUNICIPALITY, OrganisationKind.REGION}


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind), index=True)
    # A municipality may belong to a region; the region's centrumgemeente carries extra tasks.
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    is_central_municipality: Mapped[bool] = mapped_column(default=False)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    # For a municipality or region as controller (AVG 13, 37): its data protection officer (FG), and its
    # own accessibility statement (the national model, e.g. on toegankelijkheidsverklaring.nl).
    privacy_officer: Mapped[str | None] = mapped_column(sa.String(200))
    privacy_officer_email: Mapped[str | None] = mapped_column(sa.String(254))
    accessibility_statement_url: Mapped[str | None] = mapped_column(sa.String(500))
    # A region's (or municipality's) own bodies that can adopt a decision besides the college and the
    # council, one per line, e.g. "het bestuurlijk overleg sociaal domein".
    adopting_bodies: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # For a region: whether the officials of its member municipalities may also moderate and answer the
    # region's consultations and keep the progress of its actions that concern their municipality. They
    # read them always.
    members_may_moderate: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Its own look (issue 13): an NL Design System theme under static/themes/ (the file's stem, None for the
    # installation's theme) and a logo (SVG or PNG, checked by consult.looks.logos), served under its hash.
    theme: Mapped[str | None] = mapped_column(sa.String(80))
    logo: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    logo_type: Mapped[str | None] = mapped_column(sa.String(40))
    logo_hash: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    region: Mapped[Organisation | None] = relationship(
        back_populates="members", remote_side=[id]
    )
    members: Mapped[list[Organisation]] = relationship(
        back_populates="region", order_by="Organisation.name"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"

    @property
    def controllers(self) -> list[Organisation]:
        """Who is responsible for the personal data of this organisation's consultations (AVG 4(7), 26):
        a municipality itself; a region's member municipalities together, as joint controllers."""
        if self.kind is OrganisationKind.REGION:
            return [m for m in self.members if m.kind is OrganisationKind.MUNICIPALITY] or [self]
        return [self]

    @property
    def own_bodies(self) -> list[str]:
        """The organisation's own adopting bodies, in the order the admin typed them, without doubles."""
        seen: list[str] = []
        for line in (self.adopting_bodies or "").splitlines():
            if line.strip() and line.strip() not in seen:
                seen.append(line.strip())
        return seen

    @property
    def central_municipality(self) -> Organisation | None:
        return next((m for m in self.members if m.is_central_municipality), None)
