"""Read-side selects for the reactienota's versions."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.reports.models import ResponseReport, ResponseReportVersion


def _of(consultation: Consultation):
    return (sa.select(ResponseReportVersion).join(ResponseReport)
            .where(ResponseReport.consultation_id == consultation.id))


def latest_version(consultation: Consultation) -> ResponseReportVersion | None:
    return db.session.scalar(_of(consultation).order_by(ResponseReportVersion.number.desc()).limit(1))


def versions_of(consultation: Consultation) -> list[ResponseReportVersion]:
    """Every published version, newest first."""
    return list(db.session.scalars(_of(consultation).order_by(ResponseReportVersion.number.desc())))


def version_or_404(consultation: Consultation, number: int) -> ResponseReportVersion:
    version = db.session.scalar(_of(consultation).where(ResponseReportVersion.number == number))
    if version is None:
        abort(404)
    return version


def report_of(consultation: Consultation) -> ResponseReport | None:
    """The nota's record (status, grouping, vaststelling), or None when nobody worked on it yet. Reads only."""
    return db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))
