"""The page cache keeps one page per organisation, each with its own look, and a changed look is shown on
the next request."""
from consult.looks.logos import check_logo
from consult.looks.services import set_look
from tests.looks.conftest import png
from tests.rounds.test_query_counts import counted_queries


def test_each_organisation_keeps_its_own_cached_page_and_a_new_look_shows_at_once(app, client, session, themed,
                                                                                 make_organisation):
    plain = make_organisation(name="Gemeente Grijs")
    urls = {f"/organisaties/{themed.slug}": "flevoland-theme", f"/organisaties/{plain.slug}": None}
    first = {url: client.get(url) for url in urls}
    for url, theme in urls.items():
        with counted_queries(app) as statements:
            again = client.get(url)
        assert len(statements) == (0 if app.wsgi_app.signal else 1), url  # from the cache
        assert again.data == first[url].data
        assert ("flevoland-theme" in again.text) is bool(theme), url
        assert ("/logo-" in again.text) is bool(theme), url

    with app.test_request_context():
        set_look(None, plain, "flevoland-theme", check_logo(png()))
        session.commit()
    page = client.get(f"/organisaties/{plain.slug}").text
    assert 'class="voorbeeld-theme flevoland-theme"' in page and f"logo-{plain.logo_hash}.png" in page
