"""Outcomes over HTTP: the official records them per table from the cards and opens the verslag; the
participants vote and react by their registration link; the official turns the top idea into an action,
and every card writer behind it hears of it in their language, and again when its status changes."""
import sqlalchemy as sa

from consult.actions.models import Action, ActionScope, ActionSource, ActionSourceKind, FeedbackNotice
from consult.audit.models import AuditEvent
from consult.core.db import utcnow
from consult.documents.models import Theme
from consult.mail.models import OutboxMessage
from consult.outcomes.models import OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
from consult.workshops.models import CardKind, InputCard
from tests.conftest import PASSWORD, csrf_token, submit_form, token_of
from tests.outcomes.conftest import add_idea, open_verslag


def signed_in(app, user):
    """A second browser, for the official, beside the participant's."""
    browser = app.test_client()
    page = browser.get("/inloggen")
    browser.post("/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    return browser


def manage_url(world):
    return f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten"


def test_an_official_records_an_outcome_from_the_cards_of_one_table(world, session, client, login, make_user):
    """The outcomes page counts each table's cards; a table's own page lists them with their kind, as plain
    checkboxes, and picks the outcome's cards from them (tester finding 7)."""
    login(make_user(official_of=world.municipality))
    wonen, zorg = world.workshop.tables
    overview = client.get(manage_url(world))
    assert overview.status_code == 200 and "Meer kleine woningen bij de wijkteams." not in overview.text
    assert 'name="cards"' not in overview.text and f"{manage_url(world)}/tafels/{wonen.id}" in overview.text
    table_url = f"{manage_url(world)}/tafels/{wonen.id}"
    page = client.get(table_url)
    wonen_cards = [c for c in world.cards if c.table_id == wonen.id]
    assert page.status_code == 200 and "Meer kleine woningen bij de wijkteams." in page.text
    assert f'id="kaartje-{world.cards[2].id}"' not in page.text  # a card of the other table is not offered
    assert page.text.count('name="cards"') == len(wonen_cards) and "Kaartjes van tafel" not in page.text
    refused = client.post(table_url, data={
        "csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea", "text": "Kleine woningen dichtbij zorg",
        "scope": "local", "cards": [str(world.cards[0].id), str(world.cards[2].id)]})
    assert refused.status_code == 400
    assert "Kies alleen kaartjes van de gekozen tafel." in refused.text and "Kleine woningen dichtbij zorg" in refused.text
    assert f'value="{world.cards[0].id}" id="kaartje-{world.cards[0].id}" checked' in refused.text  # ticks kept
    other_table = client.post(table_url, data={"csrf_token": csrf_token(page.text), "table": str(zorg.id), "kind": "idea",
                                               "text": "Elders", "scope": "local"})
    assert other_table.status_code == 400  # the table's page adds to that table only
    lelystad = next(m for m in world.municipality.region.members if m.id != world.municipality.id)
    response = client.post(table_url, data={
        "csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea", "text": "Kleine woningen dichtbij zorg",
        "scope": "regional", "municipalities": [str(lelystad.id)], "proposed_owner": f"organisation:{lelystad.id}",
        "cards": [str(world.cards[0].id), str(world.cards[1].id)]})
    assert response.status_code == 302
    outcome = session.scalar(sa.select(WorkshopOutcome))
    assert (outcome.table_id, outcome.kind, outcome.proposed_owner_organisation) == (wonen.id, CardKind.IDEA, lelystad)
    assert [c.id for c in outcome.cards] == [world.cards[0].id, world.cards[1].id] and outcome.municipalities == [lelystad]
    assert client.post(table_url, data={"csrf_token": csrf_token(page.text), "table": "", "kind": "idea",
                                        "text": "", "scope": "local"}).status_code == 400
    assert client.post(table_url, data={"csrf_token": csrf_token(page.text), "table": str(wonen.id), "kind": "idea",
                                        "text": "Raar", "scope": "local", "cards": ["abc", "99999999"]}).status_code == 400
    assert zorg.id not in {o.table_id for o in session.scalars(sa.select(WorkshopOutcome))}
    assert client.post(manage_url(world), data={"csrf_token": csrf_token(page.text)}).status_code == 405
    assert client.get(f"{manage_url(world)}/tafels/99999999").status_code == 404


def test_the_official_opens_the_verslag_and_participants_vote_and_react(world, session, client, login, make_user, app):
    wonen = world.workshop.tables[0]
    ideas = [add_idea(session, world.workshop, wonen, f"Idee {n}") for n in range(3)]
    problem = add_idea(session, world.workshop, world.workshop.tables[1], "Lange wachtlijsten", kind=CardKind.PROBLEM)
    token = token_of(world.participants[0])
    verslag_url = f"/werkateliers/deelnemer/{token}/verslag"
    assert client.get(verslag_url).status_code == 404  # not published yet
    official = signed_in(app, make_user(official_of=world.municipality))
    page = official.get(manage_url(world))
    bad = official.post(f"{manage_url(world)}/verslag", data={"csrf_token": csrf_token(page.text), "votes_per_person": "99",
                                                              "comments_until": "morgen"})
    assert bad.status_code == 400 and "Vul een getal in van 1 tot en met 20." in bad.text
    ok = official.post(f"{manage_url(world)}/verslag", data={"csrf_token": csrf_token(page.text), "votes_per_person": "2",
                                                             "comments_until": "2099-12-31", "publish": "y"})
    assert ok.status_code == 302
    verslag = session.scalar(sa.select(Verslag))
    assert verslag.votes_per_person == 2 and verslag.is_published
    told = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage).where(
        sa.or_(OutboxMessage.subject.contains("verslag"), OutboxMessage.subject.contains("report"))))}
    assert set(told) == {"deelnemer1@example.org", "deelnemer2@example.org", "deelnemer3@example.org"}  # not the waiting list
    assert told["deelnemer2@example.org"].subject.startswith("The report of") and verslag_url in told["deelnemer1@example.org"].body_text
    assert verslag_url in client.get(f"/werkateliers/deelnemer/{token}/tafels/{wonen.id}").text
    assert f"{manage_url(world)}" in official.get(f"/beheer/werkateliers/{world.workshop.slug}").text

    page = client.get(verslag_url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Idee 1" in page.text and "Lange wachtlijsten" in page.text and "U heeft nog 2 stemmen van de 2." in page.text
    token_field = csrf_token(page.text)
    for idea in ideas[:2]:
        assert client.post(f"{verslag_url}/stemmen/{idea.id}", data={"csrf_token": token_field}).status_code == 302
    third = client.post(f"{verslag_url}/stemmen/{ideas[2].id}", data={"csrf_token": token_field}, follow_redirects=True)
    assert "U heeft al uw stemmen gebruikt." in third.text
    assert client.post(f"{verslag_url}/stemmen/{problem.id}", data={"csrf_token": token_field}).status_code == 303
    assert session.scalar(sa.select(sa.func.count(OutcomeVote.id))) == 2
    client.post(f"{verslag_url}/stemmen/{ideas[0].id}", data={"csrf_token": token_field, "intrekken": "1"})
    assert set(session.scalars(sa.select(OutcomeVote.outcome_id))) == {ideas[1].id}

    empty = client.post(f"{verslag_url}/reageren", data={"csrf_token": token_field, "outcome": "", "text": ""})
    assert empty.status_code == 400 and "Schrijf uw reactie." in empty.text
    assert client.post(f"{verslag_url}/reageren", data={"csrf_token": token_field, "outcome": str(problem.id),
                                                        "text": "<b>Ook</b> voor jongeren"}).status_code == 302
    comment = session.scalar(sa.select(OutcomeComment))
    assert (comment.outcome_id, comment.registration_id) == (problem.id, world.participants[0].id)
    shown = official.get(manage_url(world)).text
    assert "&lt;b&gt;Ook&lt;/b&gt; voor jongeren" in shown and "1 stem" in shown
    refused = client.get(f"/werkateliers/deelnemer/{token_of(world.waiting)}/verslag")
    assert refused.status_code == 403 and "U staat op de wachtlijst" in refused.text  # explained, as on the tables' pages

    verslag.comments_until = utcnow()
    session.commit()
    closed = client.post(f"{verslag_url}/reageren", data={"csrf_token": token_field, "outcome": "", "text": "Te laat"})
    assert closed.status_code == 409 and session.scalar(sa.select(sa.func.count(OutcomeComment.id))) == 1


def mails_to(session, email):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)).all()


