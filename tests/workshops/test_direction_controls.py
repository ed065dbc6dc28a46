"""A right-to-left override typed into a title or a name turns only that value around, never the text
after it on the page or in the mail (consult/core/bidi.py)."""
import html

import pytest
import sqlalchemy as sa
from flask import render_template_string
from flask_babel import gettext as _
from markupsafe import Markup

from consult.core.bidi import isolate
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.services import register
from tests.workshops.conftest import person

RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
TITLE = f"Samen {RLO}wonen"
NAME = f"Gemeente {RLO}Zeewolde"


def test_a_value_with_a_direction_control_is_isolated_and_nothing_else_changes():
    assert isolate(TITLE) == f"{FSI}{TITLE}{PDI}"
    assert isolate("Samen wonen") == "Samen wonen"
    assert isolate("مرحبا") == "مرحبا"  # Arabic needs no controls and gets none
    assert isolate(None) is None and isolate(3) == 3
    marked = isolate(Markup(f"<b>{TITLE}</b>"))
    assert isinstance(marked, Markup) and marked == Markup(f"{FSI}<b>{TITLE}</b>{PDI}")


def test_templates_and_translated_sentences_isolate_the_value_and_keep_every_character(app_context):
    assert render_template_string("{{ t }} — aanmelden", t=TITLE) == f"{FSI}{TITLE}{PDI} — aanmelden"
    assert f"naar {FSI}{TITLE}{PDI}" in render_template_string("{{ _('Back to %(title)s', title=t) }}!", t=TITLE)
    assert f"{FSI}{TITLE}{PDI}" in render_template_string("{% trans title=t %}Back to {{ title }}{% endtrans %}",
                                                          t=TITLE)
    assert _("Back to %(title)s", title=TITLE).endswith(f"{FSI}{TITLE}{PDI}")  # flash messages, subjects
    assert render_template_string('<input value="{{ t|verbatim }}">', t=TITLE) == f'<input value="{TITLE}">'


@pytest.fixture
def reversed_workshop(session, make_workshop, make_organisation):
    workshop = make_workshop(organisation=make_organisation(name=NAME))
    workshop.consultation.title = TITLE
    session.commit()
    return workshop


def test_the_page_isolates_the_title_and_the_organisation_name(client, reversed_workshop):
    page = client.get(f"/werkateliers/{reversed_workshop.slug}/aanmelden").text
    assert f"Aanmelden voor {FSI}{TITLE}{PDI}" in page
    assert page.count(TITLE) == page.count(f"{FSI}{TITLE}{PDI}") > 0
    public = client.get(f"/werkateliers/{reversed_workshop.slug}").text
    assert public.count(NAME) == public.count(f"{FSI}{NAME}{PDI}") > 0


def test_the_mail_isolates_the_title_in_subject_and_body(app_context, session, reversed_workshop):
    register(reversed_workshop.sessions[0], person(1), utcnow())
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "deelnemer1@example.org")).one()
    assert f"{FSI}{TITLE}{PDI}" in mail.subject
    assert f'"{FSI}{TITLE}{PDI}". ' in mail.body_text
    assert mail.body_text.count(TITLE) == mail.body_text.count(f"{FSI}{TITLE}{PDI}")


# Where each letter of the text after the value lands: left to right means every next letter further right.
LETTER_LEFTS = """([selector, text]) => {
    const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const start = walker.currentNode.data.indexOf(text);
        if (start < 0) continue;
        return [...text].map((_, i) => {
            const range = document.createRange();
            range.setStart(walker.currentNode, start + i);
            range.setEnd(walker.currentNode, start + i + 1);
            return range.getBoundingClientRect().left;
        });
    }
    return null;
}"""


@pytest.mark.browser
def test_chromium_shows_the_text_after_the_value_left_to_right(browser, client, app_context, session, reversed_workshop):
    page_html = client.get(f"/werkateliers/{reversed_workshop.slug}").text
    register(reversed_workshop.sessions[0], person(1), utcnow())
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "deelnemer1@example.org")).one()
    tab = browser.new_page()
    try:
        tab.set_content(page_html)
        lefts = tab.evaluate(LETTER_LEFTS, [".consult-card__meta", "Voor: Iedereen"])
        assert lefts and lefts == sorted(lefts) and len(set(lefts)) == len(lefts), lefts
        tab.set_content(f'<pre id="mail">{html.escape(mail.body_text)}</pre>')
        lefts = tab.evaluate(LETTER_LEFTS, ["#mail", "We zien u graag."])
        assert lefts and lefts == sorted(lefts) and len(set(lefts)) == len(lefts), lefts
    finally:
        tab.close()
