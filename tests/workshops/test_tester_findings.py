"""Faults an outside tester found in the werkatelier, each as a kind of fault with its rule."""
import re

from consult.consultations.models import State
from consult.workshops.models import WorkshopAudience
from tests.conftest import csrf_token


def _form(client, workshop):
    url = f"/werkateliers/{workshop.slug}/aanmelden"
    page = client.get(url)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page.text).group(1)
    return url, {"csrf_token": csrf_token(page.text), "started": started, "session": workshop.sessions[0].id,
                 "name": "Olga Ivanova", "email": "olga@example.org", "consent": "y", "role": "Buurtwerker",
                 "needs": "Rolstoel"}


def test_a_registration_sent_too_fast_is_refused_with_a_message_and_keeps_what_was_typed(app, client, make_workshop):
    workshop = make_workshop()
    app.config["MINIMUM_FILL_SECONDS"] = 60
    url, data = _form(client, workshop)
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "snel" in response.text.lower() or "very fast" in response.text  # "Dat ging erg snel…"
    assert 'value="Olga Ivanova"' in response.text and 'value="Buurtwerker"' in response.text and "Rolstoel" in response.text
    assert workshop.sessions[0].confirmed_count == 0


def test_the_consultation_address_does_not_reveal_a_concept_or_invite_only_werkatelier(client, make_workshop):
    for workshop in (make_workshop(state=State.DRAFT), make_workshop(audience=WorkshopAudience.INVITED)):
        response = client.get(f"/consultaties/{workshop.slug}")
        assert response.status_code == 404
        assert response.status_code == client.get("/consultaties/made-up-slug").status_code
    public = make_workshop()
    assert client.get(f"/consultaties/{public.slug}").status_code == 302
