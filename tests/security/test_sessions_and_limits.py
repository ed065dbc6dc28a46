import re
import time

import pytest

from tests.conftest import PASSWORD, csrf_token, submit_form
from tests.reactions.conftest import MARKDOWN, form_data


def test_a_copied_session_cookie_stops_working_after_log_out(client, make_user, login):
    login(make_user())
    stolen = client.get_cookie("session", domain="consult.test").value
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    client.set_cookie("session", stolen, domain="consult.test")
    assert "Ingelogd als" not in client.get("/").text


def test_a_password_change_ends_every_other_session(app, client, make_user, login):
    from consult.accounts.services import make_reset_token

    user = make_user()
    login(user)
    other_device = app.test_client()
    other_device.set_cookie("session", client.get_cookie("session", domain="consult.test").value, domain="consult.test")
    assert "Ingelogd als" in other_device.get("/").text
    with app.app_context():
        token = make_reset_token(user)
    submit_form(client, f"/wachtwoord-instellen/{token}", {"password": "een heel nieuw wachtwoord", "confirm": "een heel nieuw wachtwoord"})
    assert "Ingelogd als" not in other_device.get("/").text


def test_a_new_session_on_log_in(client, make_user):
    client.get("/taal/en")
    before = client.get_cookie("session", domain="consult.test").value
    submit_form(client, "/inloggen", {"email": make_user().email, "password": PASSWORD})
    assert client.get_cookie("session", domain="consult.test").value != before
    assert '<html lang="en"' in client.get("/").text  # the language choice survives


def test_staff_sessions_end_after_30_minutes_idle(client, make_user, make_organisation, login):
    login(make_user(official_of=make_organisation()))
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 31 * 60
    page = client.get("/beheer/", follow_redirects=True)
    assert "U bent uitgelogd omdat u een tijd niets deed" in page.text


def test_staff_sessions_end_after_12_hours_in_all(client, make_user, make_organisation, login):
    login(make_user(official_of=make_organisation()))
    with client.session_transaction() as session:
        session["login_at"] = time.time() - 12 * 3600 - 1
    assert client.get("/beheer/").status_code == 302


