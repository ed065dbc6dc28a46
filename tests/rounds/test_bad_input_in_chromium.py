"""One organisation's page in the officials' progress view, with bad input as the stored reason for its
later deadline (shown as text and back in the form's field), opened in Chromium: no dialog opens and no
element or event handler appears that our templates do not write. The same strings as
tests/security/test_bad_input_other_forms_in_chromium.py: every 4th string of the sample with a "<"."""
from datetime import timedelta

import pytest

from consult.core.forms import clean_text
from consult.rounds.models import MAX_REASON_LENGTH
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN

pytestmark = pytest.mark.browser


def test_the_page_with_a_stored_deadline_reason_runs_nothing_in_chromium(client, login, round_world, session, browser):
    strings = [clean_text(text)[:MAX_REASON_LENGTH] for text in sample() if "<" in text][::4]
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde/organisaties/{round_world.x.slug}"
    invitation = round_world.invitation_x
    invitation.deadline_override = round_world.consultation.closes_at + timedelta(days=2)
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page: no stylesheet, no payload URL
    problems = []
    for text in strings:
        invitation.deadline_reason = text
        session.commit()
        page.set_content(client.get(url).get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"organisation page with reason {text!r:.100}: {found[:3]}")
        shown = page.eval_on_selector("input[name='deadline-reason']", "input => input.value")
        if shown != text.replace("\r\n", "").replace("\n", "").replace("\r", ""):  # an input holds one line
            problems.append(f"organisation page with reason {text!r:.100}: the field reads {shown!r:.100}")
    context.close()
    assert len(strings) >= 20  # the quick sample holds 30 markup strings; CI many more
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