def test_the_top_idea_becomes_an_action_and_its_card_writers_hear_of_it(world, session, client, login, make_user):
    wonen = world.workshop.tables[0]
    idea = add_idea(session, world.workshop, wonen, "Kleine woningen dichtbij zorg", cards=world.cards[:2])
    open_verslag(session, world.workshop)
    login(make_user(official_of=world.municipality))
    choose = client.get(f"/acties/nieuw?bron=outcome:{idea.id}")
    assert choose.status_code == 200 and "Uitkomst van een werkatelier" in choose.text
    form = client.get(f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:{idea.id}")
    assert "Kleine woningen dichtbij zorg" in form.text  # the outcome fills in the new action
    response = submit_form(client, f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:{idea.id}", {
        "title": "Kleine woningen dichtbij zorg", "description": "Uit het werkatelier.", "scope": "local",
        "theme": "", "owner": str(world.municipality.id), "deadline": "", "source": f"outcome:{idea.id}",
        "municipalities": [str(world.municipality.id)]}, follow_redirects=False)
    assert response.status_code == 302
    action = session.scalar(sa.select(Action))
    source = session.scalar(sa.select(ActionSource))
    assert (source.kind, source.outcome_id, source.action_id) == (ActionSourceKind.OUTCOME, idea.id, action.id)
    dutch, english = mails_to(session, "deelnemer1@example.org"), mails_to(session, "deelnemer2@example.org")
    feedback_nl = [m for m in dutch if "Kleine woningen" in m.subject]
    feedback_en = [m for m in english if "Kleine woningen" in m.subject]
    assert len(feedback_nl) == 1 and feedback_nl[0].subject.startswith("Wat is er met uw inbreng gedaan")
    assert len(feedback_en) == 1 and feedback_en[0].subject.startswith("What was done with your input")
    assert "/terugkoppeling/stoppen/" in feedback_en[0].body_text
    # the action's description, and the writer's own card, so they recognise their input (tester finding 5)
    own_card = f"“{world.cards[0].text}”"
    assert "Uit het werkatelier." in feedback_nl[0].body_text and own_card in feedback_nl[0].body_text
    assert f"“{world.cards[1].text}”" not in feedback_nl[0].body_text
    assert not [m for m in mails_to(session, "deelnemer3@example.org") if "Kleine woningen" in m.subject]  # other table
    page = client.get(f"/acties/{action.id}").text
    assert f"/beheer/werkateliers/{world.workshop.slug}/uitkomsten#uitkomst-{idea.id}" in page
    public = client.application.test_client().get(f"/acties/{action.id}").text
    assert f"/werkateliers/{world.workshop.slug}" in public and "Kleine woningen dichtbij zorg" in public
    progress = client.get(f"/acties/{action.id}")
    client.post(f"/acties/{action.id}/voortgang", data={"csrf_token": csrf_token(progress.text), "status": "running", "body": ""})
    assert session.scalar(sa.select(sa.func.count(FeedbackNotice.id))) == 4  # two people, two events
    assert len([m for m in mails_to(session, "deelnemer2@example.org") if "Kleine woningen" in m.subject]) == 2
    assert f"/acties/{action.id}" in client.get(manage_url(world)).text  # the outcome shows its action


