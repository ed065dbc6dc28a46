"""Open data as files: made once per change of what the public sees, served as files with an ETag and
gzip, never built per request (issue 15: at 100,000 reactions a build takes seconds and tens of MB).

A file carries the consultation's id and creation moment (so two databases sharing a files folder never
mix) and the public version it was made at (``consult.pagecache``): ``open-data/<id>-<created>-<version>.json``.
A request for a newer version than the newest file gets that file while a background job makes the new
one (a few seconds behind at most); only the very first request of a small consultation builds it at once.
"""
from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.core.i18n import iso_moment
from consult.exports.formats import csv_stream, json_stream
from consult.exports.rows import OPEN_FIELDS, open_rows
from consult.extensions import db
from consult.pagecache.models import THE_ROW, PublicVersion

EXTENSIONS = ("json", "csv")
# Below this many published reactions the first request makes the file itself (well under a second);
# above it the request gets a 503 with Retry-After while the worker makes it.
BUILD_AT_ONCE_FEWER_THAN = 2_000
NAME = re.compile(r"^(?P<owner>\d+-\d+)-(?P<version>\d+)\.(?P<extension>json|csv)$")


def folder() -> Path:
    path = Path(current_app.config["FILES_FOLDER"]) / "open-data"
    path.mkdir(parents=True, exist_ok=True)
    return path


def public_version() -> int:
    return db.session.scalar(sa.select(PublicVersion.version).where(PublicVersion.id == THE_ROW)) or 0


def owner(consultation: Consultation) -> str:
    return f"{consultation.id}-{int(consultation.created_at.timestamp())}"


def newest(consultation: Consultation, extension: str) -> tuple[int, Path] | None:
    """The newest file made for this consultation, with the version it was made at."""
    found = [(int(m["version"]), path) for path in folder().glob(f"{owner(consultation)}-*.{extension}")
             if (m := NAME.match(path.name)) and m["owner"] == owner(consultation)]
    return max(found, default=None)


def _write(path: Path, chunks) -> None:
    """Write the file and its gzip twin under temporary names, then rename: a reader never sees half a file."""
    data = "".join(chunks).encode()
    for target, content in ((path, data), (path.with_name(path.name + ".gz"), gzip.compress(data, 6, mtime=0))):
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(content)
        temporary.replace(target)


def build(consultation: Consultation, version: int) -> None:
    """Make the JSON and CSV of ``consultation`` as of public version ``version``; remove older ones."""
    meta = {"title": consultation.title, "organisation": consultation.organisation.name,
            "opens_at": iso_moment(consultation.opens_at), "closes_at": iso_moment(consultation.closes_at),
            "made_at": iso_moment(utcnow())}
    _write(folder() / f"{owner(consultation)}-{version}.json", json_stream(open_rows(consultation), meta))
    _write(folder() / f"{owner(consultation)}-{version}.csv",
           csv_stream(list(OPEN_FIELDS), ([record[field] for field in OPEN_FIELDS] for record in open_rows(consultation))))
    for path in folder().glob(f"{owner(consultation)}-*"):
        match = NAME.match(path.name.removesuffix(".gz"))
        if match and match["owner"] == owner(consultation) and int(match["version"]) != version:
            path.unlink(missing_ok=True)

