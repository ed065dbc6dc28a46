"""The actieprogramma's overviews at size: an overview shows per theme its duo, its numbers and the
first few actions, local apart from regional; the theme's own page shows 20 at a time, with its filters
kept in the URL from page to page; the progress view shows the first few of each list and pages one list."""
import re
from datetime import date, timedelta

from consult.actions.models import ActionScope, ActionStatus, ActionUpdate
from consult.core.db import utcnow
from consult.core.i18n import local_today
from tests.actions.conftest import make_action


def numbered(session, world, count, scope=ActionScope.REGIONAL, prefix="Actie", **fields):
    """``count`` actions called "Actie 01".. in deadline order, so the order on the page is known."""
    first = date(2027, 1, 1)
    return [make_action(session, world, title=f"{prefix} {n:02d}", scope=scope,
                        deadline=first + timedelta(days=n), **fields) for n in range(1, count + 1)]


def titles(text):
    return re.findall(r">(Actie \d\d|Lokaal \d\d)</a>", text)


def test_the_overview_shows_counts_and_the_first_three_with_a_link_to_the_theme(session, world, client):
    numbered(session, world, 25)
    numbered(session, world, 4, scope=ActionScope.LOCAL, municipalities=[world.a], prefix="Lokaal")
    page = client.get(f"/actieprogrammas/{world.programme.id}").text
    assert titles(page) == ["Lokaal 01", "Lokaal 02", "Lokaal 03", "Actie 01", "Actie 02", "Actie 03"]
    assert "Bestuurlijk duo: Wethouders van A en B" in page and "29 acties" in page
    assert "Lokale taken (4)" in page and "Regionale verantwoordelijkheden (25)" in page
    assert "Alle 25 regionale verantwoordelijkheden van Zorglandschap Wmo" in page
    assert f'/actieprogrammas/{world.programme.id}/themas/{world.themes[0].id}?schaal=regional' in page
    # The other theme has no actions and still shows, with its own (unknown) duo.
    assert "Zorg en Veiligheid" in page and "nog niet bekend" in page


def test_page_two_of_a_theme_starts_at_the_21st_action_local_tasks_first(session, world, client):
    numbered(session, world, 25)
    numbered(session, world, 2, scope=ActionScope.LOCAL, municipalities=[world.a], prefix="Lokaal")
    url = f"/actieprogrammas/{world.programme.id}/themas/{world.themes[0].id}"
    first = client.get(url).text
    assert titles(first) == ["Lokaal 01", "Lokaal 02"] + [f"Actie {n:02d}" for n in range(1, 19)]
    assert "27 acties · Pagina 1 van 2" in first
    assert first.index("Lokale taken") < first.index("Actie 01")
    second = client.get(url + "?pagina=2").text
    assert titles(second) == [f"Actie {n:02d}" for n in range(19, 26)]
    assert "Pagina 2 van 2" in second and "Vorige pagina" in second and "Volgende pagina" not in second
    # A page past the end shows the last one; nonsense shows the first.
    assert titles(client.get(url + "?pagina=9").text) == titles(second)
    assert titles(client.get(url + "?pagina=x").text) == titles(first)


def test_the_filters_stay_in_the_url_from_page_to_page(session, world, client):
    numbered(session, world, 22, status=ActionStatus.RUNNING)
    numbered(session, world, 3, prefix="Lokaal", scope=ActionScope.LOCAL, municipalities=[world.b])
    url = f"/actieprogrammas/{world.programme.id}/themas/{world.themes[0].id}"
    page = client.get(url + f"?schaal=regional&status=running&gemeente={world.b.slug}").text
    assert "22 acties · Pagina 1 van 2" in page and "Lokaal" not in "".join(titles(page))
    assert f"?gemeente={world.b.slug}&amp;schaal=regional&amp;status=running&amp;pagina=2" in page
    assert '<option value="regional" selected>' in page
    # Only what concerns B: its local tasks, and the regional ones that name no municipality.
    local = client.get(url + f"?gemeente={world.a.slug}&schaal=local").text
    assert "0 acties" in local and "Geen acties." in local
    # An unknown value is no error: that filter is left out.
    assert "25 acties" in client.get(url + "?status=bestaat-niet&gemeente=elders").text


def test_actions_without_a_theme_have_their_own_page_and_another_programmes_theme_is_404(
        session, world, client, make_organisation):
    make_action(session, world, title="Zonder thema", theme=None)
    base = f"/actieprogrammas/{world.programme.id}"
    assert "Zonder thema" in client.get(f"{base}/themas/zonder-thema").text
    assert "Zonder thema" in client.get(base).text
    assert client.get(f"{base}/themas/999999").status_code == 404


def test_the_progress_view_shows_ten_of_each_list_and_pages_one_list(session, world, client):
    late = numbered(session, world, 23, status=ActionStatus.DELAYED, created_at=utcnow() - timedelta(days=100))
    for action in late:
        action.deadline = local_today() - timedelta(days=40 - int(action.title[-2:]))
        session.add(ActionUpdate(action=action, body=f"Stap van {action.title}", created_at=utcnow() - timedelta(days=1)))
    session.commit()
    url = f"/actieprogrammas/{world.programme.id}/voortgang"
    page = client.get(url).text
    assert "Te laat (23)" in page and "Gewijzigd (23)" in page and "Nieuwe acties (0)" in page
    assert page.count("Stap van ") == 10
    assert "Alle 23 te late acties tonen" in page and "Alle 23 gewijzigde acties tonen" in page
    second = client.get(url + "?toon=te-laat&pagina=2").text
    assert titles(second) == ["Actie 21", "Actie 22", "Actie 23"]
    assert "Gewijzigd (23)" not in second and "Pagina 2 van 2" in second
    assert "toon=te-laat" in second and "Terug naar het overzicht" in second
