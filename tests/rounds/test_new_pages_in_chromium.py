"""The round's new pages with bad input as their stored text, opened in Chromium: guiding questions on the
partner's page, section text in the comparison, and every version of a comment in the workbench. No
dialog opens and no element or event handler appears that our templates do not write."""
import pytest

from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.documents.services import add_version_from_markdown
from consult.rounds.models import CommentVersion, GuidingQuestion
from consult.rounds.services import add_draft_comment, submit_draft
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN

pytestmark = pytest.mark.browser


def test_the_new_round_pages_run_nothing_in_chromium(client, login, round_world, session, browser):
    strings = [clean_text(text) for text in sample() if "<" in text][::8]
    for n, text in enumerate(strings):
        session.add(GuidingQuestion(round=round_world.round, text=f"Vraag {n}: {text}"[:500]))
    document = round_world.consultation.document_version.document
    add_version_from_markdown(document, "# Wonen\n\n" + "\n\n".join(
        text.replace("<", "&lt;").replace(">", "&gt;") for text in strings))
    with client.application.test_request_context():
        add_draft_comment(round_world.invitation_x, round_world.users["partner_x"], None, "", strings[0], utcnow())
        reaction, = submit_draft(round_world.invitation_x, round_world.users["partner_x"], utcnow())
    session.add_all(CommentVersion(reaction_id=reaction.id, number=n, quote=text, body=f"Versie {n}: {text}",
                                   written_at=utcnow()) for n, text in enumerate(strings, start=1))
    session.commit()

    login(round_world.users["partner_x"])
    base = f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}"
    pages = {"round page": client.get(base).get_data(as_text=True),
             "comparison": client.get(base + "/wijzigingen").get_data(as_text=True)}
    client.post("/uitloggen", data={"csrf_token": csrf_token(pages["round page"])})
    login(round_world.users["official_a"])
    pages["workbench"] = client.get(f"/beheer/reacties/{reaction.id}").get_data(as_text=True)
    pages["settings"] = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde").get_data(as_text=True)

    assert f"Vraag {len(strings) - 1}: " in pages["round page"] and f"Vraag {len(strings) - 1}: " in pages["settings"]
    assert f"Versie {len(strings)}: " in pages["workbench"] and "consult-diff__added" in pages["comparison"]
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    problems = []
    for name, html in pages.items():
        page.set_content(html, wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"{name}: {found[:3]}")
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems)
