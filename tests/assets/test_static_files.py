"""Static files for a fast first visit: one purged stylesheet under a content-hashed name, kept by
browsers for a year, and gzip for it and for the pages (issue 15)."""
import gzip
import re
from pathlib import Path

import pytest

from consult.assets.build import build_css
from consult.assets.static import built_css_name
from consult.config import PROJECT_ROOT

GZIP = {"Accept-Encoding": "gzip, deflate"}


@pytest.fixture(scope="module")
def site_css(app):
    """The stylesheet `make css` builds (a build product, not in git): built here when missing."""
    static = Path(app.static_folder)
    name = built_css_name(app.config["THEME_STYLESHEET"])
    if not (static / name).is_file():
        build_css(static, app.config["THEME_STYLESHEET"], [PROJECT_ROOT / "templates", PROJECT_ROOT / "consult"], static / name)
    return (static / name).read_text(encoding="utf-8")


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_a_page_links_one_hashed_stylesheet_kept_for_a_year(client, site_css):
    links = stylesheets(client.get("/").text)
    assert len(links) == 1 and re.fullmatch(r"/static/dist/voorbeeld-theme\.site\.[0-9a-f]{12}\.css", links[0])
    response = client.get(links[0])
    assert response.status_code == 200 and response.text == site_css
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    compressed = client.get(links[0], headers=GZIP)
    assert compressed.headers["Content-Encoding"] == "gzip" and compressed.mimetype == "text/css"
    assert gzip.decompress(compressed.data).decode() == site_css and len(compressed.data) < len(site_css) / 5

    plain = client.get("/static/css/consult.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache"
    plain.close()
    old = client.get(re.sub(r"\.[0-9a-f]{12}\.css$", ".000000000000.css", links[0]))  # served, but checked again
    assert old.status_code == 200 and old.headers["Cache-Control"] == "no-cache"
    for one in (response, compressed, old):
        one.close()


def test_the_stylesheet_keeps_only_what_the_pages_use(site_css):
    components = (PROJECT_ROOT / "consult/static/vendor/utrecht-components.css").read_text(encoding="utf-8")
    assert ".utrecht-calendar" in components and ".utrecht-calendar" not in site_css  # no page shows a calendar
    for used in (".utrecht-button", ".utrecht-form-field", ".utrecht-skip-link", ".consult-page", ".consult-phase--"):
        assert used in site_css, used
    theme = (PROJECT_ROOT / "consult/static/vendor/voorbeeld-theme.css").read_text(encoding="utf-8")
    assert "--lux-login-link-hover-color" in theme and "--lux-login-link-hover-color" not in site_css  # read by no kept rule
    defined = set(re.findall(r"(--[A-Za-z0-9_-]+)\s*:", theme))
    for token in set(re.findall(r"var\((--[A-Za-z0-9_-]+)", site_css)) & defined:  # every token read is kept
        assert f"{token}:" in site_css, token


def test_pages_are_gzipped_for_browsers_that_accept_it(client, make_consultation, site_css):
    consultation = make_consultation()
    url = f"/consultaties/{consultation.slug}"
    plain = client.get(url)
    for _ in range(2):  # kept by the page cache the first time, served from it the second
        compressed = client.get(url, headers=GZIP)
        assert compressed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed.headers["Vary"]
        assert gzip.decompress(compressed.data) == plain.data
        assert compressed.headers["ETag"] != plain.headers["ETag"]
    assert "Content-Encoding" not in plain.headers


def test_gzip_with_quality_zero_is_refused_not_accepted(client, make_consultation, session, site_css):
    """``Accept-Encoding: gzip;q=0`` says "not gzip" (RFC 9110, 12.5.3): pages, open data and stylesheets,
    from Flask and from the page cache in front of it, come uncompressed."""
    from tests.reactions.test_reports import _published

    consultation = make_consultation()
    _published(session, consultation, reference="TST-2026-0001")
    session.commit()
    page = client.get(f"/consultaties/{consultation.slug}").text
    stylesheet = re.search(r'href="(/static/dist/[^"]+\.css)"', page).group(1)
    for url in (f"/consultaties/{consultation.slug}", f"/consultaties/{consultation.slug}/open-data.json",
                f"/consultaties/{consultation.slug}/open-data/1.json", stylesheet):
        for _ in range(2):  # the second from the page cache where it keeps the answer
            with client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"}) as refused:
                assert refused.status_code == 200 and "Content-Encoding" not in refused.headers, url
