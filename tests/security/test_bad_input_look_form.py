"""Bad input through the admin's look fields (issue 13): ``corpora.sample()`` as the theme choice, as the
logo's file name and as the logo's content (bare, and inside an SVG). No 500, nothing foreign on the page,
the typed name shown back, and nothing but a checked PNG or SVG ever stored."""
from io import BytesIO

import sqlalchemy as sa

from consult.looks.logos import LogoRefused, check_logo
from consult.organisations.models import Organisation, OrganisationKind
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.test_bad_input_other_forms import (  # noqa: F401  (fixtures)
    Results,
    no_rate_limits,
    quiet_access_log,
)


def test_the_look_fields_of_the_organisation_form(client, login, make_user, make_organisation, session,
                                                  no_rate_limits):  # noqa: F811
    organisation = make_organisation(kind=OrganisationKind.MUNICIPALITY, name="Gemeente Corpus")
    login(make_user(is_admin=True))
    url = f"/beheer/organisaties/{organisation.id}"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n, text in enumerate(strings):
        content = text.encode("utf-8", "surrogatepass") if n % 2 else (
            f'<svg xmlns="http://www.w3.org/2000/svg"><text>{text}</text><desc x="{text}"/></svg>'.encode("utf-8", "surrogatepass"))
        data = {"name": f"Gemeente {n}", "slug": organisation.slug, "kind": "municipality", "region": "",
                "theme": text if n % 3 else "flevoland-theme", "csrf_token": token,
                "logo": (BytesIO(content), text or "logo.svg")}
        response = results.send(f"look, sample string {n}", client.post, url, data=data,
                                content_type="multipart/form-data")
        if response is not None and response.status_code == 400:
            results.send(f"look shown back, sample string {n}", lambda u, **k: response, url,
                         shows={"name": f"Gemeente {n}"})
        stored = session.execute(sa.select(Organisation.logo).where(Organisation.id == organisation.id)).scalar()
        if stored is not None:
            try:
                check_logo(stored)
            except LogoRefused as refused:
                results.problems.append(f"look, sample string {n}: stored a logo that fails the check ({refused})")
    results.assert_clean({302, 400})
    for page in (f"/organisaties/{organisation.slug}", url):
        results.send(f"the page {page} after the corpus", client.get, page)
    results.assert_clean({200, 302, 400})
