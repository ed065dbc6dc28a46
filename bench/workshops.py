"""A werkatelier at its busiest: the public event page and the registration form, the officials' pages
(the werkatelier, registrations per session and table, their CSV/XLSX, the sign-in list PDF, the outcomes),
a participant's table page with its cards and the list the shared screen refreshes, and the verslag; first
with 25 registrations and 100 cards, then with 500 registrations and 2,000 cards. Prints p50/p95 and
queries per request for both sizes, and says where the number of queries grew.

    python -m bench.workshops [--database-url URL] [--registrations 500] [--cards 2000] [--repeat 20]

Three sessions, five tables; about nine in ten registrations have a place, the rest wait or cancelled.
Every table gets outcomes (one per 20 cards) from its cards; two in three participants vote (three votes
each) and one in ten reacts on the verslag. Requests go through the app in-process (Flask's test client),
so the figures are the server's own time. The werkatelier is made again on every run.
"""
from __future__ import annotations

import random
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa

from bench.generate import NAMES, PASSWORD, sentences
from bench.timing import bench_app, bench_parser, log_in, report, time_pages
from consult.accounts.models import Membership, MembershipRole, User
from consult.actions.models import ActionScope
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.outcomes.models import CommentStatus, OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
from consult.workshops.models import (
    CardKind,
    InputCard,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
)

SLUG = "bench-werkatelier"
OFFICIAL = "bench.werkatelier.ambtenaar@example.org"
SESSIONS, TABLES, VOTES = 3, 5, 3


def _remove_previous() -> None:
    """The werkatelier goes with its consultation (foreign keys cascade); the municipality and official stay."""
    db.session.execute(sa.delete(Consultation).where(Consultation.slug == SLUG))
    db.session.flush()


def _municipality() -> Organisation:
    municipality = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "bench-werkatelier-gemeente"))
    if municipality is None:
        municipality = Organisation(name="Gemeente Werkatelierbench", slug="bench-werkatelier-gemeente",
                                    kind=OrganisationKind.MUNICIPALITY)
        official = User(email=OFFICIAL, name="Bench Ambtenaar Werkatelier")
        official.set_password(PASSWORD)
        official.memberships.append(Membership(organisation=municipality, role=MembershipRole.OFFICIAL))
        db.session.add_all([municipality, official])
    return municipality


def seed(registrations: int, cards: int, seed_value: int = 2026) -> tuple[list[int], list[int], str]:
    """The werkatelier with ``registrations`` over its sessions and ``cards`` over its tables, outcomes,
    an open verslag with votes and reactions. Returns (session ids, table ids, a participant's token)."""
    rng, pool, now = random.Random(seed_value), sentences(), utcnow().replace(microsecond=0)
    _remove_previous()
    municipality = _municipality()
    consultation = Consultation(
        organisation=municipality, kind=ConsultationKind.WORKSHOP, state=State.PUBLISHED, audience=Audience.PUBLIC,
        slug=SLUG, title="Benchmark-werkatelier lokale taken en regionale verantwoordelijkheden",
        summary="Samen werken we acties uit.", reference_prefix="BWA", opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=10))
    workshop = Workshop(consultation=consultation, audience=WorkshopAudience.PUBLIC, accessibility="Er is een lift.")
    per_session = registrations // SESSIONS
    capacity = max(1, per_session * 9 // 10)
    for n in range(SESSIONS):
        start = now + timedelta(days=14 + 7 * n)
        workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3), capacity=capacity,
                                                 place="Stadhuis", address="Stadhuisplein 1", route="Bus 5."))
    workshop.tables = [WorkshopTable(title=f"Tafel {n + 1}: {rng.choice(pool)[:60]}", facilitator=rng.choice(NAMES),
                                     position=n + 1) for n in range(TABLES)]
    db.session.add(workshop)
    db.session.flush()
    made = []
    for n in range(registrations):
        session = workshop.sessions[n % SESSIONS]
        placed = sum(1 for r in made if r.session is session and r.status is RegistrationStatus.CONFIRMED)
        status = (RegistrationStatus.CANCELLED if n % 17 == 0 else
                  RegistrationStatus.CONFIRMED if placed < capacity else RegistrationStatus.WAITING)
        made.append(Registration(
            session=session, status=status, name=f"{rng.choice(NAMES)} {n:03d}", email=f"deelnemer{n:03d}@example.org",
            organisation_name=rng.choice(["", "Stichting Zorg", "Woonstichting", "Cliëntenraad"]), role="",
            needs="Rolstoel" if n % 25 == 0 else "", consented_at=now, created_at=now - timedelta(minutes=n),
            cancelled_at=now if status is RegistrationStatus.CANCELLED else None,
            tables=rng.sample(workshop.tables, rng.randint(0, 2))))
    for session in workshop.sessions:
        session.confirmed_count = sum(1 for r in made if r.session is session and r.status is RegistrationStatus.CONFIRMED)
    db.session.add_all(made)
    db.session.flush()
    placed = [r for r in made if r.status is RegistrationStatus.CONFIRMED]
    table_cards = {t.id: [] for t in workshop.tables}
    for n in range(cards):
        table = workshop.tables[n % TABLES]
        card = InputCard(table_id=table.id, registration=rng.choice(placed), kind=rng.choice(list(CardKind)),
                         text=rng.choice(pool)[:280], created_at=now - timedelta(seconds=n))
        table_cards[table.id].append(card)
    db.session.add_all([c for group in table_cards.values() for c in group])
    verslag = Verslag(workshop=workshop, votes_per_person=VOTES, comments_until=now + timedelta(days=14), published_at=now)
    db.session.add(verslag)
    outcomes = []
    for table in workshop.tables:
        group = table_cards[table.id]
        for start in range(0, len(group), 20):
            outcomes.append(WorkshopOutcome(workshop=workshop, table=table, kind=CardKind.IDEA, text=group[start].text,
                                            scope=rng.choice(list(ActionScope)), cards=group[start:start + 3],
                                            municipalities=[municipality], proposed_owner_organisation=municipality))
    db.session.add_all(outcomes)
    db.session.flush()
    votes, comments = [], []
    for n, registration in enumerate(placed):
        if n % 3 != 2:
            for slot, outcome in enumerate(rng.sample(outcomes, min(VOTES, len(outcomes))), start=1):
                votes.append({"workshop_id": workshop.id, "outcome_id": outcome.id, "registration_id": registration.id,
                              "slot": slot, "max_votes": VOTES, "created_at": now})
        if n % 10 == 0:
            comments.append({"workshop_id": workshop.id, "outcome_id": rng.choice(outcomes).id,
                             "registration_id": registration.id, "text": rng.choice(pool)[:500], "created_at": now,
                             "status": CommentStatus.APPROVED})  # approved: the verslag shows them all
    db.session.execute(sa.insert(OutcomeVote), votes)
    db.session.execute(sa.insert(OutcomeComment), comments)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return [s.id for s in workshop.sessions], [t.id for t in workshop.tables], placed[0].token


