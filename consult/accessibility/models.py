"""A municipality's or region's toegankelijkheidsverklaring, in the shape of the national model
(Besluit digitale toegankelijkheid overheid; the Modelverklaring of digitoegankelijk.nl)."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class ComplianceStatus(enum.Enum):
    """The model's status A to E: how far the website meets the standard (EN 301 549, WCAG 2.1 AA)."""

    A = "A"  # voldoet volledig
    B = "B"  # voldoet gedeeltelijk
    C = "C"  # eerste maatregelen genomen
    D = "D"  # geen maatregelen genomen
    E = "E"  # voldoet niet


class Ombudsman(enum.Enum):
    """Where a person goes when the organisation does not answer well (the handhavingsprocedure)."""

    NATIONAL = "national"  # de Nationale ombudsman
    MUNICIPAL = "municipal"  # a gemeentelijke (or regional) ombudsman or ombudscommissie


class AccessibilityStatement(db.Model):
    """One organisation's statement for its pages on consult.

    ``audits`` is a list of {"date": ISO date, "method": text, "link": URL}: how the pages were checked.
    ``problems`` is a list of {"problem": text, "measure": text, "planned_on": ISO date or ""}: the known
    problems, what is done about them and when. Both are small lists typed on one form, so they live
    here as JSON rather than in tables of their own."""

    __tablename__ = "accessibility_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    scope: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[ComplianceStatus] = mapped_column(enum_type(ComplianceStatus))
    statement_date: Mapped[date]
    audits: Mapped[list] = mapped_column(sa.JSON, default=list)
    problems: Mapped[list] = mapped_column(sa.JSON, default=list)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    response_days: Mapped[int] = mapped_column(default=5)
    ombudsman: Mapped[Ombudsman] = mapped_column(enum_type(Ombudsman), default=Ombudsman.NATIONAL)
    ombudsman_name: Mapped[str] = mapped_column(sa.String(200), default="")
    ombudsman_url: Mapped[str] = mapped_column(sa.String(500), default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")
