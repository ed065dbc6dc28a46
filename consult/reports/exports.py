"""The reactienota as a file: DOCX (Word), ODT (LibreOffice) and PDF, from the same Report."""
from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import reportlab
from docx.oxml import OxmlElement
from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from odf import dc, meta, teletype
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.text import H, P
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from consult.core.bidi import isolate
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM, closing_moment, local_date, local_datetime, local_moment
from consult.core.text import xml_safe
from consult.reports.builder import Report
from consult.reports.models import Grouping


def blocks(report: Report) -> list[tuple[str, str]]:
    """The report as (kind, text) blocks: kind is h1, h2, h3, p or quote. Every format renders these.

    The texts are XML-safe (``consult.core.text``): DOCX and ODT are XML, and one stored U+FFFE must not
    make the nota a 500 for everyone.
    """
    c = report.consultation
    out = [("h1", _("Response report: %(title)s", title=c.title))]
    out.append(("p", _("%(organisation)s. The draft was open for reactions from %(start)s to %(end)s.",
                       organisation=c.organisation.name, start=local_moment(c.opens_at), end=closing_moment(c.closes_at))))
    if report.adoption:
        out.append(("p", report.adoption))
    if report.record and report.record.introduction:
        out += [("p", paragraph) for paragraph in report.record.introduction.split("\n\n") if paragraph.strip()]
    out.append(("h2", _("The process in numbers")))
    out.append(("p", report.numbers_in_words()))
    for title, rows in ((_("By channel"), report.by_channel), (_("By kind of stakeholder"), report.by_stakeholder),
                        (_("By section"), report.by_section)):
        out.append(("h3", title))
        out += [("p", f"{isolate(label)}: {count}") for label, count in rows]
    out.append(("h2", chapter_title(report)))
    for section in report.sections:
        out.append(("h3", section.title))
        for entry in section.entries:
            out.append(("p", f"{', '.join(entry.references)} · {isolate(entry.sender)}"))
            out.append(("quote", entry.text))
            out += [("p", note) for note in entry.notes]
            answer = f"{_('Answer')}" + (f" ({entry.outcome})" if entry.outcome else "") + f": {isolate(entry.answer)}"
            out.append(("p", answer + (f" {_('Changed in: %(section)s', section=entry.changed_in)}" if entry.changed_in else "")))
    if report.advice:
        out.append(("h2", _("Advice of the advisory council")))
        for advice in report.advice:
            out.append(("h3", f"{isolate(advice.organisation)} · {advice.reference}"))
            out.append(("p", _("%(kind)s, submitted on %(date)s.", kind=advice.kind, date=advice.submitted_on)))
            if advice.text:
                out.append(("quote", advice.text))
            for point in advice.points:
                out.append(("p", _("Advice point %(number)s", number=point.number) + f" · {isolate(point.section)}"))
                out.append(("quote", point.text))
                out.append(("p", f"{_('Answer')} ({point.verdict}): {isolate(point.reasons)}"))
    out.append(("h2", _("Changes to the draft")))
    if report.changes:
        out += [("p", f"{isolate(section)}: {body}" if section else body) for section, body in report.changes]
    else:
        out.append(("p", _("The reactions did not lead to changes in the draft.")))
    out += own_change_blocks(report)
    return [(kind, xml_safe(text)) for kind, text in out]


def chapter_title(report: Report) -> str:
    if report.grouping == Grouping.THEME.value:
        return _("Reactions and answers per theme")
    return _("Reactions and answers per section")


def own_change_blocks(report: Report) -> list[tuple[str, str]]:
    """The chapter of ambtshalve wijzigingen; nothing for a version published before it existed."""
    if report.own_changes is None:
        return []
    out = [("h2", _("Changes on the municipality's own initiative"))]
    if not report.own_changes:
        return [*out, ("p", _("The municipality made no changes of its own to the draft."))]
    return out + [("p", f"{section}: {body}" if section else body) for section, body in report.own_changes]


def draft_blocks(report: Report, at: datetime) -> list[tuple[str, str]]:
    """The live draft's blocks, marked as a draft right under the title so no copy passes for the nota."""
    out = blocks(report)
    out.insert(1, ("p", _("Draft, not published yet. Made on %(date)s.", date=local_datetime(at))))
    return out


def to_docx(report: Report) -> bytes:
    return blocks_to_docx(blocks(report), title=report.consultation.title, author=report.consultation.organisation.name)


def to_odt(report: Report) -> bytes:
    return blocks_to_odt(blocks(report), title=report.consultation.title, author=report.consultation.organisation.name)


