"""Terugkoppeling about an action in an actieprogramma that is not public yet is held: the mail would
tell what the public may not read, and its link would lead to a 404 (a finding of an earlier session).
Putting the programme to the public sends it, once per person and action."""
import sqlalchemy as sa

from consult.actions.models import Action, ActionScope, ActionStatus, FeedbackEvent, FeedbackNotice
from consult.actions.services import add_update, send_feedback, send_held_feedback, source_for_reaction
from consult.consultations.models import Consultation, State
from consult.consultations.services import publish_consultation
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.mail.models import OutboxMessage
from tests.actions.conftest import put_to_public
from tests.rounds.test_query_counts import counted_queries


def feedback_mails(session) -> list[OutboxMessage]:
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.body_text.contains("/acties/"))
                                .order_by(OutboxMessage.id)))


def test_held_while_the_programme_is_not_public_and_sent_once_when_it_is(app, session, client, login, world):
    programme = Document(organisation=world.region, title="Nieuw actieprogramma", kind=DocumentKind.ACTION_PROGRAMME)
    session.add(programme)
    add_version_from_markdown(programme, "# Acties\n\nNog niet openbaar.")
    draft = put_to_public(session, programme, state=State.DRAFT)
    action = Action(programme=programme, title="Geheime actie", scope=ActionScope.REGIONAL, theme=world.themes[0])
    session.add(action)
    session.commit()
    official = world.users["official_r"]
    login(official)
    form = client.get(f"/actieprogrammas/{programme.id}/acties/nieuw?bron=reaction:{world.reactions[0].id}").text
    assert "het actieprogramma is nog niet openbaar" in " ".join(form.split()).lower()  # the form says the e-mail waits
    public_form = client.get(f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=reaction:{world.reactions[0].id}").text
    assert "nog niet openbaar" not in public_form
    with app.test_request_context():
        for reaction in world.reactions:
            action.sources.append(source_for_reaction(reaction))
        session.flush()
        assert send_feedback(action, FeedbackEvent.CREATED, utcnow()) == 0
        add_update(action, "Eerste overleg.", ActionStatus.RUNNING, official, utcnow())
    session.commit()
    assert feedback_mails(session) == [] and session.scalar(sa.select(sa.func.count()).select_from(FeedbackNotice)) == 0
    anonymous = app.test_client()
    assert anonymous.get(f"/acties/{action.id}").status_code == 404  # where the link would have led

    with app.test_request_context():
        publish_consultation(draft, official, utcnow(), move_closing=True)
    session.commit()
    mails = {mail.recipient: mail for mail in feedback_mails(session)}
    assert set(mails) == {"fatma@example.org", "john@example.org"}
    assert mails["fatma@example.org"].subject == "Wat is er met uw inbreng gedaan: Geheime actie"
    assert mails["john@example.org"].subject == "What was done with your input: Geheime actie"  # his language
    assert f"/acties/{action.id}" in mails["fatma@example.org"].body_text
    assert anonymous.get(f"/acties/{action.id}").status_code == 200  # the link now opens the action

    with app.test_request_context():
        assert send_held_feedback(programme, utcnow()) == 0  # everyone heard already: nobody twice


def _hidden_programme(session, world, actions: int) -> tuple[Document, Consultation]:
    """A programme whose consultation is still a concept, with ``actions`` actions from world's reactions."""
    programme = Document(organisation=world.region, title=f"Programma van {actions}", kind=DocumentKind.ACTION_PROGRAMME)
    session.add(programme)
    add_version_from_markdown(programme, "# Acties\n\nNog niet openbaar.")
    draft = put_to_public(session, programme, state=State.DRAFT)
    for n in range(actions):
        action = Action(programme=programme, title=f"Actie {n}", scope=ActionScope.REGIONAL)
        action.sources.append(source_for_reaction(world.reactions[n % 2]))
        session.add(action)
    session.commit()
    return programme, draft


def test_sending_the_held_mails_reads_no_more_per_action(app, session, world):
    """Publishing a programme of 1,000 actions must not read the sources and the stops again per action:
    each action costs its mail and its sent-log line, nothing more."""
    statements = {}
    for actions in (3, 6):
        programme, draft = _hidden_programme(session, world, actions)
        draft.state = State.PUBLISHED  # put to the public (publish_consultation is the first test's)
        session.commit()
        session.expire_all()
        with app.test_request_context(), counted_queries(app) as seen:
            assert send_held_feedback(session.get(Document, programme.id), utcnow()) == actions
        statements[actions] = len(seen)
    assert statements[6] - statements[3] == 2 * 3, statements  # an INSERT for the mail and one for its line
