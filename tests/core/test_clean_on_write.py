"""Rich text is cleaned once, when it is written; pages show what is stored without cleaning again (issue 15)."""
from markupsafe import Markup

from consult.consultations.models import Consultation
from consult.core.sanitize import stored_html
from consult.documents.models import Section

HOSTILE = '<p onclick="steal()">Tekst<script>alert(1)</script> <a href="javascript:x()">link</a></p>'


def test_sections_and_introductions_are_cleaned_when_set():
    section = Section(position=0, number="1", anchor="een", title="Een", body_html=HOSTILE)
    consultation = Consultation(introduction_html=HOSTILE)
    for stored in (section.body_html, consultation.introduction_html):
        assert "script" not in stored and "onclick" not in stored and "javascript" not in stored
        assert stored.startswith("<p>Tekst")
    section.body_html = "<h2>Kop</h2><iframe src=x></iframe>"
    assert section.body_html == "<h2>Kop</h2>"


def test_pages_show_the_stored_html_as_it_is():
    assert stored_html("<p>Al schoon</p>") == Markup("<p>Al schoon</p>")
    assert stored_html(None) == Markup("")


def test_a_page_shows_a_cleaned_section(client, make_consultation):
    consultation = make_consultation(markdown="# Inleiding\n\nTekst <script>alert(1)</script> met **nadruk**.")
    page = client.get(f"/consultaties/{consultation.slug}").text
    assert "<strong>nadruk</strong>" in page and "<script>alert" not in page
