"""Registrations per network address (tester F17: a script took 25 places in two minutes from one address
with made-up e-mail addresses): 20 an hour from one address, refused beside the field with the typed text
kept; another address (someone at home) goes on."""
import sqlalchemy as sa

from consult.workshops.models import Registration
from consult.workshops.views import REGISTRATIONS_PER_NETWORK
from tests.workshops.test_tester_findings import _form

SCRIPT, HOME = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.20"}


def test_one_network_address_registers_at_most_20_people_an_hour(client, session, make_workshop):
    workshop = make_workshop(capacity=40)
    assert REGISTRATIONS_PER_NETWORK.amount == 20
    for n in range(REGISTRATIONS_PER_NETWORK.amount):
        url, data = _form(client, workshop)
        assert client.post(url, data={**data, "email": f"rate{n}@example.org"}, environ_base=SCRIPT).status_code == 302
    url, data = _form(client, workshop)
    refused = client.post(url, data={**data, "email": "rate20@example.org"}, environ_base=SCRIPT)
    assert refused.status_code == 429
    assert "veel aanmeldingen van uw netwerk" in refused.text and "utrecht-form-field-error-message" in refused.text
    assert 'value="Olga Ivanova"' in refused.text and 'value="rate20@example.org"' in refused.text
    assert client.post(url, data={**data, "email": "thuis@example.org"}, environ_base=HOME).status_code == 302
    emails = set(session.scalars(sa.select(Registration.email)))
    assert "rate20@example.org" not in emails and "thuis@example.org" in emails and len(emails) == 21


def test_raw_posts_to_the_form_are_capped_too(client, make_workshop):
    workshop = make_workshop()
    url, data = _form(client, workshop)
    statuses = [client.post(url, data={"csrf_token": data["csrf_token"]}, environ_base=SCRIPT).status_code
                for _ in range(61)]
    assert 429 not in statuses[:60] and statuses[60] == 429
