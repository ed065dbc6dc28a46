"""Serve kept public pages in front of Flask: a WSGI middleware, no request context, no hooks.

A kept page is served the way Flask would serve it again (the same headers, a new Date and X-Request-ID,
a 304 for a matching If-None-Match, no body for HEAD, the same access line), for only those requests
Flask would answer with it: GET or HEAD, a trusted Host, the SCRIPT_NAME of ``BASE_URL`` (every link
starts with it), a route on the public list, a query of only the parameters that page reads (tracking
parameters are left out: the visitor gets the page of the address without them), no cookie but a
session cookie holding at most the chosen language (a signed-in person, a form's CSRF token or a flashed
message always reach Flask). Everything else, and every miss, goes to Flask; a miss that Flask marks
(``cache.mark_for_keeping``) is kept on its way out.

A page served here costs no database query while nothing changed (``signals``); else one: the public
version and the clock's next change (``cache.next_change``). When the cache or its sign fails (Redis
down), Flask answers and nothing is kept for a few seconds (``signals.outage``); never an error page.

Public files (``cache.FILE_ENDPOINTS``: the open data JSON and CSV) are served here the same way, from the
file itself (``wsgi.file_wrapper``: gunicorn sends it with sendfile), once Flask has answered the same
request with the file made at the current public version: Flask checked that the consultation is public
and publishes reactions, and that the file is current; the key holds the public version, so the first
request after any public change (a withdrawn or hidden reaction, a consultation taken offline) reaches
Flask again. What is kept per process is the headers and the file's path, never the file's bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import Flask
from itsdangerous import BadSignature
from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date, parse_accept_header, parse_cookie, parse_etags, remove_entity_headers, unquote_etag
from werkzeug.routing import RequestRedirect
from werkzeug.wsgi import get_host

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.core.logging import REQUEST_ID_HEADER, REQUEST_ID_PATTERN, access_log
from consult.extensions import db
from consult.pagecache import release, signals, tracking
from consult.pagecache.cache import (
    CACHEABLE_ENDPOINTS,
    FILE,
    FILE_ENDPOINTS,
    KEEP,
    KEY,
    MemoryCache,
    Page,
    RedisCache,
    anonymous_session,
    canonical_query,
    mark_for_keeping,
    next_change,
)
from consult.pagecache.signals import CACHE_ERRORS, outage

# Made anew for every response served from the cache, as Flask does.
PER_REQUEST_HEADERS = frozenset({"date", REQUEST_ID_HEADER.lower()})


# The database is asked again at least this often even when the sign did not move: a commit made by a
# program that does not bump the sign (one without this code) is seen within this time.
MEMO_SECONDS = 1.0


class Memo(NamedTuple):
    sign: object
    moves_here: int
    version: int | None
    moment: datetime | None
    until: datetime


# Read from a public file at a time when the WSGI server has no file_wrapper.
FILE_BLOCK = 64 * 1024


def _blocks(file):
    """The file in blocks, closed once read to its end (or when the server closes the body): a server
    without ``wsgi.file_wrapper`` (werkzeug's) may never call close on a body it read to the end."""
    with file:
        yield from iter(lambda: file.read(FILE_BLOCK), b"")


class FilePage(NamedTuple):
    """A public file as Flask sent it: its headers (without Date and X-Request-ID), its path on disk, and
    the URL rule and endpoint for the access log."""

    headers: list[tuple[str, str]]
    path: str
    rule: str
    endpoint: str


class PageCacheMiddleware:
    """Wraps ``app.wsgi_app``; ``app`` gives the config, the URL map, the cache and the database;
    ``signal`` (``signals.for_config``) tells when the public version may have moved."""

    def __init__(self, app: Flask, wsgi_app, signal=None):
        self.app, self.wsgi_app, self.signal = app, wsgi_app, signal
        self.memo: Memo | None = None
        # Flask starts every link with SCRIPT_NAME, and a WSGI server may take it from a request header
        # (gunicorn: a trusted forwarder's ``SCRIPT_NAME``): only the one BASE_URL names is served or kept.
        self.script_name = urlsplit(app.config["BASE_URL"]).path.rstrip("/")
        # the release and settings the pages are made by (``release``): a deploy never serves the old pages
        self.release = release.fingerprint(app.config)

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        if outage.recent():  # the cache failed a moment ago: Flask answers, nothing is kept
            return self.wsgi_app(environ, start_response)
        try:
            key = self.page_key(environ, utcnow())
        except CACHE_ERRORS as error:
            outage.report("reading the sign", error)
            key = None
        if key is None:
            return self.wsgi_app(environ, start_response)
        kept_file = self.app.extensions["page_files"].get(key)  # this process's memory
        if kept_file is not None:
            sent = self.send_file(kept_file, environ, start_response, started)
            if sent is not None:
                return sent
        try:
            page = self.app.extensions["page_cache"].get(key)
        except CACHE_ERRORS as error:
            outage.report("reading the page cache", error)
            return self.wsgi_app(environ, start_response)
        if page is not None:
            return self.serve(page, environ, start_response, started)
        environ[KEY] = key
        return self.keep(key, environ, start_response)

    def page_key(self, environ, now: datetime) -> str | None:
        """The cache key of this request, or None when Flask must answer it."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or environ.get("SCRIPT_NAME", "") != self.script_name:
            return None
        config = self.app.config
        cookies = parse_cookie(environ)
        if set(cookies) - {config["SESSION_COOKIE_NAME"]}:
            return None
        try:
            host = get_host(environ, config["TRUSTED_HOSTS"])
            rule, _arguments = self.app.url_map.bind_to_environ(environ).match(return_rule=True)
        except (HTTPException, RequestRedirect):  # SecurityError (an unknown host) is an HTTPException too
            return None
        if rule.endpoint not in CACHEABLE_ENDPOINTS and rule.endpoint not in FILE_ENDPOINTS:
            return None
        chosen = self.session_language(cookies.get(config["SESSION_COOKIE_NAME"]))
        if chosen is False:
            return None
        version, moment = self.public_state(now)
        if version is None:
            return None
        # as select_locale (consult.core.i18n.reader_locale) picks it
        language = chosen if chosen in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
        gzip = parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING"))["gzip"] > 0  # "gzip;q=0" refuses it
        query = canonical_query(rule.endpoint, environ.get("QUERY_STRING", ""))
        if query is None:
            return None
        # On a miss Flask makes the page of the canonical address (its language links name the address)
        environ["QUERY_STRING"] = query
        path = environ.get("PATH_INFO", "") + "?" + query
        parts = (self.release, environ["wsgi.url_scheme"], host, path, language, "gzip" if gzip else "identity", str(version),
                 str(moment), now.astimezone(AMSTERDAM).date().isoformat())
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def public_state(self, now: datetime) -> tuple[int | None, datetime | None]:
        """The public version and the clock's next change (``cache.next_change``), from the database, or
        from the last answer while nothing can have changed: the sign and this process's commits have not
        moved, the clock has not reached the next change, and the answer is less than a second old."""
        if tracking.missed:  # a sign a commit of this process could not move before: move it first
            tracking.bump_missed()
        sign = self.signal.read() if self.signal is not None else None
        memo, here = self.memo, tracking.moves_here
        if (memo is not None and sign is not None and memo.sign == sign and memo.moves_here == here
                and now < memo.until and (memo.moment is None or now < memo.moment)):
            return memo.version, memo.moment
        with self.app.app_context():
            version, moment = next_change(now)
        # the sign read before the query: a change committed after it moves the sign again
        self.memo = Memo(sign, here, version, moment, now + timedelta(seconds=MEMO_SECONDS))
        return version, moment

    def session_language(self, cookie: str | None) -> str | None | bool:
        """The language in the session cookie (None without one), or False when the session holds more
        than a language (a log-in, a CSRF token, a message): then Flask answers. A cookie that does not
        verify is an empty session to Flask, so Flask answers that too."""
        if not cookie:
            return None
        interface = self.app.session_interface
        serializer = interface.get_signing_serializer(self.app)
        try:
            data = serializer.loads(cookie, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return False
        if not isinstance(data, dict) or not anonymous_session(data):
            return False
        return data.get("lang")

    def serve(self, page: Page, environ, start_response, started: float):
        status = self.respond(page.headers, page.rule, page.endpoint, environ, start_response, started)
        return [page.body] if status == 200 and environ["REQUEST_METHOD"] != "HEAD" else []

    def send_file(self, kept: FilePage, environ, start_response, started: float):
        """Send a public file as Flask did, from the file; None (Flask answers) when it is gone."""
        try:
            file = open(kept.path, "rb")  # noqa: SIM115 (the WSGI server closes it through the wrapper)
        except OSError:
            return None
        size = str(os.fstat(file.fileno()).st_size)  # this file's, even if made again since Flask sent it
        headers = [(name, size if name.lower() == "content-length" else value) for name, value in kept.headers]
        status = self.respond(headers, kept.rule, kept.endpoint, environ, start_response, started)
        if status != 200 or environ["REQUEST_METHOD"] == "HEAD":
            file.close()
            return []
        if "wsgi.file_wrapper" in environ:  # gunicorn: sendfile
            return environ["wsgi.file_wrapper"](file, FILE_BLOCK)
        return _blocks(file)

    def respond(self, kept_headers, rule: str, endpoint: str, environ, start_response, started: float) -> int:
        """Start the response to a kept page or file: 200, or 304 for a matching If-None-Match; a new Date
        and X-Request-ID; the access line Flask writes. Returns the status."""
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
        headers = list(kept_headers)
        status = "200 OK"
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if etag and "HTTP_IF_NONE_MATCH" in environ and parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains_weak(unquote_etag(etag)[0]):
            status = "304 NOT MODIFIED"
            remove_entity_headers(headers)
        headers += [("Date", http_date()), (REQUEST_ID_HEADER, request_id)]
        start_response(status, headers)
        if access_log.isEnabledFor(logging.INFO):
            fields = {"method": environ["REQUEST_METHOD"], "path": rule, "status": int(status[:3]),
                      "duration_ms": round((time.perf_counter() - started) * 1000, 1), "endpoint": endpoint,
                      "user_id": None, "request_id": request_id}
            access_log.info("%(method)s %(path)s %(status)s %(duration_ms)s ms", fields, extra=fields)
        return int(status[:3])

    def keep(self, key: str, environ, start_response):
        """Let Flask answer; keep its response when it marked it (``cache.mark_for_keeping``)."""
        sent = {}

        def remember(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        marked = environ.get(KEEP)
        if marked is None or not sent.get("status", "").startswith("200"):
            return body
        headers = [(name, value) for name, value in sent["headers"] if name.lower() not in PER_REQUEST_HEADERS]
        if environ.get(FILE) is not None:
            self.app.extensions["page_files"].set(key, FilePage(headers, environ[FILE], *marked), 0)
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        try:
            self.app.extensions["page_cache"].set(key, Page(headers, data, *marked), self.app.config["PAGE_CACHE_SECONDS"])
        except CACHE_ERRORS as error:
            outage.report("keeping a page", error)
        return [data]


def install(app: Flask) -> None:
    """Bind the cache (Redis when ``CACHE_REDIS_URL`` is set, else this process's memory), the store of
    public files Flask sent (this process's memory: a path names a file on this server), the hook that
    marks pages and files to keep, and the middleware that serves them."""
    if app.config["CACHE_REDIS_URL"]:
        app.extensions["page_cache"] = RedisCache(app.config["CACHE_REDIS_URL"])
    else:
        app.extensions["page_cache"] = MemoryCache(app.config["PAGE_CACHE_MAX_PAGES"])
    # Public files Flask sent (headers and path), per key: in this process only, as a file is on its disk.
    app.extensions["page_files"] = MemoryCache(app.config["PAGE_CACHE_MAX_PAGES"])
    tracking.install()
    with app.app_context():
        signal = signals.for_config(app.config, db.engine.url)
    if signal is not None:
        tracking.after_move[signal.name] = signal.bump
    if app.config["PAGE_CACHE_ENABLED"]:
        app.after_request(mark_for_keeping)
        app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app, signal)
