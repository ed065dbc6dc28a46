"""Open data as files: made once per change of what the public sees, served as files with an ETag and
gzip, never built per request (issue 15: at 100,000 reactions a build takes seconds and tens of MB).

A file carries the consultation's id and creation moment (so two databases sharing a files folder never
mix), the public version it was made at (``consult.pagecache``) and a digest of what it was made from
(``stamp``): ``open-data/<id>-<created>-<version>-<stamp>.json``. The public version moves with any public
change anywhere; a file made at an older version is still sent when its consultation's stamp is the
same (nothing in it changed). When the stamp differs, the old file is never sent (a reaction in it may
have been withdrawn, hidden or redacted since): a small consultation's request makes the new file at
once, a big one's gets a 503 with Retry-After while a background job makes it.

Beside the whole JSON the build writes it in pages of ``PAGE_SIZE`` reactions
(``open-data/<id>-<created>-<version>-<stamp>.pages/<n>.json``), each with the consultation, its number and links
to the pages before and after it: a client reads them one by one, and a page is as quick to serve at
100,000 reactions as at 1,000 (issue 15), where the whole file is a download the size of the data.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from consult.answers.models import Answer
from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.core.i18n import iso_moment
from consult.core.links import external_url
from consult.core.text import xml_safe_data
from consult.exports.formats import csv_stream, json_stream
from consult.exports.rows import OPEN_FIELDS, open_rows
from consult.extensions import db
from consult.pagecache.models import THE_ROW, PublicVersion
from consult.reactions.models import Reaction

EXTENSIONS = ("json", "csv")
# Below this many published reactions a request makes the file itself when there is none that may be
# sent (well under a second); above it the request gets a 503 with Retry-After while the worker makes it.
BUILD_AT_ONCE_FEWER_THAN = 2_000
STAMP = re.compile(r"[0-9a-f]{16}")  # what ``stamp`` gives
NAME = re.compile(r"^(?P<owner>\d+-\d+)-(?P<version>\d+)-(?P<stamp>[0-9a-f]{16})\.(?P<extension>json|csv|pages)$")
PAGE_SIZE = 1_000  # the consultation page names this number


@dataclass(frozen=True)
class Made:
    """A made file: the public version and the stamp it was made at, and where it is."""

    version: int
    stamp: str
    path: Path


def folder() -> Path:
    path = Path(current_app.config["FILES_FOLDER"]) / "open-data"
    path.mkdir(parents=True, exist_ok=True)
    return path


def public_version() -> int:
    return db.session.scalar(sa.select(PublicVersion.version).where(PublicVersion.id == THE_ROW)) or 0


def owner(consultation: Consultation) -> str:
    return f"{consultation.id}-{int(consultation.created_at.timestamp())}"


def stamp(consultation: Consultation) -> str:
    """A digest (16 hex digits) of everything the open data of ``consultation`` is made from
    (``rows.open_rows`` and the file's heading): the published reactions by number, sum of ids and last
    change (``updated_at`` follows every change of a row: a withdrawal, hiding, a redaction, a new
    answer), the answers likewise, and the consultation's heading. The same digest at two moments means
    a file made at the first reads the same at the second. Like ``reports.queries.nota_stamp``."""
    parts = (
        tuple(db.session.execute(
            sa.select(sa.func.count(), sa.func.sum(Reaction.id), sa.func.max(Reaction.updated_at))
            .where(Reaction.consultation_id == consultation.id, Reaction.is_published)).one()),
        tuple(db.session.execute(
            sa.select(sa.func.count(), sa.func.max(Answer.id), sa.func.max(Answer.updated_at))
            .where(Answer.consultation_id == consultation.id)).one()),
        _heading(consultation),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _heading(consultation: Consultation) -> dict:
    return {"title": consultation.title, "organisation": consultation.organisation.name,
            "opens_at": iso_moment(consultation.opens_at), "closes_at": iso_moment(consultation.closes_at)}


def newest(consultation: Consultation, extension: str) -> Made | None:
    """The newest file made for this consultation in ``extension`` (``json``, ``csv``), or None."""
    found = [Made(int(m["version"]), m["stamp"], path)
             for path in folder().glob(f"{owner(consultation)}-*.{extension}")
             if (m := NAME.match(path.name)) and m["owner"] == owner(consultation)]
    return max(found, key=lambda made: made.version, default=None)


def page_file(made: Path, page: int) -> Path:
    """Page ``page`` (from 1) of the pages made beside the whole JSON file ``made``; it may not exist."""
    return made.with_suffix(".pages") / f"{page}.json"


def _temporary(target: Path) -> Path:
    """A name of its own beside ``target`` for this writer: two builds at once (threads, processes) never
    write into each other's file."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")


def _write(path: Path, chunks) -> None:
    """Write the file and its gzip twin under temporary names, then rename: a reader never sees half a file."""
    _write_bytes(path, "".join(chunks).encode())


def _write_bytes(path: Path, data: bytes) -> None:
    for target, content in ((path, data), (path.with_name(path.name + ".gz"), gzip.compress(data, 6, mtime=0))):
        temporary = _temporary(target)
        temporary.write_bytes(content)
        temporary.replace(target)


def _paged(consultation: Consultation, records: Iterator[dict], meta: dict, target: Path, made_from: str) -> Iterator[dict]:
    """Pass ``records`` on unchanged while writing them as pages in ``target``'s page folder, made under a
    temporary name and renamed when complete: a reader finds all pages of a file or none. When another
    build of the same file got there first, its pages stand (the same content) and these go.

    Each page names its build (``build``: the stamp ``made_from``) and its links carry it (``?stand=``):
    a client that follows them gets pages of one build or, once a newer build replaced it, a 410 that
    sends it back to page 1, never a mix of two (a reaction skipped or read twice)."""
    folder_name = target.with_suffix(".pages")
    temporary = _temporary(folder_name)
    temporary.mkdir()
    page, batch = 1, []

    def link(number: int) -> str:
        return external_url("exports.open_data_page", slug=consultation.slug, page=number, stand=made_from)

    def write(more: bool) -> None:
        body = {"consultation": meta, "build": made_from, "page": page, "page_size": PAGE_SIZE,
                "previous": link(page - 1) if page > 1 else None, "next": link(page + 1) if more else None,
                "reactions": batch}
        _write_bytes(temporary / f"{page}.json", json.dumps(xml_safe_data(body), ensure_ascii=False).encode())

    try:
        for record in records:
            if len(batch) == PAGE_SIZE:
                write(more=True)
                page, batch = page + 1, []
            batch.append(record)
            yield record
        write(more=False)
        try:
            temporary.rename(folder_name)
        except OSError:
            if not folder_name.is_dir():
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def build(consultation: Consultation, version: int) -> None:
    """Make the JSON (whole and in pages) and the CSV of ``consultation`` as of public version ``version``,
    then remove the files of older versions (and any of an earlier release's naming). The pages are
    complete before the whole file appears, so the newest whole file always has its pages. The stamp is
    read before the rows: a change between the two makes the file newer than its stamp, never older, so
    at worst it is made once more.

    Made in the site's language (``BABEL_DEFAULT_LOCALE``), whoever's request makes it: every visitor
    gets the same file, so a word in it ("Inwoner", "[naam]") must not be that of the first visitor's
    chosen language (an outside tester's finding)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _build(consultation, version)


def _build(consultation: Consultation, version: int) -> None:
    made_from = stamp(consultation)
    meta = {**_heading(consultation), "made_at": iso_moment(utcnow())}
    name = f"{owner(consultation)}-{version}-{made_from}"
    whole = folder() / f"{name}.json"
    _write(whole, json_stream(_paged(consultation, open_rows(consultation), meta, whole, made_from), meta))
    _write(folder() / f"{name}.csv",
           csv_stream(list(OPEN_FIELDS), ([record[field] for field in OPEN_FIELDS] for record in open_rows(consultation))))
    for path in folder().glob(f"{owner(consultation)}-*"):
        match = NAME.match(path.name.removesuffix(".gz"))
        if match is not None and (match["owner"] != owner(consultation) or int(match["version"]) > version
                                  or path.name.startswith(name)):
            continue  # another consultation's, a newer build's, or this one
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
