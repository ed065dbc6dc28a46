"""An organisation with its own NL Design System theme and logo, in Chromium: zero axe violations (so the
logo area and the themed links keep AA contrast), nothing sideways at 320 px, the theme's colour applied
and the logo drawn; a page of another organisation keeps the installation's look."""
import pytest
import sqlalchemy as sa

from consult.extensions import db
from consult.looks.logos import check_logo
from consult.organisations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.browser.test_workbench_pages import log_in
from tests.looks.conftest import SVG

pytestmark = pytest.mark.browser

PAGES = ["/organisaties/vijfheerenlanden", "/consultaties/sociaal-maatschappelijke-agenda"]
GREEN = "rgb(16, 95, 38)"  # the example theme's link colour (#105f26)


@pytest.fixture
def own_look(live_server):
    with live_server.app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "vijfheerenlanden"))
        logo = check_logo(SVG)
        organisation.theme, organisation.logo, organisation.logo_type, organisation.logo_hash = "flevoland-theme", logo.data, logo.content_type, logo.digest
        db.session.commit()
    yield
    with live_server.app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "vijfheerenlanden"))
        organisation.theme = organisation.logo = organisation.logo_type = organisation.logo_hash = None
        db.session.commit()


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", PAGES)
def test_a_page_with_its_own_theme_and_logo(page, live_server, own_look, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.classList.contains('flevoland-theme')")
    assert page.evaluate("getComputedStyle(document.querySelector('.consult-header__organisation')).color") == GREEN
    assert page.evaluate("document.querySelector('.consult-header__logo img').naturalWidth") > 0
    assert_accessible(page)


def test_another_organisation_keeps_the_installations_look(page, live_server, own_look):
    page.goto("/organisaties/apeldoorn")
    assert not page.evaluate("document.documentElement.classList.contains('flevoland-theme')")
    assert page.locator(".consult-header__logo").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.consult-header__organisation')).color") != GREEN


def test_the_admin_sees_the_logo_and_a_refused_svg_beside_the_field(page, live_server, tmp_path):
    with live_server.app.app_context():
        region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "regio-flevoland"))
        url, logo_hash = f"/beheer/organisaties/{region.id}", region.logo_hash
    assert logo_hash, "the demo gives Regio Flevoland a logo"
    log_in(page, "beheerder@example.org")
    page.goto(url)
    assert page.locator("select#theme").input_value() == "flevoland-theme"
    assert page.evaluate("document.querySelector('.consult-form .consult-header__logo img').naturalWidth") > 0
    assert_accessible(page)
    evil = tmp_path / "logo.svg"
    evil.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="x"</script></svg>')
    page.locator("input#logo").set_input_files(str(evil))
    page.locator("#name").fill("Regio Flevoland (nieuw)")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert "Deze SVG bevat scripts" in page.locator("#logo-error").inner_text()
    assert page.locator("#name").input_value() == "Regio Flevoland (nieuw)"
    assert_accessible(page)
    with live_server.app.app_context():
        region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "regio-flevoland"))
        assert region.logo_hash == logo_hash and region.name == "Regio Flevoland"
