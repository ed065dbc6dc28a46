"""A link is shown with the rule that guards its target (finding 9): an official of a member municipality
reads a region's werkatelier, but its outcomes are the region's, so no link leads them to a 403."""
from consult.organisations.models import OrganisationKind


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
