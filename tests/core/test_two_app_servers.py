"""Two app servers behind one load balancer share the database, Redis and the upload folder, and nothing
else (issue 15, "Production"): gunicorn started twice with deploy/gunicorn.conf.py, on two ports, as the
README's production section says. On PostgreSQL when TEST_DATABASE_URL is set, else on one SQLite file."""
from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from tests.conftest import fresh_database
from tests.mail.test_delivery import free_port

ROOT = Path(__file__).parents[2]
REDIS = ("127.0.0.1", 6379)
OFFICIAL = "ambtenaar@vijfheerenlanden.example.org"
SLUG = "sociaal-maatschappelijke-agenda"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379, as production does")


class Browser:
    """A visitor with cookies; the cookie jar is per host name, as behind one load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  _NoRedirect())

    def get(self, url: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(url))

    def etag(self, url: str) -> str:
        """The page's ETag for an anonymous visitor (no cookies), with the one Host header a load balancer
        passes on to every app server."""
        request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers["ETag"]

    def post(self, url: str, fields: dict, files: dict | None = None) -> tuple[int, bytes]:
        body, content_type = _multipart(fields, files or {})
        return self._open(urllib.request.Request(url, data=body, headers={"Content-Type": content_type}))

    def _open(self, request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_fields(page: bytes) -> dict:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page.decode()):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[html.unescape(attributes["name"])] = html.unescape(attributes.get("value", ""))
    return fields


@contextmanager
def app_servers(url: str, folder: Path, count: int = 2):
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": url, "CONSULT_ENV": "development",
           "SECRET_KEY": uuid.uuid4().hex, "RATELIMIT_STORAGE_URI": f"redis://{REDIS[0]}:{REDIS[1]}/15",
           "CACHE_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/14",
           "UPLOAD_FOLDER": str(folder / "uploads"), "FILES_FOLDER": str(folder / "files"),
           "MINIMUM_FILL_SECONDS": "0", "GUNICORN_WORKERS": "1", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1"}
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([sys.executable, "-m", "flask", *command], env=env, cwd=ROOT, check=True, capture_output=True)
    for database in ("14", "15"):
        subprocess.run(["redis-cli", "-n", database, "flushdb"], capture_output=True)
    ports = [free_port() for _ in range(count)]
    servers = [subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port in ports:
            _wait_for(f"http://127.0.0.1:{port}/health")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def test_two_app_servers_share_sessions_data_uploads_and_rate_limits(tmp_path):
    with fresh_database(tmp_path, "twoservers") as url, app_servers(url, tmp_path) as (one, two):
        # The page cache lives in Redis: a page one server made is the page the other serves.
        page = f"/consultaties/{SLUG}"
        before = Browser().etag(f"{one}{page}")
        assert Browser().etag(f"{two}{page}") == before
        assert int(subprocess.run(["redis-cli", "-n", "14", "dbsize"], capture_output=True, text=True).stdout) > 0

        # A resident sends a reaction with a file through the first server.
        resident = Browser()
        status, form = resident.get(f"{one}/consultaties/{SLUG}/reageren")
        assert status == 200
        fields = {**hidden_fields(form), "section": "", "body": "Meer plekken voor mantelzorgers om bij te komen.",
                  "author_name": "Ria Twee", "author_email": "ria.twee@example.org", "author_place": "Vianen",
                  "organisation_name": "", "organisation_kind": "", "publication": "anonymous", "privacy": "y"}
        status, _ = resident.post(f"{one}/consultaties/{SLUG}/reageren", fields,
                                  {"attachments": ("brief.pdf", PDF, "application/pdf")})
        assert status == 302, "the reaction is taken"
        assert Browser().etag(f"{two}{page}") != before, "the change through one server is seen by the other's cache"

        # The official logs in on the first server; the same session cookie works on the second.
        official = Browser()
        _, login = official.get(f"{one}/inloggen")
        status, _ = official.post(f"{one}/inloggen", {**hidden_fields(login), "email": OFFICIAL,
                                                       "password": "consult-demo-2026"})
        assert status == 302
        status, queue = official.get(f"{two}/beheer/consultaties/{SLUG}/moderatie?status=unconfirmed&q=Twee")
        assert status == 200 and b"Ria Twee" in queue, "the reaction sent through one server shows on the other"
        reaction = re.search(rb'href="(/beheer/reacties/\d+)[^"]*"', queue).group(1).decode()
        _, page = official.get(f"{two}{reaction}")
        attachment = re.search(rb'href="(/beheer/bijlagen/\d+)"', page).group(1).decode()
        status, data = official.get(f"{two}{attachment}")
        assert status == 200 and data == PDF, "the file uploaded on one server downloads from the other"

        # The limit of three reset mails an hour per address counts the requests on both servers together.
        visitor = Browser()
        statuses = []
        for server in (one, two, one, two):
            _, reset_form = visitor.get(f"{server}/wachtwoord-vergeten")
            status, _ = visitor.post(f"{server}/wachtwoord-vergeten", {**hidden_fields(reset_form), "email": OFFICIAL})
            statuses.append(status)
        assert statuses == [302, 302, 302, 429]
