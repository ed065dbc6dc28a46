"""Faults an outside tester found in the werkatelier, each as a kind of fault with its rule."""
import re

from consult.consultations.models import State
from consult.workshops.models import WorkshopAudience
from tests.conftest import csrf_token, token_of


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
    assert response.status_code == 400
    assert "Dat ging erg snel" in response.text
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
        page = client.get(f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{table.id}")
        assert page.status_code == 403 and "data-refresh-url" not in page.text
        assert client.get(f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{table.id}/kaartjes").status_code == 404
    assert client.get(f"/werkateliers/deelnemer/{token_of(waiting)}/tafels/{table.id}").status_code == 200


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


def _manage(client, login, make_user, workshop):
    login(make_user(official_of=workshop.consultation.organisation))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    return manage, csrf_token(client.get(manage).text)


def test_dutch_clock_times_that_do_not_exist_or_happen_twice_are_refused_everywhere():
    from datetime import date, time

    from consult.consultations.forms import does_not_exist_locally, is_ambiguous_locally

    assert does_not_exist_locally(date(2027, 3, 28), time(2, 15))
    assert not does_not_exist_locally(date(2027, 3, 28), time(3, 0)) and not does_not_exist_locally(date(2027, 3, 27), time(2, 15))
    assert is_ambiguous_locally(date(2027, 10, 31), time(2, 30))
    assert not is_ambiguous_locally(date(2027, 10, 31), time(3, 0)) and not is_ambiguous_locally(date(2027, 3, 28), time(2, 15))


def test_a_session_at_a_time_skipped_or_doubled_by_the_clock_change_is_refused(client, login, make_user, make_workshop):
    workshop = make_workshop(deadline_in_days=1)
    manage, token = _manage(client, login, make_user, workshop)
    for day, starts in (("2027-03-28", "02:15"), ("2027-10-31", "02:30")):
        response = client.post(f"{manage}/sessies", data={"csrf_token": token, "day": day, "starts": starts, "ends": "04:00",
                                                          "place": "Stadhuis", "capacity": "20"})
        assert response.status_code == 400 and "02.00" in response.text and f'value="{starts}"' in response.text
    assert len(workshop.sessions) == 1


def test_a_session_in_the_past_or_before_the_deadline_is_refused(client, login, make_user, make_workshop):
    workshop = make_workshop(deadline_in_days=10)
    manage, token = _manage(client, login, make_user, workshop)
    for day in ("2020-01-14", (workshop.consultation.closes_at.date().replace(day=1)).isoformat()):
        response = client.post(f"{manage}/sessies", data={"csrf_token": token, "day": day, "starts": "13:30", "ends": "16:30",
                                                          "place": "Stadhuis", "capacity": "20"})
        assert response.status_code == 400 and "utrecht-form-field-error-message" in response.text
    assert len(workshop.sessions) == 1


def test_a_registration_deadline_in_the_past_or_after_the_first_session_is_refused(client, session, login, make_user, make_workshop):
    from consult.workshops.models import Workshop

    workshop = make_workshop()
    manage, token = _manage(client, login, make_user, workshop)
    first_day = workshop.sessions[0].starts_at.date()
    data = {"csrf_token": token, "title": "Werkatelier wonen", "summary": "We werken acties uit.", "audience": "public"}
    for deadline in ("2020-01-10", first_day.replace(year=first_day.year + 1).isoformat()):
        response = client.post(manage, data={**data, "deadline_on": deadline})
        assert response.status_code == 400 and "utrecht-form-field-error-message" in response.text
        assert 'value="Werkatelier wonen"' in response.text
    response = client.post("/beheer/werkateliers/nieuw", data={**data, "deadline_on": "2020-01-10"})
    assert response.status_code == 400 and "utrecht-form-field-error-message" in response.text
    assert session.query(Workshop).count() == 1


def test_a_session_that_has_started_takes_no_registrations(app_context, session, make_workshop):
    from datetime import timedelta

    import pytest

    from consult.core.db import utcnow
    from consult.workshops.services import RegistrationClosed, register
    from tests.workshops.conftest import person

    workshop = make_workshop(starts=(utcnow() - timedelta(minutes=5)).replace(microsecond=0))
    with pytest.raises(RegistrationClosed):
        register(workshop.sessions[0], person(1), utcnow())


def test_member_municipalities_read_the_regions_werkateliers_and_only_the_region_changes_them(client, login, make_user, make_workshop, make_organisation):
    from consult.organisations.models import OrganisationKind
    from consult.workshops.permissions import MANAGE_WORKSHOP, READ_REGISTRATIONS, VIEW_WORKSHOP

    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Flevoland")
    almere = make_organisation(name="Gemeente Almere", region_id=region.id)
    invited_only = make_workshop(organisation=region, audience=WorkshopAudience.INVITED)
    concept = make_workshop(organisation=region, state=State.DRAFT)
    member, admin, outsider = make_user(official_of=almere), make_user(is_admin=True), make_user(official_of=make_organisation())
    for workshop in (invited_only, concept):
        assert VIEW_WORKSHOP(member, workshop) and READ_REGISTRATIONS(member, workshop) and not MANAGE_WORKSHOP(member, workshop)
        assert not VIEW_WORKSHOP(outsider, workshop) and not READ_REGISTRATIONS(admin, workshop)
    login(member)
    listing = client.get("/beheer/werkateliers")
    assert listing.status_code == 200 and invited_only.title in listing.text and concept.title in listing.text
    manage = client.get(f"/beheer/werkateliers/{invited_only.slug}")
    assert manage.status_code == 200 and "/publiceren" not in manage.text and "/sessies\"" not in manage.text
    base = f"/beheer/werkateliers/{invited_only.slug}/sessies/{invited_only.sessions[0].id}"
    assert client.get(f"{base}/aanmeldingen").status_code == 200
    assert client.get(f"{base}/presentielijst.pdf").status_code == 200
    token = csrf_token(manage.text)
    assert client.post(f"/beheer/werkateliers/{invited_only.slug}/publiceren", data={"csrf_token": token}).status_code == 403
    regio = client.get("/regio")
    assert regio.status_code == 200 and invited_only.title in regio.text
    assert client.get(f"/consultaties/{invited_only.slug}").status_code == 302
    assert client.get(f"/werkateliers/{invited_only.slug}").status_code == 200
    client.get("/uitloggen")
    login(admin)
    assert client.get("/beheer/werkateliers").status_code == 200
    assert client.get(f"/beheer/werkateliers/{invited_only.slug}").status_code == 200


def test_limits_count_per_participant_and_e_mail_address_not_per_venue_and_keep_the_typed_text(client, session, make_workshop):
    from consult.core.db import utcnow
    from consult.workshops.services import register
    from consult.workshops.views import CARDS_PER_REGISTRATION, REGISTRATIONS_PER_EMAIL, REGISTRATIONS_PER_NETWORK
    from tests.workshops.conftest import person

    workshop = make_workshop(capacity=10)
    with client.application.test_request_context():
        first, second = register(workshop.sessions[0], person(1), utcnow()), register(workshop.sessions[0], person(2), utcnow())
    session.commit()
    table = workshop.tables[0]
    link = f"/werkateliers/deelnemer/{token_of(first)}/tafels/{table.id}"
    token = csrf_token(client.get(link).text)
    for n in range(CARDS_PER_REGISTRATION.amount):
        assert client.post(link, data={"csrf_token": token, "kind": "idea", "text": f"Kaartje {n}"}).status_code == 302
    refused = client.post(link, data={"csrf_token": token, "kind": "idea", "text": "Mijn laatste idee"})
    assert refused.status_code == 429 and "Mijn laatste idee" in refused.text and "utrecht-form-field-error-message" in refused.text
    # Someone else in the same room (same address) still adds cards.
    other = f"/werkateliers/deelnemer/{token_of(second)}/tafels/{table.id}"
    assert client.post(other, data={"csrf_token": csrf_token(client.get(other).text), "kind": "idea", "text": "Ook een idee"}).status_code == 302
    # Registrations: one address many times is stopped, beside the field, with the text kept; others in the room go on.
    for n in range(REGISTRATIONS_PER_EMAIL.amount):
        url, data = _form(client, workshop)
        client.post(url, data={**data, "email": "veel@example.org"})
    url, data = _form(client, workshop)
    refused = client.post(url, data={**data, "email": "veel@example.org"})
    assert refused.status_code == 429 and 'value="Olga Ivanova"' in refused.text and "utrecht-form-field-error-message" in refused.text
    # (up to the per-network limit: tests/workshops/test_registration_limits.py)
    for n in range(REGISTRATIONS_PER_NETWORK.amount - REGISTRATIONS_PER_EMAIL.amount):
        url, data = _form(client, workshop)
        assert client.post(url, data={**data, "email": f"zaal{n}@example.org"}).status_code == 302
