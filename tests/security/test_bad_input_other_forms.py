"""Bad input through the other public and partner forms (the reaction form's text fields are in
test_bad_input.py): log-in, its second step and the set-up of that step, asking for a password link,
setting a new password with it, the password asked again before a sensitive step (as a partner),
changing a reaction through the link in its receipt, reporting a published reaction, the reaction form's
hidden and choice fields, asking for one's data and asking to remove it, and the tokens in the links of
our mails. No response is a 500 (an exception out of a view counts as one), no page holds markup our
templates do not write, and where a form shows what was typed (or stored) back, it shows exactly that
text.

How much goes where. A request costs 2-10 ms here: the whole corpus (8,362 strings) in every field of
these forms took 18 minutes, and in only the fields that show their value back it would still take more
than five. So the whole corpus goes into the two fields of the log-in form, the public form attacked
most, which shows the e-mail address back; every other field gets ``corpora.sample()``, a fixed,
stratified part (684 strings in CI on SQLite): every 2nd string of the big list of naughty strings and
every 21st of the XSS and of the SQL injection lists. BAD_INPUT_FULL=1 in the environment sends the whole corpus everywhere.
"""
from __future__ import annotations

import logging
import re
import traceback
from collections import Counter
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from consult.accounts.services import make_reset_token
from consult.consultations.models import Procedure
from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.core.i18n import local_today
from consult.extensions import limiter
from consult.oral_reports.models import OralReport
from consult.oral_reports.tokens import make_oral_report_token
from consult.organisations.models import OrganisationKind
from consult.privacy.models import ErasureRequest
from consult.privacy.tokens import make_access_token
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from consult.reactions.views import SUBMISSION_KEY
from tests.conftest import PASSWORD, csrf_token, submit_form
from tests.reactions.conftest import MARKDOWN
from tests.security.corpora import payloads, sample
from tests.security.html_check import read_page


@pytest.fixture(autouse=True)
def quiet_access_log(caplog):
    """Tens of thousands of requests: their access lines stay out of the captured log, which saves time
    and keeps a failure's report readable."""
    caplog.set_level(logging.WARNING, logger="consult.access")


@pytest.fixture
def no_rate_limits(monkeypatch):
    # Thousands of attempts from one address, on one account and one e-mail address: the limits (10
    # log-ins per 15 minutes per account, 3 reset links an hour per address, 10 codes per 15 minutes, 20
    # reports an hour) would answer 429 after the first few, and the rest of the corpus would never reach
    # the form. The limits have their own tests (test_sessions_and_limits.py). The app is shared by the
    # whole session and reads RATELIMIT_ENABLED only when it is made, so this switches the limiter's own
    # flag; monkeypatch switches it back on after the test, and conftest empties the counters.
    monkeypatch.setattr(limiter, "enabled", False)


class Results:
    """What the requests of one test found: the problems, and how many answers had each status."""

    def __init__(self):
        self.problems: list[str] = []
        self.statuses: Counter = Counter()

    def send(self, where: str, call, url: str, shows: dict[str, str] | None = None, **kwargs):
        """``call(url, **kwargs)`` (client.get or client.post), then check the answer: no 500, nothing
        foreign on the page and, for each name in ``shows``, a page with the form again (200, or 400
        where a refused form says so) shows exactly that text in the field of that name. The test app
        passes a view's exception on instead of answering 500: it is noted with the line of ours it came
        from, and the corpus goes on."""
        try:
            response = call(url, **kwargs)
        except Exception as error:  # every exception is a finding
            ours = [f for f in traceback.extract_tb(error.__traceback__) if "/consult/" in f.filename]
            origin = f" at {ours[-1].filename.split('/consult/', 1)[1]}:{ours[-1].lineno}" if ours else ""
            self.problems.append(f"{where}: {type(error).__name__}: {error}{origin}")
            self.statuses["exception"] += 1
            return None
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.problems.append(f"{where}: {response.status_code}")
        elif response.mimetype == "text/html":
            found, values = read_page(response.get_data(as_text=True))
            if found:
                self.problems.append(f"{where}: {found[:3]}")
            for name, typed in (shows or {}).items():
                if response.status_code in (200, 400) and values.get(name) != [typed]:
                    self.problems.append(
                        f"{where}: the field {name} shows {values.get(name)!r:.300}, typed {typed!r:.300}")
        return response

    def assert_clean(self, expected_statuses: set) -> None:
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(self.problems[:30])
        assert set(self.statuses) <= expected_statuses, self.statuses


