import html
import re
import time

import pyotp
import pytest
import segno

from tests.conftest import PASSWORD, csrf_token, submit_form


@pytest.fixture
def two_factor(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", True)


def log_in(client, user):
    return submit_form(client, "/inloggen", {"email": user.email, "password": PASSWORD}, follow_redirects=False)


def test_an_official_sets_up_a_second_factor_and_needs_it_from_then_on(client, two_factor, make_user, make_organisation, session):
    official = make_user(official_of=make_organisation(), name="Vera Jansen")

    response = log_in(client, official)
    assert response.headers["Location"] == "/inloggen/tweede-stap-instellen"
    assert "Ingelogd als" not in client.get("/").text  # the password alone logs nobody in
    setup = client.get("/inloggen/tweede-stap-instellen").text
    secret = re.search(r'id="sleutel">([A-Z2-7]+)<', setup).group(1)
    qr_code = re.search(r'<img class="consult-qr" id="qr-code" src="([^"]+)" alt="([^"]+)"', setup)
    # The QR code holds the same key the page shows, for this account: scanning it and typing it agree.
    uri = pyotp.TOTP(secret).provisioning_uri(name=official.email, issuer_name="consult")
    assert html.unescape(qr_code.group(1)) == segno.make(uri, error="m").svg_data_uri(scale=5, border=4)
    assert qr_code.group(1).startswith("data:image/svg+xml") and qr_code.group(2) == "QR-code met de sleutel voor uw app"
    wrong = client.post("/inloggen/tweede-stap-instellen", data={"code": "000000", "csrf_token": csrf_token(setup)})
    assert "Deze code klopt niet" in wrong.text
    codes_page = client.post("/inloggen/tweede-stap-instellen", data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(setup)})
    recovery = re.findall(r"<code>([0-9a-f-]+)</code>", codes_page.text)
    assert len(recovery) == 10 and "Ingelogd als Vera Jansen" in client.get("/").text
    assert official.totp_secret == secret and len(official.recovery_code_hashes) == 10

    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    assert log_in(client, official).headers["Location"] == "/inloggen/code"
    page = client.get("/inloggen/code").text
    used = pyotp.TOTP(secret).at(time.time() + 30)  # the set-up used this time step's code already
    client.post("/inloggen/code", data={"code": used, "csrf_token": csrf_token(page)})
    assert "Ingelogd als Vera Jansen" in client.get("/").text

    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    log_in(client, official)
    page = client.get("/inloggen/code").text
    replay = client.post("/inloggen/code", data={"code": used, "csrf_token": csrf_token(page)})
    assert "Deze code klopt niet" in replay.text  # a code seen once does not work again
    client.post("/inloggen/code", data={"code": recovery[0].upper(), "csrf_token": csrf_token(page)})
    assert "Ingelogd als Vera Jansen" in client.get("/").text
    assert len(official.recovery_code_hashes) == 9  # a recovery code works once


def test_residents_and_partners_need_no_second_factor(client, two_factor, make_user, make_organisation):
    from consult.organisations.models import OrganisationKind

    for user in (make_user(), make_user(partner_of=make_organisation(kind=OrganisationKind.CARE_PROVIDER))):
        assert log_in(client, user).headers["Location"] == "/"
        client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})


def test_the_code_page_without_a_password_first_sends_back_to_log_in(client, two_factor):
    assert client.get("/inloggen/code").headers["Location"] == "/inloggen"


def official_with_app(make_user, make_organisation):
    official = make_user(official_of=make_organisation())
    official.totp_secret = pyotp.random_base32()
    return official


def send_codes(client, codes, addresses):
    page = client.get("/inloggen/code").text
    return [client.post("/inloggen/code", data={"code": code, "csrf_token": csrf_token(page)},
                        environ_base={"REMOTE_ADDR": address}).status_code for code, address in zip(codes, addresses)]


def test_wrong_codes_lock_the_account_not_the_colleagues_at_the_same_address(app, two_factor, make_user, make_organisation, session):
    clumsy, colleague = official_with_app(make_user, make_organisation), official_with_app(make_user, make_organisation)
    session.commit()
    first, second = app.test_client(), app.test_client()
    log_in(first, clumsy)
    assert send_codes(first, ["000000"] * 10, ["10.1.1.1"] * 10) == [400] * 10
    right = pyotp.TOTP(clumsy.totp_secret).now()
    assert send_codes(first, [right], ["10.1.1.1"]) == [429]  # this account waits, even with the right code

    log_in(second, colleague)
    assert send_codes(second, [pyotp.TOTP(colleague.totp_secret).now()], ["10.1.1.1"]) == [302]
    assert "Ingelogd als" in second.get("/").text


def test_codes_from_many_addresses_are_limited_per_account(client, two_factor, make_user, make_organisation, session):
    official = official_with_app(make_user, make_organisation)
    session.commit()
    log_in(client, official)
    assert send_codes(client, ["000000"] * 10, [f"10.2.0.{n}" for n in range(10)]) == [400] * 10
    assert send_codes(client, [pyotp.TOTP(official.totp_secret).now()], ["10.2.0.99"]) == [429]
    assert "Ingelogd als" not in client.get("/").text
