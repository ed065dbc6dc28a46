import re

import sqlalchemy as sa

from consult.mail.models import OutboxMessage
from tests.conftest import PASSWORD, csrf_token, submit_form


def test_official_logs_in_and_out(client, make_user, make_organisation):
    user = make_user(official_of=make_organisation(), name="Vera Jansen")

    page = submit_form(client, "/inloggen", {"email": user.email.upper(), "password": PASSWORD})
    assert "U bent ingelogd." in page.text
    assert "Ingelogd als Vera Jansen" in page.text

    token = csrf_token(client.get("/").text)
    page = client.post("/uitloggen", data={"csrf_token": token}, follow_redirects=True)
    assert "U bent uitgelogd." in page.text
    assert "Ingelogd als" not in client.get("/").text


def test_wrong_password_keeps_the_e_mail_and_says_what_is_wrong(client, make_user):
    user = make_user()

    page = submit_form(client, "/inloggen", {"email": user.email, "password": "niet goed"})

    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in page.text
    assert f'value="{user.email}"' in page.text
    assert 'aria-invalid="true"' in page.text


def test_empty_login_form_gets_a_message_beside_each_field(client):
    page = submit_form(client, "/inloggen", {"email": "  ", "password": ""})
    assert "Vul uw e-mailadres in." in page.text
    assert "Vul uw wachtwoord in." in page.text


def test_post_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.text


def test_login_goes_to_next_only_on_our_own_site(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/inloggen?next=/privacy").text)
    response = client.post("/inloggen?next=/privacy", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/privacy"

    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
        token = csrf_token(client.get("/inloggen").text)
        response = client.post(f"/inloggen?next={target}", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.headers["Location"] == "/", target


def test_password_reset_by_e_mail_link_works_once(client, make_user, session):
    user = make_user(email="vergeten@example.org")

    page = submit_form(client, "/wachtwoord-vergeten", {"email": "vergeten@example.org"})
    assert "Als er een account is met dit e-mailadres" in page.text
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == user.email)).one()
    link = re.search(r"https?://\S+", mail.body_text).group(0)
    path = link.split("consult.test", 1)[1]

    page = submit_form(client, path, {"password": "een nieuw lang wachtwoord", "confirm": "een nieuw lang wachtwoord"})
    assert "Uw nieuwe wachtwoord is opgeslagen" in page.text

    page = submit_form(client, "/inloggen", {"email": user.email, "password": "een nieuw lang wachtwoord"})
    assert "U bent ingelogd." in page.text
    again = client.get(path, follow_redirects=True)
    assert "Deze link is verlopen of al gebruikt" in again.text


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client, session):
    page = submit_form(client, "/wachtwoord-vergeten", {"email": "niemand@example.org"})
    assert "Als er een account is met dit e-mailadres" in page.text
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_new_password_must_be_long_enough_and_typed_twice_the_same(client, make_user, app):
    from consult.accounts.services import make_reset_token

    user = make_user()
    with app.app_context():
        token = make_reset_token(user)
    page = submit_form(client, f"/wachtwoord-instellen/{token}", {"password": "kort", "confirm": "anders"})
    assert "Gebruik minstens 12 tekens." in page.text
    assert "De twee wachtwoorden zijn niet hetzelfde." in page.text


def test_draft_consultation_is_hidden_from_others_and_shown_to_its_officials(client, login, make_user, make_consultation):
    from consult.consultations.models import State

    consultation = make_consultation(state=State.DRAFT)
    url = f"/consultaties/{consultation.slug}"
    assert client.get(url).status_code == 404  # the same page as for a consultation that does not exist

    login(make_user(official_of=consultation.organisation))
    assert client.get(url).status_code == 200


def test_official_of_another_municipality_gets_a_clear_403(client, login, make_user, make_organisation, make_consultation):
    consultation = make_consultation()  # public: that it exists is no secret (a draft would be a 404)
    login(make_user(official_of=make_organisation()))
    response = client.get(f"/beheer/consultaties/{consultation.slug}")
    assert response.status_code == 403
    assert "Geen toegang" in response.text
