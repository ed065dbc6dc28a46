"""The admin (beheerder) makes accounts and gives and takes roles; each change asks for the password
again when it was typed long ago, and is in the audit log."""
import html
import re
import time

import sqlalchemy as sa

from consult.accounts.models import MembershipRole, User
from consult.audit.models import AuditEvent
from consult.mail.models import OutboxMessage
from consult.organisations.models import OrganisationKind
from tests.conftest import PASSWORD, csrf_token, submit_form


def invite(client, **data):
    page = client.get("/beheer/accounts/").text
    return client.post("/beheer/accounts/nieuw", data={**data, "csrf_token": csrf_token(page)}, follow_redirects=True)


def audit_actions(session, user):
    return session.scalars(sa.select(AuditEvent.action).where(AuditEvent.subject_type == "users",
                                                              AuditEvent.subject_id == user.id)).all()


def test_an_admin_invites_an_official_who_chooses_a_password_and_logs_in(app, client, session, login, make_user,
                                                                        make_organisation):
    almere = make_organisation(name="Gemeente Almere")
    login(make_user(is_admin=True))

    page = invite(client, name="Sanne de Vries", email="Sanne@Almere.example.org", organisation=str(almere.id),
                  role="official")
    assert "Het account voor Sanne de Vries is gemaakt." in page.text
    sanne = session.scalars(sa.select(User).where(User.email == "sanne@almere.example.org")).one()
    assert [(m.organisation.name, m.role) for m in sanne.memberships] == [("Gemeente Almere", MembershipRole.OFFICIAL)]
    assert audit_actions(session, sanne) == ["account_invited"]
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == sanne.email)).one()
    link = re.search(r"https?://[^/\s]+(/wachtwoord-instellen/\S+)", mail.body_text).group(1)
    assert "7 dagen" in mail.body_text

    visitor = app.test_client()
    chosen = "een lange zin als wachtwoord"
    submit_form(visitor, link, {"password": chosen, "confirm": chosen})
    home = submit_form(visitor, "/inloggen", {"email": sanne.email, "password": chosen}).text
    assert "Beheer" in home
    assert visitor.get(link).headers["Location"] == "/wachtwoord-vergeten"  # the link works only once


def test_bad_invitations_get_a_message_beside_the_field_and_keep_the_text(client, login, make_user, make_organisation):
    care = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg Flevoland")
    existing = make_user(email="bestaat@example.org")
    login(make_user(is_admin=True))

    page = invite(client, name="Piet Bos", email=existing.email, organisation=str(care.id), role="partner")
    assert page.status_code == 400 and "Er is al een account met dit e-mailadres." in page.text
    assert 'value="Piet Bos"' in page.text
    page = invite(client, name="Piet Bos", email="piet@example.org", organisation=str(care.id), role="official")
    assert page.status_code == 400 and "Ambtenaren werken voor een gemeente of regio" in page.text


def test_role_changes_ask_for_the_password_again_and_end_the_persons_sessions(app, client, session, login, make_user,
                                                                             make_organisation):
    almere = make_organisation(name="Gemeente Almere")
    official = make_user(official_of=almere)
    their_browser = app.test_client()
    submit_form(their_browser, "/inloggen", {"email": official.email, "password": PASSWORD})
    assert their_browser.get("/beheer/").status_code == 200
    login(make_user(is_admin=True))
    with client.session_transaction() as browser_session:
        browser_session["auth_at"] = browser_session["login_at"] = time.time() - 3600
    user_page = f"/beheer/accounts/{official.id}"
    page = client.get(user_page).text
    remove = f"{user_page}/rollen/{official.memberships[0].id}/verwijderen"

    asked = client.post(remove, data={"csrf_token": csrf_token(page)}, headers={"Referer": f"http://consult.test{user_page}"})
    assert asked.headers["Location"] == f"/wachtwoord-bevestigen?next={user_page}"
    assert official.memberships  # nothing changed yet
    again = submit_form(client, asked.headers["Location"], {"password": PASSWORD})
    assert again.request.path == "/wachtwoord-bevestigen/verder"
    assert "U vroeg om deze stap: De rol verwijderen." in again.text and official.memberships  # offered, not done
    assert f'action="{remove}"' in again.text and f'href="{user_page}"' in again.text  # or cancel

    done = client.post(remove, data={"csrf_token": csrf_token(again.text)}, follow_redirects=True).text
    assert "De rol bij Gemeente Almere is verwijderd." in done
    session.refresh(official)
    assert official.memberships == [] and audit_actions(session, official) == ["role_removed"]
    assert their_browser.get("/beheer/").status_code == 302  # their old session no longer works


