"""Open data as files: made once per change of what the public sees, served as files with an ETag and
gzip, never built per request (issue 15: at 100,000 reactions a build takes seconds and tens of MB).

A file carries the consultation's id and creation moment (so two databases sharing a files folder never
mix) and the public version it was made at (``consult.pagecache``): ``open-data/<id>-<created>-<version>.json``.
A request for a newer version than the newest file gets that file while a background job makes the new
one (a few seconds behind at most); only the very first request of a small consultation builds it at once.

Beside the whole JSON the build writes it in pages of ``PAGE_SIZE`` reactions
(``open-data/<id>-<created>-<version>.pages/<n>.json``), each with the consultation, its number and links
to the pages before and after it: a client reads them one by one, and a page is as quick to serve at
100,000 reactions as at 1,000 (issue 15), where the whole file is a download the size of the data.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.core.i18n import iso_moment
from consult.core.links import external_url
from consult.core.text import xml_safe_data
from consult.exports.formats import csv_stream, json_stream
from consult.exports.rows import OPEN_FIELDS, open_rows
from consult.extensions import db
from consult.pagecache.models import THE_ROW, PublicVersion

EXTENSIONS = ("json", "csv")
# Below this many published reactions the first request makes the file itself (well under a second);
# above it the request gets a 503 with Retry-After while the worker makes it.
BUILD_AT_ONCE_FEWER_THAN = 2_000
NAME = re.compile(r"^(?P<owner>\d+-\d+)-(?P<version>\d+)\.(?P<extension>json|csv)$")
PAGES = re.compile(r"^(?P<owner>\d+-\d+)-(?P<version>\d+)\.pages$")
PAGE_SIZE = 1_000  # the consultation page names this number


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


def page_file(made: Path, page: int) -> Path:
    """Page ``page`` (from 1) of the pages made beside the whole JSON file ``made``; it may not exist."""
    return made.with_suffix(".pages") / f"{page}.json"


def _write(path: Path, chunks) -> None:
    """Write the file and its gzip twin under temporary names, then rename: a reader never sees half a file."""
    _write_bytes(path, "".join(chunks).encode())


def _write_bytes(path: Path, data: bytes) -> None:
    for target, content in ((path, data), (path.with_name(path.name + ".gz"), gzip.compress(data, 6, mtime=0))):
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(content)
        temporary.replace(target)


def _paged(consultation: Consultation, records: Iterator[dict], meta: dict, target: Path) -> Iterator[dict]:
    """Pass ``records`` on unchanged while writing them as pages in ``target``'s page folder, made under a
    temporary name and renamed when complete: a reader finds all pages of a version or none."""
    folder_name = target.with_suffix(".pages")
    temporary = folder_name.with_name(f".{folder_name.name}.{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    page, batch = 1, []

    def link(number: int) -> str:
        return external_url("exports.open_data_page", slug=consultation.slug, page=number)

    def write(more: bool) -> None:
        body = {"consultation": meta, "page": page, "page_size": PAGE_SIZE,
                "previous": link(page - 1) if page > 1 else None, "next": link(page + 1) if more else None,
                "reactions": batch}
        _write_bytes(temporary / f"{page}.json", json.dumps(xml_safe_data(body), ensure_ascii=False).encode())

    for record in records:
        if len(batch) == PAGE_SIZE:
            write(more=True)
            page, batch = page + 1, []
        batch.append(record)
        yield record
    write(more=False)
    shutil.rmtree(folder_name, ignore_errors=True)  # the same version made twice: the newer pages stand
    temporary.rename(folder_name)


def build(consultation: Consultation, version: int) -> None:
    """Make the JSON (whole and in pages) and the CSV of ``consultation`` as of public version ``version``;
    remove older ones. The pages are complete before the whole file appears, so the newest whole file
    always has its pages."""
    meta = {"title": consultation.title, "organisation": consultation.organisation.name,
            "opens_at": iso_moment(consultation.opens_at), "closes_at": iso_moment(consultation.closes_at),
            "made_at": iso_moment(utcnow())}
    whole = folder() / f"{owner(consultation)}-{version}.json"
    _write(whole, json_stream(_paged(consultation, open_rows(consultation), meta, whole), meta))
    _write(folder() / f"{owner(consultation)}-{version}.csv",
           csv_stream(list(OPEN_FIELDS), ([record[field] for field in OPEN_FIELDS] for record in open_rows(consultation))))
    for path in folder().glob(f"{owner(consultation)}-*"):
        match = NAME.match(path.name.removesuffix(".gz")) or PAGES.match(path.name)
        if match and match["owner"] == owner(consultation) and int(match["version"]) != version:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

