"""Removing an action made by mistake (a wrong outcome, a duplicate) without mailing anyone.

Before, the only way out was status vervallen, which mails every giver of the input "wat is er met uw
inbreng gedaan". Now the official who may change the action removes it after a confirmation: its updates
and links to its sources go, its terugkoppeling still in the outbox is taken out, nobody is mailed, and
the audit log keeps the fact. Whoever follows the link of a mail sent before reads that it was removed.
"""
from datetime import timedelta

import sqlalchemy as sa

from consult.actions.models import Action, ActionScope, ActionSource, ActionStatus, ActionUpdate, FeedbackNotice
from consult.actions.services import (
    ActionInput,
    add_update,
    create_action,
    people_told,
    remove_action,
    source_for_reaction,
)
from consult.audit.models import AuditEvent
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.pagecache.models import PublicVersion
from tests.conftest import csrf_token


def made_from_reaction(app, session, world, title="Eén loket beschermd wonen"):
    """An action from Fatma's reaction (with one progress note): her terugkoppeling waits in the outbox."""
    with app.test_request_context():
        return _made(session, world, title)


def _made(session, world, title):
    action = create_action(world.programme, ActionInput(title=title, description="", scope=ActionScope.REGIONAL,
                                                        theme=world.themes[0]),
                           world.users["official_r"], utcnow(), source=source_for_reaction(world.reactions[0]))
    add_update(action, "Eerste stap gezet.", None, world.users["official_r"], utcnow())
    session.commit()
    return action


def outbox(session):
    return session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def remove(client, action_id):
    page = client.get(f"/acties/{action_id}/verwijderen")
    return client.post(f"/acties/{action_id}/verwijderen", data={"csrf_token": csrf_token(page.text)})


def test_removing_an_action_mails_nobody_and_takes_its_waiting_mail_out(app, world, session, client, login):
    action = made_from_reaction(app, session, world)
    action_id = action.id
    assert [m.recipient for m in outbox(session)] == ["fatma@example.org"]
    version = session.scalar(sa.select(PublicVersion.version))
    login(world.users["official_r"])
    page = client.get(f"/acties/{action_id}")
    assert f"/acties/{action_id}/verwijderen" in page.text
    confirm = client.get(f"/acties/{action_id}/verwijderen")
    assert confirm.status_code == 200 and "Ja, verwijder deze actie" in confirm.text
    assert "kreeg een e-mail" not in confirm.text  # the mail had not gone yet
    response = remove(client, action_id)
    assert response.status_code == 302 and response.location.endswith(f"/actieprogrammas/{world.programme.id}")
    session.expire_all()
    assert session.get(Action, action_id) is None
    assert outbox(session) == []  # nothing left to send, and nothing new
    for model in (ActionUpdate, ActionSource, FeedbackNotice):
        assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0, model
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "action_removed"))
    assert event.subject_id == action_id and event.details["mails_stopped"] == 1 and "title" not in event.details
    assert session.scalar(sa.select(PublicVersion.version)) > version  # the page cache lets go of every kept page
    assert "1 e-mail over de actie is niet verstuurd" in client.get(response.location).text


def test_the_public_pages_no_longer_show_a_removed_action_and_its_link_says_so(world, session, client, login, app):
    action = made_from_reaction(app, session, world, title="Per ongeluk gemaakte actie")
    action_id = action.id
    visitor = app.test_client()
    urls = [f"/actieprogrammas/{world.programme.id}", f"/actieprogrammas/{world.programme.id}/themas/{world.themes[0].id}",
            f"/actieprogrammas/{world.programme.id}/voortgang", f"/actieprogrammas/{world.programme.id}/voortgang.csv"]
    for url in urls:
        assert "Per ongeluk gemaakte actie" in visitor.get(url).text, url
    login(world.users["official_r"])
    remove(client, action_id)
    for url in urls:
        assert "Per ongeluk gemaakte actie" not in visitor.get(url).text, url
    gone = visitor.get(f"/acties/{action_id}")
    assert gone.status_code == 410 and "Deze actie is verwijderd" in gone.text
    assert "Per ongeluk gemaakte actie" not in gone.text
    assert visitor.get(f"/acties/{action_id + 1000}").status_code == 404  # never an action: not found


def test_after_mails_went_the_page_says_how_many_were_told_and_offers_vervallen(app, world, session, client, login):
    action = made_from_reaction(app, session, world)
    for message in outbox(session):
        message.status, message.sent_at = OutboxStatus.SENT, utcnow()
    session.commit()
    assert people_told(action) == 1
    login(world.users["official_r"])
    confirm = client.get(f"/acties/{action.id}/verwijderen").text
    assert "1 persoon kreeg een e-mail" in confirm and "Geef haar de status Vervallen" in confirm
    assert remove(client, action.id).status_code == 302
    assert [m.status for m in outbox(session)] == [OutboxStatus.SENT]  # what went stays in the log; nothing new


def test_a_mail_being_handed_over_is_left_and_counts_as_told(app, world, session):
    action = made_from_reaction(app, session, world)
    message = outbox(session)[0]
    message.handed_over_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert people_told(action) == 1
    assert remove_action(action, world.users["official_r"]) == 0
    session.commit()
    assert len(outbox(session)) == 1


def test_only_who_may_change_the_action_removes_it_and_never_without_the_form_token(app, world, session, client, login):
    action = made_from_reaction(app, session, world)
    for role in ("official_a", "official_c", "partner", "resident"):
        login(world.users[role])
        assert client.get(f"/acties/{action.id}/verwijderen").status_code in (403, 404), role
        assert client.post(f"/acties/{action.id}/verwijderen").status_code in (400, 403, 404), role
        assert "/verwijderen" not in client.get(f"/acties/{action.id}").text, role
        client.post("/uitloggen")
    login(world.users["official_r"])
    refused = client.post(f"/acties/{action.id}/verwijderen", data={})
    assert refused.status_code == 400
    session.expire_all()
    assert session.get(Action, action.id) is not None and len(outbox(session)) == 1


def test_a_finished_action_can_be_removed_too_and_the_vervallen_advice_is_left_out(app, world, session, client, login):
    action = made_from_reaction(app, session, world)
    for message in outbox(session):
        message.status = OutboxStatus.SENT
    with app.test_request_context():
        add_update(action, "", ActionStatus.CANCELLED, world.users["official_r"], utcnow())
    session.commit()
    login(world.users["official_r"])
    confirm = client.get(f"/acties/{action.id}/verwijderen").text
    assert "kreeg een e-mail" in confirm and "Geef haar de status Vervallen" not in confirm
    assert remove(client, action.id).status_code == 302
