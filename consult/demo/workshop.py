"""The demo werkatelier (slug werkatelier-beschermd-wonen) as a real werkatelier, around the day the demo is
loaded: a first session held on Thursday of last week (attendance marked; its cards, outcomes, votes and
verslag are in consult.demo.outcomes) and a next session on a Thursday some weeks ahead, open for
registration with few places left, so a visitor fills it and reaches the waiting list by hand. Three tables
from the Flevoland themes; registrations made without mail."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from consult.consultations.models import Audience, Consultation
from consult.consultations.term import end_of_day
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
HELD_CAPACITY = 10
NEXT_CAPACITY = 4
THURSDAY = 3
# theme title (seed text 000), facilitator
TABLES = (
    ("Zorglandschap Wmo", "Annelies van der Horst (DSP)"),
    ("Zorg en Veiligheid", "Ruud Kok (gemeente Lelystad)"),
    ("Samenwerking en overleg met partners", "Esther Bos (Zorgplatform Flevoland)"),
)
# name, e-mail, organisation, role, table numbers, needs, came: nine of ten places in the session held (one
# did not come), then two of four places in the next session
PEOPLE = (
    ("Marloes de Wit", "marloes.dewit@example.org", "Woningcorporatie Flevowonen", "Wijkconsulent", (0,), "", True),
    ("Gerrit Hoekstra", "gerrit.hoekstra@example.org", "Cliëntenraad Sociaal Domein Flevoland", "Voorzitter", (0, 2), "Rolstoel", True),
    ("Aylin Demir", "aylin.demir@example.org", "Welzijn Lelystad", "Opbouwwerker", (1,), "Vegetarisch", True),
    ("Kees Smit", "kees.smit@example.org", "", "Ervaringsdeskundige", (0,), "", True),
    ("Noor Jansen", "noor.jansen@example.org", "Participatieraad Almere", "Lid", (2,), "", True),
    ("Bart Visser", "bart.visser@example.org", "Zorgplatform Flevoland", "Coördinator", (1, 2), "", True),
    ("Linda Mulder", "linda.mulder@example.org", "Stichting Beschermd Thuis Flevoland", "Teamleider", (0,), "", True),
    ("Hassan El Idrissi", "hassan.elidrissi@example.org", "", "Inwoner Dronten", (1,), "Halal", True),
    ("Joyce Vermeer", "joyce.vermeer@example.org", "", "Mantelzorger", (2,), "", False),
)
NEXT_PEOPLE = (
    ("Fatima Ouali", "fatima.ouali@example.org", "", "Inwoner Almere", (0,), ""),
    ("Jeroen de Graaf", "jeroen.degraaf@example.org", "Stichting Beschermd Thuis Flevoland", "Begeleider", (1,), ""),
)


def _in_holidays(day: date) -> bool:
    return (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 6)


def held_session_day(now: datetime) -> date:
    """The Thursday of last week (seven to thirteen days before ``now``), outside the Christmas holidays
    (20 December – 6 January)."""
    day = now.astimezone(AMSTERDAM).date() - timedelta(days=7)
    day -= timedelta(days=(day.weekday() - THURSDAY) % 7)
    while _in_holidays(day):
        day -= timedelta(days=7)
    return day


def next_session_day(now: datetime) -> date:
    """A Thursday three to four weeks after ``now``, outside the Christmas holidays."""
    day = now.astimezone(AMSTERDAM).date() + timedelta(days=21)
    day += timedelta(days=(THURSDAY - day.weekday()) % 7)
    while _in_holidays(day):
        day += timedelta(days=7)
    return day


def load(now: datetime) -> Workshop:
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    organisation = consultation.organisation
    held, upcoming = held_session_day(now), next_session_day(now)
    consultation.audience = Audience.PUBLIC
    consultation.opens_at = datetime.combine(held - timedelta(days=28), time(9, 0), tzinfo=AMSTERDAM)
    consultation.closes_at = end_of_day(upcoming - timedelta(days=3))
    consultation.introduction_html = clean_rich_text(
        "<p>De zes Flevolandse gemeenten werken de lokale taken en regionale verantwoordelijkheden voor beschermd wonen "
        "en maatschappelijke opvang uit in een actieprogramma. Dat doen we samen met aanbieders, corporaties, "
        "cliëntvertegenwoordigers en inwoners.</p><p>U praat mee aan één of twee tafels. Elke tafel heeft een thema "
        "uit de strategische agenda en een gespreksleider. Wat we ophalen, komt in het actieprogramma. De eerste "
        "bijeenkomst was in Almere; u kunt zich nog aanmelden voor de tweede, in Lelystad.</p>")
    sessions = []
    for n, day in enumerate((held, upcoming)):
        starts = datetime.combine(day, time(13, 30), tzinfo=AMSTERDAM)
        sessions.append(WorkshopSession(
            starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=HELD_CAPACITY if n == 0 else NEXT_CAPACITY,
            confirmed_count=0, reminder_sent_at=starts - timedelta(days=1) if n == 0 else None,
            # who came was ticked after the first session: only those present vote on its verslag
            attendance_marked_at=starts + timedelta(hours=4) if n == 0 else None,
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
    people = [(sessions[0], sessions[0].starts_at - timedelta(days=14), person) for person in PEOPLE]
    people += [(sessions[1], now - timedelta(days=2), (*person, False)) for person in NEXT_PEOPLE]
    for n, (session, registered_at, (name, email, organisation_name, role, table_numbers, needs, came)) in enumerate(people):
        db.session.add(Registration(session=session, status=RegistrationStatus.CONFIRMED, name=name, email=email,
                                    organisation_name=organisation_name, role=role, needs=needs, attended=came,
                                    tables=[tables[i] for i in table_numbers], consented_at=registered_at,
                                    created_at=registered_at + timedelta(minutes=n),
                                    email_confirmed_at=registered_at + timedelta(minutes=n + 5)))
        session.confirmed_count += 1
    # The event the overviews announce is the session still to come.
    consultation.event_starts_at, consultation.location = sessions[1].starts_at, sessions[1].place
    consultation.capacity = sum(s.capacity for s in sessions)
    return workshop