def rotated(strings: list[str], n: int, fields) -> dict:
    """Request n carries string n in the first field, n+1 in the next, …: every string meets every field."""
    return {field: strings[(n + offset) % len(strings)] for offset, field in enumerate(fields)}


def test_log_in(client, no_rate_limits):
    """The e-mail address is shown back after a failed log-in, the password never: the whole corpus, each
    string in each field in turn. (The password is checked the same way whether or not the address has an
    account, see consult.accounts.services.authenticate.)"""
    token = csrf_token(client.get("/inloggen").text)
    strings, results = payloads(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("email", "password"))
        results.send(f"log-in, request {n}", client.post, "/inloggen", data={**data, "csrf_token": token},
                     shows={"email": clean_text(data["email"]), "password": ""})
    results.assert_clean({400})


def log_in_to_the_second_step(client, user) -> str:
    """The right password; the session now waits for the second factor. Returns that page's CSRF token."""
    page = client.get("/inloggen").text
    response = client.post("/inloggen",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page)})
    return csrf_token(client.get(response.headers["Location"]).text)


@pytest.mark.parametrize("url", ["/inloggen/code", "/inloggen/tweede-stap-instellen"])
def test_second_step_of_log_in(app, client, no_rate_limits, make_user, make_organisation,
                               monkeypatch, session, url):
    """An official's code after the password, on the code page and on the page that sets the second factor
    up: the sample. A wrong code is shown back."""
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", True)
    official = make_user(official_of=make_organisation())
    if url == "/inloggen/code":
        official.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        session.commit()
    token = log_in_to_the_second_step(client, official)
    results = Results()
    for n, text in enumerate(sample()):
        response = results.send(f"{url}, code, sample string {n}", client.post, url,
                                data={"code": text, "csrf_token": token}, shows={"code": clean_text(text)})
        if response is None or response.status_code != 400:  # the five minutes for the code were over
            token = log_in_to_the_second_step(client, official)
    results.assert_clean({400})


def test_asking_for_a_password_link(client, no_rate_limits):
    """The e-mail address, the sample: a wrong one is shown back; a valid one gets the same redirect
    whether or not it has an account."""
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    results = Results()
    for n, text in enumerate(sample()):
        results.send(f"password link, e-mail, sample string {n}", client.post, "/wachtwoord-vergeten",
                     data={"email": text, "csrf_token": token}, shows={"email": clean_text(text)})
    results.assert_clean({200, 302, 400})


def test_setting_a_new_password(app, client, make_user):
    """Both password fields, with the link from the mail, the sample; never shown back. Most strings are a
    good password and are set; that ends the link, so the next string gets a new one."""
    user = make_user()

    def new_link() -> str:
        with app.app_context():
            return f"/wachtwoord-instellen/{make_reset_token(user)}"

    url = new_link()
    token = csrf_token(client.get(url).text)  # the session's token: it stays valid on the next links
    results = Results()
    for n, text in enumerate(sample()):
        response = results.send(f"new password, sample string {n}", client.post, url,
                                data={"password": text, "confirm": text, "csrf_token": token},
                                shows={"password": "", "confirm": ""})
        if response is not None and response.status_code == 302:
            assert response.headers["Location"] == "/inloggen", response.headers["Location"]
            url = new_link()
    results.assert_clean({200, 302, 400})
    assert results.statuses[302] > len(sample()) / 2  # most strings were set as the new password


