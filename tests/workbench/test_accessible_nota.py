"""The reactienota as an accessible file: a tagged PDF (PDF/UA) with its structure, language, title,
author, date, contents and page numbers; a Word file that names the organisation, not "python-docx".

Before, the PDF came from reportlab untagged: a screen reader got one stream of text without headings,
and there were no page numbers or contents; the Word file's author was "python-docx"."""
import io

import docx
import pypdf

from tests.workbench.test_answers_and_report import closed_consultation_with_reactions


def structure_roles(node, found):
    """Every structure type (/H1, /P, /TOC…) in the PDF's structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.add(str(node["/S"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            structure_roles(kid, found)
    elif isinstance(node, list):
        for kid in node:
            structure_roles(kid, found)
    return found


def test_the_pdf_is_tagged_with_title_language_date_contents_and_page_numbers(client, session, make_consultation,
                                                                               make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    data = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota/concept.pdf").data
    pdf = pypdf.PdfReader(io.BytesIO(data))
    root = pdf.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title == f"Reactienota: {consultation.title}"
    assert pdf.metadata.author == consultation.organisation.name
    assert pdf.metadata.creation_date is not None
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()

    roles = structure_roles(root["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/H3", "/P", "/BlockQuote", "/L", "/LI", "/Link"} <= roles, roles
    assert pdf.outline, "bookmarks for the chapters"

    pages = [page.extract_text() for page in pdf.pages]
    assert "Inhoud" in pages[0]
    assert "Het proces in cijfers" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in text


def test_a_pdf_in_english_says_so(app):
    """The file's language is the language it is written in (the nota's, see ``nota_locale``)."""
    from flask_babel import force_locale

    from consult.reports.exports import render_blocks

    with app.test_request_context("/"), force_locale("en"):
        data = render_blocks([("h1", "Response report"), ("h2", "Numbers"), ("p", "Text.")], "pdf", "Response report",
                             author="Municipality of Test")
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "Contents" in pdf.pages[0].extract_text() and "Page 1 of 1" in pdf.pages[0].extract_text()


def test_the_word_file_names_the_organisation(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    data = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota/concept.docx").data
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.author == consultation.organisation.name
    assert properties.last_modified_by == consultation.organisation.name
    assert properties.title == consultation.title
    assert properties.language == "nl"
    assert "python-docx" not in f"{properties.author} {properties.comments} {properties.last_modified_by}"
    assert properties.created is not None


def test_the_libreoffice_file_names_the_organisation(client, session, make_consultation, make_user, login, make_reaction):
    from odf import dc, meta
    from odf.opendocument import load

    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    document = load(io.BytesIO(client.get(f"/beheer/consultaties/{consultation.slug}/reactienota/concept.odt").data))

    def first(kind):
        return str(document.meta.getElementsByType(kind)[0])

    assert first(dc.Title) == consultation.title
    assert first(dc.Language) == "nl"
    assert first(meta.InitialCreator) == consultation.organisation.name



def test_a_direction_control_in_a_name_turns_nothing_after_it_in_the_files(client, session, make_consultation, make_user,
                                                                            login, make_reaction):
    """The files join names into lines themselves (DOCX, ODT, PDF): each name is isolated there too."""
    import sqlalchemy as sa

    from consult.reactions.models import Reaction
    from consult.reports.builder import build_report
    from consult.reports.exports import blocks

    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    section = session.scalars(sa.select(Reaction).where(Reaction.section_id.is_not(None))).first().section
    section.title = "Zorg \u202een welzijn"
    session.commit()
    with client.application.test_request_context():
        texts = [text for _kind, text in blocks(build_report(consultation))]
    assert f"\u2068{section.label}\u2069: 1" in texts, texts
