"""Tester finding F8: the outcome form said "Voorgestelde eigenaar (niet verplicht) (niet verplicht)". Every
form page of the werkatelier says it once per field that is not required, in Dutch and in English."""
import re

import pytest

LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)


@pytest.mark.parametrize("language, mark", [("nl", "(niet verplicht)"), ("en", "(optional)")])
def test_every_label_says_once_that_it_is_optional(client, login, session, world, make_user, language, mark):
    login(make_user(official_of=world.municipality))
    client.get(f"/taal/{language}")
    pages = [f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten/tafels/{world.workshop.tables[0].id}",
             f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten",
             f"/beheer/werkateliers/{world.workshop.slug}",
             f"/werkateliers/{world.workshop.slug}/aanmelden"]
    seen = 0
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        labels = [re.sub(r"<[^>]+>|\s+", " ", text) for _tag, text in LABEL.findall(page.text)]
        assert not [label for label in labels if label.count(mark) > 1], (url, labels)
        seen += sum(mark in label for label in labels)
    assert seen >= 3  # the proposed owner, the municipalities and the cards at least
