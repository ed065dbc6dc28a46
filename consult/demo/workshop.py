"""The demo werkatelier (slug werkatelier-beschermd-wonen) as a real werkatelier: two sessions on weekdays
some weeks after the day the demo is loaded, three tables from the Flevoland themes, few places so it
fills up in a demo, and some registrations already (made without mail)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from consult.consultations.models import Audience, Consultation
from consult.core.i18n import AMSTERDAM
from consult.core.sanitize import clean_rich_text
from consult.documents.models import Theme
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.workshops.models import (
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
)

SLUG = "werkatelier-beschermd-wonen"
CAPACITY = 8
THURSDAY = 3
# theme title (seed text 000), facilitator
TABLES = (
    ("Zorglandschap Wmo", "Annelies van der Horst (DSP)"),
    ("Zorg en Veiligheid", "Ruud Kok (gemeente Lelystad)"),
    ("Samenwerking en overleg met partners", "Esther Bos (Zorgplatform Flevoland)"),
)
# name, e-mail, organisation, role, table numbers, needs: six of eight places in the first session, two in the second
PEOPLE = (
    ("Marloes de Wit", "marloes.dewit@example.org", "Woningcorporatie Flevowonen", "Wijkconsulent", (0,), ""),
    ("Gerrit Hoekstra", "gerrit.hoekstra@example.org", "Cliëntenraad Sociaal Domein Flevoland", "Voorzitter", (0, 2), "Rolstoel"),
    ("Aylin Demir", "aylin.demir@example.org", "Welzijn Lelystad", "Opbouwwerker", (1,), "Vegetarisch"),
    ("Kees Smit", "kees.smit@example.org", "", "Ervaringsdeskundige", (0,), ""),
    ("Noor Jansen", "noor.jansen@example.org", "Participatieraad Almere", "Lid", (2,), ""),
    ("Bart Visser", "bart.visser@example.org", "Zorgplatform Flevoland", "Coördinator", (1, 2), ""),
    ("Linda Mulder", "linda.mulder@example.org", "Stichting Beschermd Thuis Flevoland", "Teamleider", (0,), ""),
    ("Hassan El Idrissi", "hassan.elidrissi@example.org", "", "Inwoner Dronten", (1,), "Halal"),
)


def first_session_day(now: datetime) -> date:
    """A Thursday six to seven weeks after ``now``, outside the Christmas holidays (20 December – 6 January)."""
    day = now.astimezone(AMSTERDAM).date() + timedelta(days=42)
    day += timedelta(days=(THURSDAY - day.weekday()) % 7)
    while (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 6):
        day += timedelta(days=7)
    return day


def load(now: datetime) -> Workshop:
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    organisation = consultation.organisation
    first = first_session_day(now)
    deadline = datetime.combine(first - timedelta(days=7), time(0, 0), tzinfo=AMSTERDAM)
    consultation.audience = Audience.PUBLIC
    consultation.opens_at = min(consultation.opens_at, now)
    consultation.closes_at = deadline
    consultation.introduction_html = clean_rich_text(
        "<p>De zes Flevolandse gemeenten werken de lokale taken en regionale verantwoordelijkheden voor beschermd wonen "
        "en maatschappelijke opvang uit in een actieprogramma. Dat doen we samen met aanbieders, corporaties, "
        "cliëntvertegenwoordigers en inwoners.</p><p>U praat mee aan één of twee tafels. Elke tafel heeft een thema "
        "uit de strategische agenda en een gespreksleider. Wat we ophalen, komt in het actieprogramma.</p>")
    sessions = []
    for n, day in enumerate((first, first + timedelta(days=7))):
        starts = datetime.combine(day, time(13, 30), tzinfo=AMSTERDAM)
        sessions.append(WorkshopSession(
            starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=CAPACITY, confirmed_count=0,
            place="Stadhuis Almere, Raadzaal" if n == 0 else "Agora Lelystad, zaal 2",
            address="Stadhuisplein 1, 1315 HR Almere" if n == 0 else "Stationsplein 2, 8232 VT Lelystad",
            route=("Vijf minuten lopen van station Almere Centrum. Parkeren in garage Stadhuisplein." if n == 0
                   else "Tegenover station Lelystad Centrum. Parkeren op P1."),
            online_url="https://meet.example.org/werkatelier-bw" if n == 1 else ""))
    themes = {t.title: t for t in db.session.scalars(sa.select(Theme).where(Theme.organisation_id == organisation.id))}
    tables = [WorkshopTable(title=title, facilitator=facilitator, position=n, theme_id=themes[title].id if title in themes else None)
              for n, (title, facilitator) in enumerate(TABLES, start=1)]
    invited = db.session.scalars(sa.select(Organisation).where(Organisation.region_id == organisation.id,
                                                               ~Organisation.kind.in_([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]))).all()
    workshop = Workshop(consultation=consultation, audience=WorkshopAudience.BOTH, sessions=sessions, tables=tables,
                        invited=list(invited),
                        accessibility=("Beide zalen zijn met een rolstoel bereikbaar; er is een lift en een invalidentoilet. "
                                       "In de raadzaal is een ringleiding. Heeft u een tolk nodig? Zet het bij uw aanmelding."))
    db.session.add(workshop)
    registered_at = now - timedelta(days=2)
    for n, (name, email, organisation_name, role, table_numbers, needs) in enumerate(PEOPLE):
        session = sessions[0] if n < 6 else sessions[1]
        db.session.add(Registration(session=session, status=RegistrationStatus.CONFIRMED, name=name, email=email,
                                    organisation_name=organisation_name, role=role, needs=needs,
                                    tables=[tables[i] for i in table_numbers], consented_at=registered_at,
                                    created_at=registered_at + timedelta(minutes=n)))
        session.confirmed_count += 1
    consultation.event_starts_at, consultation.location = sessions[0].starts_at, sessions[0].place
    consultation.capacity = CAPACITY * len(sessions)
    return workshop
