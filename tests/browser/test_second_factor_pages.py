import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.accounts.models import User
from consult.demo.data import DEMO_PASSWORD
from consult.extensions import db
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_setting_up_the_second_factor_is_accessible(page, live_server, monkeypatch):
    monkeypatch.setitem(live_server.app.config, "REQUIRE_TWO_FACTOR", True)
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("ambtenaar.flevoland@example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweede stap instellen")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#sleutel").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aanzetten en inloggen").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    assert_accessible(page)
    # The demo server is shared by the browser tests: later ones log in as this official without a code.
    with live_server.app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ambtenaar.flevoland@example.org"))
        user.totp_secret = None
        db.session.commit()
