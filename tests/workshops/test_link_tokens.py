"""A registration's personal links carry its id and an HMAC made with SECRET_KEY (like the reactions' signed
links), not a value kept in the database: a copy of the database alone opens no one's registration (before:
the links' token was stored as it was, so anyone with a backup could cancel every place)."""
import re

import sqlalchemy as sa

from consult.mail.models import OutboxMessage
from consult.workshops.models import Registration
from tests.workshops.test_tester_findings import _form


def test_the_link_in_the_mail_works_and_what_the_database_holds_does_not(client, session, make_workshop):
    workshop = make_workshop()
    url, data = _form(client, workshop)
    assert client.post(url, data=data).status_code == 302
    registration = session.scalar(sa.select(Registration))
    body = session.scalars(sa.select(OutboxMessage.body_text)).all()[-1]
    link = re.search(r"http://consult\.test(/werkateliers/bevestigen/\S+)", body).group(1)
    assert client.get(link).status_code == 200

    stored = session.scalar(sa.text("SELECT token FROM workshop_registrations"))
    assert stored not in body
    for guess in (stored, f"{registration.id}.{stored}", f"{registration.id}.{'0' * 32}",
                  link.rsplit("/", 1)[1][:-1] + "é", f"{registration.id + 1}.{link.rsplit('.', 1)[1]}", "١٢.x"):
        assert client.get(f"/werkateliers/bevestigen/{guess}").status_code == 404, guess
        assert client.get(f"/werkateliers/afmelden/{guess}").status_code == 404, guess
