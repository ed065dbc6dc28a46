"""Publishing the reactienota. Services flush, never commit."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from consult.audit.services import record_event
from consult.consultations.models import Consultation
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.reactions.models import Reaction
from consult.reports.builder import COUNTED
from consult.reports.models import ResponseReport


def report_record(consultation: Consultation) -> ResponseReport:
    record = db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))
    if record is None:
        record = ResponseReport(consultation_id=consultation.id)
        db.session.add(record)
    return record


def save_introduction(consultation: Consultation, text: str, official) -> None:
    record = report_record(consultation)
    before = record.introduction
    record.introduction = text
    db.session.flush()
    record_event(official, "report_introduction_changed", record, consultation.organisation_id, before=before, after=text)


def publish_report(consultation: Consultation, official, at: datetime) -> int:
    """Publish: the consultation becomes 'verwerkt', and everyone who reacted gets a link to the
    answer to their own reaction. Returns the number of mails."""
    consultation.mark_processed(at)
    record = report_record(consultation)
    record.published_at, record.published_by_id = at, official.id
    db.session.flush()
    link = external_url("reports.show_report", slug=consultation.slug)
    reactions = db.session.execute(
        sa.select(Reaction.author_email, Reaction.author_name, Reaction.reference)
        .where(Reaction.consultation_id == consultation.id, Reaction.status.in_(COUNTED), Reaction.author_email.is_not(None))
        .order_by(Reaction.id)
    ).all()
    for email, name, reference in reactions:
        queue_mail(email, _("The answer to your reaction %(reference)s", reference=reference), "report_published",
                   consultation=consultation, name=name, reference=reference, link=f"{link}#{reference}")
    record_event(official, "report_published", record, consultation.organisation_id, mails=len(reactions))
    return len(reactions)
