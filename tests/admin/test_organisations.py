"""The admin manages organisations (kind, region, people) on pages and with `flask` commands; every
change asks for the password again when it was typed long ago and is in the audit log."""
import html
import re
import time

import sqlalchemy as sa

from consult.accounts.models import MembershipRole, User
from consult.audit.models import AuditEvent
from consult.mail.models import OutboxMessage
from consult.organisations.models import Organisation, OrganisationKind
from tests.conftest import PASSWORD, csrf_token, submit_form


def actions(session, subject_type, subject_id):
    return session.scalars(sa.select(AuditEvent.action).where(AuditEvent.subject_type == subject_type,
                                                              AuditEvent.subject_id == subject_id)
                           .order_by(AuditEvent.id)).all()


def test_an_admin_lists_searches_and_pages_organisations(client, session, login, make_user, make_organisation):
    for n in range(55):
        make_organisation(kind=OrganisationKind.WELFARE, name=f"Welzijn {n:02d}")
    make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg Flevoland")
    login(make_user(is_admin=True))
    first = client.get("/beheer/organisaties/")
    assert "56 organisaties" in first.text and "pagina 1 van 2" in first.text
    assert "Welzijn 00" in first.text and "Zorg Flevoland" not in first.text
    second = client.get("/beheer/organisaties/?pagina=2")
    assert "Zorg Flevoland" in second.text and "Welzijn 00" not in second.text
    found = client.get("/beheer/organisaties/?q=flevo")
    assert "Zorg Flevoland" in found.text and "Welzijn" not in found.text.split("<table")[1]
    assert client.get("/beheer/organisaties/?pagina=abc").status_code == 200


def test_an_admin_makes_and_changes_an_organisation_in_a_region(client, session, login, make_user, make_organisation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Flevoland")
    login(make_user(is_admin=True))
    made = submit_form(client, "/beheer/organisaties/nieuw", {"name": "Zorg Lelystad", "slug": "zorg-lelystad",
                                                             "kind": "care_provider", "region": str(region.id)})
    assert "Zorg Lelystad is gemaakt." in made.text
    organisation = session.scalar(sa.select(Organisation).where(Organisation.slug == "zorg-lelystad"))
    assert organisation.region_id == region.id and organisation.kind is OrganisationKind.CARE_PROVIDER
    page = client.get(f"/beheer/organisaties/{organisation.id}")
    changed = client.post(f"/beheer/organisaties/{organisation.id}", data={
        "name": "Zorg Lelystad en Dronten", "slug": "zorg-lelystad", "kind": "care_provider", "region": "",
        "website": "https://zorg.example.org", "csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "De wijzigingen zijn opgeslagen." in changed.text
    session.refresh(organisation)
    assert organisation.name == "Zorg Lelystad en Dronten" and organisation.region_id is None
    assert actions(session, "organisations", organisation.id) == ["organisation_created", "organisation_changed"]
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "organisation_changed"))
    assert event.details["changes"]["region"] == [region.slug, None]


def test_bad_organisation_input_gets_a_message_beside_the_field_and_keeps_the_text(client, login, make_user,
                                                                                make_organisation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    taken = make_organisation(kind=OrganisationKind.WELFARE, name="Bestaand")
    login(make_user(is_admin=True))
    response = submit_form(client, "/beheer/organisaties/nieuw", {
        "name": "Zorg <script>", "slug": taken.slug, "kind": "region", "region": str(region.id), "website": "geen adres"})
    assert response.status_code == 400
    for message in ("Een andere organisatie heeft deze korte naam al.", "Een regio kan niet bij een andere regio horen.",
                    "Dit is geen webadres."):
        assert message in response.text
    assert "Zorg &lt;script&gt;" in response.text and 'value="geen adres"' in response.text
    wrong = submit_form(client, "/beheer/organisaties/nieuw", {"name": "X", "slug": "Hoofd Letters", "kind": "spaceship"})
    assert "Gebruik alleen kleine letters" in wrong.text and wrong.status_code == 400


def test_an_admin_adds_people_by_e_mail_and_removes_them(app, client, session, login, make_user, make_organisation):
    care = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X")
    existing = make_user(name="Kees Bestaand")
    login(make_user(is_admin=True))
    url = f"/beheer/organisaties/{care.id}"
    added = submit_form(client, url + "/mensen", {"person-email": existing.email.upper(), "person-role": "partner"})
    assert "Kees Bestaand werkt nu voor Zorg X." in added.text
    nameless = submit_form(client, url + "/mensen", {"person-email": "nieuw@example.org", "person-role": "partner"})
    assert nameless.status_code == 400 and "Vul de naam in" in nameless.text and 'value="nieuw@example.org"' in nameless.text
    official = submit_form(client, url + "/mensen", {"person-email": "nieuw@example.org", "person-name": "Noor", "person-role": "official"})
    assert official.status_code == 400 and "Ambtenaren werken voor een gemeente of regio" in official.text
    invited = submit_form(client, url + "/mensen", {"person-email": "nieuw@example.org", "person-name": "Noor Nieuw", "person-role": "partner"})
    assert "Noor Nieuw werkt nu voor Zorg X." in invited.text
    noor = session.scalar(sa.select(User).where(User.email == "nieuw@example.org"))
    assert [(m.organisation_id, m.role) for m in noor.memberships] == [(care.id, MembershipRole.PARTNER)]
    mail = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "nieuw@example.org"))
    assert "wachtwoord" in mail.body_text  # a new person has no language yet: Dutch

    their_browser = app.test_client()
    submit_form(their_browser, "/inloggen", {"email": existing.email, "password": PASSWORD})
    assert their_browser.get("/mijn-organisatie").status_code == 200
    page = client.get(url)
    membership = existing.memberships[0]
    removed = client.post(f"{url}/mensen/{membership.id}/verwijderen", data={"csrf_token": csrf_token(page.text)},
                          follow_redirects=True)
    assert "Kees Bestaand werkt niet meer voor deze organisatie." in removed.text
    session.refresh(existing)
    assert existing.memberships == [] and "role_removed" in actions(session, "users", existing.id)
    assert their_browser.get("/mijn-organisatie").status_code == 302  # access gone at the next request


