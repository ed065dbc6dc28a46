"""WCAG 3.1.2 on the werkatelier's public pages in English: its title, summary, accessibility note, places
and tables are the organisation's Dutch and sit in an element whose closest lang is nl."""
from tests.actions.test_content_language import _unmarked


def test_the_werkatelier_page_marks_its_dutch(client, make_workshop):
    workshop = make_workshop()
    client.get("/taal/en")
    html = client.get(f"/werkateliers/{workshop.slug}").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert _unmarked(html, [workshop.title, "Samen werken we acties uit"]) == []
