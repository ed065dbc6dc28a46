"""Every list filter is written by one macro, ``filter_field`` in templates/_forms.html.

Before, the moderation queue and the actions per theme each had their own copy of the same select and
text box markup, and the admin searches and the round comparison a third and fourth variant (one without
the label wrapper): a fix to one (an error beside the field, an isolate in a value) missed the others."""
import re
from pathlib import Path

from flask import render_template_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GET_FORM = re.compile(r'<form method="get".*?</form>', re.S)


def test_no_filter_form_writes_its_own_select_or_text_box():
    copies = []
    for path in TEMPLATES.rglob("*.html"):
        if path.name == "_forms.html":
            continue
        text = path.read_text()
        if 'for="filter-' in text or "consult-filter\"" in text:  # a macro of its own
            copies.append(str(path.relative_to(TEMPLATES)))
        for form in GET_FORM.findall(text):
            if re.search(r"<select|<input(?![^>]*type=\"hidden\")", form):
                copies.append(str(path.relative_to(TEMPLATES)))
    assert copies == []


def test_the_macro_writes_a_select_or_a_text_box_with_its_error_beside_it(app):
    with app.test_request_context():
        html = render_template_string(
            '{% from "_forms.html" import filter_field %}'
            "{{ filter_field('status', 'Status', 'b', options=[('a', 'A'), ('b', 'B')]) }}"
            "{{ filter_field('q', 'Zoeken', 'tekst', type='search', error='Fout') }}")
    assert '<label class="utrecht-form-label" for="filter-status">Status</label>' in html
    assert '<option value="b" selected>B</option>' in html and '<option value="a">A</option>' in html
    assert 'type="search" id="filter-q" name="q" value="tekst" aria-invalid="true" aria-describedby="filter-q-error"' in html
    assert '<p class="utrecht-form-field-error-message" id="filter-q-error">Fout</p>' in html
