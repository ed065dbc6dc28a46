"""The outcome pages with bad input as outcomes, proposed owners (an organisation's name, a theme and its
duo), cards and participants' reactions (approved ones shown to another participant), opened in Chromium: no dialog opens and no element or event handler appears that our templates do not
write. The strings are those of the sample that hold a "<" (every 4th), stored as the forms store them;
test_bad_input_outcome_forms.py sends the whole sample through the forms."""
import pytest

from consult.actions.models import ActionScope
from consult.core.db import utcnow
from consult.core.forms import clean_text
from consult.documents.models import Theme
from consult.outcomes.models import CommentStatus, OutcomeComment, WorkshopOutcome
from consult.workshops.models import CardKind, InputCard
from tests.conftest import PASSWORD, submit_form, token_of
from tests.outcomes.conftest import open_verslag, world  # noqa: F401  (the fixture)
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_outcome_pages_with_bad_text_run_nothing_in_chromium(client, session, browser, make_user, make_organisation,
                                                              world):  # noqa: F811
    strings = [clean_text(text)[:200] for text in sample() if "<" in text][::4]
    workshop, table = world.workshop, world.workshop.tables[0]
    open_verslag(session, workshop)
    me = world.participants[0]
    owner = make_organisation(name=strings[0][:200], region=world.municipality.region)
    theme = Theme(organisation=world.municipality, title=strings[1][:300], owners=strings[2][:300])
    session.add(theme)
    cards = [InputCard(table_id=table.id, registration_id=me.id, kind=CardKind.IDEA, text=text) for text in strings]
    session.add_all(cards)
    outcomes = [WorkshopOutcome(workshop_id=workshop.id, table=table, kind=CardKind.IDEA, text=text,
                                proposed_owner_organisation=owner if n % 2 else None,
                                proposed_duo_theme=None if n % 2 else theme,
                                scope=ActionScope.LOCAL, cards=[cards[n]]) for n, text in enumerate(strings)]
    session.add_all(outcomes)
    session.flush()
    session.add_all([OutcomeComment(workshop_id=workshop.id, outcome_id=outcomes[n].id, registration_id=me.id, text=text,
                                    status=CommentStatus.APPROVED if n % 2 else CommentStatus.PENDING,
                                    created_at=utcnow()) for n, text in enumerate(strings)])
    session.commit()
    participant = [f"/werkateliers/deelnemer/{token_of(me)}/verslag", f"/werkateliers/deelnemer/{token_of(world.participants[1])}/verslag"]
    submit_form(client, "/inloggen", {"email": make_user(official_of=world.municipality).email, "password": PASSWORD})
    manage = f"/beheer/werkateliers/{workshop.slug}/uitkomsten"
    official = [manage, f"{manage}/tafels/{table.id}", f"{manage}/{outcomes[0].id}/bewerken", f"{manage}/{outcomes[1].id}/verwijderen",
                f"/acties/nieuw?bron=outcome:{outcomes[0].id}",
                f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:{outcomes[1].id}"]

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    problems = []
    for url in participant + official:
        response = client.get(url)
        assert response.status_code == 200, url
        page.set_content(response.get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"{url}: {found[:3]}")
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
