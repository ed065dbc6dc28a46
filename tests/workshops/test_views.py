"""The werkatelier through HTTP: the event page, registering, cancelling by the link in the mail, and the
officials' pages (create, sessions, tables, registrations per table, exports, sign-in list, attendance, mail)."""
import io
import re
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from consult.consultations.models import ConsultationKind, State
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.workshops.models import Registration, RegistrationStatus, Workshop
from tests.conftest import csrf_token, submit_form


def _register(client, workshop, n, **extra):
    url = f"/werkateliers/{workshop.slug}/aanmelden"
    page = client.get(url)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page.text).group(1)
    data = {"csrf_token": csrf_token(page.text), "started": started, "session": workshop.sessions[0].id,
            "name": f"Deelnemer {n}", "email": f"deelnemer{n}@example.org", "consent": "y", **extra}
    return client.post(url, data=data)


def test_the_public_page_shows_an_event_not_a_reaction_period(client, make_workshop):
    workshop = make_workshop()
    page = client.get(f"/werkateliers/{workshop.slug}")
    assert page.status_code == 200
    assert "Stadhuisplein 1, Almere" in page.text and "Bus 5 tot het stadhuis." in page.text
    assert "Zorg en Veiligheid" in page.text and "Bram" in page.text and "Er is een lift." in page.text
    assert "agenda.ics" in page.text
    assert "reageren" not in page.text.lower().split("<main", 1)[1]
    calendar = client.get(f"/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/agenda.ics")
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert b"BEGIN:VTIMEZONE" in calendar.data


def test_the_consultation_address_leads_to_the_event(client, make_workshop):
    workshop = make_workshop()
    response = client.get(f"/consultaties/{workshop.slug}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/werkateliers/{workshop.slug}")


def test_register_then_cancel_by_the_link_without_logging_in(client, session, make_workshop):
    workshop = make_workshop(capacity=1)
    assert _register(client, workshop, 1, tables=[workshop.tables[0].id], needs="Vegetarisch").status_code == 302
    assert _register(client, workshop, 2).status_code == 302
    first = session.scalar(sa.select(Registration).where(Registration.email == "deelnemer1@example.org"))
    assert first.status is RegistrationStatus.CONFIRMED and [t.title for t in first.tables] == ["Wonen"]
    mail = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "deelnemer1@example.org"))
    link = re.search(r"http://consult\.test(/werkateliers/afmelden/\S+)", mail.body_text).group(1)
    fresh = client.application.test_client()
    page = fresh.get(link)
    assert page.status_code == 200 and "Deelnemer 1" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert fresh.post(link, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    session.expire_all()
    second = session.scalar(sa.select(Registration).where(Registration.email == "deelnemer2@example.org"))
    assert first.status is RegistrationStatus.CANCELLED and second.status is RegistrationStatus.CONFIRMED
    assert fresh.get("/werkateliers/afmelden/made-up-token").status_code == 404


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, make_workshop):
    workshop = make_workshop()
    response = _register(client, workshop, 1, email="geen-adres", consent="")
    assert response.status_code == 400
    assert 'value="Deelnemer 1"' in response.text and 'value="geen-adres"' in response.text
    assert "utrecht-form-field-error-message" in response.text


def test_a_signed_in_partner_finds_the_form_filled_in(client, login, make_workshop, make_user, make_organisation):
    from consult.organisations.models import OrganisationKind

    provider = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Beschermd Thuis")
    partner = make_user(partner_of=provider, name="Sanne Visser")
    workshop = make_workshop()
    login(partner)
    page = client.get(f"/werkateliers/{workshop.slug}/aanmelden")
    assert 'value="Sanne Visser"' in page.text and 'value="Beschermd Thuis"' in page.text
    assert f'value="{partner.email}"' in page.text