def blocks_to_docx(content: list[tuple[str, str]], title: str = "", author: str = "",
                   made_at: datetime | None = None) -> bytes:
    """Blocks as a Word file whose properties name the organisation as author, the title, the language
    and the date (python-docx's template would name "python-docx" as the author)."""
    document = docx.Document()
    made_at = made_at or utcnow()
    properties = document.core_properties
    properties.author = properties.last_modified_by = xml_safe(author)
    properties.title = xml_safe(title)
    properties.language = _language()
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = made_at.astimezone(timezone.utc).replace(tzinfo=None)
    properties.revision = 1
    # python-docx resolves a style name by scanning every style for each paragraph, which makes a
    # reactienota of 10,000 reactions take minutes: resolve the ids once and write the XML directly.
    style_ids = {kind: document.styles[name].style_id for kind, name in
                 (("h1", "Heading 1"), ("h2", "Heading 2"), ("h3", "Heading 3"), ("quote", "Quote"))}
    section_properties = document.element.body.sectPr
    for kind, text in content:
        paragraph = OxmlElement("w:p")
        section_properties.addprevious(paragraph)
        if kind in style_ids:
            paragraph.style = style_ids[kind]
        paragraph.add_r().text = text
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blocks_to_odt(content: list[tuple[str, str]], title: str = "", author: str = "") -> bytes:
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=xml_safe(title)))
    document.meta.addElement(dc.Language(text=_language()))
    document.meta.addElement(meta.InitialCreator(text=xml_safe(author)))
    document.meta.addElement(dc.Creator(text=xml_safe(author)))
    styles = {}
    for name, size, bold in (("Heading_20_1", "18pt", True), ("Heading_20_2", "15pt", True), ("Heading_20_3", "13pt", True)):
        style = Style(name=name, family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold" if bold else "normal"))
        document.styles.addElement(style)
        styles[name] = style
    quote = Style(name="Quotations", family="paragraph")
    quote.addElement(ParagraphProperties(marginleft="1cm"))
    quote.addElement(TextProperties(fontstyle="italic"))
    document.styles.addElement(quote)
    for kind, text in content:
        if kind in ("h1", "h2", "h3"):
            element = H(outlinelevel=int(kind[1]), stylename=styles[f"Heading_20_{kind[1]}"])
        else:
            element = P(stylename=quote) if kind == "quote" else P()
        teletype.addTextToElement(element, text)
        document.text.addElement(element)
    buffer = BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def to_pdf(report: Report) -> bytes:
    c = report.consultation
    return blocks_to_pdf(blocks(report), c.title, author=c.organisation.name)


def render_blocks(content: list[tuple[str, str]], extension: str, title: str, author: str = "",
                  made_at: datetime | None = None) -> bytes:
    """Blocks as a DOCX, ODT or PDF file. ``author`` is the organisation, ``made_at`` (UTC, default now)
    the file's date; both go into the file's properties, in the current language (``force_locale``)."""
    if extension == "pdf":
        return blocks_to_pdf(content, title, author=author, made_at=made_at)
    if extension == "docx":
        return blocks_to_docx(content, title=title, author=author, made_at=made_at)
    return blocks_to_odt(content, title=title, author=author)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "nl"


def _anchored(content: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(kind, text, f"h-{number}" if kind.startswith("h") else "") for number, (kind, text) in enumerate(content)]


def _contents(body: list[tuple[str, str, str]]) -> list[dict]:
    """The level-2 headings with their level-3 headings under them, for the contents list."""
    out: list[dict] = []
    for kind, text, anchor in body:
        if kind == "h2":
            out.append({"text": text, "anchor": anchor, "children": []})
        elif kind == "h3" and out:
            out[-1]["children"].append({"text": text, "anchor": anchor})
    return out


def blocks_to_pdf(content: list[tuple[str, str]], title: str, author: str = "", made_at: datetime | None = None) -> bytes:
    """(kind, text) blocks as an accessible A4 PDF; the reactienota and the archive dossier both use it.

    WeasyPrint writes PDF/UA-1: a tagged PDF (headings, paragraphs, quotes and the contents list as a
    structure tree in reading order, for screen readers), with the document's language, title, author
    (the organisation) and date in its metadata, a contents list with the page of each chapter,
    bookmarks, and "page x of y" on every page. Text is escaped by the template, never read as HTML."""
    from weasyprint import HTML  # needs Pango (a system library): only loaded when a PDF is made

    made_at = made_at or utcnow()
    anchored = _anchored([(kind, xml_safe(text)) for kind, text in content])
    # The title and the opening paragraphs come before the contents; the chapters after it.
    first_chapter = next((n for n, block in enumerate(anchored) if block[0] in ("h2", "h3")), len(anchored))
    head, body = anchored[:first_chapter], anchored[first_chapter:]
    if head and head[0][0] == "h1":
        title = head[0][1]  # the title a reader sees is the file's title
    html = render_template("reports/document.pdf.html", title=xml_safe(title), author=xml_safe(author),
                           language=_language(), made_at=made_at.astimezone(AMSTERDAM),
                           made_on=local_date(made_at), head=head, body=body, contents=_contents(body))
    return HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def _fetch_nothing(url: str, *args, **kwargs):
    """The PDF needs nothing from outside (fonts come from the system): no URL is ever opened."""
    raise ValueError(f"not fetched: {url[:80]}")


_FONT = "ConsultVera"


def _register_font() -> None:
    # Vera ships with reportlab and covers Dutch (ë, é, ï) and typographic quotes and dashes.
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        fonts = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont(_FONT, str(fonts / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(f"{_FONT}-Bold", str(fonts / "VeraBd.ttf")))


def blocks_to_plain_pdf(content: list[tuple[str, str]], title: str) -> bytes:
    """(kind, text) blocks as a plain, untagged A4 PDF, for the archive dossier only (never published).

    The dossier holds every reaction of a consultation: 10,000 of them took 22 s with reportlab, where
    the tagged PDF of ``blocks_to_pdf`` lays out every line in memory first and would take minutes and
    gigabytes for the same file. The published reactienota is tagged; this internal archive is not."""
    _register_font()
    sheet = getSampleStyleSheet()
    styles = {"h1": sheet["Heading1"], "h2": sheet["Heading2"], "h3": sheet["Heading3"], "p": sheet["BodyText"],
              "quote": sheet["Italic"]}
    for key, style in styles.items():
        style.fontName = f"{_FONT}-Bold" if key.startswith("h") else _FONT
    styles["quote"].leftIndent = 0.8 * cm
    buffer = BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, title=xml_safe(title), lang="nl",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    story = []
    for kind, text in content:
        story.append(Paragraph(escape(xml_safe(text)).replace("\n", "<br/>"), styles[kind]))
        if kind == "quote":
            story.append(Spacer(1, 0.1 * cm))
    pdf.build(story)
    return buffer.getvalue()
