"""A link is shown with the rule that guards its target (finding 9): an official of a member municipality
reads a region's werkatelier, but its outcomes are the region's, so no link leads them to a 403."""
from consult.organisations.models import OrganisationKind
from tests.actions.conftest import put_to_public
from tests.crawl import crawl


def test_a_member_municipality_official_reads_the_outcomes_without_forms(client, login, make_organisation, make_workshop, make_user):
    """Finding 7 of issue 13: member municipalities see the regional werkateliers that concern them; the outcomes
    are the region's to change, so the page they read has no form and no button."""
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio test")
    member = make_organisation(name="Gemeente lid", region=region)
    workshop = make_workshop(organisation=region)
    outcomes = f"/beheer/werkateliers/{workshop.slug}/uitkomsten"
    login(make_user(official_of=member))
    page = client.get(f"/beheer/werkateliers/{workshop.slug}")
    assert page.status_code == 200 and outcomes in page.text
    read = client.get(outcomes)
    main = read.text.split("<main", 1)[1]
    assert read.status_code == 200 and "<form" not in main and "Alleen Regio test" in main


def test_an_official_of_the_owner_gets_the_link_and_the_page(client, login, make_organisation, make_workshop, make_user):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio test")
    workshop = make_workshop(organisation=region)
    outcomes = f"/beheer/werkateliers/{workshop.slug}/uitkomsten"
    login(make_user(official_of=region))
    assert outcomes in client.get(f"/beheer/werkateliers/{workshop.slug}").text
    assert client.get(outcomes).status_code == 200


def test_an_outcome_as_a_source_is_named_by_its_table_and_text_not_its_id(world, session, app):
    from consult.actions.services import source_for_outcome
    from tests.outcomes.conftest import add_idea

    outcome = add_idea(session, world.workshop, world.workshop.tables[0], text="Inloopspreekuur per gemeente, " * 4)
    with app.test_request_context():
        reference = source_for_outcome(outcome).reference
    assert reference.startswith("Wonen: “Inloopspreekuur per gemeente") and reference.endswith("…”")
    assert f"/ {outcome.id}" not in reference


def test_every_link_a_member_official_sees_on_the_werkatelier_pages_opens(app, session, client, login,
                                                                           make_organisation, make_workshop, make_user):
    """Tester finding (issue 13, leftovers): the card counts per table led a member official to a 403. Every
    link on the werkatelier's pages they read and on the action made from an outcome opens: read-only pages
    (the tables' cards too) instead of refusals; the action links back to the outcomes they may read."""
    from datetime import timedelta

    from consult.actions.models import Action, ActionScope, ActionSource, ActionSourceKind
    from consult.core.db import utcnow
    from consult.documents.models import Document, DocumentKind
    from consult.documents.services import add_version_from_markdown
    from consult.workshops.models import CardKind
    from consult.workshops.services import add_card, register
    from tests.outcomes.conftest import add_idea, open_verslag
    from tests.workshops.conftest import during, person

    region = make_organisation(kind=OrganisationKind.REGION, name="Regio test")
    member = make_organisation(name="Gemeente lid", region=region)
    workshop = make_workshop(organisation=region, capacity=3)
    with app.test_request_context():
        taking_part = register(workshop.sessions[0], person(1), utcnow())
        card = add_card(taking_part, workshop.tables[0], CardKind.IDEA, "Kleine woningen bij de zorg.", during(workshop.sessions[0]))
    held = workshop.sessions[0]
    held.starts_at = utcnow() - timedelta(days=1)
    held.ends_at = held.starts_at + timedelta(hours=3)
    session.commit()
    idea = add_idea(session, workshop, workshop.tables[0], "Kleine woningen", cards=[card])
    open_verslag(session, workshop)
    programme = Document(organisation=region, title="Actieprogramma", kind=DocumentKind.ACTION_PROGRAMME)
    add_version_from_markdown(programme, "# Acties")
    action = Action(programme=programme, title="Kleine woningen", scope=ActionScope.REGIONAL, owner_organisation=region,
                    sources=[ActionSource(kind=ActionSourceKind.OUTCOME, outcome=idea)])
    session.add_all([programme, action])
    put_to_public(session, programme)
    session.commit()
    login(make_user(official_of=member))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    found = crawl(client, [manage, f"/acties/{action.id}"], within=(manage, f"/acties/{action.id}"))
    seen, refused = found.seen, found.refused
    assert f"{manage}/uitkomsten/tafels/{workshop.tables[0].id}" in seen
    assert f'href="{manage}/uitkomsten#uitkomst-{idea.id}"' in client.get(f"/acties/{action.id}").text
    assert not refused, refused
    cards = client.get(f"{manage}/uitkomsten/tafels/{workshop.tables[0].id}").text
    assert "Kleine woningen bij de zorg." in cards and "<form" not in cards.split("<main", 1)[1]