def test_exports_ask_for_the_password_again_after_15_minutes(client, make_user, make_consultation, login):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    with client.session_transaction() as session:
        session["auth_at"] = time.time() - 16 * 60
    url = f"/beheer/consultaties/{consultation.slug}/export.csv"
    response = client.get(url)
    assert response.headers["Location"].startswith("/wachtwoord-bevestigen")
    page = client.get(response.headers["Location"])
    wrong = client.post(response.headers["Location"], data={"password": "fout", "csrf_token": csrf_token(page.text)})
    assert "Dit wachtwoord klopt niet" in wrong.text
    right = client.post(response.headers["Location"], data={"password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert right.headers["Location"] == url
    assert client.get(url).status_code == 200


def test_log_in_is_limited_per_account_with_a_dutch_message(client, make_user):
    limited_client = client
    user = make_user()
    token = csrf_token(limited_client.get("/inloggen").text)
    statuses = [limited_client.post("/inloggen", data={"email": user.email, "password": "fout", "csrf_token": token}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    page = limited_client.post("/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert page.status_code == 429 and "Te veel pogingen" in page.text


def test_a_robot_that_fills_the_hidden_field_stores_nothing(client, make_consultation, session):
    from consult.reactions.models import Reaction

    consultation = make_consultation(markdown=MARKDOWN)
    page = client.get(f"/consultaties/{consultation.slug}/reageren").text
    started = page.split('name="started" type="hidden" value="', 1)[1].split('"', 1)[0]
    client.post(f"/consultaties/{consultation.slug}/reageren",
                data={**form_data(), "website": "http://spam.example", "started": started, "csrf_token": csrf_token(page)})
    assert session.query(Reaction).count() == 0


def test_a_form_sent_faster_than_a_person_can_type_is_refused_and_kept(app, client, make_consultation, session, monkeypatch):
    from consult.reactions.models import Reaction

    monkeypatch.setitem(app.config, "MINIMUM_FILL_SECONDS", 3)
    consultation = make_consultation(markdown=MARKDOWN)
    page = client.get(f"/consultaties/{consultation.slug}/reageren").text
    started = page.split('name="started" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"/consultaties/{consultation.slug}/reageren",
                           data={**form_data(), "started": started, "csrf_token": csrf_token(page)})
    assert "Dat ging wel heel snel" in response.text and "Ik mis de mantelzorgers" in response.text
    assert session.query(Reaction).count() == 0


def test_security_txt_health_and_headers(app, client, monkeypatch):
    text = client.get("/.well-known/security.txt").get_data(as_text=True)
    assert text.startswith("Contact: ") and "Expires: " in text
    assert client.get("/health").json == {"status": "ok"}
    headers = client.get("/").headers
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["Referrer-Policy"] == "same-origin" and "Strict-Transport-Security" not in headers
    monkeypatch.setitem(app.config, "CONSULT_ENV", "production")
    # A page Flask makes now (the home page above may be kept by the page cache, with the headers it had).
    assert "max-age" in client.get("/inloggen").headers["Strict-Transport-Security"]


def test_log_in_takes_as_long_whether_or_not_the_account_exists(client, make_user, session):
    """Unknown address, invited account without a password, blocked account, wrong password: the same
    page, and each costs one password-hash check. Measured in this thread's CPU time (the test client runs
    the request here), so other processes on a busy machine do not move it; the fastest of three tries."""
    invited = make_user(email="uitgenodigd@example.org")
    invited.password_hash = None
    blocked = make_user(email="geblokkeerd@example.org")
    blocked.is_active_account = False
    session.commit()
    token = csrf_token(client.get("/inloggen").text)

    def fastest(email):
        times, pages = [], set()
        for _ in range(3):
            started = time.thread_time()
            page = client.post("/inloggen", data={"email": email, "password": "fout wachtwoord", "csrf_token": token})
            times.append(time.thread_time() - started)
            pages.add(re.sub(r'csrf_token" (type="hidden" )?value="[^"]+"', "", page.text.replace(email, "ADDRESS")))
        return min(times), pages

    fastest("niemand@example.org")  # the first dummy check also makes the dummy hash
    wrong, pages = fastest(make_user(email="bestaat@example.org").email)
    for email in ("niemand@example.org", invited.email, blocked.email):
        took, other_pages = fastest(email)
        assert other_pages == pages, email
        assert 0.5 * wrong < took < 2 * wrong, (email, took, wrong)


@pytest.mark.parametrize(("kind", "asks"), [("export_xlsx", True), ("dossier", True), ("report_pdf", False)])
def test_downloads_of_personal_data_ask_for_the_password_again_after_15_minutes(
        app, client, session, make_user, make_consultation, login, kind, asks):
    from consult.jobs import files
    from consult.jobs.models import Job, JobStatus

    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    with app.app_context():
        job = Job(kind=kind, consultation_id=consultation.id, status=JobStatus.DONE,
                  result={"file": files.save(b"PK\x03\x04", "zip"), "extension": "zip"})
    session.add(job)
    session.commit()
    with client.session_transaction() as cookie:
        cookie["auth_at"] = time.time() - 16 * 60
    url = f"/beheer/bestanden/{job.id}"

    response = client.get(url)
    if asks:  # the reactienota's files hold no personal data: no password for those
        assert response.headers["Location"].startswith("/wachtwoord-bevestigen")
        page = client.get(response.headers["Location"])
        right = client.post(response.headers["Location"], data={"password": PASSWORD, "csrf_token": csrf_token(page.text)})
        assert right.headers["Location"] == url
        response = client.get(url)
    data = response.get_data()
    response.close()
    assert response.status_code == 200 and data == b"PK\x03\x04"
    assert response.headers["Cache-Control"] == "no-store"


def test_only_failed_log_ins_count_against_the_address(app, client, make_user, session):
    """The town hall's 40 officials log in from one address every morning: successful log-ins do not use up
    the per-address limit (30 an hour); wrong passwords still do."""
    colleagues = [make_user() for _ in range(31)]
    session.commit()
    for colleague in colleagues:
        browser = app.test_client()
        token = csrf_token(browser.get("/inloggen").text)
        response = browser.post("/inloggen", data={"email": colleague.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, colleague.email

    token = csrf_token(client.get("/inloggen").text)
    wrong = [client.post("/inloggen", data={"email": f"iemand{n}@example.org", "password": "fout", "csrf_token": token}).status_code
             for n in range(31)]
    assert wrong[:30] == [400] * 30 and wrong[30] == 429
