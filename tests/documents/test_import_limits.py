"""Hostile and damaged sources for a document: each is refused with a message beside its field, within
the import's limits, and the pasted text stays in the form; a realistic Word draft still imports."""
import io
import re
import time
from dataclasses import replace

import pytest
import sqlalchemy as sa

from consult.documents.importer import ImportLimits, ImportRefused, parse_markdown
from consult.documents.isolated import run_isolated
from consult.documents.models import Document
from consult.documents.sources import import_text
from tests.conftest import csrf_token
from tests.documents import hostile


@pytest.fixture(scope="module", autouse=True)
def import_server():
    """Start the import's fork server once (it imports consult: seconds here), so timings are the imports'."""
    import_text("# Inleiding", ImportLimits())


@pytest.fixture
def official(login, make_user, make_organisation):
    municipality = make_organisation(name="Gemeente Vijfheerenlanden")
    login(make_user(official_of=municipality))
    return municipality


def new_document(client, municipality, **source):
    page = client.get("/beheer/documenten/nieuw")
    data = {"organisation": str(municipality.id), "title": "Ontwerp", "kind": "other", **source,
            "csrf_token": csrf_token(page.text)}
    return client.post("/beheer/documenten/nieuw", data=data, content_type="multipart/form-data")


def error_beside(page: str, field: str) -> str:
    match = re.search(rf'id="{field}-error">(.*?)</div>', page.text, re.S)
    assert match, f"no error beside {field}"
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("&#39;", "'").strip()


def documents(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Document))


def test_a_small_word_file_that_unpacks_to_megabytes_is_refused_before_it_is_read(client, official, session):
    bomb = hostile.docx_bomb(1_500_000)  # 47 KB; its document.xml unpacks to 9 MB of empty paragraphs
    started = time.monotonic()
    page = new_document(client, official, source_file=(io.BytesIO(bomb), "ontwerp.docx"))
    assert time.monotonic() - started < 10  # was minutes and 500 MB in the web process
    assert error_beside(page, "source_file") == "Dit Word-bestand heeft meer dan 20.000 alinea's. Deel het op in delen."
    assert 'value="Ontwerp"' in page.text and documents(session) == 0

    bigger = hostile.docx_bomb(4_000_000)  # 24 MB unpacked
    page = new_document(client, official, source_file=(io.BytesIO(bigger), "ontwerp.docx"))
    assert error_beside(page, "source_file").startswith("Dit Word-bestand is uitgepakt groter dan 20 MB.")


def test_a_damaged_word_file_gets_a_message_not_an_error_page(client, official, session):
    page = new_document(client, official, source_file=(io.BytesIO(hostile.truncated_docx()), "ontwerp.docx"))
    assert page.status_code == 400
    assert error_beside(page, "source_file") == (
        "We kunnen dit Word-bestand niet lezen. Sla het opnieuw op als .docx en probeer het nog eens.")
    broken_xml = hostile.replace_part(hostile.word_file(("Inleiding", 1)), "word/document.xml", b"<w:document><w:body>")
    page = new_document(client, official, source_file=(io.BytesIO(broken_xml), "ontwerp.docx"))
    assert "We kunnen dit Word-bestand niet lezen." in error_beside(page, "source_file")
    assert documents(session) == 0


def test_word_text_comes_out_literally_not_as_markdown_or_html(client, official, session):
    data = hostile.word_file(("Inleiding", 1), ("Schrijf hier <naam gemeente> en *x* of _y_.", None),
                             ("Zie [bijlage](http://example.org) & 2020-2022.", "List Bullet"),
                             ("# geen kop\n    geen code", None))
    response = new_document(client, official, source_file=(io.BytesIO(data), "ontwerp.docx"))
    assert response.status_code == 302
    section = session.scalars(sa.select(Document)).one().latest_version.sections[0]
    assert [s.title for s in section.version.sections] == ["Inleiding"]
    body = section.body_html
    assert "Schrijf hier &lt;naam gemeente&gt; en *x* of _y_." in body
    assert "Zie [bijlage](http://example.org) &amp; 2020-2022." in body and "<a" not in body
    assert "# geen kop<br>    geen code" in body and "<em>" not in body and "<code>" not in body


