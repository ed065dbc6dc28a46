"""One reaction sent through the form runs a fixed number of SQL statements (issue 15: at least 150
submissions per second). Counted without the savepoints the test harness turns commits into.

The five: the consultation with its organisation; the labels of its sections (apart: joined, every
section's row carried all the consultation's columns, which cost more than a second statement); the
kenmerk, handed out only when this submission key is not stored yet (one UPDATE … RETURNING); the
reaction; its confirmation mail in the outbox."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.extensions import db
from consult.mail.models import OutboxMessage
from consult.reactions.models import Publication, Reaction
from consult.reactions.services import PeriodClosed, ReactionInput, submit_reaction
from tests.conftest import csrf_token
from tests.reactions.conftest import form_data

STATEMENTS_PER_SUBMISSION = 5


def _post(client, consultation):
    url = f"/consultaties/{consultation.slug}/reageren"
    page = client.get(url).text
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    data = {**form_data(), "csrf_token": csrf_token(page), "submission_key": key}
    return key, lambda: client.post(url, data=data)


def _statements_of(app, send) -> tuple[object, list[str]]:
    statements = []

    def keep(_connection, _cursor, statement, *_rest):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        response = send()
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)
    return response, statements


def test_one_submission_runs_a_fixed_number_of_statements(app, client, open_consultation, session):
    _post(client, open_consultation)[1]()  # warm up what a process loads once
    key, send = _post(client, open_consultation)
    response, statements = _statements_of(app, send)
    assert response.status_code == 302
    assert len(statements) == STATEMENTS_PER_SUBMISSION, "\n".join(statements)
    reaction = session.scalar(sa.select(Reaction).where(Reaction.submission_key == key))
    assert reaction.reference
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.recipient == "iris@example.org")) == 2


def test_the_same_submission_again_stores_nothing_and_hands_out_no_kenmerk(app, client, open_consultation, session):
    key, send = _post(client, open_consultation)
    assert send().status_code == 302
    session.refresh(open_consultation)
    numbers = open_consultation.last_reference_number
    again, _statements = _statements_of(app, send)
    assert again.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)
                          .where(Reaction.submission_key == key)) == 1
    session.refresh(open_consultation)
    assert open_consultation.last_reference_number == numbers



def test_the_service_returns_the_stored_reaction_for_its_key_even_after_the_period_closed(
        app, client, open_consultation, session):
    """The view answers a closed period itself (409); the service keeps its promise to every caller."""
    key, send = _post(client, open_consultation)
    assert send().status_code == 302
    open_consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    data = ReactionInput(body="Nog eens.", author_name="Iris", author_email="iris@example.org",
                         publication=Publication.NAMED)
    with app.test_request_context():
        again = submit_reaction(open_consultation, data, utcnow(), key)
        assert again.submission_key == key
        with pytest.raises(PeriodClosed):
            submit_reaction(open_consultation, data, utcnow(), "a-new-key")
