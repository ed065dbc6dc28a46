"""Rate limits on the actions' forms, and the terugkoppeling's personal data in the privacy features:
a person's own data, the consultation's dossier, and anonymisation (purge and erasure) taking the
sent-log lines of their input with it."""
import sqlalchemy as sa

from consult.actions.models import FeedbackEvent, FeedbackNotice
from consult.actions.services import feedback_log, send_feedback, source_for_reaction, stop_feedback
from consult.actions.tokens import make_stop_token
from consult.core.db import utcnow
from consult.privacy.services import anonymise, personal_data
from tests.actions.conftest import make_action
from tests.conftest import csrf_token


def test_the_stop_link_is_limited_to_30_posts_an_hour(app, client, world):
    with app.test_request_context():
        url = f"/terugkoppeling/stoppen/{make_stop_token('fatma@example.org')}"
    token = csrf_token(client.get(url).text)
    statuses = [client.post(url, data={"csrf_token": token}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_progress_posts_are_limited_to_60_an_hour(client, login, session, world):
    action = make_action(session, world)
    login(world.users["official_r"])
    token = csrf_token(client.get(f"/acties/{action.id}").text)
    statuses = [client.post(f"/acties/{action.id}/voortgang", data={"csrf_token": token, "body": f"Stap {n}"}).status_code
                for n in range(61)]
    assert statuses[:60] == [302] * 60 and statuses[60] == 429


def told(session, world, app):
    """An action from both reactions, their senders told."""
    action = make_action(session, world)
    with app.test_request_context():
        for reaction in world.reactions:
            action.sources.append(source_for_reaction(reaction))
        session.flush()
        send_feedback(action, FeedbackEvent.CREATED, utcnow())
    session.commit()
    return action


def test_own_data_and_the_dossier_hold_the_terugkoppeling(app, session, world):
    action = told(session, world, app)
    with app.test_request_context():
        stop_feedback("John@Example.org", utcnow())
        mine = personal_data("fatma@example.org")["action_feedback"]
        johns = personal_data("john@example.org")["action_feedback"]
        log = feedback_log(world.consultation.id)
    assert [n["action"] for n in mine["notices"]] == [action.title] and mine["stopped_at"] is None
    assert johns["stopped_at"] is not None and len(johns["notices"]) == 1
    assert {row["recipient"] for row in log} == {"fatma@example.org", "john@example.org"}
    assert {row["reference"] for row in log} == {r.reference for r in world.reactions}


def test_anonymising_a_reaction_removes_its_terugkoppeling_lines(app, session, world):
    told(session, world, app)
    with app.test_request_context():
        anonymise([world.reactions[0]], utcnow())
    session.commit()
    assert session.scalars(sa.select(FeedbackNotice.recipient)).all() == ["john@example.org"]
    # ...and an anonymised reaction's sender is not told again.
    action = make_action(session, world, title="Nog een")
    with app.test_request_context():
        action.sources.append(source_for_reaction(world.reactions[0]))
        session.flush()
        assert send_feedback(action, FeedbackEvent.CREATED, utcnow()) == 0
