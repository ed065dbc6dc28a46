"""A step that asks for the password again is offered again after it, in its own words, in a real browser."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.accounts.models import User
from consult.demo.data import DEMO_PASSWORD
from consult.extensions import db
from tests.browser.conftest import assert_accessible
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser


def test_blocking_an_account_after_the_password(page, live_server, monkeypatch):
    with live_server.app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "ambtenaar.almere@example.org"))
    log_in(page, "beheerder@example.org")
    page.goto(f"/beheer/accounts/{user_id}")
    monkeypatch.setitem(live_server.app.config, "REAUTH_MINUTES", 0)  # the password was typed long ago
    page.get_by_role("button", name="Account blokkeren").click()
    monkeypatch.setitem(live_server.app.config, "REAUTH_MINUTES", 15)

    expect(page.get_by_text("U vroeg om deze stap: Account blokkeren.")).to_be_visible()
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", name="Uw wachtwoord klopt")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Account blokkeren").click()

    expect(page.get_by_text("Het account van Arjen de Vries is geblokkeerd")).to_be_visible()
    page.get_by_role("button", name="Blokkering opheffen").click()  # leave the demo as it was
    expect(page.get_by_text("is niet meer geblokkeerd")).to_be_visible()