def test_many_identical_headings_are_read_in_linear_time():
    limits = replace(ImportLimits(), max_sections=20_000)
    started = time.thread_time()  # CPU time of this thread: a busy machine does not move it
    sections = parse_markdown("# Inleiding\n" * 20_000, limits)  # was about two hundred million steps
    assert time.thread_time() - started < 10
    assert [s.anchor for s in sections[:3]] == ["inleiding", "inleiding-2", "inleiding-3"]
    assert len({s.anchor for s in sections}) == 20_000


def test_more_headings_than_the_limit_are_refused_and_the_text_is_kept(client, official, session):
    text = hostile.identical_headings(1_001)
    page = new_document(client, official, source_text=text)
    assert error_beside(page, "source_text") == "De tekst heeft meer dan 1.000 koppen. Deel hem op in delen."
    assert "# Inleiding\n\nTekst.\n\n# Inleiding" in page.text.replace("&#34;", '"')
    assert documents(session) == 0


def test_a_deeply_nested_list_is_refused_with_its_line_in_pasted_text_and_in_a_file(client, official, session):
    text = hostile.nested_list(260)  # was a RecursionError: a 500, and the pasted text lost
    page = new_document(client, official, source_text=text)
    assert error_beside(page, "source_text") == (
        "Regel 23 is 21 niveaus diep genest. Er zijn maximaal 20 niveaus mogelijk.")
    assert "                                                                                * niveau 20" in page.text

    page = new_document(client, official, source_file=(io.BytesIO(text.encode()), "ontwerp.md"))
    assert error_beside(page, "source_file").startswith("Regel 23 is 21 niveaus diep genest.")
    assert documents(session) == 0


def test_an_import_that_takes_too_long_is_stopped_and_the_text_is_kept(app, client, official, monkeypatch, session):
    monkeypatch.setitem(app.config, "DOCUMENT_IMPORT_SECONDS", 2)
    text = hostile.brackets(20_000)  # 40 KB that Python-Markdown takes minutes over
    started = time.monotonic()
    page = new_document(client, official, source_text=text)
    assert time.monotonic() - started < 10
    assert error_beside(page, "source_text").startswith("Het lezen van de tekst duurde langer dan 2 seconden")
    assert "[[[[[[[[[[x]]]]]]]]]]" in page.text
    assert documents(session) == 0


def test_an_import_that_needs_too_much_memory_is_stopped():
    with pytest.raises(ImportRefused) as refused:
        run_isolated(hostile.allocate, (300,), seconds=30, memory_bytes=64 * 1024 * 1024)
    assert (refused.value.reason, refused.value.figures) == ("too_much_memory", {"limit": 64})


def test_a_heading_longer_than_its_column_is_refused(client, official, session):
    page = new_document(client, official, source_text="# " + "Lang " * 70 + "\n\nTekst.")
    assert error_beside(page, "source_text") == (
        "De kop die begint met 'Lang Lang Lang Lang Lang Lang Lang Lang ' is langer dan 300 tekens. Maak hem korter.")
    assert documents(session) == 0


def test_a_markdown_file_with_control_characters_imports(client, official, session):
    response = new_document(client, official, source_file=(io.BytesIO(b"# Inleiding\n\nTekst\x00 met\x07 NUL."), "a.md"))
    assert response.status_code == 302
    assert "Tekst met NUL." in session.scalars(sa.select(Document)).one().latest_version.sections[0].body_html


def test_pasted_text_longer_than_the_limit_is_refused_and_kept(app, client, official, monkeypatch, session):
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_CHARACTERS", 1_000)
    text = "# Inleiding\n\n" + "Tekst. " * 200
    page = new_document(client, official, source_text=text)
    assert error_beside(page, "source_text") == "De tekst heeft meer dan 1.000 tekens. Deel hem op in delen."
    assert "Tekst. Tekst." in page.text and documents(session) == 0
