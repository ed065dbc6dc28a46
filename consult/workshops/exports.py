"""A session's registrations as rows for the CSV and XLSX writers (``consult.exports.formats``), and the
sign-in list (presentielijst) and the name badges as PDFs to print. Names come from everywhere: both are set
in DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew…, from fonts-dejavu-core) and characters it lacks
(Chinese, Japanese, Korean) in reportlab's CID fonts, so no name loses a letter."""
from __future__ import annotations

from collections.abc import Iterator
from html import escape
from io import BytesIO
from pathlib import Path

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from consult.core.i18n import AMSTERDAM, local_time_span
from consult.core.text import xml_safe
from consult.workshops.models import Registration, RegistrationStatus, WorkshopSession


def registration_header() -> list[str]:
    return [_("Number"), _("Name"), _("E-mail address"), _("E-mail address confirmed"), _("Organisation"), _("Role"),
            _("Tables"), _("Needs"), _("Status"), _("Registered at"), _("Attended")]


def registration_rows(registrations: list[Registration], status_label) -> Iterator[list]:
    for number, r in enumerate(registrations, start=1):
        yield [number, r.name, r.email, _("yes") if r.is_email_confirmed else _("no"), r.organisation_name, r.role, ", ".join(t.title for t in r.tables), r.needs,
               status_label(r.status), r.created_at.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
               _("yes") if r.attended else ""]


def session_heading(session: WorkshopSession) -> str:
    """'Werkatelier … · 14 januari 2027, 13.30–16.30 uur · Stadhuis Almere'."""
    when = local_time_span(session.starts_at, session.ends_at, weekday=False)
    where = session.place or (_("online") if session.online_url else "")
    return " · ".join(part for part in (session.workshop.title, when, where) if part)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_FONT = "ConsultDejaVuSans"
# CID fonts ship with every PDF reader: characters DejaVu Sans has no glyph for, by script.
_CID_FONTS = (((0x1100, 0x11FF), "HYSMyeongJo-Medium"), ((0xAC00, 0xD7AF), "HYSMyeongJo-Medium"),
              ((0x3130, 0x318F), "HYSMyeongJo-Medium"), ((0x3040, 0x30FF), "HeiseiMin-W3"),
              ((0x3000, 0x303F), "STSong-Light"), ((0x3400, 0x9FFF), "STSong-Light"), ((0xF900, 0xFAFF), "STSong-Light"),
              ((0xFF00, 0xFFEF), "STSong-Light"))


def _register_fonts() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(DEJAVU / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(f"{_FONT}-Bold", str(DEJAVU / "DejaVuSans-Bold.ttf")))
    for _range, name in _CID_FONTS:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def _cid_font(char: str) -> str | None:
    code = ord(char)
    if code in pdfmetrics.getFont(_FONT).face.charToGlyph:
        return None
    return next((name for (low, high), name in _CID_FONTS if low <= code <= high), None)


def paragraph_markup(text: str) -> str:
    """``text`` escaped for a reportlab Paragraph, with runs DejaVu Sans cannot show in a CID font."""
    out, run, run_font = [], [], None

    def flush():
        chunk = escape("".join(run))
        out.append(f'<font name="{run_font}">{chunk}</font>' if run_font else chunk)

    for char in xml_safe(text):
        font = _cid_font(char)
        if run and font != run_font:
            flush()
            run = []
        run_font = font
        run.append(char)
    if run:
        flush()
    return "".join(out)


def sign_in_pdf(session: WorkshopSession, registrations: list[Registration]) -> bytes:
    """An A4 list of everyone with a place: number, name, organisation, tables, and an empty box to sign."""
    _register_fonts()
    sheet = getSampleStyleSheet()
    heading, body = sheet["Heading1"], sheet["BodyText"]
    heading.fontName, body.fontName = f"{_FONT}-Bold", _FONT

    def cell(text: str) -> Paragraph:
        return Paragraph(paragraph_markup(text), body)

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
    pdf.build([Paragraph(paragraph_markup(title), heading), Paragraph(paragraph_markup(session_heading(session)), body),
               Spacer(1, 0.4 * cm), table])
    return buffer.getvalue()


