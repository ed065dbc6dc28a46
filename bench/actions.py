"""An actieprogramma at scale: the public overviews (per theme, per municipality), an action, the progress
view and its CSV and XLSX, and the regio page, first with 50 actions and then with 1,000 over six
municipalities. Prints p50/p95 and queries per request for both sizes, and says where the number of
queries grew.

    python -m bench.actions [--database-url URL] [--actions 1000] [--repeat 20]

Requests go through the app in-process (Flask's test client), so the figures are the server's own time.
The region is made again on every run (its own organisations, people and programme).
"""
from __future__ import annotations

import random
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa

from bench.generate import PASSWORD
from bench.timing import bench_app, bench_parser, log_in, report, time_pages
from consult.accounts.models import Membership, MembershipRole, User
from consult.actions.models import Action, ActionScope, ActionStatus, ActionUpdate, action_municipalities
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind, Theme
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind

PREFIX = "bench-acties"
MEMBER = "bench.acties.ambtenaar@example.org"


def _remove_previous() -> None:
    region = db.session.scalar(sa.select(Organisation).where(Organisation.slug == f"{PREFIX}-regio"))
    if region is None:
        return
    ids = [region.id, *(m.id for m in region.members)]
    actions = sa.select(Action.id).where(Action.programme_id.in_(
        sa.select(Document.id).where(Document.organisation_id == region.id)))
    db.session.execute(sa.delete(action_municipalities).where(action_municipalities.c.action_id.in_(actions)))
    db.session.execute(sa.delete(ActionUpdate).where(ActionUpdate.action_id.in_(actions)))
    db.session.execute(sa.delete(Action).where(Action.id.in_(actions)))
    db.session.execute(sa.delete(Theme).where(Theme.organisation_id == region.id))
    for document in db.session.scalars(sa.select(Document).where(Document.organisation_id == region.id)):
        db.session.delete(document)
    db.session.execute(sa.delete(Membership).where(Membership.organisation_id.in_(ids)))
    db.session.execute(sa.delete(User).where(User.email == MEMBER))
    db.session.execute(sa.update(Organisation).where(Organisation.id.in_(ids)).values(region_id=None))
    db.session.execute(sa.delete(Organisation).where(Organisation.id.in_(ids)))
    db.session.commit()


def seed(actions: int, seed_value: int = 2026) -> tuple[int, int, str, int]:
    """A region with six municipalities, five themes and ``actions`` actions with two updates each.
    Returns (programme id, one action id, a municipality's slug, a theme's id)."""
    _remove_previous()
    rng, now = random.Random(seed_value), utcnow()
    region = Organisation(name="Bench Regio", slug=f"{PREFIX}-regio", kind=OrganisationKind.REGION)
    members = [Organisation(name=f"Bench Gemeente {n}", slug=f"{PREFIX}-{n}", kind=OrganisationKind.MUNICIPALITY,
                            region=region) for n in range(6)]
    programme = Document(organisation=region, title="Bench actieprogramma", kind=DocumentKind.ACTION_PROGRAMME)
    themes = [Theme(organisation=region, title=f"Thema {n}", owners=f"Wethouders {n}", position=n) for n in range(5)]
    user = User(email=MEMBER, name="Bench Ambtenaar")
    user.set_password(PASSWORD)
    user.memberships.append(Membership(organisation=members[0], role=MembershipRole.OFFICIAL))
    db.session.add_all([region, *members, programme, *themes, user])
    # put to the public (a published public consultation on it): only then are its pages public
    db.session.add(Consultation(organisation=region, kind=ConsultationKind.PUBLIC_INSPECTION, audience=Audience.PUBLIC,
                                state=State.PUBLISHED, slug=f"{PREFIX}-inzage", title="Bench actieprogramma ter inzage",
                                reference_prefix="BAP", document_version=add_version_from_markdown(programme, "# Acties"),
                                opens_at=utcnow() - timedelta(days=7), closes_at=utcnow() + timedelta(days=35)))
    db.session.flush()
    made = []
    for n in range(actions):
        local = rng.random() < 0.6
        action = Action(programme=programme, theme=rng.choice(themes), title=f"Actie {n}: {rng.random():.6f}",
                        description="Wat er gebeurt en wat het oplevert. " * 5,
                        scope=ActionScope.LOCAL if local else ActionScope.REGIONAL,
                        municipalities=rng.sample(members, rng.randint(1, 3)) if local else [],
                        owner_organisation=rng.choice([None, region, *members]),
                        deadline=(now + timedelta(days=rng.randint(-60, 300))).date(),
                        status=rng.choice(list(ActionStatus)), created_at=now - timedelta(days=rng.randint(0, 120)),
                        changed_at=now - timedelta(days=rng.randint(0, 60)))
        action.updates = [ActionUpdate(body="Voortgang " * 10, created_at=now - timedelta(days=rng.randint(0, 90)))
                          for _ in range(2)]
        made.append(action)
    db.session.add_all(made)
    db.session.commit()
    return programme.id, made[0].id, members[0].slug, themes[0].id


def pages(programme: int, action: int, municipality: str, theme: int) -> dict[str, tuple[str, str]]:
    base = f"/actieprogrammas/{programme}"
    return {
        "programme per theme": ("public", base),
        "one municipality": ("public", f"{base}/gemeenten/{municipality}"),
        "a theme's page": ("public", f"{base}/themas/{theme}"),
        "a theme's page 3, one municipality": ("public", f"{base}/themas/{theme}?gemeente={municipality}&pagina=3"),
        "a theme's page, regional, delayed": ("public", f"{base}/themas/{theme}?schaal=regional&status=delayed"),
        "one action": ("public", f"/acties/{action}"),
        "progress view": ("public", f"{base}/voortgang"),
        "progress: late, page 2": ("public", f"{base}/voortgang?toon=te-laat&pagina=2"),
        "progress: changed, page 2": ("public", f"{base}/voortgang?toon=gewijzigd&pagina=2"),
        "progress CSV": ("public", f"{base}/voortgang.csv"),
        "progress XLSX": ("public", f"{base}/voortgang.xlsx"),
        "regio page (member)": ("member", "/regio"),
    }


def main() -> None:
    parser = bench_parser(__doc__, repeat=20)
    parser.add_argument("--actions", type=int, default=1000)
    args = parser.parse_args()
    app = bench_app(args)
    measured = []
    for size in (50, args.actions):
        with app.app_context():
            flask_migrate.upgrade()
            urls = pages(*seed(size))
            dialect = db.engine.dialect.name
            db.session.remove()
        clients = log_in(app, {"public": None, "member": (MEMBER, PASSWORD)})
        measured.append(time_pages(app, clients, urls, args.repeat))
    print(f"database: {dialect}; 50 → {args.actions} actions over 6 municipalities")
    report(*measured, small_label="at 50")


if __name__ == "__main__":
    main()
