"""Failing tests from the outside test of the page cache (issue 15, tester cache15): each reproduces a way
a kept page outlives what it shows. Written against the unchanged application code."""
import time
from datetime import timedelta

import sqlalchemy as sa

from consult.core.db import utcnow
from tests.workshops.conftest import make_workshop  # noqa: F401 (a fixture)


def test_a_werkatelier_whose_last_session_ended_leaves_the_home_page_at_its_end(client, session, make_workshop):  # noqa: F811
    """``coming_workshops`` lists a werkatelier while a session's ``ends_at`` is ahead; ``next_change``
    knows only ``starts_at``, so the kept home page keeps listing it after it ended
    (until midnight or an unrelated change)."""
    now = utcnow().replace(microsecond=0)
    # held now: started 3 hours minus 2 seconds ago, ends in 2 seconds (the fixture's sessions last 3 hours)
    workshop = make_workshop(starts=now - timedelta(hours=3) + timedelta(seconds=2))
    ends_at = workshop.sessions[0].ends_at
    urls = ["/"]
    for url in urls:
        assert workshop.title in client.get(url).text, url
    time.sleep(max(0.0, (ends_at - utcnow()).total_seconds()) + 0.2)
    for url in urls:
        assert workshop.title not in client.get(url).text, f"{url} still lists the werkatelier that ended"


def test_a_request_with_a_script_name_cannot_set_the_links_of_everyones_kept_page(app, client, session):
    """The key holds PATH_INFO but not SCRIPT_NAME, while every link Flask writes starts with SCRIPT_NAME.
    gunicorn takes SCRIPT_NAME from a request header of a trusted forwarder (its default for 127.0.0.1),
    so one request ``GET //evil.example/huisregels`` with ``SCRIPT_NAME: //evil.example`` (live: curl
    --path-as-is -H 'SCRIPT_NAME: //evil.example' http://127.0.0.1:5071//evil.example/huisregels) makes
    the kept page's links, stylesheet included, point to another site for every later visitor."""
    poisoned = app.test_client().get("/huisregels", environ_overrides={"SCRIPT_NAME": "//evil.example"})
    assert poisoned.status_code == 200 and 'href="//evil.example/' in poisoned.text  # Flask follows SCRIPT_NAME
    page = client.get("/huisregels")
    assert "//evil.example" not in page.text, "an ordinary visitor got the page made for another SCRIPT_NAME"


def _redis_url() -> str | None:
    import os
    import socket
    url = os.environ.get("TESTER_REDIS_URL", "redis://127.0.0.1:6379/13")  # a database of its own
    try:
        with socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])), timeout=1):
            return url
    except OSError:
        return None


def test_after_a_restored_backup_redis_never_serves_a_page_of_the_lost_timeline(app, client, make_consultation, session,
                                                                                  monkeypatch):
    """README: to restore, stop the app, ``flask restore`` into an empty database, start the app. The
    public version goes back with the database, but pages kept in Redis (``CACHE_REDIS_URL``) stay for
    ``PAGE_CACHE_SECONDS``: the first change after the restore brings the version back to a number a page
    was kept under before, and that page of the lost timeline is served. Live: see the report (two
    gunicorns on one Redis, ``flask restore``)."""
    import pytest

    from consult.consultations.models import Consultation
    from consult.pagecache.cache import RedisCache
    from consult.pagecache.models import PublicVersion

    url = _redis_url()
    if url is None:
        pytest.skip("needs Redis")
    cache = RedisCache(url)
    cache.clear()
    monkeypatch.setattr(app.wsgi_app, "signal", None)  # the database is asked on every request
    monkeypatch.setitem(app.extensions, "page_cache", cache)
    try:
        consultation = make_consultation(title="Oorspronkelijke titel")
        page = f"/consultaties/{consultation.slug}"
        backup_version = session.scalar(sa.select(PublicVersion.version))
        consultation.title = "Titel die de herstelde backup ongedaan maakt"
        session.commit()
        assert "Titel die de herstelde backup ongedaan maakt" in client.get(page).text

        # the restore: the database is back as it was at the backup (the app is stopped: its memory is gone)
        # on the connection: statements there are not seen by the page cache's tracking, as a restore is not
        session.connection().execute(sa.update(Consultation).where(Consultation.id == consultation.id)
                                     .values(title="Oorspronkelijke titel"))
        session.execute(sa.update(PublicVersion).values(version=backup_version))
        session.commit()
        app.wsgi_app.memo = None
        assert "Oorspronkelijke titel" in client.get(page).text

        consultation = session.get(Consultation, consultation.id)
        consultation.title = "Titel na het herstel"
        session.commit()
        shown = client.get(page).text
        assert "Titel die de herstelde backup ongedaan maakt" not in shown, "a page from before the restore is served"
        assert "Titel na het herstel" in shown
    finally:
        cache.clear()


