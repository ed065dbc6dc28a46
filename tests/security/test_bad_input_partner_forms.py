"""Bad input through the forms of partners' people (issue 11): the contact person invited to a round,
the admin's organisation and person forms, the mail choice, choosing a password after a sign-in link,
and mangled tokens in the sign-in link. ``corpora.sample()`` for each, the same checks as
test_bad_input_other_forms.py: no 500, no foreign markup, what a refused form shows back is exactly
what was typed."""
from urllib.parse import quote

import sqlalchemy as sa

from consult.core.forms import clean_text
from consult.organisations.models import Organisation, OrganisationKind
from tests.conftest import csrf_token
from tests.rounds.conftest import round_world  # noqa: F401  (the fixture)
from tests.security.corpora import sample
from tests.security.test_bad_input_other_forms import (  # noqa: F401  (fixtures)
    Results,
    no_rate_limits,
    quiet_access_log,
    rotated,
)


def shown_back(data: dict, names) -> dict:
    return {name: clean_text(data[name]) for name in names}


def test_inviting_a_contact_person(client, login, round_world, no_rate_limits):  # noqa: F811
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("name", "email"))
        data["invitation"] = str(round_world.invitation_x.id) if n % 5 else strings[n]
        response = results.send(f"contact person, sample string {n}", client.post, url + "/contactpersonen",
                                data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400:
            results.send(f"contact person shown back, sample string {n}", lambda u, **k: response, url,
                         shows=shown_back(data, ("name", "email")))
    results.assert_clean({302, 400})
    results.send("the progress page after the corpus", client.get, url)
    results.assert_clean({200, 302, 400})


def test_the_admins_organisation_and_person_forms(client, login, make_user, make_organisation, session,
                                                  no_rate_limits):  # noqa: F811
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    care = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X")
    login(make_user(is_admin=True))
    token = csrf_token(client.get("/beheer/organisaties/nieuw").text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("name", "slug", "website", "kind", "region"))
        if n % 3 == 0:  # a valid choice and slug, so that the free text gets stored too
            data.update(kind="welfare", region=str(region.id), slug=f"org-corpus-{n}", website="")
        results.send(f"new organisation, sample string {n}", client.post, "/beheer/organisaties/nieuw",
                     data={**data, "csrf_token": token})
        person = rotated(strings, n, ("person-email", "person-name", "person-role"))
        results.send(f"add a person, sample string {n}", client.post, f"/beheer/organisaties/{care.id}/mensen",
                     data={**person, "csrf_token": token})
    results.assert_clean({302, 400})
    stored = session.scalar(sa.select(sa.func.count()).select_from(Organisation).where(Organisation.slug.like("org-corpus-%")))
    assert stored > len(strings) / 3 * 0.5
    pages = results.send("the organisations list", client.get, "/beheer/organisaties/")
    assert pages is not None
    for page in range(2, stored // 50 + 3):
        results.send(f"organisations page {page}", client.get, f"/beheer/organisaties/?pagina={page}")
    stored_ids = session.scalars(sa.select(Organisation.id).where(Organisation.slug.like("org-corpus-%"))).all()
    for organisation_id in stored_ids[::10]:
        results.send(f"organisation {organisation_id}", client.get, f"/beheer/organisaties/{organisation_id}")
    results.assert_clean({200, 302, 400})


def test_the_edit_form_shows_back_what_was_typed(client, login, make_user, make_organisation, no_rate_limits):  # noqa: F811
    care = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X")
    login(make_user(is_admin=True))
    url = f"/beheer/organisaties/{care.id}"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n in range(0, len(strings), 2):
        data = {**rotated(strings, n, ("name", "website")), "slug": strings[n], "kind": "care_provider", "region": ""}
        response = results.send(f"change organisation, sample string {n}", client.post, url,
                                data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400:
            results.send(f"change organisation shown back, sample string {n}", lambda u, **k: response, url,
                         shows=shown_back(data, ("name", "slug", "website")))
    results.assert_clean({302, 400})


def test_the_mail_choice_and_choosing_a_password(client, login, round_world, no_rate_limits):  # noqa: F811
    login(round_world.users["partner_x"])
    token = csrf_token(client.get("/mijn-account").text)
    strings, results = sample(), Results()
    for n, text in enumerate(strings):
        results.send(f"mail choice, sample string {n}", client.post, "/mijn-account/e-mail",
                     data={"frequency": text, "csrf_token": token})
        data = rotated(strings, n, ("current", "password", "confirm"))
        results.send(f"choose a password, sample string {n}", client.post, "/mijn-account/wachtwoord",
                     data={**data, "csrf_token": token}, shows={"password": "", "confirm": "", "current": ""})
    results.assert_clean({302, 400})


def test_sign_in_links_with_a_mangled_token(client, no_rate_limits):  # noqa: F811
    token = csrf_token(client.get("/aanmelden/x").text)
    results = Results()
    for n, text in enumerate(sample()):
        link = f"/aanmelden/{quote(text, safe='')}"
        results.send(f"link {link[:40]}, sample string {n}", client.get, link)
        if n % 3 == 0:
            results.send(f"use {link[:40]}, sample string {n}", client.post, link, data={"csrf_token": token})
            results.send(f"new link {link[:40]}, sample string {n}", client.post, link + "/nieuwe-link",
                         data={"csrf_token": token})
    results.assert_clean({200, 302, 308, 404, 405, 410})
