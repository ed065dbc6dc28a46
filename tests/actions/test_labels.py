"""Finding 17: an action's owner and its status read the same on every listing, print and export.

Before, a card read "Eigenaar: Gemeente A · Gemeente A" (the owner, then the unlabelled municipalities),
"Eigenaar: Bestuurlijk duo: Wethouders …" under a theme that named its duo already, and "Vertraagd te
laat" (the status and a second word for the passed deadline); the export's owner column held the duo's
names bare, and the progress view's late table another wording again.
"""
import re
from datetime import date

import pytest

from consult.actions.labels import action_owner, owner_label, status_text
from consult.actions.models import ActionScope, ActionStatus
from tests.actions.conftest import make_action

LATE = "Vertraagd, deadline 15 januari 2026 verstreken"


def text_of(html: str) -> str:
    """The page as read: no tags, one space for any run of white space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


def test_the_owner_label_names_the_organisation_the_duo_or_says_it_is_not_decided(app):
    with app.test_request_context():
        assert owner_label("Gemeente A", "Wethouders van A en B", True) == "Gemeente A"
        assert owner_label(None, "Wethouders van A en B", True) == "bestuurlijk duo (Wethouders van A en B)"
        assert owner_label(None, "", True) == "het bestuurlijk duo van het thema"
        assert owner_label(None, None, False) == "nog niet bepaald"


def test_the_status_text_adds_the_passed_deadline_never_a_second_status_word(app):
    with app.test_request_context():
        assert status_text(ActionStatus.DELAYED, date(2026, 1, 15), True) == LATE
        assert status_text(ActionStatus.DELAYED, date(2030, 1, 15), False) == "Vertraagd"
        assert status_text(ActionStatus.PLANNED, None, False) == "Gepland"


@pytest.fixture
def listed(world, session):
    """A late, delayed action owned by Gemeente A that concerns Gemeente A, and one the duo owns."""
    own = make_action(session, world, title="Actie van A", scope=ActionScope.LOCAL, owner_organisation=world.a,
                      municipalities=[world.a], status=ActionStatus.DELAYED, deadline=date(2026, 1, 15))
    duo = make_action(session, world, title="Actie van het duo", deadline=date(2030, 6, 1))
    return own, duo


def test_every_listing_reads_owner_and_status_the_same(world, listed, client, login):
    own, duo = listed
    theme = world.themes[0].id
    public = [f"/actieprogrammas/{world.programme.id}", f"/actieprogrammas/{world.programme.id}/themas/{theme}",
              f"/actieprogrammas/{world.programme.id}/gemeenten/{world.a.slug}", f"/acties/{own.id}",
              f"/actieprogrammas/{world.programme.id}/voortgang"]
    pages = {url: text_of(client.get(url).text) for url in public}
    login(world.users["official_a"])
    pages["/regio"] = text_of(client.get("/regio").text)
    for url, page in pages.items():
        assert LATE in page, url
        assert "te laat Vertraagd" not in page and "Vertraagd te laat" not in page, url
        assert "Gemeente A · Gemeente A" not in page, url
        assert "Bestuurlijk duo: Bestuurlijk duo" not in page and "duo: bestuurlijk duo" not in page, url
    for url in (public[0], public[1], "/regio"):
        assert "Eigenaar: Gemeente A · Gemeente: Gemeente A" in pages[url], url
        assert "Eigenaar: bestuurlijk duo (Wethouders van A en B)" in pages[url], url
    assert "Eigenaar: Gemeente A" in pages[public[4]]


def test_the_export_reads_owner_and_status_as_the_pages(world, listed, client, app):
    own, duo = listed
    rows = client.get(f"/actieprogrammas/{world.programme.id}/voortgang.csv").text.lstrip("\ufeff").splitlines()
    header = rows[0].split(";") if ";" in rows[0] else rows[0].split(",")
    assert "Deadline verstreken" in header and "Te laat" not in header
    own_row = next(r for r in rows if "Actie van A" in r)
    duo_row = next(r for r in rows if "Actie van het duo" in r)
    assert LATE in own_row and "Gemeente A" in own_row
    assert "bestuurlijk duo (Wethouders van A en B)" in duo_row
    with app.test_request_context():
        assert action_owner(duo) == "bestuurlijk duo (Wethouders van A en B)"
