"""An action made from the wrong outcome is removed: the outcome is free again (issue 13, removal).

It can be turned into an action without the "deliberate second action" tick, and changed again; the card
writers, whose terugkoppeling had not gone yet, get no mail at all."""
import sqlalchemy as sa

from consult.actions.models import Action
from consult.mail.models import OutboxMessage
from tests.conftest import csrf_token, submit_form
from tests.outcomes.conftest import add_idea
from tests.outcomes.test_views import manage_url


def test_removing_the_action_frees_its_outcome(world, session, client, login, make_user):
    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Kleine woningen dichtbij zorg", cards=world.cards[:2])
    login(make_user(official_of=world.municipality))
    before = session.scalar(sa.select(sa.func.count(OutboxMessage.id)))  # the registrations' own mails
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=outcome:{idea.id}"
    fields = {"title": "Kleine woningen", "description": "", "scope": "local", "theme": "", "deadline": "",
              "owner": str(world.municipality.id), "municipalities": [str(world.municipality.id)],
              "source": f"outcome:{idea.id}"}
    assert submit_form(client, url, fields, follow_redirects=False).status_code == 302
    action_id = session.scalar(sa.select(Action.id))
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) > before  # the card writers' mails wait
    page = client.get(f"/acties/{action_id}/verwijderen")
    removed = client.post(f"/acties/{action_id}/verwijderen", data={"csrf_token": csrf_token(page.text)})
    assert removed.status_code == 302
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == before
    item = client.get(manage_url(world)).text.split(f'id="uitkomst-{idea.id}"')[1].split("</li>")[0]
    assert "Al een actie:" not in item and "Maak hier een actie van" in item
    form = client.get(url).text
    assert "Deze uitkomst is al een actie:" not in form and 'name="again"' not in form
    assert submit_form(client, url, fields | {"title": "De goede actie"}, follow_redirects=False).status_code == 302
    assert session.scalar(sa.select(Action.title)) == "De goede actie"


def test_the_new_action_form_says_who_is_told_for_each_kind_of_source(world, session, client, login, make_user):
    """Tester (issue 13 leftovers): from an outcome the form said "the sender gets an e-mail"; the participants
    whose cards led to it are told. A reaction's form names its writer."""
    from consult.core.db import utcnow
    from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus

    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Kleine woningen", cards=world.cards[:1])
    at = utcnow()
    reaction = Reaction(consultation=world.workshop.consultation, reference="WT-2026-0001", channel=Channel.WEB,
                        status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Fatma",
                        author_email="fatma@example.org", body="Tekst", submitted_at=at, confirmed_at=at)
    session.add(reaction)
    session.commit()
    login(make_user(official_of=world.municipality))
    new = f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron="
    from_outcome = client.get(f"{new}outcome:{idea.id}").text
    assert "De deelnemers van wie de kaartjes tot deze uitkomst leidden, krijgen een e-mail" in from_outcome
    assert "afzender" not in from_outcome
    assert "De schrijver van de reactie krijgt een e-mail" in client.get(f"{new}reaction:{reaction.id}").text
