"""Seed one consultation with N realistic Dutch reactions, for benchmarks.

    python -m bench.generate --reactions 100000 [--database-url URL] [--no-extras | --extras-only]

Besides the consultation (the extras, unless ``--no-extras``): a published reactienota of it (frozen
from all its reactions), a werkatelier with 500 registrations and 2,000 cards (``bench.workshops``) and an
actieprogramma with 1,000 actions over six municipalities (``bench.actions``), so that bench.pages can
measure every public page. ``--extras-only`` adds them to a database seeded before.

Sentences come from the Amsterdam municipal corpus in ../shared/corpora when it is there, and from
the demo texts otherwise. Five percent of the reactions are copies of two campaign letters.
"""
from __future__ import annotations

import argparse
import csv
import random
import time
from datetime import timedelta
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from flask import current_app

from consult import create_app
from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "dutch" / "amsterdam-complex-simple-v1-anonymized.csv"
DEMO_TEXT = Path(__file__).resolve().parents[1] / "consult" / "demo" / "documents" / "sociaal-maatschappelijke-agenda.md"
SLUG = "bench-consultatie"
OFFICIAL = "bench.ambtenaar@example.org"
PASSWORD = "bench-password-2026"
CAMPAIGNS = (
    "Geachte raad, ik maak bezwaar tegen het sluiten van het buurthuis. Het buurthuis is de enige plek waar "
    "ouderen elkaar ontmoeten. Sluiting leidt tot eenzaamheid. Ik vraag u het buurthuis open te houden.",
    "Wij vragen de gemeente om de wachtlijsten in de jeugdzorg aan te pakken. Kinderen wachten nu maanden op "
    "hulp. Dat is niet acceptabel. Maak er geld voor vrij in de begroting.",
)
NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz", "El Amrani")
ORGS = (("Zorggroep West", OrganisationKind.CARE_PROVIDER), ("Woonstichting Lek", OrganisationKind.HOUSING_CORPORATION),
        ("Cliëntenraad", OrganisationKind.CLIENT_COUNCIL), ("Welzijn Oost", OrganisationKind.WELFARE))


def sentences() -> list[str]:
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8", errors="replace") as fh:
            return [cell for row in csv.DictReader(fh) for cell in (row["Complex"], row["Simple"]) if cell]
    return [line for line in DEMO_TEXT.read_text().splitlines() if len(line) > 40]


def seed(reactions: int, seed_value: int = 2026) -> Consultation:
    rng = random.Random(seed_value)
    pool = sentences()
    existing = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    if existing is not None:
        db.session.execute(sa.delete(Reaction).where(Reaction.consultation_id == existing.id))
        db.session.delete(existing)
        db.session.flush()
    org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "bench-gemeente")) or Organisation(
        name="Gemeente Benchmark", slug="bench-gemeente", kind=OrganisationKind.MUNICIPALITY)
    db.session.add(org)
    if db.session.scalar(sa.select(User).where(User.email == OFFICIAL)) is None:
        user = User(email=OFFICIAL, name="Bench Ambtenaar")
        user.set_password(PASSWORD)
        user.memberships.append(Membership(organisation=org, role=MembershipRole.OFFICIAL))
        db.session.add(user)
    document = Document(organisation=org, title="Benchmark-agenda", kind=DocumentKind.SOCIAL_AGENDA)
    db.session.add(document)
    version = add_version_from_markdown(document, DEMO_TEXT.read_text())
    now = utcnow()
    consultation = Consultation(
        organisation=org, kind=ConsultationKind.PUBLIC_INSPECTION, audience=Audience.PUBLIC, state=State.PUBLISHED,
        slug=SLUG, title="Benchmark-consultatie", reference_prefix="BEN", document_version=version,
        opens_at=now - timedelta(days=40), closes_at=now + timedelta(days=2),
    )
    db.session.add(consultation)
    db.session.flush()
    sections = version.sections
    statuses = [ReactionStatus.APPROVED] * 7 + [ReactionStatus.PENDING] * 2 + [ReactionStatus.REJECTED]
    rows = []
    for n in range(1, reactions + 1):
        campaign = rng.random() < 0.05
        body = CAMPAIGNS[n % 2] + f" Met vriendelijke groet, {rng.choice(NAMES)}" if campaign else \
            " ".join(rng.choice(pool) for _ in range(rng.randint(2, 8)))
        org_name, org_kind = rng.choice(ORGS) if rng.random() < 0.1 else ("", None)
        section = rng.choice(sections) if rng.random() < 0.8 else None
        status = rng.choice(statuses)
        publication = Publication.NAMED if rng.random() < 0.6 else Publication.ANONYMOUS
        at = now - timedelta(days=40) + timedelta(seconds=rng.randint(0, 40 * 86400))
        rows.append({
            "consultation_id": consultation.id, "document_version_id": version.id,
            "section_id": section.id if section else None, "reference": f"BEN-2026-{n:06d}",
            "channel": rng.choice([Channel.WEB] * 8 + [Channel.EMAIL, Channel.LETTER]), "status": status,
            "publication": publication, "author_name": f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(NAMES)}",
            "author_email": f"inwoner{n}@example.org", "author_place": "Benchmarkstad", "author_address": "",
            "organisation_name": org_name, "organisation_kind": org_kind, "quote": "", "body": body,
            "is_late": rng.random() < 0.01, "co_signers": "", "rejection_reason": "", "submitted_at": at,
            "received_at": at, "confirmed_at": at, "updated_at": at,
        })
        if len(rows) == 5000:
            db.session.execute(sa.insert(Reaction), rows)
            rows = []
    if rows:
        db.session.execute(sa.insert(Reaction), rows)
    consultation.last_reference_number = reactions
    recount(consultation)
    db.session.commit()
    return consultation


def seed_extras() -> None:
    """The other public pages' data: a reactienota version of the bench consultation (as published; its
    page shows it whatever the period), a werkatelier and an actieprogramma at realistic sizes."""
    from bench import actions, workshops
    from consult.reports.services import _freeze_version

    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    with current_app.test_request_context():  # the nota's links are made with url_for
        _freeze_version(consultation, None, utcnow(), "")
    db.session.commit()
    workshops.seed(registrations=500, cards=2000)
    actions.seed(1000)
    db.session.remove()  # its ids were read after the commit: end that transaction before ANALYZE writes


def ensure_database(database_url: str) -> None:
    """Create a PostgreSQL database named in ``database_url`` when the server has none of that name (a new
    machine); a SQLite file is made by its first connection."""
    url = sa.make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}):
            connection.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reactions", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--no-extras", action="store_true", help="only the consultation and its reactions")
    parser.add_argument("--extras-only", action="store_true", help="add the extras to a database seeded before")
    args = parser.parse_args()
    if args.database_url:
        ensure_database(args.database_url)
    overrides = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = create_app(overrides)
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        if args.extras_only:
            seed_extras()
            print(f"seeded the reactienota, werkatelier and actieprogramma in {time.perf_counter() - started:.1f} s")
            return
        seed(args.reactions)
        if not args.no_extras:
            seed_extras()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE reactions")
        else:
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        print(f"seeded {args.reactions} reactions in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
