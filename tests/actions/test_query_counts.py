"""The actieprogramma's pages and export run the same number of queries with many actions as with a few:
themes, owners, municipalities and updates are loaded per list, not per action."""
from datetime import timedelta

from consult.actions.models import ActionScope, ActionStatus, ActionUpdate
from consult.core.db import utcnow
from consult.core.i18n import local_today
from tests.actions.conftest import make_action
from tests.rounds.test_query_counts import queries_for


def grow(session, world, count: int) -> None:
    now = utcnow()
    for n in range(count):
        local = n % 2 == 0
        action = make_action(session, world, title=f"Actie {count}-{n}", theme=world.themes[n % 2],
                             scope=ActionScope.LOCAL if local else ActionScope.REGIONAL,
                             municipalities=[world.a, world.b][: 1 + n % 2] if local else [],
                             owner_organisation=world.a if n % 3 else None,
                             deadline=local_today() - timedelta(days=n % 5 - 2), status=list(ActionStatus)[n % 3])
        for m in range(2):
            session.add(ActionUpdate(action=action, body=f"Stap {m}", created_at=now - timedelta(days=m)))
    session.commit()


def test_the_pages_do_not_grow_in_queries_with_the_programme(app, client, login, session, world):
    programme = world.programme.id
    base = f"/actieprogrammas/{programme}"
    theme = f"{base}/themas/{world.themes[0].id}"
    urls = (base, f"{base}/gemeenten/{world.a.slug}", theme, f"{theme}?gemeente={world.a.slug}&schaal=local",
            f"{theme}?status=planned&pagina=2", f"{base}/themas/zonder-thema", f"{base}/voortgang",
            f"{base}/voortgang?toon=te-laat", f"{base}/voortgang?toon=gewijzigd", f"{base}/voortgang?toon=nieuw",
            f"{base}/voortgang.csv", f"{base}/voortgang.xlsx", "/actieprogrammas", "/regio")
    login(world.users["official_a"])
    grow(session, world, 12)  # every kind of action: later ones add no kind of query, only rows
    small = [queries_for(app, client, url) for url in urls]
    grow(session, world, 48)
    large = [queries_for(app, client, url) for url in urls]
    assert large == small, dict(zip(urls, zip(small, large, strict=True), strict=True))
