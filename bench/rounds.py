"""A feedbackronde at its busiest: the officials' progress view, one organisation's page, the progress
export, a partner's round page and the workbench, first with 10 invited organisations and then with
200 organisations and 5,000 comments. Prints p50/p95 and queries per request for both sizes, and says
where the number of queries grew.

    python -m bench.rounds [--database-url URL] [--organisations 200] [--comments 5000] [--repeat 30]

Requests go through the app in-process (Flask's test client), so the figures are the server's own time.
The round is made again on every run (its own organisations, people and consultation).
"""
from __future__ import annotations

import random
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa

from bench.generate import DEMO_TEXT, NAMES, PASSWORD, sentences
from bench.timing import bench_app, bench_parser, log_in, report, time_pages
from consult.accounts.models import Membership, MembershipRole, User
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import DraftComment, FeedbackRound, ReminderKind, RoundInvitation, RoundReminder

SLUG = "bench-feedbackronde"
OFFICIAL = "bench.ronde.ambtenaar@example.org"
PARTNER = "bench.ronde.partner@example.org"
KINDS = (OrganisationKind.CARE_PROVIDER, OrganisationKind.HOUSING_CORPORATION, OrganisationKind.CLIENT_COUNCIL,
         OrganisationKind.WELFARE, OrganisationKind.ADVISORY_COUNCIL, OrganisationKind.INTERNAL_TEAM)
PROGRESS = f"/beheer/consultaties/{SLUG}/ronde"


def pages(first_organisation: str) -> dict[str, tuple[str, str]]:
    """name → (who asks, URL)."""
    return {
        "progress view": ("official", PROGRESS),
        "progress: not responded": ("official", f"{PROGRESS}?toon=niet-gereageerd"),
        "one organisation's page": ("official", f"{PROGRESS}/organisaties/{first_organisation}"),
        "progress as CSV": ("official", f"{PROGRESS}/voortgang.csv"),
        "progress as XLSX": ("official", f"{PROGRESS}/voortgang.xlsx"),
        "workbench (all statuses)": ("official", f"/beheer/consultaties/{SLUG}/moderatie?status=all"),
        "workbench: channel feedbackronde": ("official", f"/beheer/consultaties/{SLUG}/moderatie?status=all&channel=partner_round"),
        "partner's round page": ("partner", f"/rondes/{SLUG}/{first_organisation}"),
        "partner's Mijn organisatie": ("partner", "/mijn-organisatie"),
        "comparison per section": ("official", f"{PROGRESS}/vergelijking"),
        "comparison: one kind": ("official", f"{PROGRESS}/vergelijking?soort=housing_corporation"),
    }


def _remove_previous() -> None:
    existing = db.session.scalar(sa.select(Consultation).where(Consultation.slug == SLUG))
    if existing is not None:
        db.session.execute(sa.delete(Reaction).where(Reaction.consultation_id == existing.id))
        db.session.delete(existing)
    db.session.execute(sa.delete(Membership).where(Membership.organisation_id.in_(
        sa.select(Organisation.id).where(Organisation.slug.like("bench-ronde-%")))))
    db.session.execute(sa.delete(Organisation).where(Organisation.slug.like("bench-ronde-org-%")))
    db.session.flush()


def _person(email: str, name: str, organisation: Organisation, role: MembershipRole) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name)
        user.set_password(PASSWORD)
        db.session.add(user)
    user.memberships.append(Membership(organisation=organisation, role=role))
    return user