def test_changes_ask_for_the_password_again_after_a_while(client, session, login, make_user, make_organisation):
    care = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X")
    login(make_user(is_admin=True))
    with client.session_transaction() as browser_session:
        browser_session["auth_at"] = browser_session["login_at"] = time.time() - 3600
    page = client.get(f"/beheer/organisaties/{care.id}")
    asked = client.post(f"/beheer/organisaties/{care.id}/mensen", data={
        "person-email": "x@example.org", "person-name": "X", "person-role": "partner", "csrf_token": csrf_token(page.text)},
        headers={"Referer": f"http://consult.test/beheer/organisaties/{care.id}"})
    assert asked.headers["Location"].startswith("/wachtwoord-bevestigen")
    assert session.scalar(sa.select(User).where(User.email == "x@example.org")) is None
    assert client.get("/beheer/organisaties/nieuw").headers["Location"].startswith("/wachtwoord-bevestigen")


def test_an_admin_cannot_lock_themselves_out_from_the_organisation_page(client, session, login, make_user,
                                                                        make_organisation):
    municipality = make_organisation(name="Gemeente A")
    admin = make_user(is_admin=True, official_of=municipality)
    login(admin)
    page = client.get(f"/beheer/organisaties/{municipality.id}")
    client.post(f"/beheer/organisaties/{municipality.id}/mensen/{admin.memberships[0].id}/verwijderen",
                data={"csrf_token": csrf_token(page.text)})
    session.refresh(admin)
    assert admin.is_admin and admin.memberships == []
    login(admin)  # removing one's own role ended one's sessions; the admin rights stay
    assert client.get("/beheer/organisaties/").status_code == 200
    page = client.get(f"/beheer/accounts/{admin.id}")
    blocked = client.post(f"/beheer/accounts/{admin.id}/actief", data={"csrf_token": csrf_token(page.text), "active": "no"},
                          follow_redirects=True)
    assert "uw eigen account niet " in blocked.text and "blokkeren" in blocked.text
    session.refresh(admin)
    assert admin.is_active_account


