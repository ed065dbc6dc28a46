"""The page cache in front of Flask (a WSGI middleware): a kept page is served without Flask, with the
headers Flask sends, and only to the visitors Flask would give it to (issue 15)."""
from contextlib import contextmanager

from flask import request_started

from consult.pagecache import front, tracking
from consult.reactions.tokens import Purpose, make_token
from tests.conftest import csrf_token
from tests.reactions.test_reports import _published
from tests.rounds.test_query_counts import counted_queries

PER_REQUEST = {"Date", "X-Request-ID"}


@contextmanager
def flask_requests(app):
    """How many requests reached Flask (its request context and hooks) inside the block."""
    seen = []

    def count(sender, **_extra):
        seen.append(1)

    request_started.connect(count, app)
    try:
        yield seen
    finally:
        request_started.disconnect(count, app)


def same_headers(one, other) -> bool:
    return ([item for item in one.headers.items() if item[0] not in PER_REQUEST]
            == [item for item in other.headers.items() if item[0] not in PER_REQUEST])


def test_a_kept_page_is_served_in_front_of_flask_with_flasks_headers(app, client, make_consultation, session, monkeypatch):
    monkeypatch.setattr(front, "MEMO_SECONDS", 600)  # a slow machine must not turn the hits' 0 queries into 1
    consultation = make_consultation()
    _published(session, consultation)
    for url in ("/", f"/consultaties/{consultation.slug}", f"/consultaties/{consultation.slug}/reacties?pagina=1"):
        for encoding in ("", "gzip"):
            headers = {"Accept-Encoding": encoding} if encoding else {}
            with flask_requests(app) as seen:
                made = client.get(url, headers=headers)
            assert len(seen) == 1 and made.status_code == 200, url
            with flask_requests(app) as seen, counted_queries(app) as statements:
                kept = client.get(url, headers=headers)
                head = client.head(url, headers=headers)
                not_modified = client.get(url, headers={**headers, "If-None-Match": made.headers["ETag"]})
            assert seen == [] and len(statements) == (0 if app.wsgi_app.signal else 3), url
            assert kept.data == made.data and same_headers(kept, made), url
            assert kept.headers["X-Request-ID"] != made.headers["X-Request-ID"] and kept.headers["Date"]
            assert head.data == b"" and same_headers(head, made), url
            assert not_modified.status_code == 304 and not_modified.data == b"", url
            assert not_modified.headers["ETag"] == made.headers["ETag"] and "Content-Type" not in not_modified.headers
        assert made.headers["Content-Encoding"] == "gzip" and made.headers["ETag"] != client.get(url).headers["ETag"]


