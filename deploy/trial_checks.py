"""The visitors' part of deploy/trial.sh: people using a production installation through nginx and, where
the check is about the two app servers, through each app server directly as nginx would reach it.

Run by deploy/trial.sh with the installation's own venv (it needs only the standard library and pyotp, which
consult depends on). Prints one ``PASS name`` or ``FAIL name: why`` line per check and exits 1 when any
failed. Nothing here changes the installation except through its web pages, as a person would.
"""
from __future__ import annotations

import argparse
import email
import gzip
import html
import http.client
import json
import mailbox
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
import uuid
from html.parser import HTMLParser

import pyotp

HOST = "consult.test"
PASSWORD = "een zin die ik onthoud 2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESULTS: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, why: str = "") -> bool:
    RESULTS.append((name, bool(ok), why))
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}", flush=True)
    return bool(ok)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, raw: bytes):
        self.status, self.headers, self.raw = status, headers, raw
        self.body = gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw
        self.text = self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


class Visitor:
    """One browser: its own cookies, reaching consult through nginx (https) or one app server directly
    (http, with the headers nginx adds: Host, X-Forwarded-For, X-Forwarded-Proto)."""

    def __init__(self, nginx_port: int, source: str = "127.0.0.1"):
        self.nginx_port, self.source, self.cookies = nginx_port, source, {}

    def request(self, method: str, path: str, *, via: int | None = None, fields=None, files=None,
                headers=None, client_address: str = "203.0.113.10") -> Response:
        """``via`` None: through nginx; a port: that app server directly, as nginx passes a request on."""
        headers = {"Host": HOST, "Accept-Encoding": "gzip", **(headers or {})}
        if method == "POST":  # as a browser does (same-origin policy); Flask-WTF checks it on https
            headers.setdefault("Referer", f"https://{HOST}{path}")
        if via is None:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection = http.client.HTTPSConnection("127.0.0.1", self.nginx_port, context=context, timeout=60,
                                                     source_address=(self.source, 0))
        else:
            connection = http.client.HTTPConnection("127.0.0.1", via, timeout=60)
            headers.update({"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, headers["Content-Type"] = multipart(fields or {}, files)
        elif fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=thu, 01 jan 1970" in cookie.lower() or "max-age=0" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        connection.close()
        return Response(response.status, response.headers, raw)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def submit(self, page: Response, path: str, changes: dict, *, form_action: str | None = None, **kwargs) -> Response:
        """Send the form on ``page`` whose action is ``form_action`` (default: ``path``), as a browser would:
        every field with its shown value, then ``changes``."""
        fields = form_fields(page.text, form_action or path)
        fields.update(changes)
        return self.request("POST", path, fields=fields, **kwargs)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _Forms(HTMLParser):
    """Every form's fields with the values a browser would send untouched."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea, self.first_option = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.form["fields"][a["name"]] = a.get("value") or ("y" if kind == "checkbox" else "")
        elif tag == "select" and a.get("name"):
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
                self.form["fields"].setdefault(self.select, value)
            if "selected" in a:
                self.form["fields"][self.select] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.form["fields"][self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.textarea and self.form is not None:
            self.form["fields"][self.textarea] += data


def form_fields(page: str, action: str) -> dict:
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if urllib.parse.urlsplit(html.unescape(form["action"])).path == urllib.parse.urlsplit(action).path:
            return dict(form["fields"])
    for form in parser.forms:  # a form without an action goes to the page's own address
        if not form["action"]:
            return dict(form["fields"])
    raise AssertionError(f"no form with action {action} on the page")


def mail_to(maildir: str, address: str, pattern: str, timeout: float = 60) -> str | None:
    """The text of the newest mail to ``address`` that holds ``pattern`` (a regex), waiting for the worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for key, message in reversed(list(mailbox.Maildir(maildir, factory=None).items())):
            message = email.message_from_bytes(message.as_bytes())
            if address.lower() not in (message["To"] or "").lower():
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                    if re.search(pattern, text):
                        return text
        time.sleep(1)
    return None


def path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def log_in_first_time(visitor: Visitor, link: str, address: str) -> bool:
    """Choose a password with the link, log in, set up the second factor (always on in production)."""
    page = visitor.get(path_of(link))
    if page.status != 200:
        return check(f"{address}: the password link opens", False, f"status {page.status}")
    fields = form_fields(page.text, path_of(link))
    changes = {name: PASSWORD for name in fields if name in ("password", "confirm")}
    done = visitor.submit(page, path_of(link), changes)
    if not check(f"{address}: chooses a password with the link", done.status == 302, f"status {done.status}"):
        return False
    login = visitor.get("/inloggen")
    step = visitor.submit(login, "/inloggen", {"email": address, "password": PASSWORD})
    if step.status != 302 or "tweede-stap-instellen" not in step.header("Location"):
        return check(f"{address}: logs in and is asked to set up the second factor", False,
                     f"status {step.status} to {step.header('Location')}")
    setup = visitor.get("/inloggen/tweede-stap-instellen")
    secret = re.search(r'id="sleutel">([A-Z2-7]+)<', setup.text)
    if not secret:
        return check(f"{address}: sets up the second factor", False, "no key on the page")
    codes = visitor.submit(setup, "/inloggen/tweede-stap-instellen", {"code": pyotp.TOTP(secret.group(1)).now()})
    home = visitor.get("/")
    return check(f"{address}: sets up the second factor and is logged in",
                 codes.status == 200 and "uitloggen" in home.text, f"status {codes.status}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nginx-port", type=int, required=True)
    parser.add_argument("--servers", type=int, nargs=2, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--admin-link", required=True)
    parser.add_argument("--ratelimit-redis-db", required=True)
    parser.add_argument("--cache-redis-db", required=True)
    parser.add_argument("--redis-port", default="6379")
    args = parser.parse_args()
    one, two = args.servers
    maildir = args.maildir

    # /health and /health/ready through nginx.
    anyone = Visitor(args.nginx_port)
    health, ready = anyone.get("/health"), anyone.get("/health/ready")
    check("/health through nginx answers 200", health.status == 200, f"status {health.status}")
    check("/health/ready through nginx answers 200 with JSON", ready.status == 200 and ready.text.startswith("{"),
          f"status {ready.status}: {ready.text[:200]}")

    # Static files: served by nginx (no X-Request-ID, which consult puts on all it answers), compressed, a year.
    home = anyone.get("/")
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    if check("the home page links a content-hashed stylesheet", css, "no /static/….<hash>.css link"):
        sheet = anyone.get(css.group(1))
        check("the stylesheet comes from nginx, gzipped, kept a year",
              sheet.status == 200 and not sheet.header("X-Request-ID") and sheet.header("Content-Encoding") == "gzip"
              and "max-age=31536000" in sheet.header("Cache-Control") and "immutable" in sheet.header("Cache-Control")
              and sheet.header("Content-Type").startswith("text/css"),
              f"status {sheet.status}, headers {dict(sheet.headers)}")
    check("HTML through nginx is gzipped", home.header("Content-Encoding") == "gzip", f"headers {dict(home.headers)}")

    # The admin chooses a password with the link `flask admin create` printed, and logs in.
    admin = Visitor(args.nginx_port)
    if log_in_first_time(admin, args.admin_link, "beheer@gemeente.nl"):
        organisations = admin.get("/beheer/organisaties/")
        check("the admin sees the organisations made by `flask org create`",
              organisations.status == 200 and "Gemeente Almere" in organisations.text
              and "Regio Flevoland" in organisations.text, f"status {organisations.status}")

    # The official (made by `flask org add-member`) got a mail with a link, logs in, writes a document and
    # a consultation and publishes it.
    official = Visitor(args.nginx_port)
    text = mail_to(maildir, "ambtenaar@almere.nl", r"https://consult\.test/wachtwoord-instellen/\S+")
    if not check("the official's invitation mail arrived at the SMTP server", text, "no mail with a link"):
        return report()
    link = re.search(r"https://consult\.test/wachtwoord-instellen/\S+", text).group(0)
    if not log_in_first_time(official, link, "ambtenaar@almere.nl"):
        return report()
    page = official.get("/beheer/documenten/nieuw")
    made = official.submit(page, "/beheer/documenten/nieuw", {
        "title": "Sociaal maatschappelijke agenda (proef)",
        "source_text": "# Inleiding\n\nWe willen dat iedereen mee kan doen.\n\n# Opgaven\n\nMeer hulp dichtbij.\n"})
    check("the official adds a document", made.status == 302, f"status {made.status}: {made.text[:300]}")
    page = official.get("/beheer/consultaties/nieuw")
    made = official.submit(page, "/beheer/consultaties/nieuw", {
        "title": "Proef: sociaal maatschappelijke agenda", "reference_prefix": "PRF",
        "summary": "Een proef van de installatie.", "contact_name": "Anna Ambtenaar",
        # Open from the start of today: the form's default, 09:00 Amsterdam, left it closed to reactions
        # for a trial run earlier in the day.
        "opens_time": "00:00"})
    slug_path = made.header("Location")
    if not check("the official makes a consultation", made.status == 302 and "/beheer/consultaties/" in slug_path,
                 f"status {made.status}: {made.text[:300]}"):
        return report()
    slug = path_of(slug_path).rstrip("/").rsplit("/", 1)[1]
    manage = official.get(f"/beheer/consultaties/{slug}")
    published = official.submit(manage, f"/beheer/consultaties/{slug}/publiceren", {})
    public = anyone.get(f"/consultaties/{slug}")
    check("the official publishes it and it shows to the public", published.status == 302 and public.status == 200,
          f"publish {published.status}, page {public.status}")

    # A resident reacts through nginx: gets the kenmerk, the mail arrives, the link confirms.
    resident = Visitor(args.nginx_port)
    form = resident.get(f"/consultaties/{slug}/reageren")
    time.sleep(3.2)  # MINIMUM_FILL_SECONDS: a person takes longer than a robot
    sent = resident.submit(form, f"/consultaties/{slug}/reageren", {
        "body": "Graag meer plekken voor mantelzorgers om bij te komen.", "author_name": "Ria Proef",
        "author_email": "ria.proef@example.org", "author_place": "Almere", "publication": "anonymous",
        "privacy": "y"})
    receipt = resident.get(f"/consultaties/{slug}/reactie-verstuurd") if sent.status == 302 else sent
    kenmerk = re.search(r"PRF-\d{4}-\d+", receipt.text)
    check("a resident's reaction through nginx is taken and shows its kenmerk", sent.status == 302 and kenmerk,
          f"status {sent.status}: {receipt.text[:300]}")
    mail = mail_to(maildir, "ria.proef@example.org", r"https://consult\.test/reacties/bevestigen/\S+")
    if check("the confirmation mail arrives at the SMTP server", mail, "no mail with a confirmation link"):
        confirmed = resident.get(path_of(re.search(r"https://consult\.test/reacties/bevestigen/\S+", mail).group(0)))
        check("the link in the mail confirms the reaction", confirmed.status == 302, f"status {confirmed.status}")

    # Two app servers: a reaction with a file sent through the first shows on the second at once, and the
    # file downloads there.
    second = Visitor(args.nginx_port)
    form = second.get(f"/consultaties/{slug}/reageren", via=one)
    time.sleep(3.2)
    sent = second.request("POST", f"/consultaties/{slug}/reageren", via=one, fields={
        **form_fields(form.text, f"/consultaties/{slug}/reageren"), "body": "Een brief met mijn punten.",
        "author_name": "Kees Tweede", "author_email": "kees.tweede@example.org", "publication": "anonymous",
        "privacy": "y"}, files={"attachments": ("brief.pdf", PDF, "application/pdf")})
    check(f"a reaction with an attachment is taken by app server {one}", sent.status == 302, f"status {sent.status}")
    queue = official.get(f"/beheer/consultaties/{slug}/moderatie?status=unconfirmed&q=Tweede", via=two)
    check(f"that reaction shows on app server {two} on the next request",
          queue.status == 200 and "Kees Tweede" in queue.text, f"status {queue.status}")
    reaction = re.search(r'href="(/beheer/reacties/\d+)[^"]*"', queue.text)
    attachment = None
    if reaction:
        attachment = re.search(r'href="(/beheer/bijlagen/\d+)"', official.get(reaction.group(1), via=two).text)
    download = official.get(attachment.group(1), via=two) if attachment else None
    check(f"the attachment uploaded on {one} downloads from {two}", download and download.status == 200
          and download.body == PDF, f"status {download.status if download else 'no link'}")

    # A rate limit counts on both servers together: ten wrong passwords for one address in 15 minutes.
    stranger = Visitor(args.nginx_port)
    address = f"niemand-{uuid.uuid4().hex[:8]}@example.org"
    statuses = []
    for attempt in range(11):
        server = (one, two)[attempt % 2]
        page = stranger.get("/inloggen", via=server, client_address=f"203.0.113.{20 + attempt}")
        statuses.append(stranger.submit(page, "/inloggen", {"email": address, "password": "fout"}, via=server,
                                        client_address=f"203.0.113.{20 + attempt}").status)
    check("the log-in limit (10 wrong passwords per address) counts across both app servers",
          statuses == [400] * 10 + [429], f"statuses {statuses}")  # a refused form answers 400 (form_status)

    # X-Forwarded-For: consult sees the visitor's address nginx puts there, never one the visitor sends.
    spoofer = Visitor(args.nginx_port, source="127.0.0.2")
    page = spoofer.get("/inloggen", headers={"X-Forwarded-For": "198.51.100.66"})
    # An address of its own: the one above is at its limit, and a refused request counts nowhere.
    spoofer.submit(page, "/inloggen", {"email": f"spoof-{uuid.uuid4().hex[:8]}@example.org", "password": "fout"},
                   headers={"X-Forwarded-For": "198.51.100.66"})
    keys = subprocess.run(["redis-cli", "-p", args.redis_port, "-n", args.ratelimit_redis_db, "--scan"], capture_output=True,
                          text=True).stdout
    check("behind nginx the rate limit counts the visitor's address (127.0.0.2), not nginx's or a sent one",
          "127.0.0.2" in keys and "198.51.100.66" not in keys, f"keys: {keys.split()}")

    # The page cache in Redis: the page one server made is the page the other serves.
    page = f"/consultaties/{slug}"
    etags = [Visitor(args.nginx_port).get(page, via=port).header("ETag") for port in (one, two)]
    kept = subprocess.run(["redis-cli", "-p", args.redis_port, "-n", args.cache_redis_db, "dbsize"], capture_output=True, text=True).stdout
    check("the page cache is shared through Redis (same ETag from both, pages in Redis)",
          etags[0] and etags[0] == etags[1] and int(kept or 0) > 0, f"etags {etags}, {kept.strip()} keys")

    # The workers sent every mail: nothing waits in the outbox.
    time.sleep(2)
    mail = json.loads(anyone.get("/health/ready").text).get("mail", {})
    check("the workers sent every mail (nothing waits, nothing failed)",
          mail.get("waiting") == 0 and mail.get("failed") == 0, json.dumps(mail))
    return report()


def report() -> int:
    failed = [name for name, ok, _ in RESULTS if not ok]
    print(f"{len(RESULTS) - len(failed)} of {len(RESULTS)} web checks passed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