def test_flask_commands_make_organisations_members_and_the_first_admin(app, session, make_organisation):
    make_organisation(kind=OrganisationKind.REGION, name="Regio Flevoland").slug = "regio-flevoland"
    session.commit()
    runner = app.test_cli_runner()
    made = runner.invoke(args=["org", "create", "Zorg Almere", "--kind", "care_provider", "--region", "regio-flevoland"])
    assert made.exit_code == 0 and "Made Zorg Almere (zorg-almere)." in made.output
    again = runner.invoke(args=["org", "create", "Zorg Almere", "--kind", "care_provider"])
    assert again.exit_code != 0 and "taken" in again.output
    wrong = runner.invoke(args=["org", "create", "Iets", "--kind", "spaceship"])
    assert wrong.exit_code != 0
    member = runner.invoke(args=["org", "add-member", "zorg-almere", "sanne@example.org", "--role", "partner"])
    assert member.exit_code == 0, member.output
    refused = runner.invoke(args=["org", "add-member", "zorg-almere", "piet@example.org", "--role", "official"])
    assert refused.exit_code != 0 and "Officials work for a municipality" in refused.output
    for address in ("ambtenaar@almere.test", "geen-adres"):  # what the web form refuses, the command refuses
        odd = runner.invoke(args=["org", "add-member", "zorg-almere", address, "--role", "partner"])
        assert odd.exit_code != 0 and "not a valid e-mail address" in odd.output
        assert runner.invoke(args=["admin", "create", address]).exit_code != 0
        assert session.scalar(sa.select(User).where(User.email == address)) is None
    sanne = session.scalar(sa.select(User).where(User.email == "sanne@example.org"))
    assert sanne.memberships[0].organisation.slug == "zorg-almere"
    first_admin = runner.invoke(args=["admin", "create", "Beheer@Example.org"])
    assert first_admin.exit_code == 0
    link = re.search(r"http://consult\.test(/wachtwoord-instellen/\S+)", first_admin.output)
    assert link, first_admin.output
    admin = session.scalar(sa.select(User).where(User.email == "beheer@example.org"))
    assert admin.is_admin and admin.password_hash is None
    client = app.test_client()
    done = submit_form(client, link.group(1), {"password": PASSWORD, "confirm": PASSWORD})
    assert "Uw nieuwe wachtwoord is opgeslagen" in done.text
    submit_form(client, "/inloggen", {"email": "beheer@example.org", "password": PASSWORD})
    assert client.get("/beheer/organisaties/").status_code == 200
    assert {"organisation_created", "account_invited", "admin_rights_given"} <= set(session.scalars(sa.select(AuditEvent.action)))


def test_flask_org_create_names_the_region_s_centrumgemeente(app, session, make_organisation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Flevoland")
    region.slug = "regio-flevoland"
    session.commit()
    runner = app.test_cli_runner()
    for name, central in (("Gemeente Lelystad", True), ("Gemeente Almere", True), ("Gemeente Urk", False)):
        made = runner.invoke(args=["org", "create", name, "--kind", "municipality", "--region", "regio-flevoland",
                                   *(["--central"] if central else [])])
        assert made.exit_code == 0, made.output
    session.expire_all()
    assert region.central_municipality.name == "Gemeente Almere"  # the last one named; Lelystad is one no longer
    alone = runner.invoke(args=["org", "create", "Gemeente Ergens", "--kind", "municipality", "--central"])
    assert alone.exit_code != 0 and "--region" in alone.output


def test_organisations_and_their_people_are_listed_in_dutch_order(client, login, make_user, make_organisation):
    """Not by character codes: case, accents and "'s-" do not decide where a name is filed."""
    names = ["zorggroep Almere", "'s-Hertogenbosch", "Ämsterdam Welzijn", "Baarn"]
    organisations = [make_organisation(name=name) for name in names]
    for name in ("de Vries", "Émile Bakker", "anna Smit"):
        make_user(official_of=organisations[0], name=name)
    login(make_user(is_admin=True))
    table = html.unescape(client.get("/beheer/organisaties/").text.split("<table", 1)[1])
    assert sorted(names, key=table.index) == ["Ämsterdam Welzijn", "Baarn", "'s-Hertogenbosch", "zorggroep Almere"]
    people = html.unescape(client.get(f"/beheer/organisaties/{organisations[0].id}").text)
    assert sorted(["de Vries", "Émile Bakker", "anna Smit"], key=people.index) == ["anna Smit", "Émile Bakker", "de Vries"]
