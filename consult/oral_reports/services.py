"""Writes on the verslag of an oral zienswijze. Services flush, never commit; the view commits once."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from consult.audit.services import record_event
from consult.core.i18n import AMSTERDAM
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.oral_reports.models import OralReport
from consult.oral_reports.tokens import make_oral_report_token


def write_oral_report(reaction, official, at: datetime) -> OralReport:
    """The verslag of an oral zienswijze just entered: its text is the reaction's text, its author the
    official who wrote it, its date the day it was given (``reaction.received_at`` in Amsterdam). With
    an e-mail address the indiener gets it with a link to confirm or correct it; the mail is also the
    receipt (kenmerk, date and time of receipt)."""
    report = OralReport(reaction=reaction, author_id=official.id, author_name=official.name,
                        held_on=reaction.received_at.astimezone(AMSTERDAM).date(), written_at=at)
    db.session.add(report)
    db.session.flush()
    if reaction.author_email:
        queue_mail(reaction.author_email, _l("The report of your oral view %(reference)s", reference=reaction.reference),
                   "oral_report", locale=reaction.author_locale, reaction=reaction, report=report,
                   link=external_url("oral_reports.answer", token=make_oral_report_token(report.id)))
        report.sent_at = at
    return report


def answer_oral_report(report: OralReport, correction: str, at: datetime) -> None:
    """The indiener confirms the verslag (empty ``correction``) or sends a correction, kept beside it.
    Raises AlreadyAnswered the second time."""
    report.answer(correction, at)
    record_event(None, "oral_report_confirmed" if report.is_confirmed else "oral_report_corrected",
                 report.reaction, report.reaction.consultation.organisation_id)