def test_an_admin_cannot_lock_themselves_out(client, session, login, make_user):
    admin = make_user(is_admin=True)
    login(admin)
    page = client.get(f"/beheer/accounts/{admin.id}").text

    response = client.post(f"/beheer/accounts/{admin.id}/beheerder", data={"csrf_token": csrf_token(page), "admin": "no"},
                           follow_redirects=True)

    assert "U kunt uw eigen beheerrechten niet afnemen" in response.text
    session.refresh(admin)
    assert admin.is_admin


def test_a_blocked_account_cannot_log_in(client, app, session, login, make_user):
    partner = make_user()
    login(make_user(is_admin=True))
    page = client.get(f"/beheer/accounts/{partner.id}").text
    client.post(f"/beheer/accounts/{partner.id}/actief", data={"csrf_token": csrf_token(page), "active": "no"})

    attempt = submit_form(app.test_client(), "/inloggen", {"email": partner.email, "password": PASSWORD})
    assert "Uitloggen" not in attempt.text
    assert audit_actions(session, partner) == ["account_blocked"]


def test_blocking_after_the_password_is_offered_again_in_its_own_words_and_then_done(client, session, login, make_user):
    colleague = make_user(name="Vera Jansen")
    login(make_user(is_admin=True))
    with client.session_transaction() as browser_session:
        browser_session["auth_at"] = browser_session["login_at"] = time.time() - 3600
    user_page = f"/beheer/accounts/{colleague.id}"
    page = client.get(user_page).text

    asked = client.post(f"{user_page}/actief", data={"csrf_token": csrf_token(page), "active": "no"},
                        headers={"Referer": f"http://consult.test{user_page}"}, follow_redirects=True)
    assert "U vroeg om deze stap: Account blokkeren." in asked.text
    assert "persoonsgegevens" not in asked.text  # the words of this step, not those of an export
    again = submit_form(client, asked.request.full_path, {"password": PASSWORD})
    session.refresh(colleague)
    assert colleague.is_active_account  # not done behind the admin's back
    assert '<button type="submit" class="utrecht-button utrecht-button--primary-action">Account blokkeren</button>' in again.text

    form = again.text.split(f'action="{user_page}/actief"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert fields == {"active": "no"}
    done = client.post(f"{user_page}/actief", data={**fields, "csrf_token": csrf_token(form)}, follow_redirects=True)
    assert "Het account van Vera Jansen is geblokkeerd: deze persoon kan niet meer inloggen." in done.text
    session.refresh(colleague)
    assert not colleague.is_active_account
    assert client.get("/wachtwoord-bevestigen/verder").headers["Location"] == "/"  # offered once


def test_the_accounts_list_pages_through_every_account(client, session, login, make_user):
    login(make_user(is_admin=True, name="Aaa Beheerder"))
    for n in range(60):
        make_user(name=f"Medewerker {n:02d}", email=f"medewerker{n:02d}@example.org")

    first = client.get("/beheer/accounts/").text
    assert "61 accounts gevonden · Pagina 1 van 2" in first and "Medewerker 48" in first and "Medewerker 49" not in first
    assert 'href="/beheer/accounts/?pagina=2">Volgende pagina' in first
    second = client.get("/beheer/accounts/?pagina=2").text
    assert "Medewerker 49" in second and "Medewerker 59" in second and "Vorige pagina" in second

    searched = client.get("/beheer/accounts/?q=medewerker&pagina=2").text
    assert "60 accounts gevonden · Pagina 2 van 2" in searched and "Medewerker 59" in searched
    assert 'href="/beheer/accounts/?q=medewerker&amp;pagina=1">Vorige pagina' in searched
    assert "Medewerker 59" in client.get("/beheer/accounts/?pagina=99").text  # past the end: the last page


def test_accounts_are_listed_in_dutch_order(client, login, make_user):
    names = ["zoë Zuidema", "Émile Bakker", "'t Hart", "de Vries", "Anna Smit"]
    for name in names:
        make_user(name=name)
    login(make_user(is_admin=True, name="Beheerder"))
    table = html.unescape(client.get("/beheer/accounts/").text.split("<table", 1)[1])
    assert sorted(names, key=table.index) == ["Anna Smit", "Émile Bakker", "'t Hart", "de Vries", "zoë Zuidema"]