def test_a_withdrawn_reaction_is_gone_on_the_next_request_through_the_middleware(app, client, make_consultation, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    reaction.body = "Tekst die wordt ingetrokken"
    session.commit()
    url = f"/consultaties/{consultation.slug}/reacties"
    client.get(url)
    with flask_requests(app) as seen:
        assert "Tekst die wordt ingetrokken" in client.get(url).text
    assert seen == []  # served in front of Flask

    resident = app.test_client()
    with app.app_context():
        manage = f"/reacties/{make_token(reaction.id, Purpose.MANAGE)}"
    assert resident.post(f"{manage}/intrekken", data={"csrf_token": csrf_token(resident.get(manage).text)}).status_code == 302
    assert "Tekst die wordt ingetrokken" not in client.get(url).text
    with flask_requests(app) as seen:
        assert "Tekst die wordt ingetrokken" not in client.get(url).text
    assert seen == []  # the new page is kept in its turn


def test_a_signed_in_officials_page_is_never_served_from_the_middleware(app, client, make_consultation, make_user, login, session):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    url = f"/consultaties/{consultation.slug}"
    public = app.test_client()
    public.get(url)
    kept = public.get(url)
    login(official)
    with flask_requests(app) as seen:
        own = client.get(url)
        again = client.get(url)
    assert len(seen) == 2, "both reached Flask"
    assert "Vera Jansen" in own.text and "Vera Jansen" in again.text and again.headers["Cache-Control"] == "no-store"
    assert public.get(url).data == kept.data and "Vera Jansen" not in kept.text  # a log-in leaves the version
    with flask_requests(app) as seen:
        assert public.get(url).data == kept.data
    assert seen == []


def test_a_session_holding_more_than_the_language_reaches_flask(app, client, make_consultation, session):
    consultation = make_consultation()
    reaction = _published(session, consultation)
    url = f"/consultaties/{consultation.slug}"
    client.get(url)
    client.get(f"/reacties/{reaction.id}/melden")  # a form: the session now holds its CSRF token
    with flask_requests(app) as seen:
        client.get(url)
    assert len(seen) == 1


def test_the_language_chosen_gets_its_own_kept_page(app, client, make_consultation, session):
    consultation = make_consultation()
    url = f"/consultaties/{consultation.slug}"
    dutch = client.get(url)
    english = app.test_client()
    english.get("/taal/en")
    with flask_requests(app) as seen:
        made = english.get(url)
    assert len(seen) == 1 and made.data != dutch.data and 'lang="en"' in made.text
    # That first page wrote Flask-Login's mark (not a fresh log-in) into the session, so it was not kept.
    assert english.get(url).data == made.data
    with flask_requests(app) as seen:
        assert english.get(url).data == made.data and client.get(url).data == dutch.data
    assert seen == []


def test_another_hosts_page_is_never_served(app, client, make_consultation, session, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["consult.test", "andere.test"])
    consultation = make_consultation()
    url = f"/consultaties/{consultation.slug}"
    client.get(url)
    with flask_requests(app) as seen:
        other = client.get(url, base_url="http://andere.test")
    assert len(seen) == 1 and other.status_code == 200
    # a host outside the list gets Flask's bare 400, even for a path whose page is kept
    assert client.get(url, base_url="http://elders.test").status_code == 400
    # and a cookie other than the session (a remembered log-in) always reaches Flask
    client.set_cookie("remember_token", "x", domain="consult.test")
    with flask_requests(app) as seen:
        client.get(url)
    assert len(seen) == 1


def test_another_process_s_change_is_seen_through_the_sign(app, client, make_consultation, session, monkeypatch):
    """Another app server's commit moves only the shared sign (the file beside a SQLite database, or the
    Redis counter), not this process's own count of commits: the next request must still see it."""
    if app.wsgi_app.signal is None:
        return  # PostgreSQL without Redis: every request asks the database
    consultation = make_consultation()
    reaction = _published(session, consultation)
    reaction.body = "Tekst die wordt verborgen"
    session.commit()
    url = f"/consultaties/{consultation.slug}/reacties"
    client.get(url)
    assert "Tekst die wordt verborgen" in client.get(url).text
    here = tracking.moves_here
    reaction.hide()
    session.commit()
    monkeypatch.setattr(tracking, "moves_here", here)  # as if the commit was made in another process
    assert "Tekst die wordt verborgen" not in client.get(url).text


def test_gunicorn_takes_no_script_name_from_a_request_header():
    """Every link on a page starts with SCRIPT_NAME; gunicorn by default takes it (and PATH_INFO) from a
    header of a trusted forwarder (127.0.0.1, the proxy). With deploy/gunicorn.conf.py it takes none, and
    drops other headers with an underscore."""
    import io
    import runpy

    from gunicorn.config import Config
    from gunicorn.http import wsgi
    from gunicorn.http.parser import RequestParser

    config = Config()
    for name, value in runpy.run_path("deploy/gunicorn.conf.py").items():
        if name in config.settings:
            config.set(name, value)

    class Socket:
        def __init__(self, data: bytes):
            self.data = io.BytesIO(data)

        def recv(self, size: int) -> bytes:
            return self.data.read(size)

        def send(self, data: bytes) -> None:
            pass

    raw = (b"GET //evil.example/huisregels HTTP/1.1\r\nHost: consult.test\r\nSCRIPT_NAME: //evil.example\r\n"
           b"X_Forwarded_For: 192.0.2.1\r\n\r\n")
    proxy = ("127.0.0.1", 50000)
    request = next(iter(RequestParser(config, Socket(raw), proxy)))
    _response, environ = wsgi.create(request, Socket(b""), proxy, ("127.0.0.1", "8000"), config)
    assert environ["SCRIPT_NAME"] == "" and environ["PATH_INFO"] == "//evil.example/huisregels"
    assert "HTTP_X_FORWARDED_FOR" not in environ


CLOSED_REDIS = "redis://127.0.0.1:1/12"  # nothing listens on port 1


def test_with_redis_down_pages_come_from_flask_a_commit_stands_and_the_sign_moves_when_it_returns(
        app, client, make_consultation, make_user, login, session, monkeypatch, caplog):
    """``CACHE_REDIS_URL`` pointing at a Redis that does not answer: anonymous pages are Flask's (200, none
    kept), a log-in and a public change commit and answer as always, one warning is logged; when Redis
    answers again the sign moves once for the commit it missed."""
    import redis

    from consult.pagecache import signals
    from consult.pagecache.cache import RedisCache

    signal = signals.RedisSignal(CLOSED_REDIS)
    monkeypatch.setattr(app.wsgi_app, "signal", signal)
    monkeypatch.setitem(app.extensions, "page_cache", RedisCache(CLOSED_REDIS))
    monkeypatch.setattr(tracking, "after_move", {signal.name: signal.bump})
    app.testing = False  # as in production: an exception is a 500
    try:
        consultation = make_consultation()
        url = f"/consultaties/{consultation.slug}"
        with flask_requests(app) as seen:
            assert client.get(url).status_code == 200 and client.get(url).status_code == 200
        assert len(seen) == 2, "nothing kept: every page from Flask"
        login(make_user())  # the log-in's commit, and a public change's, each answer as usual
        consultation.title = "Een titel na de storing"
        session.commit()
        assert tracking.missed == {signal.name}
        assert "Een titel na de storing" in app.test_client().get(url).text
    finally:
        app.testing = True
    assert [r.levelname for r in caplog.records if r.name == signals.__name__] == ["WARNING"]

    working = redis.Redis.from_url("redis://127.0.0.1:6379/12")
    try:
        working.ping()
    except redis.exceptions.RedisError:
        return  # no Redis here: the rest needs one
    working.delete(signals.RedisSignal.NAME)
    signal.client = working
    signals.outage.clear()  # RETRY_SECONDS later
    app.test_client().get(url)
    assert working.get(signals.RedisSignal.NAME) == b"1" and not tracking.missed
    working.delete(signals.RedisSignal.NAME)


def test_a_new_release_or_setting_never_serves_the_old_ones_kept_pages(app, client, make_consultation, session,
                                                                        monkeypatch, tmp_path):
    """Pages kept in Redis outlive a deploy: the key holds a fingerprint of the release (code, templates,
    translations, static files) and of the settings pages may show, made when the app starts."""
    from consult.pagecache import release

    config = dict(app.config)
    same = release.fingerprint(config)
    assert release.fingerprint({**config, "ALLOWED_HOSTS": ["10.0.0.2"], "SECRET_KEY": "x"}) == same  # per server
    assert release.fingerprint({**config, "PERSONAL_DATA_RETENTION_DAYS": 30}) != same
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>oud</p>")
    monkeypatch.setattr(release, "SOURCES", ((tmp_path / "templates", "**/*"),))
    monkeypatch.setattr(release, "PROJECT_ROOT", tmp_path)
    old = release.fingerprint(config)
    template.write_text("<p>nieuw</p>")
    assert release.fingerprint(config) != old

    url = f"/consultaties/{make_consultation().slug}"
    kept = client.get(url)
    monkeypatch.setattr(app.wsgi_app, "release", "another release")
    with flask_requests(app) as seen:
        again = client.get(url, headers={"If-None-Match": kept.headers["ETag"]})
    assert len(seen) == 1 and again.status_code == 200 and again.headers["ETag"] != kept.headers["ETag"]


def test_only_the_query_a_page_reads_is_kept_tracking_parameters_get_the_plain_page(app, client, make_consultation,
                                                                                   session):
    """Every query string was a key of its own: ``?utm_source=…`` or ``?x=<random>`` filled the cache
    without bound. Tracking parameters now get the kept page of the address without them; a parameter
    the page does not read reaches Flask and is never kept; the parameters a page reads, in any order, are
    one key."""
    consultation = make_consultation()
    _published(session, consultation)
    cache = app.extensions["page_cache"]
    plain = client.get("/huisregels?utm_source=nieuwsbrief&fbclid=abc")
    assert "utm_source" not in plain.text and "fbclid" not in plain.text  # the language links name the plain address
    with flask_requests(app) as seen:
        assert client.get("/huisregels").data == plain.data
        assert client.get("/huisregels?utm_campaign=najaar&gclid=1").data == plain.data
    assert seen == []

    kept = len(cache._pages)
    with flask_requests(app) as seen:
        for n in range(3):
            assert client.get(f"/huisregels?x={n}").status_code == 200
            assert client.get(f"/consultaties/{consultation.slug}/reacties?pagina=1&nieuw={n}").status_code == 200
            assert client.get(f"/consultaties/{consultation.slug}/reacties?pagina=een{n}").status_code == 200
    assert len(seen) == 9 and len(cache._pages) == kept, "made-up queries are not kept"

    url = f"/consultaties/{consultation.slug}/reacties"
    first = client.get(f"{url}?pagina=1&na=999999&utm_medium=mail")
    with flask_requests(app) as seen:
        assert client.get(f"{url}?na=999999&pagina=1").data == first.data
    assert seen == []