def test_an_outcome_that_is_an_action_says_so_and_a_second_one_is_made_only_on_purpose(world, session, client, login,
                                                                                         make_user):
    """Tester finding 6: the outcome links to its action instead of offering another; the form for a new action
    from it warns and refuses until the official ticks that a second action is meant. Nobody is mailed then."""
    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Kleine woningen dichtbij zorg", cards=world.cards[:2])
    other = add_idea(session, world.workshop, world.workshop.tables[0], "Nog geen actie")
    login(make_user(official_of=world.municipality))
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:{idea.id}"
    fields = {"title": "Kleine woningen", "description": "", "scope": "local", "theme": "", "deadline": "",
              "owner": str(world.municipality.id), "municipalities": [str(world.municipality.id)], "source": f"outcome:{idea.id}"}
    assert submit_form(client, url, fields, follow_redirects=False).status_code == 302
    first = session.scalar(sa.select(Action))
    sent = session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    overview = client.get(manage_url(world)).text
    item = overview.split(f'id="uitkomst-{idea.id}"')[1].split("</li>")[0]
    assert "Al een actie:" in item and f"/acties/{first.id}" in item and "Maak hier een actie van" not in item
    assert "Maak hier een actie van" in overview.split(f'id="uitkomst-{other.id}"')[1].split("</li>")[0]
    choose = client.get(f"/acties/nieuw?bron=outcome:{idea.id}")
    assert "Deze uitkomst is al een actie:" in choose.text and "Toch een tweede actie" in choose.text
    form = client.get(url)
    assert "Deze uitkomst is al een actie:" in form.text and f"/acties/{first.id}" in form.text
    refused = submit_form(client, url, fields | {"title": "Nog een keer"}, follow_redirects=False)
    assert refused.status_code == 400 and "Deze uitkomst is al een actie. Vink het vakje aan" in refused.text
    assert "Nog een keer" in refused.text  # typed input kept
    assert session.scalar(sa.select(sa.func.count(Action.id))) == 1
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == sent
    again = submit_form(client, url, fields | {"title": "Tweede actie", "again": "y"}, follow_redirects=False)
    assert again.status_code == 302 and session.scalar(sa.select(sa.func.count(Action.id))) == 2
    by_hand = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    assert 'name="again"' not in client.get(by_hand).text  # only for an outcome that is an action already


