"""Saving an organisation's accessibility statement, and the default that stands until it has one.
Services flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from consult.accessibility.models import AccessibilityStatement, ComplianceStatus, Ombudsman
from consult.audit.services import record_event
from consult.extensions import db
from consult.organisations.models import Organisation

# When consult's own default statement was last checked against the pages (see README, Accessibility).
DEFAULT_STATEMENT_DATE = date(2026, 11, 30)


@dataclass
class StatementInput:
    scope: str
    status: ComplianceStatus
    statement_date: date
    audits: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    contact_email: str = ""
    contact_phone: str = ""
    response_days: int = 5
    ombudsman: Ombudsman = Ombudsman.NATIONAL
    ombudsman_name: str = ""
    ombudsman_url: str = ""


FIELDS = ("scope", "status", "statement_date", "audits", "problems", "contact_email", "contact_phone", "response_days",
          "ombudsman", "ombudsman_name", "ombudsman_url")


def statement_of(organisation: Organisation) -> AccessibilityStatement | None:
    return db.session.scalar(sa.select(AccessibilityStatement).where(AccessibilityStatement.organisation_id == organisation.id))


def default_statement(site: str) -> AccessibilityStatement:
    """consult's own statement for ``site`` (its pages of one organisation, or the whole platform), as it
    stands until an organisation writes its own: partly compliant (B), checked automatically on every
    version, not yet by an independent expert. Not added to the session: it is never stored."""
    return AccessibilityStatement(
        scope=site, status=ComplianceStatus.B, statement_date=DEFAULT_STATEMENT_DATE, response_days=5,
        ombudsman=Ombudsman.NATIONAL, ombudsman_name="", ombudsman_url="", contact_email="", contact_phone="",
        audits=[{"date": DEFAULT_STATEMENT_DATE.isoformat(), "link": "",
                 "method": _("Automatic test of every page with axe-core in a real browser (Chromium), at desktop "
                             "width and at 320 pixels, for every new version.")}],
        problems=[{"problem": _("The pages have not yet been checked by an independent expert."),
                   "measure": _("An expert checks the pages against WCAG 2.1 level AA before the first "
                                "municipality uses them."), "planned_on": ""}])


def _facts(statement: AccessibilityStatement) -> dict:
    values = {name: getattr(statement, name) for name in FIELDS}
    values["status"], values["ombudsman"] = statement.status.value, statement.ombudsman.value
    values["statement_date"] = statement.statement_date.isoformat()
    return values


def save_statement(organisation: Organisation, data: StatementInput, official, at: datetime) -> AccessibilityStatement:
    """Make or change ``organisation``'s statement; the audit log keeps what changed. An own ombudsman's
    name and link are kept only with Ombudsman.MUNICIPAL."""
    statement = statement_of(organisation)
    before = _facts(statement) if statement is not None else None
    if statement is None:
        statement = AccessibilityStatement(organisation_id=organisation.id)
        db.session.add(statement)
    for name in FIELDS:
        setattr(statement, name, getattr(data, name))
    if data.ombudsman is Ombudsman.NATIONAL:
        statement.ombudsman_name, statement.ombudsman_url = "", ""
    statement.updated_by_id, statement.updated_at = getattr(official, "id", None), at
    db.session.flush()
    after = _facts(statement)
    before = before or dict.fromkeys(after)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    record_event(official, "accessibility_statement_saved", organisation, organisation.id, changes=changes)
    return statement