def test_a_log_in_leaves_the_public_version(app, client, make_user, login, session):
    """tracking's docstring: "Tables no public page reads are left out, so a log-in ... does not empty the
    cache". A log-in writes ``users.last_login_at`` (a public table as a whole), so every log-in of a
    resident or official moves the version and every kept page on every server is made again."""
    from consult.pagecache.models import PublicVersion

    user = make_user()
    before = session.scalar(sa.select(PublicVersion.version))
    login(user)
    session.expire_all()
    assert session.scalar(sa.select(PublicVersion.version)) == before, "a log-in emptied the page cache"


def test_a_redis_outage_does_not_turn_public_pages_into_errors(app, client, make_consultation, session, monkeypatch):
    """With ``CACHE_REDIS_URL`` the sign is read from Redis on every anonymous request, and bumped after
    every public commit. Live (Redis stopped, gunicorn with CACHE_REDIS_URL): every anonymous public page
    is a 500 (redis ConnectionError in ``public_state``), and a log-in commits then answers 500 (the bump
    in ``tracking._after_commit``). The cache is an optimisation: without Redis, Flask can still answer."""
    import redis

    class DownSignal:
        name = "down"

        def read(self):
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        def bump(self):
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    consultation = make_consultation()
    monkeypatch.setattr(app.wsgi_app, "signal", DownSignal())
    app.testing = False  # as in production: an exception is a 500, not raised into the test
    try:
        response = client.get(f"/consultaties/{consultation.slug}")
    except redis.exceptions.ConnectionError:  # raised past Flask: the WSGI server answers 500
        response = None
    finally:
        app.testing = True
    assert response is not None and response.status_code == 200


def test_after_a_restored_backup_a_browser_copy_of_the_lost_timeline_gets_no_304(app, client, make_consultation, session):
    """The ETag is the page key, which holds the public version; after a restore the version comes back to
    numbers already handed out, so a browser or proxy that kept a page from before the restore (``public,
    no-cache``: it asks with If-None-Match) gets 304 and goes on showing it, also without Redis."""
    from consult.consultations.models import Consultation
    from consult.pagecache.models import PublicVersion

    consultation = make_consultation(title="Oorspronkelijke titel")
    page = f"/consultaties/{consultation.slug}"
    backup_version = session.scalar(sa.select(PublicVersion.version))
    consultation.title = "Titel die de herstelde backup ongedaan maakt"
    session.commit()
    lost = client.get(page)
    assert "Titel die de herstelde backup ongedaan maakt" in lost.text

    # the restore (the app stopped and started again: its memory is empty)
    session.connection().execute(sa.update(Consultation).where(Consultation.id == consultation.id)
                                 .values(title="Oorspronkelijke titel"))
    session.execute(sa.update(PublicVersion).values(version=backup_version))
    session.commit()
    app.extensions["page_cache"].clear()
    app.wsgi_app.memo = None
    consultation = session.get(Consultation, consultation.id)
    consultation.title = "Titel na het herstel"
    session.commit()
    again = client.get(page, headers={"If-None-Match": lost.headers["ETag"]})
    assert again.status_code == 200 and "Titel na het herstel" in again.text, "the browser keeps the page of the lost timeline"