def test_the_demo_has_outcomes_votes_and_an_action_from_the_top_idea(app, client, session):
    from datetime import UTC, datetime

    from consult.demo import data

    with app.app_context():
        data.load(datetime.now(UTC))
    session.commit()
    outcomes = session.scalars(sa.select(WorkshopOutcome)).all()
    assert len({o.table_id for o in outcomes}) == 2 and session.scalar(sa.select(sa.func.count(OutcomeVote.id))) > 5
    source = session.scalar(sa.select(ActionSource).where(ActionSource.kind == ActionSourceKind.OUTCOME))
    assert source.action.programme.title.startswith("Actieprogramma beschermd wonen")
    assert session.scalar(sa.select(sa.func.count(FeedbackNotice.id)).where(FeedbackNotice.source_id == source.id)) == 2
    assert "werkatelier-beschermd-wonen" in client.get(f"/acties/{source.action_id}").text


def test_an_official_removes_an_outcome_after_confirming(world, session, client, login, make_user):
    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Weg ermee", cards=world.cards[:1])
    login(make_user(official_of=world.municipality))
    assert f"{manage_url(world)}/{idea.id}/verwijderen" in client.get(manage_url(world)).text
    confirm = client.get(f"{manage_url(world)}/{idea.id}/verwijderen")
    assert confirm.status_code == 200 and "Wilt u deze uitkomst verwijderen?" in confirm.text
    assert session.scalar(sa.select(sa.func.count(WorkshopOutcome.id))) == 1  # asking removes nothing
    response = client.post(f"{manage_url(world)}/{idea.id}/verwijderen", data={"csrf_token": csrf_token(confirm.text)})
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(WorkshopOutcome.id))) == 0
    assert session.scalar(sa.select(sa.func.count(InputCard.id))) == len(world.cards)  # the cards stay
    assert session.scalar(sa.select(AuditEvent.details).where(AuditEvent.action == "workshop_outcome_deleted")) == {
        "outcome": idea.id}


