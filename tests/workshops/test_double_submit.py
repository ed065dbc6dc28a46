"""A card sent twice (a double click at the table) is one card; the second send shows the table again."""
from datetime import timedelta

import sqlalchemy as sa

from consult.core.db import utcnow
from consult.workshops.models import InputCard
from consult.workshops.services import register
from tests.conftest import csrf_token, submission_key, token_of
from tests.workshops.conftest import person


def test_a_card_sent_twice_is_added_once(client, session, make_workshop):
    workshop = make_workshop(starts=utcnow().replace(microsecond=0) + timedelta(minutes=30))
    with client.application.test_request_context():
        registration = register(workshop.sessions[0], person(1), utcnow())
    session.commit()
    url = f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{workshop.tables[0].id}"
    page = client.get(url).text
    data = {"csrf_token": csrf_token(page), "submission_key": submission_key(page), "kind": "idea", "text": "Dubbelklik-kaartje"}
    first, second = client.post(url, data=data), client.post(url, data=data)
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    assert session.scalars(sa.select(InputCard.text)).all() == ["Dubbelklik-kaartje"]
