"""The werkatelier's pages with bad input as registrants' names, organisations and needs, and as the
sessions' places and the tables' themes, opened in Chromium: no dialog opens and no element or event
handler appears that our templates do not write. The strings are those of the sample that hold a "<"
(every 4th), stored as the forms store them; test_bad_input_workshop_forms.py sends the whole sample
through the forms."""
import pytest

from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.workshops.models import Registration, RegistrationStatus, WorkshopTable
from tests.conftest import PASSWORD, submit_form, token_of
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_werkatelier_pages_with_bad_text_run_nothing_in_chromium(client, session, browser, make_user, make_workshop):  # noqa: F811
    strings = [clean_text(text)[:200] for text in sample() if "<" in text][::4]
    workshop = make_workshop(capacity=len(strings))
    meeting = workshop.sessions[0]
    meeting.place, meeting.route = strings[0], strings[-1]
    workshop.accessibility = strings[1]
    workshop.tables.extend(WorkshopTable(title=text, facilitator=text, position=10 + n) for n, text in enumerate(strings[:20]))
    registrations = [Registration(session=meeting, status=RegistrationStatus.CONFIRMED, name=text, email=f"bad{n}@example.org",
                                  organisation_name=text, role=text, needs=text, consented_at=utcnow(), tables=[workshop.tables[-1]])
                     for n, text in enumerate(strings)]
    session.add_all(registrations)
    meeting.confirmed_count = len(registrations)
    session.commit()
    public = [f"/werkateliers/{workshop.slug}", "/"] + [f"/werkateliers/afmelden/{token_of(r)}" for r in registrations[::5]]
    submit_form(client, "/inloggen", {"email": make_user(official_of=workshop.consultation.organisation).email, "password": PASSWORD})
    official = [f"/beheer/werkateliers/{workshop.slug}", f"/beheer/werkateliers/{workshop.slug}/sessies/{meeting.id}/aanmeldingen",
                f"/beheer/werkateliers/{workshop.slug}/sessies/{meeting.id}", "/beheer/werkateliers"]

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    problems = []
    for url in public + official:
        response = client.get(url)
        assert response.status_code == 200, url
        page.set_content(response.get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"{url}: {found[:3]}")
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