def test_the_password_asked_again(client, no_rate_limits, make_user, make_organisation, login):
    """A partner types the password again before a sensitive step: the sample; never shown back."""
    login(make_user(partner_of=make_organisation(kind=OrganisationKind.CARE_PROVIDER)))
    token = csrf_token(client.get("/wachtwoord-bevestigen").text)
    results = Results()
    for n, text in enumerate(sample()):
        results.send(f"password again, sample string {n}", client.post, "/wachtwoord-bevestigen",
                     data={"password": text, "csrf_token": token}, shows={"password": ""})
    results.assert_clean({400})


@pytest.fixture
def reaction(session, make_consultation):
    """A confirmed reaction on an open consultation: its author may still change it."""
    consultation = make_consultation(markdown=MARKDOWN)
    reaction = Reaction(consultation=consultation, reference="TST-2026-0001", status=ReactionStatus.PENDING,
                        publication=Publication.NAMED, author_name="Iris", author_email="iris@example.org",
                        body="Mijn reactie.", submitted_at=utcnow())
    session.add(reaction)
    session.commit()
    return reaction


def test_changing_a_reaction(app, client, reaction):
    """The text and the choice to publish, the sample. The page shows the text back, refused or stored
    (after the redirect, from the database)."""
    with app.app_context():
        url = f"/reacties/{make_token(reaction.id, Purpose.MANAGE)}"
    token = csrf_token(client.get(url).text)
    results, stored = Results(), 0
    for n, text in enumerate(sample()):
        response = results.send(f"change reaction, text, sample string {n}", client.post, url, follow_redirects=True,
                                data={"body": text, "publication": "named", "csrf_token": token},
                                shows={"body": clean_text(text)})
        stored += bool(response is not None and response.history)
    for n, text in enumerate(sample()):
        results.send(f"change reaction, publication, sample string {n}", client.post, url,
                     data={"body": "Mijn reactie.", "publication": text, "csrf_token": token})
    results.assert_clean({200, 302, 400})
    assert stored > len(sample()) * 0.9  # nearly every string was stored and shown from the database


def test_reporting_a_published_reaction(client, no_rate_limits, reaction, session):
    """The reason is a choice; any other string is refused (back to the page, asked to choose). The sample; never shown back."""
    reaction.status = ReactionStatus.APPROVED
    session.commit()
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    results = Results()
    for n, text in enumerate(sample()):
        results.send(f"report, reason, sample string {n}", client.post, f"/reacties/{reaction.id}/melden",
                     data={"reason": text, "csrf_token": token})
    results.assert_clean({400, 302})


HIDDEN_AND_CHOICES = ("website", "started", "submission_key", "section", "publication", "organisation_kind", "privacy")


def test_the_reaction_forms_hidden_and_choice_fields(client, no_rate_limits, make_consultation):
    """The fields test_bad_input.py leaves alone: the honeypot, the time stamp, the key against double
    clicks, the choices and the privacy box, the sample, each string in each field in turn. A bad time
    stamp refuses the form, which shows the first three back. Then the key once more, with everything
    else right, so that it reaches the database."""
    consultation = make_consultation(markdown=MARKDOWN)
    url = f"/consultaties/{consultation.slug}/reageren"
    page = client.get(url).text
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    good = {"section": "opgavegericht-werken", "publication": "named", "privacy": "y", "body": "Mijn reactie.",
            "author_name": "Iris", "author_email": "iris@example.org", "csrf_token": csrf_token(page),
            "started": started}
    strings, results = sample(), Results()
    for n in range(len(strings)):
        bad = rotated(strings, n, HIDDEN_AND_CHOICES)
        shown = {"website": ""}  # the honeypot: never shown
        if SUBMISSION_KEY.fullmatch(clean_text(bad["submission_key"])):  # any other key is replaced by a fresh one
            shown["submission_key"] = clean_text(bad["submission_key"])
        if clean_text(bad["started"]):  # an empty time stamp is replaced by a fresh one
            shown["started"] = clean_text(bad["started"])
        results.send(f"reaction form, request {n}", client.post, url, data={**good, **bad}, shows=shown)
    for n, text in enumerate(strings):
        results.send(f"reaction form, submission key, sample string {n}", client.post, url,
                     data={**good, "submission_key": text})
    results.assert_clean({200, 302, 400})


