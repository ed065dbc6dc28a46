"""Logs as an operator reads them: one JSON line per record, a request id that ties a request's lines
together, one access line per request, and never a token, an IP address or an e-mail address."""
from __future__ import annotations

import io
import json
import logging
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from consult import config as settings
from consult.config import ConfigError
from consult.core.logging import HANDLER_NAME, configure_root_logger, root_handler
from consult.extensions import db
from tests.conftest import PASSWORD, make_app

# Shaped like the signed tokens in confirmation and password-reset links.
TOKEN = "NDI.Z3Vlc3Nfbm90X3RoaXM.secret-token_value"


@contextmanager
def captured_log(app, log_format: str) -> Iterator[io.StringIO]:
    """What the app's own log handler writes, configured as the settings would configure it."""
    configure_root_logger({**app.config, "LOG_FORMAT": log_format})
    stream = io.StringIO()
    previous = root_handler().setStream(stream)
    try:
        yield stream
    finally:
        root_handler().setStream(previous)
        configure_root_logger(app.config)


@pytest.fixture
def log_output(app) -> Iterator[io.StringIO]:
    with captured_log(app, "json") as stream:
        yield stream


def records(stream: io.StringIO) -> list[dict]:
    """Every line parsed; json.loads fails the test on any line that is not one JSON object."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def access_lines(stream: io.StringIO) -> list[dict]:
    return [record for record in records(stream) if record["logger"] == "consult.access"]


def test_each_request_gets_one_json_access_line_with_its_fields(client, log_output):
    response = client.get("/health")

    [line] = access_lines(log_output)
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/health"
    assert line["status"] == 200
    assert line["endpoint"] == "pages.health"
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["message"].startswith("GET /health 200 ")
    assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)


@pytest.mark.parametrize(("url", "rule"), [
    (f"/reacties/bevestigen/{TOKEN}", "/reacties/bevestigen/<token>"),
    (f"/reacties/{TOKEN}", "/reacties/<token>"),
    (f"/wachtwoord-instellen/{TOKEN}", "/wachtwoord-instellen/<token>"),
    (f"/inloggen?next=/reacties/{TOKEN}&token={TOKEN}", "/inloggen"),
])
def test_a_token_in_the_url_never_reaches_the_log(client, log_output, url, rule):
    client.get(url)

    [line] = access_lines(log_output)
    assert line["path"] == rule
    assert TOKEN not in log_output.getvalue()
    assert "127.0.0.1" not in log_output.getvalue()  # the test client's address


def test_an_unknown_address_is_logged_as_unmatched(client, log_output):
    response = client.get(f"/bestaat-niet/{TOKEN}")

    assert response.status_code == 404
    [line] = access_lines(log_output)
    assert (line["path"], line["endpoint"], line["status"]) == ("<unmatched>", None, 404)
    assert TOKEN not in log_output.getvalue()


def test_a_well_formed_request_id_is_echoed_and_logged(client, log_output):
    response = client.get("/health", headers={"X-Request-ID": "proxy-1234.abc_DEF"})

    assert response.headers["X-Request-ID"] == "proxy-1234.abc_DEF"
    assert access_lines(log_output)[0]["request_id"] == "proxy-1234.abc_DEF"


@pytest.mark.parametrize("incoming", ["a" * 65, "two words", "<script>", "x\nlevel=ERROR forged", ""])
def test_a_malformed_request_id_is_replaced(client, log_output, incoming):
    # Through the environ, because the test client itself refuses a header with a line break.
    response = client.get("/health", environ_overrides={"HTTP_X_REQUEST_ID": incoming})

    replaced = response.headers["X-Request-ID"]
    assert replaced != incoming
    assert len(replaced) == 32 and int(replaced, 16) >= 0
    assert access_lines(log_output)[0]["request_id"] == replaced
    assert "forged" not in log_output.getvalue()


def test_requests_without_an_id_each_get_their_own(client, log_output):
    first = client.get("/health").headers["X-Request-ID"]
    second = client.get("/health").headers["X-Request-ID"]

    assert first != second
    assert [line["request_id"] for line in access_lines(log_output)] == [first, second]


def test_a_logged_in_user_is_logged_by_id_only(client, log_output, login, make_user):
    user = make_user(name="Fenna de Vries", email="fenna.devries@example.org")
    login(user)
    client.get("/")

    assert access_lines(log_output)[-1]["user_id"] == user.id
    output = log_output.getvalue()
    for personal in ("fenna.devries@example.org", "Fenna de Vries", PASSWORD):
        assert personal not in output


@pytest.fixture
def failing_view(app, monkeypatch):
    """Make reactions.manage (a URL with a token) run ``fail``, and let Flask answer with a 500
    as in production instead of raising into the test."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    def install(fail: Callable[[], object]) -> None:
        monkeypatch.setitem(app.view_functions, "reactions.manage", lambda token: fail())

    return install