def test_an_outcome_with_votes_or_an_action_is_neither_changed_nor_removed(world, session, client, login, make_user):
    from consult.outcomes.services import cast_vote

    verslag = open_verslag(session, world.workshop)
    voted = add_idea(session, world.workshop, world.workshop.tables[0], "Met stemmen")
    acted = add_idea(session, world.workshop, world.workshop.tables[0], "Met een actie")
    cast_vote(world.participants[0], verslag, voted, utcnow())
    session.add(Action(programme=world.programme, title="Actie", scope=ActionScope.LOCAL,
                       sources=[ActionSource(kind=ActionSourceKind.OUTCOME, outcome=acted)]))
    session.commit()
    login(make_user(official_of=world.municipality))
    page = client.get(manage_url(world))
    assert "Deelnemers hebben op deze uitkomst gestemd." in page.text and "Van deze uitkomst is een actie gemaakt." in page.text
    assert f"/{voted.id}/bewerken" not in page.text and f"/{acted.id}/verwijderen" not in page.text
    for outcome, reason in ((voted, "Deelnemers hebben op deze uitkomst gestemd."),
                            (acted, "Van deze uitkomst is een actie gemaakt.")):
        for step in ("bewerken", "verwijderen"):
            shown = client.get(f"{manage_url(world)}/{outcome.id}/{step}")
            assert shown.status_code == 200 and reason in shown.text and "<form method=\"post\" action=\"/beheer" not in shown.text
        removed = client.post(f"{manage_url(world)}/{outcome.id}/verwijderen", data={"csrf_token": csrf_token(page.text)})
        changed = client.post(f"{manage_url(world)}/{outcome.id}/bewerken", data={
            "csrf_token": csrf_token(page.text), "table": str(world.workshop.tables[0].id), "kind": "idea",
            "text": "Anders", "scope": "local"})
        assert removed.status_code == 409 and changed.status_code == 409 and reason in removed.text
    session.expire_all()
    assert [o.text for o in session.scalars(sa.select(WorkshopOutcome).order_by(WorkshopOutcome.id))] == [
        "Met stemmen", "Met een actie"]
    assert session.scalar(sa.select(sa.func.count(OutcomeVote.id))) == 1


def test_an_official_changes_an_outcome_with_the_same_checks(world, session, client, login, make_user):
    wonen, zorg = world.workshop.tables
    idea = add_idea(session, world.workshop, wonen, "Eerste tekst", cards=world.cards[:1])
    theme = Theme(organisation=world.municipality, title="Wonen en zorg", owners="Wethouders Wonen en Zorg")
    session.add(theme)
    session.commit()
    login(make_user(official_of=world.municipality))
    url = f"{manage_url(world)}/{idea.id}/bewerken"
    form = client.get(url)
    assert form.status_code == 200 and "Eerste tekst" in form.text
    assert f'value="duo:{theme.id}"' in form.text and "Bestuurlijk duo van Wonen en zorg (Wethouders Wonen en Zorg)" in form.text
    fields = {"csrf_token": csrf_token(form.text), "table": str(zorg.id), "kind": "problem", "text": "Nieuwe tekst",
              "scope": "regional", "proposed_owner": f"duo:{theme.id}", "cards": [str(world.cards[0].id)]}
    wrong_card = client.post(url, data=fields)
    assert wrong_card.status_code == 400 and "Kies alleen kaartjes van de gekozen tafel." in wrong_card.text
    assert "Nieuwe tekst" in wrong_card.text  # typed input kept
    wrong_owner = client.post(url, data=fields | {"cards": [], "proposed_owner": "organisation:999999"})
    assert wrong_owner.status_code == 400 and "Kies een eigenaar uit de lijst." in wrong_owner.text
    empty = client.post(url, data=fields | {"cards": [], "text": ""})
    assert empty.status_code == 400 and "Schrijf op wat eruit kwam." in empty.text
    ok = client.post(url, data=fields | {"cards": [str(world.cards[2].id)]})
    assert ok.status_code == 302
    session.expire_all()
    changed = session.get(WorkshopOutcome, idea.id)
    assert (changed.table_id, changed.kind, changed.text, changed.scope) == (zorg.id, CardKind.PROBLEM, "Nieuwe tekst",
                                                                              ActionScope.REGIONAL)
    assert changed.proposed_duo_theme == theme and changed.proposed_owner_organisation is None
    assert [c.id for c in changed.cards] == [world.cards[2].id]
    assert session.scalar(sa.select(AuditEvent.details).where(AuditEvent.action == "workshop_outcome_changed")) == {
        "outcome": idea.id, "table": zorg.id}


