import pyotp
import pytest

from consult.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_setting_up_the_second_factor_is_accessible(page, live_server, monkeypatch):
    monkeypatch.setitem(live_server.app.config, "REQUIRE_TWO_FACTOR", True)
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("ambtenaar.flevoland@example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", name="Tweede stap instellen").is_visible()
    assert_accessible(page)
    secret = page.locator("#sleutel").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aanzetten en inloggen").click()
    assert page.get_by_role("heading", name="Uw herstelcodes").is_visible()
    assert_accessible(page)