def test_asking_for_my_data(client, no_rate_limits):
    """The e-mail address, the honeypot and the time stamp, the sample, each string in each field in turn.
    The page shows a refused address back; the honeypot never."""
    token = csrf_token(client.get("/mijn-gegevens").text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("email", "website", "started"))
        shown = {"email": clean_text(data["email"]), "website": ""}
        if clean_text(data["started"]):  # an empty time stamp is replaced by a fresh one
            shown["started"] = clean_text(data["started"])
        results.send(f"my data, request {n}", client.post, "/mijn-gegevens", data={**data, "csrf_token": token},
                     shows=shown)
    results.assert_clean({200, 302, 400})


def test_asking_to_remove_my_data(app, client, no_rate_limits, reaction, session, make_user):
    """The message with a request to remove one's data, the sample. A stored one goes to the organisation,
    whose official reads it on the request's page; a refused (too long) one is shown back. Both are
    checked for every 4th message that holds a "<" (the official's page shows it through the same filter
    as the reaction pages of test_bad_input.py, which get the whole corpus)."""
    with app.app_context():
        url = f"/mijn-gegevens/{make_access_token(reaction.author_email)}"
    token = csrf_token(client.get(url).text)
    official = app.test_client()
    submit_form(official, "/inloggen", {"email": make_user(official_of=reaction.consultation.organisation).email,
                                        "password": PASSWORD})
    results, stored, with_markup = Results(), 0, 0
    for n, text in enumerate(sample()):
        response = results.send(f"remove my data, message, sample string {n}", client.post, f"{url}/verwijderen",
                                data={"message": text, "csrf_token": token}, shows={"message": clean_text(text)})
        if response is not None and response.status_code == 302:
            erasure = session.scalars(sa.select(ErasureRequest)).one()
            checked = "<" in text and with_markup % 4 == 0
            with_markup += "<" in text
            if checked:
                results.send(f"the official's page of the request, sample string {n}", official.get,
                             f"/beheer/verzoeken/{erasure.id}")
            session.delete(erasure)  # gone, so that the next message makes a new request (and the form is back)
            session.commit()
            stored += 1
            if checked:
                too_long = " ".join([text] * (2001 // (len(text) + 1) + 1))  # refused, so shown back
                results.send(f"remove my data, too long message, sample string {n}", client.post,
                             f"{url}/verwijderen", data={"message": too_long, "csrf_token": token},
                             shows={"message": clean_text(too_long)})
    results.assert_clean({200, 302, 400})
    assert stored > len(sample()) * 0.9


def test_links_with_a_mangled_token(client):
    """The tokens in the links of our mails (confirm a reaction, see or change it, set a password, see
    one's data) come back in the URL: the sample, each string in one of them in turn."""
    links = ("/reacties/{}", "/reacties/bevestigen/{}", "/wachtwoord-instellen/{}", "/mijn-gegevens/{}", "/verslagen/{}")
    results = Results()
    for n, text in enumerate(sample()):
        link = links[n % len(links)].format(quote(text, safe=""))
        results.send(f"link {link[:40]}, sample string {n}", client.get, link)
    results.assert_clean({302, 308, 404})  # 308: a path werkzeug tidies (a doubled slash)


AWB_CHOICES = ("publication", "publish_name", "privacy")


def test_the_awb_reaction_forms_publication_choice_and_name_opt_in(client, no_rate_limits, make_consultation):
    """On the public-task ground the form has the publication choice and the name opt-in, and no privacy
    box: the sample, each string in each of those fields in turn; the text typed always comes back."""
    consultation = make_consultation(markdown=MARKDOWN, procedure=Procedure.AWB_UNIFORM)
    url = f"/consultaties/{consultation.slug}/reageren"
    page = client.get(url).text
    good = {"section": "opgavegericht-werken", "publication": "anonymous", "body": "Mijn zienswijze.",
            "author_name": "Iris", "author_email": "iris@example.org", "csrf_token": csrf_token(page)}
    strings, results = sample(), Results()
    for n in range(len(strings)):
        bad = rotated(strings, n, AWB_CHOICES)
        results.send(f"awb reaction form, request {n}", client.post, url,
                     data={**good, **bad, "submission_key": f"awb-{n}"}, shows={"body": "Mijn zienswijze."})
    results.assert_clean({200, 302, 400})


def _oral_report(session, consultation, n: int) -> OralReport:
    reaction = Reaction(consultation=consultation, reference=f"TST-2026-{n:05d}", channel=Channel.ORAL,
                        status=ReactionStatus.PENDING, publication=Publication.NOT_PUBLISHED, author_name="Iris",
                        author_email="iris@example.org", body="Verslag van het gesprek.", submitted_at=utcnow(),
                        received_at=utcnow())
    report = OralReport(reaction=reaction, author_name="Vera Jansen", held_on=local_today())
    session.add(report)
    session.flush()
    return report


def test_answering_the_verslag_of_an_oral_zienswijze(app, client, no_rate_limits, make_consultation, session):
    """The correction and the answer choice, the sample. Without a valid choice the page comes back with
    the correction as typed; with "correct" each string is stored on a verslag of its own (one answer per
    link) and shown back to nobody but officials."""
    consultation = make_consultation(markdown=MARKDOWN)
    first = _oral_report(session, consultation, 0)
    session.commit()
    with app.app_context():
        url = f"/verslagen/{make_oral_report_token(first.id)}"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n, text in enumerate(strings):
        results.send(f"verslag, correction without a choice, sample string {n}", client.post, url,
                     data={"correction": text, "answer": strings[(n + 1) % len(strings)] + "?", "csrf_token": token},
                     shows={"correction": clean_text(text)})
    stored = 0
    for n, text in enumerate(strings):
        report = _oral_report(session, consultation, n + 1)
        session.commit()
        with app.app_context():
            link = f"/verslagen/{make_oral_report_token(report.id)}"
        response = results.send(f"verslag, correction, sample string {n}", client.post, link,
                                data={"correction": text, "answer": "correct", "csrf_token": token})
        session.refresh(report)
        stored += report.correction == clean_text(text) and response is not None and response.status_code == 302
    results.assert_clean({200, 302, 400})
    assert stored > len(strings) * 0.9


def test_the_late_decision(client, no_rate_limits, make_consultation, make_user, login, session):
    """An official's reason for a late zienswijze, and the choice, the sample. A refused form comes back
    (400) with the reason as typed; a stored one is shown on the reaction's page."""
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-60, closes_in_days=-14)
    login(make_user(official_of=consultation.organisation))
    reaction = Reaction(consultation=consultation, reference="TST-2026-0001", channel=Channel.LETTER, is_late=True,
                        status=ReactionStatus.PENDING, publication=Publication.NOT_PUBLISHED, author_name="Iris",
                        body="Te laat.", submitted_at=utcnow(), received_at=utcnow())
    session.add(reaction)
    session.commit()
    url = f"/beheer/reacties/{reaction.id}/te-laat"
    token = csrf_token(client.get(f"/beheer/reacties/{reaction.id}").text)
    strings, results, stored = sample(), Results(), 0
    for n, text in enumerate(strings):
        results.send(f"late decision, choice, sample string {n}", client.post, url,
                     data={"considered": text, "reason": "Reden.", "csrf_token": token})
        response = results.send(f"late decision, reason, sample string {n}", client.post, url, follow_redirects=True,
                                data={"considered": "yes", "reason": text, "csrf_token": token},
                                shows={"reason": clean_text(text)})
        stored += bool(response is not None and response.history)
    results.assert_clean({200, 400})
    assert stored > len(strings) * 0.9
