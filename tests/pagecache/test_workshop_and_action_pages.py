"""The public werkatelier and actieprogramma pages are kept for anonymous visitors like the other public
pages: a change visible on them shows on the next request, and a signed-in official's page is never kept
nor served to the public (issue 15)."""
from datetime import timedelta

from consult.actions.models import Action
from consult.pagecache.cache import next_change
from consult.workshops.models import WorkshopTable
from tests.actions.conftest import make_action, world  # noqa: F401 (a fixture)
from tests.pagecache.test_front import flask_requests
from tests.workshops.conftest import make_workshop  # noqa: F401 (a fixture)


def action_urls(world, action) -> list[str]:  # noqa: F811
    base = f"/actieprogrammas/{world.programme.id}"
    return ["/actieprogrammas", base, f"{base}/themas/{world.themes[0].id}", f"{base}/gemeenten/{world.a.slug}",
            f"/acties/{action.id}", f"{base}/voortgang"]


def test_actieprogramma_pages_are_kept_and_a_change_shows_on_the_next_request(app, client, session, world):  # noqa: F811
    action = make_action(session, world, title="Eén loket beschermd wonen", municipalities=[world.a])
    action_id, urls = action.id, action_urls(world, action)
    for url in urls:
        assert client.get(url).status_code == 200, url
        with flask_requests(app) as seen:
            page = client.get(url).text
        assert seen == [], f"{url} is not kept"
        assert "Eén loket beschermd wonen" in page or url == "/actieprogrammas", url  # the overview: no actions

    session.get(Action, action_id).title = "Twee loketten beschermd wonen"
    session.commit()
    for url in urls[1:]:
        page = client.get(url).text
        assert "Twee loketten beschermd wonen" in page and "Eén loket" not in page, url


def test_an_officials_actieprogramma_page_is_never_served_to_the_public(app, client, session, world, login):  # noqa: F811
    action = make_action(session, world)
    urls = action_urls(world, action)
    public = app.test_client()
    kept = {url: public.get(url).data for url in urls}
    login(world.users["official_r"])
    for url in urls:
        with flask_requests(app) as seen:
            own = client.get(url)
        assert len(seen) == 1 and own.headers["Cache-Control"] == "no-store", url
    assert "Add an action" in client.get(urls[1]).text or "Actie toevoegen" in client.get(urls[1]).text
    for url in urls:
        page = public.get(url)
        assert "Rik Regio" not in page.text and "Actie toevoegen" not in page.text and "Add an action" not in page.text, url
        assert page.data == kept[url] or url == urls[1], url


def test_the_werkatelier_page_is_kept_and_a_change_shows_on_the_next_request(app, client, session, make_workshop):  # noqa: F811
    workshop = make_workshop()
    url, table_id = f"/werkateliers/{workshop.slug}", workshop.tables[0].id
    assert "Wonen" in client.get(url).text
    with flask_requests(app) as seen:
        assert "Wonen" in client.get(url).text
    assert seen == []

    session.get(WorkshopTable, table_id).title = "Bouwen en wonen"
    session.commit()
    assert "Bouwen en wonen" in client.get(url).text


def test_a_werkatelier_session_starting_is_a_moment_the_kept_page_changes(app, session, make_workshop):  # noqa: F811
    workshop = make_workshop(deadline_in_days=2)
    starts = workshop.sessions[0].starts_at
    with app.app_context():
        _version, moment = next_change(starts - timedelta(seconds=30))
    assert moment == starts  # held from then on: the page drops its links to register and to the calendar


def test_a_signed_in_officials_werkatelier_page_is_never_served_to_the_public(app, client, session, make_workshop,  # noqa: F811
                                                                               make_user, login):
    workshop = make_workshop()
    url = f"/werkateliers/{workshop.slug}"
    public = app.test_client()
    kept = public.get(url)
    login(make_user(official_of=workshop.consultation.organisation, name="Vera Jansen"))
    with flask_requests(app) as seen:
        own = client.get(url)
        client.get(url)
    assert len(seen) == 2 and own.headers["Cache-Control"] == "no-store"
    with flask_requests(app) as seen:
        page = public.get(url)
    assert page.data == kept.data and "Vera Jansen" not in page.text


def test_every_clock_moment_of_the_public_pages_is_a_next_change(app, session, make_workshop):  # noqa: F811
    """``CLOCK_MOMENTS``: a consultation opening and closing (the werkatelier's registration deadline), a
    session starting and ending; just before each, ``next_change`` names it."""
    workshop = make_workshop(deadline_in_days=2)
    consultation, held = workshop.consultation, workshop.sessions[0]
    consultation.opens_at = consultation.closes_at - timedelta(hours=5)
    session.commit()
    for moment in (consultation.opens_at, consultation.closes_at, held.starts_at, held.ends_at):
        with app.app_context():
            _version, found = next_change(moment - timedelta(seconds=30))
        assert found == moment
