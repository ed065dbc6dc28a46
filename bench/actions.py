"""An actieprogramma at scale: the public overviews (per theme, per municipality), an action, the progress
view and its CSV and XLSX, and the regio page, first with 50 actions and then with 1,000 over six
municipalities. Prints p50/p95 and queries per request for both sizes, and says where the number of
queries grew.

    python -m bench.actions [--database-url URL] [--actions 1000] [--repeat 20]

Requests go through the app in-process (Flask's test client), so the figures are the server's own time.
The region is made again on every run (its own organisations, people and programme).
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import timedelta

import flask_migrate
import sqlalchemy as sa
from sqlalchemy import event

from bench.generate import PASSWORD
from bench.run import percentile
from consult import create_app
from consult.accounts.models import Membership, MembershipRole, User
from consult.actions.models import Action, ActionScope, ActionStatus, ActionUpdate, action_municipalities
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind, Theme
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


def seed(actions: int, seed_value: int = 2026) -> tuple[int, int, str]:
    """A region with six municipalities, five themes and ``actions`` actions with two updates each.
    Returns (programme id, one action id, a municipality's slug)."""
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
    return programme.id, made[0].id, members[0].slug


def pages(programme: int, action: int, municipality: str) -> dict[str, tuple[str, str]]:
    base = f"/actieprogrammas/{programme}"
    return {
        "programme per theme": ("public", base),
        "one municipality": ("public", f"{base}/gemeenten/{municipality}"),
        "one action": ("public", f"/acties/{action}"),
        "progress view": ("public", f"{base}/voortgang"),
        "progress CSV": ("public", f"{base}/voortgang.csv"),
        "progress XLSX": ("public", f"{base}/voortgang.xlsx"),
        "regio page (member)": ("member", "/regio"),
    }


def measure(app, urls: dict, repeat: int) -> dict[str, tuple[float, float, set[int]]]:
    queries = {"count": 0}
    with app.app_context():
        engine = db.engine

    def count(*_args, **_kwargs):
        queries["count"] += 1

    event.listen(engine, "before_cursor_execute", count)
    clients = {"public": app.test_client(), "member": app.test_client()}
    assert clients["member"].post("/inloggen", data={"email": MEMBER, "password": PASSWORD}).status_code == 302
    results = {}
    try:
        for name, (who, url) in urls.items():
            clients[who].get(url)
            timings, counts = [], set()
            for _ in range(repeat):
                queries["count"] = 0
                started = time.perf_counter()
                response = clients[who].get(url)
                response.get_data()
                timings.append((time.perf_counter() - started) * 1000)
                counts.add(queries["count"])
                assert response.status_code == 200, (url, response.status_code)
            results[name] = (statistics.median(timings), percentile(timings, 0.95), counts)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    overrides = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = create_app({**overrides, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    measured = []
    for size in (50, args.actions):
        with app.app_context():
            flask_migrate.upgrade()
            urls = pages(*seed(size))
            db.session.remove()
        gc.collect()
        measured.append(measure(app, urls, args.repeat))
    small, large = measured
    print(f"50 → {args.actions} actions over 6 municipalities")
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'at 50':>8}")
    grew = []
    for name, (p50, p95, counts) in large.items():
        print(f"{name:24} {p50:8.1f} {p95:8.1f} {'/'.join(map(str, sorted(counts))):>8} "
              f"{'/'.join(map(str, sorted(small[name][2]))):>8}")
        if counts != small[name][2]:
            grew.append(name)
    print("queries grew on: " + ", ".join(grew) if grew else "every page ran the same number of queries at both sizes")


if __name__ == "__main__":
    main()
