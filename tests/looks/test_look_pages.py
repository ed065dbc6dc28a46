"""Which theme and logo a page gets: an organisation's own on its pages, the installation's elsewhere; the
logo served under its content's name with a long cache; the admin sets both through the organisation form."""
import re
from io import BytesIO

import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.organisations.models import Organisation, OrganisationKind
from tests.actions.conftest import make_action, world  # noqa: F401  (the fixture)
from tests.conftest import csrf_token
from tests.looks.conftest import SVG, png
from tests.workbench.conftest import make_reaction  # noqa: F401  (the fixture)
from tests.workbench.test_answers_and_report import closed_consultation_with_reactions
from tests.workbench.test_report_versions import publish
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture)

OWN = 'class="voorbeeld-theme flevoland-theme"'
PLAIN = 'class="voorbeeld-theme"'


def stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)


def test_an_organisations_pages_get_its_theme_and_logo(client, themed, make_consultation, make_workshop):  # noqa: F811
    consultation = make_consultation(organisation=themed)
    workshop = make_workshop(organisation=themed)
    logo = f"/organisaties/{themed.slug}/logo-{themed.logo_hash}.svg"
    for url in (f"/organisaties/{themed.slug}", f"/consultaties/{consultation.slug}",
                f"/consultaties/{consultation.slug}/kennisgeving", f"/consultaties/{consultation.slug}/reacties",
                f"/consultaties/{consultation.slug}/reageren", f"/werkateliers/{workshop.consultation.slug}",
                f"/werkateliers/{workshop.consultation.slug}/aanmelden"):
        page = client.get(url).text
        assert OWN in page, url
        assert any("flevoland-theme" in href for href in stylesheets(page)), url
        assert f'src="{logo}"' in page, url


def test_other_pages_keep_the_installations_theme(client, themed, make_organisation, make_consultation):
    other = make_consultation(organisation=make_organisation(name="Gemeente Grijs"))
    for url in ("/", "/privacy", f"/consultaties/{other.slug}", f"/organisaties/{other.organisation.slug}"):
        page = client.get(url).text
        assert PLAIN in page and "flevoland-theme" not in page and "/logo-" not in page, url


def test_a_theme_whose_file_is_gone_falls_back_to_the_installations(client, session, themed):
    themed.theme = "verdwenen-theme"
    session.commit()
    page = client.get(f"/organisaties/{themed.slug}").text
    assert PLAIN in page and "verdwenen" not in page


def test_the_actieprogramma_of_a_themed_region_is_themed(client, session, world):  # noqa: F811
    world.region.theme = "flevoland-theme"
    session.commit()
    action = make_action(session, world)
    for url in (f"/actieprogrammas/{world.programme.id}", f"/actieprogrammas/{world.programme.id}/gemeenten/{world.a.slug}",
                f"/acties/{action.id}", f"/actieprogrammas/{world.programme.id}/voortgang"):
        assert OWN in client.get(url).text, url
    assert PLAIN in client.get(f"/organisaties/{world.a.slug}").text  # a member keeps its own (none)


def test_the_logo_is_served_by_content_with_a_long_cache_and_nothing_may_run(client, themed, login, make_user):
    url = f"/organisaties/{themed.slug}/logo-{themed.logo_hash}.svg"
    for _ in ("anonymous", "signed in"):
        response = client.get(url)
        assert response.status_code == 200 and response.data == SVG
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        login(make_user())
    assert client.get(f"/organisaties/{themed.slug}/logo-0000000000000000.svg").status_code == 404
    assert client.get(f"/organisaties/{themed.slug}/logo-{themed.logo_hash}.png").status_code == 404


def _admin_post(client, organisation, **data):
    url = f"/beheer/organisaties/{organisation.id}"
    token = csrf_token(client.get(url).text)
    fields = {"name": organisation.name, "slug": organisation.slug, "kind": organisation.kind.value, "region": "",
              "csrf_token": token, **data}
    return client.post(url, data=fields, content_type="multipart/form-data")


def test_the_admin_chooses_a_theme_and_uploads_a_logo(client, session, login, make_user, make_organisation):
    organisation = make_organisation(name="Gemeente Blauw")
    login(make_user(is_admin=True))
    form = client.get(f"/beheer/organisaties/{organisation.id}").text
    assert 'enctype="multipart/form-data"' in form and '<option value="flevoland-theme">' in form
    response = _admin_post(client, organisation, theme="flevoland-theme", logo=(BytesIO(png()), "logo.png"))
    assert response.status_code == 302
    session.refresh(organisation)
    assert organisation.theme == "flevoland-theme" and organisation.logo_type == "image/png"
    assert client.get(f"/organisaties/{organisation.slug}/logo-{organisation.logo_hash}.png").data == png()
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "organisation_look_changed"))
    assert event is not None and event.organisation_id == organisation.id
    assert OWN in client.get(f"/organisaties/{organisation.slug}").text

    assert _admin_post(client, organisation, theme="", remove_logo="y").status_code == 302
    session.refresh(organisation)
    assert organisation.theme is None and organisation.logo_hash is None and organisation.logo is None


def test_a_script_carrying_svg_is_refused_beside_the_field_and_the_typed_text_kept(client, session, login, make_user,
                                                                                   make_organisation):
    organisation = make_organisation(name="Gemeente Blauw")
    login(make_user(is_admin=True))
    evil = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
    response = _admin_post(client, organisation, name="Gemeente Nieuwe Naam", theme="flevoland-theme",
                           logo=(BytesIO(evil), "logo.svg"))
    assert response.status_code == 400
    error = response.text.split('id="logo-error"')[1].split("</div>")[0]
    assert "Deze SVG bevat scripts" in error
    assert 'value="Gemeente Nieuwe Naam"' in response.text
    assert '<option selected value="flevoland-theme">' in response.text
    session.refresh(organisation)
    assert organisation.logo_hash is None and organisation.theme is None and organisation.name == "Gemeente Blauw"


def test_a_theme_not_present_is_refused(client, session, login, make_user, make_organisation):
    organisation = make_organisation(kind=OrganisationKind.REGION, name="Regio Blauw")
    login(make_user(is_admin=True))
    response = _admin_post(client, organisation, theme="../../vendor/voorbeeld-theme")
    assert response.status_code == 400 and 'id="theme-error"' in response.text
    assert session.get(Organisation, organisation.id).theme is None


def test_the_reactienota_of_a_themed_organisation_is_themed(client, session, make_consultation, make_user, login,
                                                           make_reaction):  # noqa: F811
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    consultation.organisation.theme = "flevoland-theme"
    session.commit()
    assert publish(client, consultation.slug).status_code == 302
    for url in (f"/consultaties/{consultation.slug}/reactienota", f"/consultaties/{consultation.slug}/reactienota/versie-1"):
        assert OWN in client.get(url).text, url
