"""Contact people invited to a round by e-mail: a sign-in link that works once and expires, opens or
makes the account inside the organisation, signs the person in and offers to choose a password."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.accounts.models import MembershipRole, User
from consult.audit.models import AuditEvent
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.signin.models import SignInLink
from consult.signin.services import token_hash
from tests.conftest import PASSWORD, csrf_token, password_hash, submit_form

NEW = "nieuw.contact@zorg-x.example.org"


def manage_url(world):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde"


def invite_contact(client, world, email=NEW, name="Noor Nieuw", organisation=None):
    page = client.get(manage_url(world))
    invitation = organisation or world.invitation_x
    return client.post(manage_url(world) + "/contactpersonen", data={
        "invitation": str(invitation.id), "name": name, "email": email, "csrf_token": csrf_token(page.text)})


def mails_to(session, email):
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)))


def link_path(mail) -> str:
    match = re.search(r"http://consult\.test(/aanmelden/[\w-]+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def follow(client, path):
    page = client.get(path)
    return page, client.post(path, data={"csrf_token": csrf_token(page.text)})


@pytest.fixture
def invited(client, login, round_world, session):
    """The official invited a new contact person of X; the test client is logged out again."""
    login(round_world.users["official_a"])
    response = invite_contact(client, round_world)
    assert response.status_code == 302
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    return link_path(mails_to(session, NEW)[-1])


def test_a_new_contact_person_follows_the_link_gets_an_account_in_the_organisation_and_chooses_a_password(
        client, round_world, session, invited):
    mail = mails_to(session, NEW)[-1]
    assert "Feedbackronde agenda" in mail.subject and "Zorg X" in mail.subject
    assert "Open deze link om in te loggen" in mail.body_text  # a person we do not know: Dutch
    token = invited.rsplit("/", 1)[1]
    stored = session.scalar(sa.select(SignInLink))
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash  # only the hash is kept
    page = client.get(invited)
    assert "Zorg X" in page.text and session.scalar(sa.select(User).where(User.email == NEW)) is None  # GET changes nothing
    response = client.post(invited, data={"csrf_token": csrf_token(page.text)})
    round_path = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    assert response.status_code == 302 and response.headers["Location"].startswith("/mijn-account/wachtwoord?next=")
    user = session.scalar(sa.select(User).where(User.email == NEW))
    assert user.name == "Noor Nieuw" and [(m.organisation_id, m.role) for m in user.memberships] == [
        (round_world.x.id, MembershipRole.PARTNER)]
    assert client.get(round_path).status_code == 200  # signed in, inside the organisation
    choose = client.get(response.headers["Location"])
    assert f'href="{round_path}"' in choose.text  # "not now" goes on to the round
    done = client.post(response.headers["Location"], data={"password": PASSWORD, "confirm": PASSWORD,
                                                           "csrf_token": csrf_token(choose.text)})
    assert done.status_code == 302 and done.headers["Location"] == round_path
    session.refresh(user)
    assert user.check_password(PASSWORD)
    assert client.get(round_path).status_code == 200  # still signed in after choosing the password
    actions = set(session.scalars(sa.select(AuditEvent.action)))
    assert {"sign_in_link_sent", "account_made_by_link", "sign_in_link_used", "password_chosen"} <= actions


def test_a_used_link_does_nothing_but_explain_itself_and_offer_a_new_one(app, round_world, session, invited):
    first = app.test_client()
    follow(first, invited)
    second = app.test_client()
    page, response = follow(second, invited)
    assert "Deze link werkt niet meer" in page.text and "Stuur mij een nieuwe link" in page.text
    assert response.status_code == 410 and "Deze link werkt niet meer" in response.text
    assert second.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}").status_code == 302  # not signed in
    user = session.scalar(sa.select(User).where(User.email == NEW))
    assert len(user.memberships) == 1


def test_an_expired_link_explains_itself_and_mails_a_new_one_to_the_same_address(client, round_world, session, invited):
    link = session.scalar(sa.select(SignInLink))
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    page, response = follow(client, invited)
    assert response.status_code == 410 and session.scalar(sa.select(User).where(User.email == NEW)) is None
    before = len(mails_to(session, NEW))
    asked = client.post(invited + "/nieuwe-link", data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "Als deze link van ons was" in asked.text and NEW not in asked.text
    fresh = mails_to(session, NEW)
    assert len(fresh) == before + 1
    _page, response = follow(client, link_path(fresh[-1]))
    assert response.status_code == 302
    assert session.scalar(sa.select(User).where(User.email == NEW)) is not None


def test_a_made_up_link_gets_the_same_answer_and_no_mail(client, session):
    page = client.get("/aanmelden/verzonnen-token")
    assert "Deze link werkt niet meer" in page.text
    count = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    asked = client.post("/aanmelden/verzonnen-token/nieuwe-link", data={"csrf_token": csrf_token(page.text)},
                        follow_redirects=True)
    assert "Als deze link van ons was" in asked.text
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == count


def test_asking_for_new_links_is_rate_limited_per_link(client, invited):
    page = client.get("/aanmelden/verzonnen-token")
    token = csrf_token(page.text)
    statuses = [client.post("/aanmelden/verzonnen-token/nieuwe-link", data={"csrf_token": token}).status_code
                for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_link_for_an_address_with_an_account_adds_the_membership_in_their_language(
        client, login, round_world, session):
    resident = round_world.users["resident"]
    resident.locale = "en"
    session.commit()
    login(round_world.users["official_a"])
    invite_contact(client, round_world, email=resident.email, name="Iris")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    mail = mails_to(session, resident.email)[-1]
    assert "Open this link to log in" in mail.body_text and "has been invited to comment" in mail.subject
    _page, response = follow(client, link_path(mail))
    round_path = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    assert response.headers["Location"] == round_path  # a password already: straight to the round
    session.refresh(resident)
    assert {m.organisation_id for m in resident.memberships} == {round_world.x.id}
    assert client.get(round_path).status_code == 200


def test_a_staff_account_is_not_signed_in_by_a_link(client, login, round_world, session):
    official = round_world.users["official_b"]
    login(round_world.users["official_a"])
    invite_contact(client, round_world, email=official.email)
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    _page, response = follow(client, link_path(mails_to(session, official.email)[-1]))
    assert response.headers["Location"].startswith("/inloggen")
    assert client.get("/mijn-account").status_code == 302  # not signed in: a mailbox alone opens no staff account


def test_an_existing_member_gets_the_plain_invitation_to_the_round(client, login, round_world, session):
    colleague = round_world.users["colleague_x"]
    login(round_world.users["official_a"])
    response = invite_contact(client, round_world, email=colleague.email)
    assert response.status_code == 302
    mail = mails_to(session, colleague.email)[-1]
    assert "/aanmelden/" not in mail.body_text
    assert f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}" in mail.body_text
    assert session.scalar(sa.select(sa.func.count()).select_from(SignInLink)) == 0


def test_a_removed_member_loses_access_at_the_next_request(app, client, login, round_world, session, invited):
    follow(client, invited)
    round_path = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    assert client.get(round_path).status_code == 200
    user = session.scalar(sa.select(User).where(User.email == NEW))
    user.password_hash = password_hash()
    session.commit()
    admin_client = app.test_client()
    submit_form(admin_client, "/inloggen", {"email": round_world.users["admin"].email, "password": PASSWORD})
    page = admin_client.get(f"/beheer/organisaties/{round_world.x.id}")
    membership = user.memberships[0]
    removed = admin_client.post(f"/beheer/organisaties/{round_world.x.id}/mensen/{membership.id}/verwijderen",
                                data={"csrf_token": csrf_token(page.text)})
    assert removed.status_code == 302
    assert client.get(round_path).status_code == 302  # the session ended at once
    assert "U bent ingelogd" in submit_form(client, "/inloggen", {"email": NEW, "password": PASSWORD}).text
    assert client.get(round_path).status_code == 404  # signed in again, but no longer of the organisation


def test_bad_contact_input_gets_a_message_beside_the_field_and_keeps_the_text(client, login, round_world):
    login(round_world.users["official_a"])
    response = invite_contact(client, round_world, email="geen-adres", name="Noor <b>Nieuw</b>")
    assert response.status_code == 400
    assert "Dit is geen geldig e-mailadres" in response.text
    assert 'value="geen-adres"' in response.text and "Noor &lt;b&gt;Nieuw&lt;/b&gt;" in response.text


def test_only_the_rounds_officials_invite_contact_people(client, login, round_world):
    login(round_world.users["official_b"])
    page = client.get("/mijn-account")
    response = client.post(manage_url(round_world) + "/contactpersonen", data={
        "invitation": str(round_world.invitation_x.id), "name": "X", "email": NEW, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 404
