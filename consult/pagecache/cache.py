"""Keep the public pages anonymous visitors get, and say which ones may be kept.

A page is kept under a key made of: the release and settings that make pages (``release``), the scheme,
host and path, the query parameters the page reads (``canonical_query``), the language, whether the
visitor takes gzip, the public version (``tracking`` moves it with every committed public change, on
whatever server; it never repeats), the next moment a page changes by the clock alone (``CLOCK_MOMENTS``:
a consultation opening or closing, its days left going down, a werkatelier session starting or ending),
and today's date in Europe/Amsterdam. Any of these changing makes the old page unreachable, so no page
outlives a publication, a withdrawal, a hidden reaction, a new version, a deploy, a restored backup or a
period opening or closing at its time. A request with a query parameter the page does not read is never
kept (Flask answers it), so made-up queries cannot fill the cache.

``front`` (a WSGI middleware in front of Flask) makes the key and serves kept pages; the hook here runs
inside Flask on a miss and marks a response as one to keep. Only a visitor without an account is served
or kept: no cookie but the session cookie, and a session holding at most the chosen language. A response
that set a cookie or wrote the session is never kept, so a page with a CSRF token, a flashed message or a
signed-in person's name cannot reach the cache.
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import Response, request, session

from consult.consultations.models import Consultation
from consult.extensions import db
from consult.pagecache.models import THE_ROW, PublicVersion
from consult.pagecache.signals import redis_client
from consult.workshops.models import WorkshopSession

# Public pages whose content depends only on the URL, the language and the data (and the clock through
# the key). Forms (a CSRF token) and pages reached by a personal link are never on this list.
CACHEABLE_ENDPOINTS = frozenset({
    "pages.home", "pages.show_organisation", "pages.privacy", "pages.organisation_privacy", "pages.house_rules",
    "pages.accessibility", "consultations.show_consultation", "consultations.show_notice",
    "reactions.list_reactions", "reports.show_report", "reports.show_version",
    # the reactienota's parts and its kenmerk search (a GET form without a session; a redirect is never kept)
    "reports.show_part", "reports.show_version_part", "reports.find_kenmerk",
    # werkatelier: the event page (a session already held loses its links: ``next_change`` knows when)
    "workshops.show_workshop",
    # actieprogramma: overview, programme, theme, municipality, action, progress (dates: today is in the key)
    "actions.list_programmes", "actions.show_programme", "actions.show_theme", "actions.show_municipality",
    "actions.show_action", "actions.progress",
})
# The query parameters a public page reads, each with the values it can use (an empty value too: a GET
# form's empty field). A request with any other parameter, a value unlike these or a parameter twice is
# answered by Flask and never kept, so made-up queries do not fill the cache; the parameters kept are put
# in one order. Tracking parameters (``TRACKING_PARAMETERS``) are left out of the key and out of what
# Flask gets: such a visitor gets the page of the address without them.
NUMBER, WORD, SLUG = r"\d{1,9}", r"[a-z_-]{1,40}", r"[\w.-]{1,200}"
QUERY_PARAMETERS = {
    "reactions.list_reactions": {"sectie": SLUG, "pagina": NUMBER, "na": NUMBER, "voor": NUMBER},
    "reports.show_part": {"pagina": NUMBER},
    "reports.show_version_part": {"pagina": NUMBER},
    # a kenmerk has at most 40 characters (the page names what was typed; a longer one is Flask's)
    "reports.find_kenmerk": {"versie": NUMBER, "kenmerk": r"[^\x00-\x1f\x7f]{1,40}"},
    "actions.show_theme": {"gemeente": SLUG, "schaal": WORD, "status": WORD, "pagina": NUMBER},
    "actions.progress": {"since": r"\d{4}-\d{2}-\d{2}", "toon": WORD, "pagina": NUMBER},
    "exports.open_data_page": {"stand": r"[0-9a-f]{16}"},  # the build a page's link was made in
}
# Added by newsletters, social media and ad networks; no page reads them.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid", "ttclid", "igshid", "li_fat_id",
    "mc_cid", "mc_eid", "_ga", "_gl", "ref_src",
})
TRACKING_PREFIX = "utm_"
# Public files (``consult.exports.open_files``): Flask finds the file and says whether it may be sent in
# front of Flask (``FILE``); ``front`` then sends it itself, from the file, until the public version moves.
FILE_ENDPOINTS = frozenset({"exports.open_data", "exports.open_data_page"})
# The chosen language, and Flask-Login's mark that a session is not a fresh log-in (it sets it on the
# first request of any session without a user: basic session protection).
SESSION_KEYS_ALLOWED = frozenset({"lang", "_fresh"})
# Set in the WSGI environ: the key ``front`` made for this request, and, by ``mark_for_keeping``, the
# URL rule and endpoint of a response that may be kept under it.
KEY = "consult.page_key"
KEEP = "consult.page_keep"
# Set by a view of ``FILE_ENDPOINTS`` in the WSGI environ: the path of the file its 200 response holds,
# when that file is the one for the current public version (never an older one sent while a newer is made).
FILE = "consult.page_file"


class Page(NamedTuple):
    """A kept response: its headers as Flask sent them (without the per-request Date and X-Request-ID),
    its body, and the URL rule and endpoint for the access log."""

    headers: list[tuple[str, str]]
    body: bytes
    rule: str
    endpoint: str


class MemoryCache:
    """Pages in this process's memory, the least recently used dropped first (the default: no set-up)."""

    def __init__(self, max_pages: int):
        self.max_pages = max_pages
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: Page, seconds: int) -> None:  # noqa: ARG002 (keys expire by version)
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
        self.client = redis_client(url)

    def get(self, key: str) -> Page | None:
        body, meta = self.client.hmget(f"consult:page:{key}", "body", "meta")
        if body is None or meta is None:
            return None
        headers, rule, endpoint = json.loads(meta)
        return Page([tuple(header) for header in headers], body, rule, endpoint)

    def set(self, key: str, page: Page, seconds: int) -> None:
        name = f"consult:page:{key}"
        meta = json.dumps([page.headers, page.rule, page.endpoint])
        self.client.pipeline().hset(name, mapping={"body": page.body, "meta": meta}).expire(name, seconds).execute()

    def clear(self) -> None:
        for name in self.client.scan_iter("consult:page:*"):
            self.client.delete(name)


