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


def test_a_registration_sent_too_fast_is_refused_with_a_message_and_keeps_what_was_typed(app, client, make_workshop, monkeypatch):
    workshop = make_workshop()
    monkeypatch.setitem(app.config, "MINIMUM_FILL_SECONDS", 60)
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


def test_only_a_confirmed_registration_reads_and_adds_cards(client, session, make_workshop):
    from consult.core.db import utcnow
    from consult.workshops.services import cancel_registration, register
    from tests.workshops.conftest import person

    workshop = make_workshop(capacity=1)
    with client.application.test_request_context():
        first = register(workshop.sessions[0], person(1), utcnow())
        waiting = register(workshop.sessions[0], person(2), utcnow())
        session.commit()
        cancel_registration(first, utcnow())
        session.commit()
    table = workshop.tables[0]
    # the waiting one moved up; a third is on the list
    with client.application.test_request_context():
        third = register(workshop.sessions[0], person(3), utcnow())
        session.commit()
    for registration in (first, third):
        page = client.get(f"/werkateliers/deelnemer/{registration.token}/tafels/{table.id}")
        assert page.status_code == 403 and "data-refresh-url" not in page.text
        assert client.get(f"/werkateliers/deelnemer/{registration.token}/tafels/{table.id}/kaartjes").status_code == 404
    assert client.get(f"/werkateliers/deelnemer/{waiting.token}/tafels/{table.id}").status_code == 200


def test_the_sign_in_list_keeps_names_in_every_script(client, login, make_workshop, make_user):
    import io

    from pypdf import PdfReader

    from consult.core.db import utcnow
    from consult.workshops.services import register
    from tests.workshops.conftest import person

    workshop = make_workshop(capacity=10)
    names = ["Ольга Иванова", "王小明", "さくら", "김민준", "محمد علي", "Zoë Ĳsselmuiden"]
    with client.application.test_request_context():
        for n, name in enumerate(names):
            register(workshop.sessions[0], person(n, name=name), utcnow())
    client.application.extensions["sqlalchemy"].session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    pdf = client.get(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/presentielijst.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for name in names:
        if name.startswith("محمد"):
            assert "محمد" in text or "دمحم" in text
        else:
            assert name in text, name