def test_an_unhandled_exception_is_logged_with_traceback_and_request_id(client, log_output, failing_view):
    def fail():
        raise RuntimeError("the view broke")

    failing_view(fail)

    response = client.get(f"/reacties/{TOKEN}", headers={"X-Request-ID": "trace-500"})

    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "trace-500"
    [error] = [record for record in records(log_output) if record["level"] == "ERROR"]
    assert error["logger"] == "consult"
    assert error["request_id"] == "trace-500"
    assert error["message"] == "Exception on /reacties/<token> [GET]"
    assert error["exc_info"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the view broke" in error["exc_info"]
    [line] = access_lines(log_output)
    assert (line["status"], line["request_id"]) == (500, "trace-500")
    assert TOKEN not in log_output.getvalue()


def test_a_database_error_in_the_log_does_not_quote_the_values(client, log_output, failing_view):
    failing_view(lambda: db.session.execute(sa.text("SELECT no_such_column FROM users WHERE email = :email"),
                                            {"email": "geheim@example.org"}))

    response = client.get(f"/reacties/{TOKEN}")

    assert response.status_code == 500
    [error] = [record for record in records(log_output) if record["level"] == "ERROR"]
    assert "no_such_column" in error["exc_info"]
    assert "geheim@example.org" not in log_output.getvalue()


def test_text_format_carries_the_request_id(app, client):
    with captured_log(app, "text") as stream:
        response = client.get("/health")

    [line] = [line for line in stream.getvalue().splitlines() if " consult.access " in line]
    assert f"[{response.headers['X-Request-ID']}] GET /health 200 " in line


def test_the_development_server_adds_no_line_with_address_or_url(app, log_output):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/static/css/consult.css?t={TOKEN}") as answer:
        answer.read()  # all of it, so the server does not see a dropped connection
        assert answer.status == 200
    thread.join()
    server.server_close()

    assert [line["path"] for line in access_lines(log_output)] == ["/static/<path:filename>"]
    assert "127.0.0.1" not in log_output.getvalue()
    assert TOKEN not in log_output.getvalue()


def test_creating_the_app_again_keeps_one_handler(app):
    for _ in range(2):
        again = make_app(app.config["SQLALCHEMY_DATABASE_URI"])
        with again.app_context():
            db.engine.dispose()

    assert [handler.name for handler in logging.getLogger().handlers].count(HANDLER_NAME) == 1
    assert again.logger.handlers == []  # no Flask default handler: each line is written once


def test_json_is_the_default_in_production(tmp_path, monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://inspraak.example.nl")
    assert settings.load(tmp_path)["LOG_FORMAT"] == "json"
    monkeypatch.setenv("CONSULT_ENV", "development")
    assert settings.load(tmp_path)["LOG_FORMAT"] == "text"


@pytest.mark.parametrize(("setting", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "LOUD")])
def test_an_unknown_setting_stops_the_start(app, setting, value):
    with pytest.raises(ConfigError, match=setting):
        configure_root_logger({**app.config, setting: value})
