"""The status-change terugkoppeling carries the official's note (finding 22), and the stop link opens in
the language of the mails (finding 11)."""
import sqlalchemy as sa

from consult.actions.models import ActionStatus
from consult.actions.services import add_update
from consult.actions.tokens import make_stop_token
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from tests.actions.conftest import make_action  # noqa: F401
from tests.actions.test_limits_and_privacy import told


def test_a_status_change_mail_has_the_progress_note(app, session, world):
    action = told(session, world, app)
    before = session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
    with app.test_request_context():
        add_update(action, "Eerste overleg gepland met <b>de</b> wijkteams.", ActionStatus.RUNNING, world.users["official_r"], utcnow())
    session.commit()
    mails = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > before))}
    assert "Wat er gebeurde:\nEerste overleg gepland met <b>de</b> wijkteams." in mails["fatma@example.org"].body_text
    assert "What happened:\nEerste overleg gepland" in mails["john@example.org"].body_text


def test_a_status_change_without_a_note_has_no_empty_heading(app, session, world):
    action = told(session, world, app)
    before = session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
    with app.test_request_context():
        add_update(action, "", ActionStatus.RUNNING, world.users["official_r"], utcnow())
    session.commit()
    mail = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id > before, OutboxMessage.recipient == "fatma@example.org"))
    assert "Wat er gebeurde" not in mail.body_text


def test_the_stop_link_opens_in_the_language_of_the_mails_unless_chosen_otherwise(app, session, client, world):
    told(session, world, app)
    with app.test_request_context():
        url = f"/terugkoppeling/stoppen/{make_stop_token('john@example.org')}"
    assert 'lang="en"' in client.get(url).text and "Stop these e-mails" in client.get(url).text
    with client.session_transaction() as browser:
        browser["lang"] = "nl"
    assert 'lang="nl"' in client.get(url).text
