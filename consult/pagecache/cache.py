"""Keep and serve the public pages anonymous visitors get.

A page is kept under a key made of: the host and full path, the language, the public version
(``tracking`` moves it with every committed public change, on whatever server), the next moment a
consultation opens or closes (or its days left go down), and today's date in Europe/Amsterdam. Any of these changing makes the
old page unreachable, so no page outlives a publication, a withdrawal, a hidden reaction, a new
version or a period opening or closing at its time.

Only a visitor without an account is served or stored: no cookie but the session cookie, and a session
holding at most the chosen language. A response that set a cookie or wrote the session is never kept,
so a page with a CSRF token, a flashed message or a signed-in person's name cannot reach the cache.
"""
from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.extensions import db
from consult.pagecache import tracking
from consult.pagecache.models import THE_ROW, PublicVersion

# Public pages whose content depends only on the URL, the language and the data (and the clock through
# the key). Forms (a CSRF token) and pages reached by a personal link are never on this list.
CACHEABLE_ENDPOINTS = frozenset({
    "pages.home", "pages.show_organisation", "pages.privacy", "pages.organisation_privacy", "pages.house_rules",
    "pages.accessibility", "consultations.show_consultation", "consultations.show_notice",
    "reactions.list_reactions", "reports.show_report", "reports.show_version",
})
SESSION_KEYS_ALLOWED = frozenset({"lang"})


class MemoryCache:
    """Pages in this process's memory, the least recently used dropped first (the default: no set-up)."""

    def __init__(self, max_pages: int):
        self.max_pages = max_pages
        self._pages: OrderedDict[str, tuple[bytes, str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, str, bytes] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: tuple[bytes, str, bytes], seconds: int) -> None:  # noqa: ARG002 (keys expire by version)
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


class RedisCache:
    """Pages in Redis (``CACHE_REDIS_URL``), shared by every app server; each kept ``seconds`` at most."""

    def __init__(self, url: str):
        import redis  # only needed when configured

        self.client = redis.Redis.from_url(url)

    def get(self, key: str) -> tuple[bytes, str, bytes] | None:
        found = self.client.hmget(f"consult:page:{key}", "body", "type", "gzip")
        return (found[0], found[1].decode(), found[2]) if found[0] is not None else None

    def set(self, key: str, page: tuple[bytes, str, bytes], seconds: int) -> None:
        name = f"consult:page:{key}"
        self.client.pipeline().hset(name, mapping={"body": page[0], "type": page[1], "gzip": page[2]}).expire(name, seconds).execute()

    def clear(self) -> None:
        for name in self.client.scan_iter("consult:page:*"):
            self.client.delete(name)


def _moments_statement() -> sa.Select:
    """One round trip, in Core (no ORM work per request): the version row, the next opening, and every
    later closing moment. Built once; SQLAlchemy caches its compiled form."""
    versions, consultations = PublicVersion.__table__, Consultation.__table__
    now = sa.bindparam("now", type_=consultations.c.closes_at.type)
    return sa.union_all(
        # the first select gives the union its column types: the moments read as UTC datetimes
        sa.select(sa.literal(0).label("kind"), versions.c.version.label("number"),
                  sa.type_coerce(sa.null(), consultations.c.closes_at.type).label("moment")).where(versions.c.id == THE_ROW),
        sa.select(sa.literal(1), sa.null(), sa.func.min(consultations.c.opens_at)).where(consultations.c.opens_at > now),
        sa.select(sa.literal(2), sa.null(), consultations.c.closes_at).where(consultations.c.closes_at > now),
    )


MOMENTS = _moments_statement()


def next_change(now: datetime) -> tuple[int | None, datetime | None]:
    """The public version, and the next moment after ``now`` (UTC) at which a page changes by the clock
    alone: a consultation opening or closing, or the days left of an open one going down by one (the
    ``days_left`` on its page counts whole days to ``closes_at``)."""
    version, moments = None, []
    for kind, number, moment in db.session.connection().execute(MOMENTS, {"now": now}):
        if kind == 0:
            version = number
        elif moment is not None:
            moments.append(moment if kind == 1 else moment - timedelta(days=(moment - now).days))
    return version, min(moments, default=None)


def page_key(now: datetime) -> str | None:
    """The cache key of this request, or None when this request must not be served from or kept in the cache."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHEABLE_ENDPOINTS:
        return None
    if set(request.cookies) - {current_app.config["SESSION_COOKIE_NAME"]} or not set(session) <= SESSION_KEYS_ALLOWED:
        return None
    version, moment = next_change(now)
    if version is None:
        return None
    parts = (request.host, request.full_path, str(get_locale()), str(version), str(moment),
             now.astimezone(AMSTERDAM).date().isoformat())
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def serve_from_cache():
    key = page_key(utcnow())
    if key is None:
        return None
    g.page_cache_key = key
    page = current_app.extensions["page_cache"].get(key)
    if page is None:
        return None
    g.page_cache_hit = True
    body, content_type, gzipped = page
    if "gzip" not in request.accept_encodings:
        return Response(body, content_type=content_type)
    response = Response(gzipped, content_type=content_type, headers={"Content-Encoding": "gzip"})
    response.vary.add("Accept-Encoding")
    return response


def keep_in_cache(response: Response) -> Response:
    key = g.get("page_cache_key")
    if key is None or response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    if "Set-Cookie" in response.headers or session.modified or not set(session) <= SESSION_KEYS_ALLOWED:
        return response
    if not g.get("page_cache_hit") and request.method == "GET":
        body = response.get_data()
        current_app.extensions["page_cache"].set(key, (body, response.content_type, gzip.compress(body, 6, mtime=0)),
                                                 current_app.config["PAGE_CACHE_SECONDS"])
    # Browsers and proxies may keep it too, but must ask again each time (a 304 when nothing changed).
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Cookie")
    response.set_etag(key + ("-gz" if response.headers.get("Content-Encoding") == "gzip" else ""))
    return response.make_conditional(request)


def install(app: Flask) -> None:
    """Bind the cache (Redis when ``CACHE_REDIS_URL`` is set, else this process's memory) and its hooks."""
    if app.config["CACHE_REDIS_URL"]:
        app.extensions["page_cache"] = RedisCache(app.config["CACHE_REDIS_URL"])
    else:
        app.extensions["page_cache"] = MemoryCache(app.config["PAGE_CACHE_MAX_PAGES"])
    tracking.install()
    if app.config["PAGE_CACHE_ENABLED"]:
        app.before_request(serve_from_cache)
        app.after_request(keep_in_cache)