# Every moment at which a public page changes by the clock alone: one list, the one place ``next_change``
# reads. ``AT``: the page changes at the moment; ``EVERY_DAY_BEFORE``: also at each whole day before it (the
# days left of an open consultation). A date (an action's deadline, its lateness, the progress page's
# default "since") changes at midnight in Europe/Amsterdam: the key holds today's date for those.
AT, EVERY_DAY_BEFORE = "at", "every day before"
CLOCK_MOMENTS = (
    # a consultation opens (planned → open: the home page, its page, its notice)
    (Consultation.__table__.c.opens_at, AT),
    # it closes (open → closed, "closed since"), its days left go down, a werkatelier's registration ends
    (Consultation.__table__.c.closes_at, EVERY_DAY_BEFORE),
    # a werkatelier session starts: held, without the links to register; it leaves the coming sessions
    (WorkshopSession.__table__.c.starts_at, AT),
    # a werkatelier's last session ends: it leaves the coming werkateliers (``coming_workshops``)
    (WorkshopSession.__table__.c.ends_at, AT),
)


def _moments_statement() -> sa.Select:
    """One round trip, in Core (no ORM work per request): the version row, then per entry of
    ``CLOCK_MOMENTS`` the next moment (``AT``) or every later one (``EVERY_DAY_BEFORE``). Built once;
    SQLAlchemy caches its compiled form."""
    versions = PublicVersion.__table__
    moment_type = Consultation.__table__.c.closes_at.type
    now = sa.bindparam("now", type_=moment_type)
    selects = [
        # the first select gives the union its column types: the moments read as UTC datetimes
        sa.select(sa.literal(-1).label("kind"), versions.c.version.label("number"),
                  sa.type_coerce(sa.null(), moment_type).label("moment")).where(versions.c.id == THE_ROW),
    ]
    for kind, (column, how) in enumerate(CLOCK_MOMENTS):
        moment = sa.func.min(column) if how == AT else column
        selects.append(sa.select(sa.literal(kind), sa.null(), moment).where(column > now))
    return sa.union_all(*selects)


MOMENTS = _moments_statement()


def next_change(now: datetime) -> tuple[int | None, datetime | None]:
    """The public version, and the next moment after ``now`` (UTC) at which a page changes by the clock
    alone (``CLOCK_MOMENTS``). Needs an app context."""
    version, moments = None, []
    for kind, number, moment in db.session.connection().execute(MOMENTS, {"now": now}):
        if kind == -1:
            version = number
        elif moment is not None:
            every_day = CLOCK_MOMENTS[kind][1] == EVERY_DAY_BEFORE
            moments.append(moment - timedelta(days=(moment - now).days) if every_day else moment)
    return version, min(moments, default=None)


def canonical_query(endpoint: str, query: str) -> str | None:
    """The query a page of ``endpoint`` is kept under: the parameters it reads (``QUERY_PARAMETERS``) in
    a fixed order, without tracking parameters; None when the page must not be kept for it."""
    allowed, kept = QUERY_PARAMETERS.get(endpoint, {}), {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX):
            continue
        if name not in allowed or name in kept or (value and not re.fullmatch(allowed[name], value)):
            return None
        kept[name] = value
    return urlencode(sorted(kept.items()))


def anonymous_session(data) -> bool:
    """A session (a mapping) that holds nothing but what every anonymous visitor may share a page with."""
    return set(data) <= SESSION_KEYS_ALLOWED and data.get("_fresh", False) is False


def mark_for_keeping(response: Response) -> Response:
    """After a miss in ``front``: headers for browsers and proxies, and the mark that lets ``front`` keep
    the response, for a page of the public list that sets no cookie and leaves the session alone. For a
    public file (``FILE_ENDPOINTS``) only the mark, and only when the view named the current file."""
    key = request.environ.get(KEY)
    if key is None or response.status_code != 200:
        return response
    if "Set-Cookie" in response.headers or session.modified or not anonymous_session(session):
        return response
    if request.endpoint in FILE_ENDPOINTS:
        # the view set its own ETag and Cache-Control; ``front`` keeps these headers and the file's path
        if request.environ.get(FILE) is not None:
            request.environ[KEEP] = (request.url_rule.rule, request.endpoint)
        return response
    if request.endpoint not in CACHEABLE_ENDPOINTS or response.direct_passthrough or response.is_streamed:
        return response
    if request.method == "GET":
        request.environ[KEEP] = (request.url_rule.rule, request.endpoint)
    # Browsers and proxies may keep it too, but must ask again each time (a 304 when nothing changed).
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Cookie")
    response.set_etag(key)
    return response.make_conditional(request)
