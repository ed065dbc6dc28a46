"""WCAG 3.1.2 (Language of Parts): on a page in English, every text an organisation wrote (titles in h1 and
links, summaries, themes, actions, consultation texts, reactions) sits in an element whose closest lang is
nl (``consult.core.content_language``); on a Dutch page nothing is added."""
import lxml.html
import pytest

from tests.actions.conftest import make_action


def _closest_lang(element) -> str | None:
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


def _unmarked(html: str, needles: list[str]) -> list[str]:
    """The needles found in a text node whose closest lang is not nl (text and tails both)."""
    tree = lxml.html.fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("title", "script", "style"):
            continue
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            for needle in needles:
                if text and needle in text and _closest_lang(owner) != "nl":
                    found.append(f"{needle!r} in <{owner.tag}> lang={_closest_lang(owner)}")
    return found


@pytest.fixture
def english_pages(session, world, client):
    world.consultation.summary = "Een samenvatting van de regio"
    action = make_action(session, world, title="Eén loket beschermd wonen", description="Alle zes gemeenten samen.")
    session.commit()
    client.get("/taal/en")
    p = world.programme.id
    return action, ["/actieprogrammas", f"/actieprogrammas/{p}", f"/actieprogrammas/{p}/themas/{world.themes[0].id}",
                    f"/actieprogrammas/{p}/gemeenten/{world.a.slug}", f"/actieprogrammas/{p}/voortgang",
                    f"/acties/{action.id}", f"/consultaties/{world.consultation.slug}", "/"]


def test_organisation_text_is_marked_dutch_in_english(world, client, english_pages):
    _action, paths = english_pages
    needles = ["Actieprogramma R", "Eén loket beschermd wonen", "Zorglandschap Wmo", "Alle zes gemeenten samen",
               "Strategische agenda R", "Een samenvatting van de regio"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert '<html lang="en"' in html
        assert _unmarked(html, needles) == [], path


def test_a_dutch_page_adds_nothing(world, client, english_pages):
    action, _paths = english_pages
    client.get("/taal/nl")
    html = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert 'lang="nl">' not in html.split("<body", 1)[1].replace('hreflang="nl"', "")
