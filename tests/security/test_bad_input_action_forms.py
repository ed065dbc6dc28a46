"""Bad input through the actieprogramma's forms: a new action (every text and choice field, and the
source named by the workbench button), a progress update, the progress view's date, and mangled tokens in
the terugkoppeling stop link. ``corpora.sample()`` for each, the same checks as
test_bad_input_other_forms.py: no 500, no foreign markup, a refused form shows back exactly what was typed;
then the pages that show what was stored."""
from urllib.parse import quote

import sqlalchemy as sa

from consult.actions.models import Action, ActionUpdate
from consult.core.forms import clean_text
from tests.actions.conftest import make_action, world  # noqa: F401  (the fixture)
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.test_bad_input_other_forms import (  # noqa: F401  (fixtures)
    Results,
    no_rate_limits,
    quiet_access_log,
    rotated,
)

FIELDS = ("title", "description", "theme", "scope", "municipalities", "owner", "deadline", "source")


def test_the_action_form(client, login, session, world, no_rate_limits):  # noqa: F811
    login(world.users["official_r"])
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, FIELDS)
        if n % 7 != 1:  # a mangled source is a 404 before the form is read; most requests have none
            data["source"] = ""
        if n % 3 == 0:  # valid choices, so that the free text gets stored too
            data.update(theme=str(world.themes[0].id), scope="regional", municipalities=[], owner="", deadline="",
                        source="")
        response = results.send(f"new action, sample string {n}", client.post, url, data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400 and n % 3:
            results.send(f"new action shown back, sample string {n}", lambda u, **k: response, url,
                         shows={"title": clean_text(data["title"])})
    results.assert_clean({302, 400, 404})
    stored = session.scalars(sa.select(Action.id)).all()
    assert len(stored) > len(strings) / 3 * 0.5
    for page in (f"/actieprogrammas/{world.programme.id}", f"/actieprogrammas/{world.programme.id}/voortgang",
                 f"/actieprogrammas/{world.programme.id}/gemeenten/{world.a.slug}", "/actieprogrammas"):
        results.send(page, client.get, page)
    for action_id in stored[::20]:
        results.send(f"action {action_id}", client.get, f"/acties/{action_id}")
        results.send(f"edit action {action_id}", client.get, f"/acties/{action_id}/bewerken")
    results.assert_clean({200, 302, 400, 404})
    # Removing: the confirmation shows the corpus title, the form takes no field but its token (anything
    # else sent is ignored), and the removed action's link answers 410 without its title.
    token = csrf_token(client.get(f"/acties/{stored[0]}/verwijderen").text)
    for n, action_id in enumerate(stored[::20]):
        results.send(f"remove action {action_id}", client.get, f"/acties/{action_id}/verwijderen")
        results.send(f"remove action {action_id}, sample string {n}", client.post, f"/acties/{action_id}/verwijderen",
                     data={"csrf_token": token, "confirm": strings[n % len(strings)]})
        results.send(f"removed action {action_id}", client.get, f"/acties/{action_id}")
    results.send("the programme after removals", client.get, f"/actieprogrammas/{world.programme.id}")
    results.assert_clean({200, 302, 400, 404, 410})  # counted with the whole test so far
    assert not set(stored[::20]) & set(session.scalars(sa.select(Action.id)))


def test_progress_updates_and_the_progress_date(client, login, session, world, no_rate_limits):  # noqa: F811
    action = make_action(session, world)
    login(world.users["official_r"])
    token = csrf_token(client.get(f"/acties/{action.id}").text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("status", "body"))
        if n % 2:
            data["status"] = ""
        response = results.send(f"progress, sample string {n}", client.post, f"/acties/{action.id}/voortgang",
                                data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400:
            results.send(f"progress shown back, sample string {n}", lambda u, **k: response, "",
                         shows={"body": clean_text(data["body"])})
        results.send(f"progress since, sample string {n}", client.get,
                     f"/actieprogrammas/{world.programme.id}/voortgang?since={quote(strings[n], safe='')}")
    results.assert_clean({200, 302, 400})
    assert session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate)) > len(strings) / 2 * 0.5
    results.send("the action after the corpus", client.get, f"/acties/{action.id}")
    results.send("the progress view after the corpus", client.get, f"/actieprogrammas/{world.programme.id}/voortgang?since=2000-01-01")
    results.assert_clean({200, 302, 400})


def test_stop_links_and_workbench_sources_with_mangled_values(client, login, world, no_rate_limits):  # noqa: F811
    token = csrf_token(client.get("/inloggen").text)
    results = Results()
    for n, text in enumerate(sample()):
        link = f"/terugkoppeling/stoppen/{quote(text, safe='')}"
        results.send(f"stop {link[:40]}, sample string {n}", client.get, link)
        if n % 3 == 0:
            results.send(f"stop post {link[:40]}, sample string {n}", client.post, link, data={"csrf_token": token})
    results.assert_clean({200, 308, 404, 405})
    login(world.users["official_r"])
    token = csrf_token(client.get(f"/acties/nieuw?bron=reaction:{world.reactions[0].id}").text)
    strings = sample()
    for n, text in enumerate(strings):
        results.send(f"source, sample string {n}", client.get, f"/acties/nieuw?bron={quote(text, safe='')}")
        data = rotated(strings, n, ("action", "source"))
        if n % 2:
            data["source"] = f"reaction:{world.reactions[0].id}"
        results.send(f"link, sample string {n}", client.post, "/acties/koppelen", data={**data, "csrf_token": token})
    results.assert_clean({200, 302, 308, 400, 404, 405})
