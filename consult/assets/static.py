"""Content-hashed static URLs served as immutable, and gzip for text responses.

``url_for('static', filename='dist/site.css')`` gives ``/static/dist/site.3f2a9c1b7d0e.css``: the name
changes when the content does, so a browser may keep the file for a year without asking again. A name
without (or with an old) hash is still served, with ``no-cache``. Files built with a ``.gz`` twin are
sent compressed to browsers that accept it; other text responses are compressed on the way out.
"""
from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

from flask import Flask, Response, current_app, request, send_from_directory

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
YEAR = 365 * 24 * 3600
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
MINIMUM_SIZE = 500


def file_hash(app: Flask, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, remembered per process (files change only on deploy)."""
    hashes = app.extensions.setdefault("static_hashes", {})
    if filename not in hashes:
        path = Path(app.static_folder) / filename
        hashes[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
    return hashes[filename]


def hashed_name(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        digest = file_hash(current_app, values["filename"])
        if digest:
            path = Path(values["filename"])
            values["filename"] = str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def serve_static(filename: str) -> Response:
    app = current_app
    match = HASHED.match(filename)
    immutable = False
    if match and file_hash(app, match["stem"] + match["suffix"]):
        # An old hash (a page kept from before a deploy) still gets the file, but not for a year.
        filename, immutable = match["stem"] + match["suffix"], file_hash(app, match["stem"] + match["suffix"]) == match["hash"]
    gzipped = Path(app.static_folder) / (filename + ".gz")
    if request.accept_encodings["gzip"] > 0 and gzipped.is_file():  # its quality: "gzip;q=0" refuses it
        response = send_from_directory(app.static_folder, filename + ".gz", max_age=YEAR if immutable else None)
        response.headers["Content-Encoding"] = "gzip"
        response.mimetype = "text/css" if filename.endswith(".css") else response.mimetype
    else:
        response = send_from_directory(app.static_folder, filename, max_age=YEAR if immutable else None)
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if immutable else "no-cache"
    return response


def compress(response: Response) -> Response:
    """gzip a text response for a browser that accepts it (HTML pages, JSON, CSV)."""
    if (response.direct_passthrough or response.is_streamed or "Content-Encoding" in response.headers
            or response.status_code < 200 or response.status_code in (204, 304)
            or not (response.mimetype or "").startswith(COMPRESSIBLE)):
        return response
    response.vary.add("Accept-Encoding")
    if request.accept_encodings["gzip"] <= 0:  # its quality: "gzip;q=0" refuses it
        return response
    data = response.get_data()
    if len(data) < MINIMUM_SIZE:
        return response
    response.set_data(gzip.compress(data, 6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(etag + "-gz", weak)
    return response


def built_css_name(theme: str) -> str:
    """``dist/<theme>.site.css``: one build per theme, so changing THEME_STYLESHEET never shows an old build."""
    return f"dist/{Path(theme).stem}.site.css"


def built_css(app: Flask) -> str | None:
    """The built stylesheet for the configured theme, or None (then the page links the three sources)."""
    name = built_css_name(app.config["THEME_STYLESHEET"])
    return name if (Path(app.static_folder) / name).is_file() else None


def install(app: Flask) -> None:
    app.url_defaults(hashed_name)
    app.view_functions["static"] = serve_static
    app.after_request(compress)
    app.jinja_env.globals["built_css"] = lambda: built_css(app)
