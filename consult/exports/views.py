from pathlib import Path

from flask import Response, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.sessions import recent_login_required
from consult.audit.services import record_event, record_view
from consult.consultations.permissions import MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import writing
from consult.core.forms import EmptyForm
from consult.core.links import external_url
from consult.core.permissions import require
from consult.core.web import no_store
from consult.exports import bp, open_files
from consult.exports.formats import csv_response
from consult.exports.rows import official_header, official_rows
from consult.extensions import db
from consult.jobs.services import enqueue
from consult.pagecache import cache as page_cache

# How long a client waits before asking again for an open data file the worker is making (about a minute's work at 100,000).
RETRY_AFTER_SECONDS = 60


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/beheer/consultaties/<slug>/export.csv")
@login_required
@recent_login_required
@no_store
def export_reactions(slug: str):
    """All reactions with their personal data, streamed, for the owner's officials. Audited."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    record_view(current_user, "reactions_exported", consultation, consultation.organisation_id, format="csv")
    return csv_response(f"reacties-{consultation.slug}.csv", official_header(), official_rows(consultation))


@bp.post("/beheer/consultaties/<slug>/export.xlsx")
@login_required
@recent_login_required(purpose=lambda: _("Make an Excel file (XLSX) of all reactions"))
def start_xlsx_export(slug: str):
    """The Excel file is made in the background; the reactions page shows when it is ready."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = enqueue("export_xlsx", consultation.id, current_user)
    record_event(current_user, "reactions_exported", consultation, consultation.organisation_id, format="xlsx", job=job.id)
    db.session.commit()
    flash(_("The Excel file is being made. You can keep working; it appears on this page when it is ready."), "success")
    return redirect(url_for("moderation.queue", slug=slug))


@bp.get("/consultaties/<slug>/open-data.<any(json, csv):extension>")
def open_data(slug: str, extension: str):
    """Published reactions and answers as open data, without personal data: a file made in the
    background (``open_files``), with an ETag and gzip. The current file is then sent in front of Flask
    (``consult.pagecache.front``) until the public version moves."""
    consultation = _publishing_consultation_or_404(slug)
    made = _sendable_file(consultation, extension)
    if made is None:
        return _being_made(extension)
    return _send_current(made.path, f"open-data-{consultation.slug}.{extension}")


@bp.get("/consultaties/<slug>/open-data/<int:page>.json")
def open_data_page(slug: str, page: int):
    """The open data JSON in pages of ``open_files.PAGE_SIZE`` reactions, in the order they were stored,
    each with links to the page before and after it (``previous``, ``next``; null at the ends). Made with
    the whole file and served as it is; 404 past the last page and for a number written otherwise
    (``01``: one address per page) or with a ``stand`` that no build could have (``open_files.STAMP``). A
    link's ``stand`` names the build it was made in: once a newer build replaced that one, 410 with a JSON
    body pointing at the new page 1 (``open_files._paged``)."""
    stand = request.args.get("stand")
    if request.path.rsplit("/", 1)[-1] != f"{page}.json" or (stand is not None and not open_files.STAMP.fullmatch(stand)):
        abort(404)
    consultation = _publishing_consultation_or_404(slug)
    made = _sendable_file(consultation, "json")
    if made is None:
        return _being_made("json")
    if stand not in (None, made.stamp):
        return _build_replaced(consultation)
    path = open_files.page_file(made.path, page)
    if not path.is_file():
        abort(404)
    return _send_current(path, None)  # shown in a browser, not downloaded: an API's page


def _build_replaced(consultation) -> Response:
    """410 for a page of a build that a newer one replaced: its reactions may have been withdrawn, hidden
    or redacted since, and the new build's pages split differently. ``{"error": text, "first": url}``."""
    response = jsonify(error=_("The open data has changed since this link was made. Start again at the first page."),
                       first=external_url("exports.open_data_page", slug=consultation.slug, page=1))
    response.status_code = 410
    return response


def _publishing_consultation_or_404(slug: str):
    consultation = consultation_or_404(slug)
    require(VIEW_CONSULTATION, consultation)
    if not consultation.publishes_reactions:
        abort(404)
    return consultation


def _sendable_file(consultation, extension: str) -> open_files.Made | None:
    """The made file of ``consultation`` that reads as its open data reads now, or None while it is being
    made (a job is queued). A file made at an older public version is sent only when the consultation's
    stamp is still the one it was made from: then nothing in it changed (the version moves with any
    public change anywhere). Otherwise it is never sent, whatever it costs: a reaction in it may have been
    withdrawn, hidden or redacted since. A small consultation's request makes the file at once."""
    version, made = open_files.public_version(), open_files.newest(consultation, extension)
    if made is not None and made.version > version:
        made = None  # made before a restored backup: not this database's data
    if made is not None and made.version < version and made.stamp != open_files.stamp(consultation):
        made = None
    if made is None and consultation.published_reaction_count < open_files.BUILD_AT_ONCE_FEWER_THAN:
        open_files.build(consultation, version)
        made = open_files.newest(consultation, extension)
    if made is None:  # a big consultation's file: no web worker spends seconds on it
        db.session.commit()  # end the read transaction before writing (SQLite: consult.core.db)
        with writing():
            enqueue("open_data", consultation.id, None)
            db.session.commit()
        return None
    return made


def _being_made(extension: str) -> Response:
    """503 with Retry-After (seconds) while the worker makes the file; for the JSON routes a JSON body
    ``{"error": text, "retry_after": 60}``, so a program reading the API can read the answer too."""
    message = _("The open data file is being made. Try again in a minute.")
    if extension == "json":
        response = jsonify(error=message, retry_after=RETRY_AFTER_SECONDS)
        response.status_code = 503
    else:
        response = Response(message, 503, mimetype="text/plain")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _send_current(path: Path, name: str | None) -> Response:
    """Send a file of ``_sendable_file``: it reads as the open data reads at this public version, so the
    page cache may send it in front of Flask until the version moves."""
    response, sent = _send_open_file(path, name)
    request.environ[page_cache.FILE] = str(sent)
    return response


def _send_open_file(path: Path, name: str | None) -> tuple[Response, Path]:
    """The made file (gzipped for a browser that accepts it) with an ETag naming its version: a 304 when
    unchanged; and the path of the file sent (the plain or the gzipped one). With ``name`` a download
    under that name."""
    gzipped = path.with_name(path.name + ".gz")
    use_gzip = request.accept_encodings["gzip"] > 0 and gzipped.is_file()  # "gzip;q=0" refuses it
    response = Response((gzipped if use_gzip else path).read_bytes(),
                        content_type="application/json" if path.suffix == ".json" else "text/csv; charset=utf-8",
                        headers=_attachment(name) if name else {})
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    made = f"{path.parent.stem}-{path.stem}" if path.parent.suffix == ".pages" else path.stem  # version (and page)
    response.set_etag(f"{made}{'-gz' if use_gzip else ''}")
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request), gzipped if use_gzip else path