def seed(organisations: int, comments: int, seed_value: int = 2026) -> str:
    """A published round of one municipality with ``organisations`` invited (three in four opened it,
    one in two submitted, one in five reminded twice) and ``comments`` comments: nine in ten submitted
    (reactions in the workbench, a third published, partners see each other's), one in ten still in
    drafts. Returns the slug of the first organisation, where the bench partner works."""
    rng = random.Random(seed_value)
    pool = sentences()
    _remove_previous()
    owner = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "bench-ronde-gemeente")) or Organisation(
        name="Gemeente Rondebench", slug="bench-ronde-gemeente", kind=OrganisationKind.MUNICIPALITY)
    db.session.add(owner)
    official = _person(OFFICIAL, "Bench Ambtenaar Ronde", owner, MembershipRole.OFFICIAL)
    document = Document(organisation=owner, title="Benchmark-agenda voor partners", kind=DocumentKind.STRATEGIC_AGENDA)
    db.session.add(document)
    version = add_version_from_markdown(document, DEMO_TEXT.read_text())
    now = utcnow()
    consultation = Consultation(
        organisation=owner, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED, state=State.PUBLISHED,
        slug=SLUG, title="Benchmark-feedbackronde", reference_prefix="BRD", document_version=version,
        opens_at=now - timedelta(days=20), closes_at=now + timedelta(days=5))
    feedback_round = FeedbackRound(consultation=consultation, partners_see_each_other=True)
    db.session.add(feedback_round)
    invited = []
    for n in range(organisations):
        organisation = Organisation(name=f"{rng.choice(['Stichting', 'Coöperatie', 'Vereniging'])} {rng.choice(NAMES)} {n:03d}",
                                    slug=f"bench-ronde-org-{n:03d}", kind=KINDS[n % len(KINDS)])
        db.session.add(organisation)
        invitation = RoundInvitation(round=feedback_round, organisation=organisation, invited_at=now - timedelta(days=19),
                                     opened_at=now - timedelta(days=rng.randint(1, 18)) if rng.random() < 0.75 else None,
                                     submitted_at=now - timedelta(days=rng.randint(0, 3)) if n % 2 else None)
        db.session.add(invitation)
        invited.append(invitation)
    partner = _person(PARTNER, "Bench Partner", invited[0].organisation, MembershipRole.PARTNER)
    db.session.flush()
    for n, invitation in enumerate(invited):
        if n % 5 == 0:
            db.session.add_all([
                RoundReminder(invitation=invitation, kind=ReminderKind.AUTOMATIC, days_before=7,
                              deadline=consultation.closes_at, sent_at=now - timedelta(days=2), recipients=1),
                RoundReminder(invitation=invitation, kind=ReminderKind.MANUAL, sent_by_id=official.id,
                              sent_at=now - timedelta(days=1), recipients=1)])
    sections = version.sections
    reactions, drafts = [], []
    for n in range(1, comments + 1):
        invitation = invited[n % len(invited)]
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        section = rng.choice(sections) if rng.random() < 0.8 else None
        if n % 10 == 0:
            drafts.append({"invitation_id": invitation.id, "section_id": section.id if section else None, "quote": "",
                           "body": body, "created_by_id": partner.id, "created_at": now})
            continue
        at = now - timedelta(days=3) + timedelta(seconds=rng.randint(0, 3 * 86400))
        organisation = invitation.organisation
        reactions.append({
            "consultation_id": consultation.id, "document_version_id": version.id,
            "section_id": section.id if section else None, "reference": f"BRD-2026-{n:06d}",
            "channel": Channel.PARTNER_ROUND, "status": ReactionStatus.APPROVED if n % 3 == 0 else ReactionStatus.PENDING,
            "publication": Publication.ANONYMOUS, "author_name": "Bench Partner", "author_email": PARTNER,
            "author_place": "", "author_address": "", "organisation_id": organisation.id,
            "organisation_name": organisation.name, "organisation_kind": organisation.kind, "quote": "", "body": body,
            "is_late": False, "co_signers": "", "rejection_reason": "", "submitted_at": at, "received_at": at,
            "confirmed_at": at, "updated_at": at,
        })
    for start in range(0, len(reactions), 5000):
        db.session.execute(sa.insert(Reaction), reactions[start:start + 5000])
    if drafts:
        db.session.execute(sa.insert(DraftComment), drafts)
    consultation.last_reference_number = comments
    recount(consultation)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return invited[0].organisation.slug


def main() -> None:
    parser = bench_parser(__doc__, repeat=30)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--comments", type=int, default=5000)
    args = parser.parse_args()
    app = bench_app(args)
    sizes = ((10, max(1, args.comments // 20)), (args.organisations, args.comments))
    measured = []
    for organisations, comments in sizes:
        with app.app_context():
            flask_migrate.upgrade()
            first = seed(organisations, comments)
            db.session.remove()
        clients = log_in(app, {"official": (OFFICIAL, PASSWORD), "partner": (PARTNER, PASSWORD)})
        measured.append(time_pages(app, clients, pages(first), args.repeat))
    with app.app_context():
        dialect = db.engine.dialect.name
    print(f"database: {dialect}; {sizes[0][0]} → {sizes[1][0]} organisations, {sizes[0][1]} → {sizes[1][1]} comments")
    report(*measured, small_label="at 10")


if __name__ == "__main__":
    main()
