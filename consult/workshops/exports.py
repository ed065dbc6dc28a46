"""A session's registrations as rows for the CSV and XLSX writers (``consult.exports.formats``), and the
sign-in list (presentielijst) as a PDF to print, with the font the reactienota uses."""
from __future__ import annotations

from collections.abc import Iterator
from html import escape
from io import BytesIO

from flask_babel import format_datetime
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from consult.core.i18n import AMSTERDAM
from consult.core.text import xml_safe
from consult.reports.exports import _FONT, _register_font
from consult.workshops.models import Registration, RegistrationStatus, WorkshopSession


def registration_header() -> list[str]:
    return [_("Number"), _("Name"), _("E-mail address"), _("Organisation"), _("Role"), _("Tables"), _("Needs"),
            _("Status"), _("Registered at"), _("Attended")]


def registration_rows(registrations: list[Registration], status_label) -> Iterator[list]:
    for number, r in enumerate(registrations, start=1):
        yield [number, r.name, r.email, r.organisation_name, r.role, ", ".join(t.title for t in r.tables), r.needs,
               status_label(r.status), r.created_at.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
               _("yes") if r.attended else ""]


def session_heading(session: WorkshopSession) -> str:
    """'Werkatelier … — 14 januari 2027 13:30–16:30, Stadhuis Almere'."""
    when = f"{format_datetime(session.starts_at, 'd MMMM y HH:mm')}–{format_datetime(session.ends_at, 'HH:mm')}"
    where = session.place or (_("online") if session.online_url else "")
    return " · ".join(part for part in (session.workshop.title, when, where) if part)


def sign_in_pdf(session: WorkshopSession, registrations: list[Registration]) -> bytes:
    """An A4 list of everyone with a place: number, name, organisation, tables, and an empty box to sign."""
    _register_font()
    sheet = getSampleStyleSheet()
    heading, body = sheet["Heading1"], sheet["BodyText"]
    heading.fontName, body.fontName = f"{_FONT}-Bold", _FONT

    def cell(text: str) -> Paragraph:
        return Paragraph(escape(xml_safe(text)), body)

    rows = [[cell(_("No.")), cell(_("Name")), cell(_("Organisation")), cell(_("Tables")), cell(_("Signature"))]]
    confirmed = [r for r in registrations if r.status is RegistrationStatus.CONFIRMED]
    for number, r in enumerate(confirmed, start=1):
        rows.append([cell(str(number)), cell(r.name), cell(r.organisation_name), cell(", ".join(t.title for t in r.tables)), ""])
    table = Table(rows, colWidths=[1.2 * cm, 4.5 * cm, 4.3 * cm, 4 * cm, 3 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                               ("BOTTOMPADDING", (0, 1), (-1, -1), 12)]))
    buffer = BytesIO()
    title = _("Sign-in list")
    pdf = SimpleDocTemplate(buffer, pagesize=A4, title=xml_safe(f"{title} {session.workshop.title}"), lang="nl",
                            leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    pdf.build([Paragraph(escape(xml_safe(title)), heading), Paragraph(escape(xml_safe(session_heading(session))), body),
               Spacer(1, 0.4 * cm), table])
    return buffer.getvalue()
