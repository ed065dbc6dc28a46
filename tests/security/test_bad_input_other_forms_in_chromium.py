"""The page where an author sees and changes a reaction, with bad input as its stored text, opened in
Chromium: no dialog opens and no element or event handler appears that our templates do not write. The
pages that list reactions are in test_bad_input_in_chromium.py.

A page costs about 20 ms in Chromium, so not the whole sample: every 4th of its strings that hold a "<"
(293 pages), the only ones that could open an element in the textarea if escaping failed. The test
without a browser (test_bad_input_other_forms.py) sees every string of the sample come back exactly.
"""

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from tests.reactions.conftest import MARKDOWN
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN

pytestmark = pytest.mark.browser


def test_the_page_of_a_changed_reaction_runs_nothing_in_chromium(app, client, session, browser, make_consultation):
    strings = [clean_text(text) for text in sample() if "<" in text][::4]  # stored as the change form stores it
    consultation = make_consultation(markdown=MARKDOWN)
    now = utcnow()
    session.execute(sa.insert(Reaction), [{
        "consultation_id": consultation.id, "reference": f"BAD-2026-{n:05d}", "channel": Channel.WEB,
        "status": ReactionStatus.PENDING, "publication": Publication.NAMED, "author_name": "Iris",
        "author_email": f"bad{n}@example.org", "author_place": "", "author_address": "", "organisation_name": "",
        "quote": "", "body": text, "co_signers": "", "rejection_reason": "", "is_late": False,
        "is_answered": False, "submitted_at": now, "updated_at": now,
    } for n, text in enumerate(strings)])
    session.commit()
    ids = dict(session.execute(
        sa.select(Reaction.reference, Reaction.id).where(Reaction.consultation_id == consultation.id)).all())
    with app.app_context():
        urls = [f"/reacties/{make_token(ids[f'BAD-2026-{n:05d}'], Purpose.MANAGE)}" for n in range(len(strings))]

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page: no stylesheet, no payload URL
    problems = []
    for text, url in zip(strings, urls):
        page.set_content(client.get(url).get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"manage page of {text!r:.100}: {found[:3]}")
        shown = page.eval_on_selector("textarea[name=body]", "textarea => textarea.value")
        if shown != text.replace("\r\n", "\n").replace("\r", "\n"):  # a browser keeps line ends as \n
            problems.append(f"manage page of {text!r:.100}: the text to change reads {shown!r:.100}")
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
