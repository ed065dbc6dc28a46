"""Every public page of every demo consultation at 320 CSS pixels (WCAG 1.4.10 reflow, 400 % zoom):
nothing scrolls sideways, also with long Dutch compound words in headings and reactions.

Every page the other browser tests check with axe is checked at 320 px as well (``assert_accessible``
calls ``assert_reflows``); this file adds the public pages of each consultation, for every visitor."""
import pytest
import sqlalchemy as sa

from consult.consultations.models import Consultation
from consult.extensions import db
from tests.browser.conftest import assert_reflows

pytestmark = pytest.mark.browser

LONG_WORD = "Arbeidsongeschiktheidsverzekeringsuitvoeringsorganisatiemedewerkersvertegenwoordiging"


def test_every_public_page_of_every_consultation(page, live_server):
    with live_server.app.app_context():
        slugs = db.session.scalars(sa.select(Consultation.slug).order_by(Consultation.id)).all()
    assert "sociaal-maatschappelijke-agenda" in slugs
    page.set_viewport_size({"width": 1280, "height": 900})
    paths = ["/", "/privacy", "/huisregels", "/toegankelijkheid", "/organisaties/vijfheerenlanden"]
    for slug in slugs:
        paths += [f"/consultaties/{slug}", f"/consultaties/{slug}/kennisgeving", f"/consultaties/{slug}/reacties",
                  f"/consultaties/{slug}/reageren", f"/consultaties/{slug}/reactienota"]
    problems, checked = [], 0
    for path in paths:
        if page.goto(path).status != 200:  # a page this consultation does not have (yet)
            continue
        checked += 1
        try:
            assert_reflows(page)
        except AssertionError as error:
            problems.append(str(error).split("\nassert")[0])
    assert not problems, "\n\n".join(problems)
    assert checked > 10


def test_long_compound_words_wrap_in_headings_and_reactions(page, live_server):
    page.goto("/consultaties/sociaal-maatschappelijke-agenda")
    page.evaluate("""word => {
        document.querySelector('h1').textContent = word;
        const main = document.querySelector('main');
        for (const tag of ['h2', 'h3', 'p', 'li', 'blockquote', 'a']) {
            const element = document.createElement(tag);
            element.textContent = word + ' ' + word;
            main.appendChild(element);
        }
        const table = document.createElement('table');
        table.className = 'utrecht-table';
        table.innerHTML = '<tr><th class="utrecht-table__header-cell"></th><td class="utrecht-table__cell"></td></tr>';
        table.querySelectorAll('th, td').forEach(cell => { cell.textContent = word; });
        main.appendChild(table);
    }""", LONG_WORD)
    assert_reflows(page)


def test_a_fresh_form_shows_no_field_as_wrong(page, live_server):
    """Radio buttons showed in the error colour (CSS :invalid) before anyone touched the form."""
    page.goto("/consultaties/sociaal-maatschappelijke-agenda/reageren")
    assert page.locator("input[type=radio]").count() > 0
    assert page.locator(":invalid").count() == 0
    assert page.locator("[aria-invalid=true], .utrecht-radio-button--invalid").count() == 0


def test_a_long_name_beside_a_checkbox_or_radio_wraps(page, live_server):
    """An organisation's name as a checkbox label (invitations, werkatelier tables) on the reaction form."""
    page.goto("/consultaties/sociaal-maatschappelijke-agenda/reageren")
    page.evaluate("""word => {
        const form = document.querySelector('main form');
        for (const kind of ['checkbox', 'radio']) {
            const field = document.createElement('div');
            field.className = `utrecht-form-field utrecht-form-field--${kind}`;
            field.innerHTML = `<div class="utrecht-form-field__label utrecht-form-field__label--${kind}"><label class="utrecht-form-label utrecht-form-label--${kind}"><input type="${kind}"> Stichting ${word}</label></div>`;
            form.appendChild(field);
        }
    }""", LONG_WORD)
    assert_reflows(page)
