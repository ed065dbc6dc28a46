"""The pages of replies, the public round, the comparison and changed advice with bad input as their stored
text, opened in Chromium: no dialog opens and no element or event handler appears that our templates do
not write."""
import pytest

from consult.advice.models import Advice, AdvicePoint, AdviceState, AdviceVersion
from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import ReplyReaction
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN

pytestmark = pytest.mark.browser


def test_the_new_pages_run_nothing_in_chromium(client, login, round_world, session, browser):
    strings = [clean_text(text) for text in sample() if "<" in text][::8]
    world, now = round_world, utcnow()
    world.round.partners_see_each_other = world.round.allows_replies = True
    sections = world.consultation.document_version.sections
    comments = []
    for n, text in enumerate(strings):
        organisation = world.y if n % 2 else world.x
        comments.append(Reaction(
            consultation=world.consultation, reference=f"TST-2026-{6000 + n}", channel=Channel.PARTNER_ROUND,
            status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Iemand",
            section=sections[n % len(sections)], organisation_id=organisation.id,
            organisation_name=organisation.name, organisation_kind=organisation.kind, body=text, quote=text,
            submitted_at=now))
    session.add_all(comments)
    session.flush()
    session.add_all(ReplyReaction(reaction_id=comments[n].id, replies_to_id=comments[n + 1].id)
                    for n in range(0, len(comments) - 1, 2))
    advice = Advice(consultation=world.consultation, organisation=world.z, state=AdviceState.SUBMITTED,
                    reference="TSTZ-2026-0001", submitted_at=now, body=strings[0],
                    points=[AdvicePoint(number=n, body=text, section=sections[n % len(sections)])
                            for n, text in enumerate(strings[:20], start=1)])
    session.add(advice)
    session.flush()
    session.add_all(AdviceVersion(advice_id=advice.id, number=n, body=text, written_at=now,
                                  points=[{"number": 1, "section": text, "body": text}])
                    for n, text in enumerate(strings[:20], start=1))
    session.commit()

    login(world.users["partner_y"])
    base = f"/rondes/{world.consultation.slug}/{world.y.slug}"
    pages = {"round page with replies": client.get(base).get_data(as_text=True),
             "reply page": client.get(f"{base}/reageren/{comments[0].id}").get_data(as_text=True)}
    client.post("/uitloggen", data={"csrf_token": csrf_token(pages["reply page"])})
    login(world.users["official_a"])
    pages["comparison"] = client.get(f"/beheer/consultaties/{world.consultation.slug}/ronde/vergelijking").get_data(as_text=True)
    pages["advice with versions"] = client.get(f"/beheer/consultaties/{world.consultation.slug}/advies").get_data(as_text=True)
    pages["workbench of a reply"] = client.get(f"/beheer/reacties/{comments[0].id}").get_data(as_text=True)
    world.consultation.closes_at = now
    world.round.is_public_afterwards, world.round.made_public_at = True, now
    session.commit()
    pages["public round"] = client.get(f"/openbare-rondes/{world.consultation.slug}").get_data(as_text=True)
    assert "TSTZ-2026-0001" in pages["advice with versions"] and "consult-compare" in pages["comparison"]

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
