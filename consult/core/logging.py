"""Logs: one root handler configured from the settings, a request id on every record of a request,
and one access line per request.

The access line never holds a query string or a concrete path (they can carry e-mail confirmation and
password-reset tokens), a request body, an IP address (personal data under the AVG), a name or an
e-mail address: it names the URL rule (``/reacties/<token>``) and the user's id.
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from types import TracebackType

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_request_context, request

from consult.config import ConfigError

HANDLER_NAME = "consult"
REQUEST_ID_HEADER = "X-Request-ID"
# Strict, so an incoming id cannot smuggle a line break or markup into a log line or a header.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "<unmatched>"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

access_log = logging.getLogger("consult.access")

# Attributes every LogRecord has; anything else on a record came from `extra` or RequestIdFilter.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector; `extra` fields become keys of their own."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items()
                      if key not in _RECORD_ATTRIBUTES and key not in entry})
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        # default=str: an extra value JSON does not know (a date, an enum) must not cost the line.
        return json.dumps(entry, default=str)


class RequestIdFilter(logging.Filter):
    """On the handler rather than a logger, so records from every library get the id too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
        return True


class DropServerRequestLines(logging.Filter):
    """The development server's own request lines start with the client's IP address and quote the
    full URL, token and query string included; the consult.access line replaces them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return " - - [" not in str(record.msg)


def request_id() -> str:
    """The current request's id: the caller's X-Request-ID when it is well-formed, else a new one."""
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def configure_logging(app: Flask) -> None:
    configure_root_logger(app.config)
    _install_request_hooks(app)
    # Flask's own message for an unhandled exception names request.path, which can carry a token.
    app.log_exception = _log_exception


def configure_root_logger(config: Mapping) -> None:
    """Idempotent: create_app runs many times in one process (tests), and each run must leave exactly
    one consult handler on the root logger, with the latest settings."""
    formatter, level = _formatter(config["LOG_FORMAT"]), _level(config["LOG_LEVEL"])
    root = logging.getLogger()
    handler = root_handler()
    if handler is None:
        handler = logging.StreamHandler()
        handler.set_name(HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(formatter)
    root.setLevel(level)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(existing, DropServerRequestLines) for existing in werkzeug.filters):
        werkzeug.addFilter(DropServerRequestLines())


def root_handler() -> logging.StreamHandler | None:
    return next((handler for handler in logging.getLogger().handlers if handler.name == HANDLER_NAME), None)


def _formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    if log_format == "text":
        return logging.Formatter(TEXT_FORMAT, defaults={"request_id": "-"})
    raise ConfigError(f"LOG_FORMAT must be 'json' or 'text', not {log_format!r}.")


def _level(name: str) -> int:
    levels = logging.getLevelNamesMapping()
    if name not in levels:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(sorted(levels))}, not {name!r}.")
    return levels[name]


def _install_request_hooks(app: Flask) -> None:
    # Registered before any other hook (create_app calls this first), so the clock starts first and the
    # access line is written last, with the final status.
    @app.before_request
    def start_clock() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_access(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id()
        # Static files are logged too: one line per request keeps the count equal to the proxy's, and a
        # missing or slow stylesheet shows up as such on the "static" endpoint.
        fields = {
            "method": request.method,
            "path": _route(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
            "endpoint": request.endpoint,
            "user_id": _user_id(),
        }
        access_log.info("%(method)s %(path)s %(status)s %(duration_ms)s ms", fields, extra=fields)
        return response


def _route() -> str:
    """The URL rule, never the concrete path: a path can carry a token."""
    return request.url_rule.rule if request.url_rule is not None else UNMATCHED


def _user_id() -> int | None:
    # Only a user the request already loaded (Flask-Login keeps it on g), and its id from the identity
    # map: after the rollback of a 500 reading user.id would query a database that may be the problem.
    state = sa.inspect(g.get("_login_user"), raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def _log_exception(exc_info: ExcInfo) -> None:
    current_app.logger.error("Exception on %s [%s]", _route(), request.method, exc_info=exc_info)
