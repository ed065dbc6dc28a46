"""The admin's organisation pages with bad input as organisation and people's names, opened in Chromium:
no dialog opens and no element or event handler appears that our templates do not write. The strings
are those of the sample that hold a "<" (every 4th), stored as the forms store them; the test without a
browser (test_bad_input_partner_forms.py) sends the whole sample through the forms."""
import pytest
import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole, User
from consult.core.forms import clean_text
from consult.organisations.models import Organisation, OrganisationKind
from tests.conftest import PASSWORD, submit_form
from tests.security.corpora import sample
from tests.security.html_check import OUR_TAGS
from tests.security.test_bad_input_in_chromium import FOREIGN

pytestmark = pytest.mark.browser


def test_organisation_pages_with_bad_names_run_nothing_in_chromium(client, session, browser, make_user):
    strings = [clean_text(text)[:200] for text in sample() if "<" in text][::4]
    organisations = [Organisation(name=text, slug=f"bad-{n}", kind=OrganisationKind.WELFARE) for n, text in enumerate(strings)]
    session.add_all(organisations)
    session.flush()
    for n, (organisation, text) in enumerate(zip(organisations, strings)):
        person = User(email=f"bad{n}@example.org", name=text)
        person.memberships.append(Membership(organisation=organisation, role=MembershipRole.PARTNER))
        session.add(person)
    session.commit()
    submit_form(client, "/inloggen", {"email": make_user(is_admin=True).email, "password": PASSWORD})
    urls = [f"/beheer/organisaties/?pagina={page}" for page in range(1, len(strings) // 50 + 2)]
    urls += [f"/beheer/organisaties/{organisation.id}" for organisation in organisations]

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    problems = []
    for url in urls:
        page.set_content(client.get(url).get_data(as_text=True), wait_until="domcontentloaded")
        if found := page.evaluate(FOREIGN, sorted(OUR_TAGS)):
            problems.append(f"{url}: {found[:3]}")
    shown = page.eval_on_selector("h1", "heading => heading.textContent")
    context.close()
    assert shown == strings[-1]  # the last organisation's page shows its name as stored
    assert not dialogs, f"a dialog opened: {dialogs[:3]}"
    assert not problems, "\n".join(problems[:10])
    assert session.scalar(sa.select(sa.func.count()).select_from(Organisation).where(Organisation.slug.like("bad-%"))) == len(strings)
