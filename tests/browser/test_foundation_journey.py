import re

import pytest
from playwright.sync_api import expect

from consult.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_home_language_switch_login_and_logout(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Nu open")).to_be_visible()
    expect(page.get_by_role("link", name="Sociaal Maatschappelijke Agenda Vijfheerenlanden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Open now")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_role("link", name="Inloggen").click()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("ambtenaar@vijfheerenlanden.example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("U bent ingelogd.")).to_be_visible()
    expect(page.get_by_text("Ingelogd als Vera Jansen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def test_failed_login_shows_the_error_beside_the_field_accessibly(page):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("inwoner@example.org")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Vul uw wachtwoord in.").first).to_be_visible()
    assert page.get_by_label("E-mailadres").input_value() == "inwoner@example.org"
    assert_accessible(page)


@pytest.mark.parametrize("path", [
    "/consultaties/sociaal-maatschappelijke-agenda", "/organisaties/regio-flevoland", "/privacy",
    "/toegankelijkheid", "/wachtwoord-vergeten", "/dev/mailbox/", "/bestaat-niet",
])
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    assert_accessible(page)


def test_keyboard_user_reaches_the_content_with_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert re.search(r"#inhoud$", page.url)


def test_password_reset_mail_arrives_in_the_demo_mailbox_and_its_link_works(page, run_mail_worker):
    page.goto("/wachtwoord-vergeten")
    page.get_by_label("E-mailadres").fill("inwoner@example.org")
    page.get_by_role("button", name="Link sturen").click()
    page.wait_for_url("**/inloggen")  # is_visible does not wait: on a busy machine the next page came later
    expect(page.get_by_text("Als er een account is met dit e-mailadres")).to_be_visible()

    assert run_mail_worker().sent >= 1

    page.goto("/dev/mailbox/")
    page.get_by_role("link", name="Kies een nieuw wachtwoord voor consult").first.click()
    expect(page.get_by_text("inwoner@example.org")).to_be_visible()
    page.locator("a[href*='/wachtwoord-instellen/']").click()
    expect(page.get_by_role("heading", name="Nieuw wachtwoord kiezen")).to_be_visible()
    assert_accessible(page)