def test_an_official_creates_a_workshop_with_a_session_and_a_table_and_publishes_it(client, login, session, make_organisation, make_user):
    region = make_organisation(name="Regio Flevoland")
    login(make_user(official_of=region))
    # January of next year: in winter (CET), and within the two years a session may lie ahead.
    year = utcnow().year + 1
    response = submit_form(client, "/beheer/werkateliers/nieuw", {
        "title": "Werkatelier wonen", "summary": "We werken acties uit.", "introduction": "**Welkom**",
        "audience": "public", "deadline_on": f"{year}-01-10", "accessibility": "Rolstoeltoegankelijk."}, follow_redirects=False)
    assert response.status_code == 302
    workshop = session.scalar(sa.select(Workshop))
    assert workshop.consultation.kind is ConsultationKind.WORKSHOP and workshop.consultation.state is State.DRAFT
    assert "<strong>Welkom</strong>" in workshop.consultation.introduction_html
    manage = f"/beheer/werkateliers/{workshop.slug}"
    token = csrf_token(client.get(manage).text)
    assert client.post(f"{manage}/sessies", data={"csrf_token": token, "day": f"{year}-01-14", "starts": "13:30", "ends": "12:00",
                                                  "place": "Stadhuis", "capacity": "20"}).status_code == 400
    assert client.post(f"{manage}/sessies", data={"csrf_token": token, "day": f"{year}-01-14", "starts": "13:30", "ends": "16:30",
                                                  "place": "Stadhuis", "capacity": "20"}).status_code == 302
    assert client.post(f"{manage}/tafels", data={"csrf_token": token, "table-title": "Wonen", "table-facilitator": "Anna"}).status_code == 302
    assert client.post(f"{manage}/publiceren", data={"csrf_token": token}).status_code == 302
    session.expire_all()
    assert workshop.is_published and len(workshop.sessions) == 1 and workshop.tables[0].facilitator == "Anna"
    assert workshop.sessions[0].starts_at.isoformat() == f"{year}-01-14T12:30:00+00:00"  # 13:30 in winter (CET)


def test_officials_see_registrations_per_table_export_them_and_mark_who_came(client, login, session, make_workshop, make_user):
    workshop = make_workshop(capacity=2)
    for n, tables in ((1, [workshop.tables[0].id]), (2, [workshop.tables[1].id]), (3, [])):
        _register(client, workshop, n, tables=tables, organisation_name="=HYPERLINK(1)" if n == 1 else "")
    login(make_user(official_of=workshop.consultation.organisation))
    base = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}"
    page = client.get(f"{base}/aanmeldingen")
    assert page.status_code == 200
    assert page.text.index("Deelnemer 1") < page.text.index("Zorg en Veiligheid", page.text.index("per-tafel"))
    assert "Deelnemer 3" in page.text.split('id="wachtlijst"', 1)[1]
    csv = client.get(f"{base}/aanmeldingen.csv")
    assert csv.status_code == 200 and "'=HYPERLINK(1)" in csv.text
    xlsx = load_workbook(io.BytesIO(client.get(f"{base}/aanmeldingen.xlsx").data))
    assert xlsx.active.max_row == 4
    pdf = PdfReader(io.BytesIO(client.get(f"{base}/presentielijst.pdf").data))
    text = pdf.pages[0].extract_text()
    assert "Deelnemer 1" in text and "Deelnemer 2" in text and "Deelnemer 3" not in text
    first = session.scalar(sa.select(Registration).where(Registration.email == "deelnemer1@example.org"))
    # Who came is marked once the session has started.
    workshop.sessions[0].starts_at, workshop.sessions[0].ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=1)
    session.commit()
    response = client.post(f"{base}/aanwezig", data={"csrf_token": csrf_token(page.text), "attended": [str(first.id), "99999999999"]})
    assert response.status_code == 302
    session.expire_all()
    assert first.attended
    preview = submit_form(client, f"{base}/mail", {"subject": "Parkeren", "body": "Parkeer bij P1."}, follow_redirects=False)
    assert preview.status_code == 200 and "Parkeer bij P1." in preview.text
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.subject == "Parkeren")) == 0
    sent = submit_form(client, f"{base}/mail", {"subject": "Parkeren", "body": "Parkeer bij P1.", "confirm": "1"}, follow_redirects=False)
    assert sent.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.subject == "Parkeren")) == 2
