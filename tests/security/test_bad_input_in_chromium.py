"""Pages that show every corpus string, opened in Chromium: no dialog opens and no element or
event handler appears that our templates do not write."""
import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from tests.reactions.conftest import MARKDOWN
from tests.security.corpora import payloads
from tests.security.html_check import OUR_TAGS

pytestmark = pytest.mark.browser

FOREIGN = """tags => Array.from(document.querySelectorAll('*')).flatMap(el => [
    ...(tags.includes(el.tagName.toLowerCase()) ? [] : ['<' + el.tagName.toLowerCase() + '>']),
    ...Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)])"""


def test_pages_with_every_corpus_string_run_nothing_in_chromium(client, session, browser, make_consultation, make_user, login):
    strings = payloads()
    consultation = make_consultation(markdown=MARKDOWN)
    section = consultation.document_version.sections[1]
    now = utcnow()
    session.execute(sa.insert(Reaction), [{
        "consultation_id": consultation.id, "section_id": section.id, "reference": f"BAD-2026-{n:05d}",
        "channel": Channel.WEB, "status": ReactionStatus.APPROVED, "publication": Publication.NAMED,
        "author_name": text[:200], "author_email": f"bad{n}@example.org", "author_place": "", "author_address": "",
        "organisation_name": text[:200], "quote": text, "body": text, "co_signers": "", "rejection_reason": "",
        "is_late": False, "is_answered": False, "submitted_at": now, "updated_at": now,
    } for n, text in enumerate(strings)])
    recount(consultation)
    session.commit()
    login(make_user(official_of=consultation.organisation))

    pages = -(-len(strings) // 20)
    urls = [f"/consultaties/{consultation.slug}/reacties?pagina={n}" for n in range(1, pages + 1)]
    urls += [f"/beheer/consultaties/{consultation.slug}/moderatie?status=approved&pagina={n}" for n in range(1, pages + 1)]
    urls.append(f"/consultaties/{consultation.slug}")

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page: no stylesheet, no payload URL
    problems = []
    for url in urls:
        page.set_content(client.get(url).get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"{url}: {found[:3]}")
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