# Badges: 2 × 4 on an A4 sheet, each 9 × 6.5 cm (a common badge holder), the grid centred on the page.
BADGE_COLUMNS, BADGE_ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = 9 * cm, 6.5 * cm
# Inside each badge: what a crooked cut may take without touching a letter.
BADGE_CUT_MARGIN = 0.6 * cm


def _badge_grid():
    """The lower-left corner of each badge on a page, row by row from the top."""
    page_width, page_height = A4
    left = (page_width - BADGE_COLUMNS * BADGE_WIDTH) / 2
    bottom = (page_height - BADGE_ROWS * BADGE_HEIGHT) / 2
    return [(left + column * BADGE_WIDTH, bottom + (BADGE_ROWS - 1 - row) * BADGE_HEIGHT)
            for row in range(BADGE_ROWS) for column in range(BADGE_COLUMNS)]


def _cut_lines(canvas, _doc) -> None:
    """Dashed grey lines along every cut, across the whole sheet."""
    page_width, page_height = A4
    corners = _badge_grid()
    left, bottom = min(x for x, _y in corners), min(y for _x, y in corners)
    canvas.saveState()
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.3)
    canvas.setDash(3, 3)
    for column in range(BADGE_COLUMNS + 1):
        x = left + column * BADGE_WIDTH
        canvas.line(x, 0, x, page_height)
    for row in range(BADGE_ROWS + 1):
        y = bottom + row * BADGE_HEIGHT
        canvas.line(0, y, page_width, y)
    canvas.restoreState()


def badges_pdf(session: WorkshopSession, registrations: list[Registration]) -> bytes:
    """Name badges for everyone with a place, eight to an A4 sheet with cut lines: the name large, the
    organisation, the table(s) they chose, and the werkatelier's title and date. A long name wraps (a word
    too long for a line is split), and when the badge still overflows its text is made smaller as a whole:
    nothing is ever cut off. With nobody to print one page says so (a PDF needs a page)."""
    _register_fonts()
    name_style = ParagraphStyle("badge-name", fontName=f"{_FONT}-Bold", fontSize=20, leading=24, splitLongWords=1)
    line_style = ParagraphStyle("badge-line", fontName=_FONT, fontSize=11, leading=14, splitLongWords=1, spaceBefore=4)
    small_style = ParagraphStyle("badge-small", fontName=_FONT, fontSize=8, leading=10, splitLongWords=1,
                                 spaceBefore=8, textColor=colors.HexColor("#333333"))
    width, height = BADGE_WIDTH - 2 * BADGE_CUT_MARGIN, BADGE_HEIGHT - 2 * BADGE_CUT_MARGIN
    when = local_time_span(session.starts_at, session.ends_at, weekday=False)
    footer = Paragraph(paragraph_markup(f"{session.workshop.title} · {when}"), small_style)
    badges = []
    for r in (r for r in registrations if r.status is RegistrationStatus.CONFIRMED):
        content = [Paragraph(paragraph_markup(r.name), name_style)]
        if r.organisation_name:
            content.append(Paragraph(paragraph_markup(r.organisation_name), line_style))
        if r.tables:
            tables = ", ".join(t.title for t in r.tables)
            content.append(Paragraph(paragraph_markup(_("Table: %(tables)s", tables=tables)), line_style))
        content.append(footer)
        badges.append(KeepInFrame(width, height, content, mode="shrink"))
    # Each badge in its own frame: the next one starts in the next frame (the next sheet after the eighth).
    story = [part for badge in badges for part in (FrameBreak, badge)][1:] or [
        Paragraph(paragraph_markup(_("Nobody has a place in this session yet.")), line_style)]
    frames = [Frame(x + BADGE_CUT_MARGIN, y + BADGE_CUT_MARGIN, width, height, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0) for x, y in _badge_grid()]
    buffer = BytesIO()
    title = _("Name badges")
    document = BaseDocTemplate(buffer, pagesize=A4, title=xml_safe(f"{title} {session.workshop.title}"), lang="nl",
                               pageTemplates=[PageTemplate("badges", frames=frames, onPage=_cut_lines)])
    document.build(story)
    return buffer.getvalue()
