"""The same form sent twice (a double click, a reload of the POST) makes one action and one progress note,
and the second send answers as the first did: no duplicate, no "choose a status" for the status the first
send set (consult.core.submission)."""
import sqlalchemy as sa

from consult.actions.models import Action, ActionStatus, ActionUpdate
from tests.actions.conftest import make_action
from tests.conftest import csrf_token, submission_key


def twice(client, page_url, post_url, data):
    page = client.get(page_url).text
    data = {**data, "csrf_token": csrf_token(page), "submission_key": submission_key(page)}
    return client.post(post_url, data=data), client.post(post_url, data=data)


def test_a_new_action_sent_twice_is_made_once_and_both_answers_lead_to_it(session, world, client, login):
    login(world.users["official_r"])
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    first, second = twice(client, url, url, {"title": "Dubbelklik-actie", "scope": "regional",
                                             "theme": str(world.themes[0].id)})
    [action] = session.scalars(sa.select(Action)).all()
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] == f"/acties/{action.id}"


def test_a_new_form_shown_again_makes_a_second_action(session, world, client, login):
    """The key is per form shown, not per text: the same title from a new form is a new action."""
    login(world.users["official_r"])
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    data = {"title": "Twee keer bedoeld", "scope": "regional", "theme": str(world.themes[0].id)}
    twice(client, url, url, data)
    twice(client, url, url, data)
    assert session.scalar(sa.select(sa.func.count(Action.id))) == 2


def test_a_progress_note_sent_twice_is_saved_once_without_a_status_error(session, world, client, login):
    action = make_action(session, world)
    login(world.users["official_r"])
    first, second = twice(client, f"/acties/{action.id}", f"/acties/{action.id}/voortgang",
                          {"status": "running", "body": "Dubbelklik-voortgang"})
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith(f"/acties/{action.id}#voortgang")
    assert session.scalar(sa.select(sa.func.count(ActionUpdate.id))) == 1
    session.refresh(action)
    assert action.status is ActionStatus.RUNNING
    assert "Kies een status uit de lijst." not in client.get(second.headers["Location"]).text


def test_a_tampered_key_is_replaced_and_the_note_still_saved(session, world, client, login):
    action = make_action(session, world)
    login(world.users["official_r"])
    page = client.get(f"/acties/{action.id}").text
    response = client.post(f"/acties/{action.id}/voortgang", data={
        "csrf_token": csrf_token(page), "submission_key": "x" * 65 + "<script>", "body": "Een notitie"})
    assert response.status_code == 302
    assert len(session.scalar(sa.select(ActionUpdate.submission_key))) == 32