def test_the_proposed_owner_goes_over_to_the_action(world, session, client, login, make_user):
    wonen = world.workshop.tables[0]
    theme = Theme(organisation=world.municipality, title="Wonen en zorg", owners="Wethouders Wonen en Zorg")
    session.add(theme)
    session.commit()
    by_organisation = add_idea(session, world.workshop, wonen, "Door de gemeente")
    by_organisation.proposed_owner_organisation = world.municipality
    by_duo = add_idea(session, world.workshop, wonen, "Door het duo")
    by_duo.proposed_duo_theme = theme
    session.commit()
    login(make_user(official_of=world.municipality))
    assert "Voorgestelde eigenaar: Bestuurlijk duo van Wonen en zorg (Wethouders Wonen en Zorg)." in client.get(manage_url(world)).text
    new = f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:"
    form = client.get(f"{new}{by_organisation.id}").text
    assert f'<option selected value="{world.municipality.id}">' in form
    form = client.get(f"{new}{by_duo.id}").text
    assert f'<option selected value="{theme.id}">Wonen en zorg</option>' in form and '<option selected value="">' in form


def test_reactions_on_the_verslag_wait_for_an_official_before_others_see_them(world, session, client, app, make_user):
    open_verslag(session, world.workshop)
    writer, reader = world.participants[0], world.participants[2]
    mine, theirs = f"/werkateliers/deelnemer/{token_of(writer)}/verslag", f"/werkateliers/deelnemer/{token_of(reader)}/verslag"
    page = client.get(mine)
    assert "De andere deelnemers zien uw reactie nadat een ambtenaar die heeft goedgekeurd." in page.text
    sent = client.post(f"{mine}/reageren", follow_redirects=True, data={
        "csrf_token": csrf_token(page.text), "outcome": "",
        "text": "Goed verslag. Bel me gerust op 06-12345678. Met vriendelijke groet, Deelnemer 1"})
    assert "Wacht op goedkeuring" in sent.text and "Goed verslag." in sent.text  # the writer sees their own
    assert "Goed verslag." not in client.get(theirs).text  # held
    comment = session.scalar(sa.select(OutcomeComment))
    official = signed_in(app, make_user(official_of=world.municipality))
    manage = official.get(manage_url(world))
    assert "Goed verslag." in manage.text and "Wacht op goedkeuring" in manage.text
    assert "1 reactie van een deelnemer wacht op goedkeuring" in official.get(f"/beheer/werkateliers/{world.workshop.slug}").text
    judge = f"{manage_url(world)}/reacties/{comment.id}"
    assert official.post(judge, data={"csrf_token": csrf_token(manage.text), "besluit": "iets"}).status_code == 400
    assert official.post(judge, data={"csrf_token": csrf_token(manage.text), "besluit": "goedkeuren"}).status_code == 302
    shown = client.get(theirs).text
    assert "Reacties van andere deelnemers" in shown and "Goed verslag." in shown
    assert "06-12345678" not in shown and "Deelnemer 1" not in shown  # through the publication filter
    assert official.post(judge, data={"csrf_token": csrf_token(manage.text), "besluit": "afwijzen"}).status_code == 302
    assert "Goed verslag." not in client.get(theirs).text
    assert [e for (e,) in session.execute(sa.select(AuditEvent.action).where(AuditEvent.action.like("workshop_comment_%"))
                                          .order_by(AuditEvent.id))] == ["workshop_comment_approved", "workshop_comment_rejected"]
    other = make_user(official_of=make_organisation_elsewhere(session))
    stranger = signed_in(app, other)
    assert stranger.post(judge, data={"csrf_token": csrf_token(stranger.get("/").text), "besluit": "goedkeuren"}).status_code in (403, 404)


def make_organisation_elsewhere(session):
    from consult.organisations.models import Organisation, OrganisationKind

    organisation = Organisation(name="Gemeente Elders test", slug="elders-test", kind=OrganisationKind.MUNICIPALITY)
    session.add(organisation)
    session.commit()
    return organisation