def pages(sessions: list[int], tables: list[int], token: str) -> dict[str, tuple[str, str]]:
    """name → (who asks, URL)."""
    manage, session = f"/beheer/werkateliers/{SLUG}", f"/beheer/werkateliers/{SLUG}/sessies/{sessions[0]}"
    return {
        "public event page": ("public", f"/werkateliers/{SLUG}"),
        "registration form": ("public", f"/werkateliers/{SLUG}/aanmelden"),
        "officials' werkatelier list": ("official", "/beheer/werkateliers"),
        "officials' werkatelier page": ("official", manage),
        "registrations per session/table": ("official", f"{session}/aanmeldingen"),
        "registrations CSV": ("official", f"{session}/aanmeldingen.csv"),
        "registrations XLSX": ("official", f"{session}/aanmeldingen.xlsx"),
        "sign-in list PDF": ("official", f"{session}/presentielijst.pdf"),
        "name badges PDF": ("official", f"{session}/badges.pdf"),
        "participant's table with cards": ("public", f"/werkateliers/deelnemer/{token}/tafels/{tables[0]}"),
        "shared screen: the card list": ("public", f"/werkateliers/deelnemer/{token}/tafels/{tables[0]}/kaartjes"),
        "outcomes page (officials)": ("official", f"{manage}/uitkomsten"),
        "a table's cards, last page (officials)": ("official", f"{manage}/uitkomsten/tafels/{tables[0]}?pagina=999"),
        "verslag (participant)": ("public", f"/werkateliers/deelnemer/{token}/verslag"),
    }


def main() -> None:
    parser = bench_parser(__doc__, repeat=20)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--cards", type=int, default=2000)
    args = parser.parse_args()
    app = bench_app(args)
    sizes = ((max(SESSIONS, args.registrations // 20), max(TABLES, args.cards // 20)), (args.registrations, args.cards))
    measured = []
    for registrations, cards in sizes:
        with app.app_context():
            flask_migrate.upgrade()
            urls = pages(*seed(registrations, cards))
            dialect = db.engine.dialect.name
            db.session.remove()
        clients = log_in(app, {"public": None, "official": (OFFICIAL, PASSWORD)})
        measured.append(time_pages(app, clients, urls, args.repeat))
    print(f"database: {dialect}; {sizes[0][0]} → {sizes[1][0]} registrations, {sizes[0][1]} → {sizes[1][1]} cards")
    report(*measured, small_label=f"at {sizes[0][0]}")


if __name__ == "__main__":
    main()
