import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from consult.advice.queries import open_points
from consult.consultations.models import Consultation, TransitionError
from consult.consultations.permissions import DECIDE_FOR_CONSULTATION, MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.consultations.queries import consultation_or_404
from consult.core.db import utcnow, write_apart
from consult.core.forms import EmptyForm, choices
from consult.core.permissions import require
from consult.core.readability import readability_note
from consult.core.web import as_id
from consult.extensions import db, limiter
from consult.jobs.services import enqueue, latest
from consult.reports import bp
from consult.reports.exports import blocks, draft_blocks, render_blocks
from consult.reports.forms import CorrectionForm, GroupingForm, IntroductionForm, NewVersionForm, OwnChangeForm
from consult.reports.labels import adopted_by_label, adopter_label
from consult.reports.models import Grouping, OwnMotionChange, ResponseReportVersion
from consult.reports.parts import find_advice, in_parts, page_at, page_of, table_of_contents
from consult.reports.queries import (
    entries_of,
    latest_version,
    reference_place,
    report_of,
    sections_of,
    version_or_404,
    versions_of,
)
from consult.reports.services import (
    AdviceUnanswered,
    add_own_change,
    build_draft,
    check_publishable,
    correct_published_texts,
    nota_locale,
    published_version,
    remove_own_change,
    render_version_file,
    save_introduction,
    set_grouping,
    store_version_file,
    stored_file,
)
from consult.reports.snapshot import compare, texts_changed, thaw

POST_LIMIT = "120/hour"
PUBLISH_JOB = "report_publish"
bp.add_app_template_global(adopter_label)
bp.add_app_template_global(adopted_by_label)
bp.add_app_template_global(report_of, "nota_record")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


def _public_version(slug: str) -> tuple[Consultation, ResponseReportVersion | None]:
    """The consultation and the version the public reads (None before publication)."""
    consultation = consultation_or_404(slug)
    require(VIEW_CONSULTATION, consultation)
    return consultation, _kept(lambda: published_version(consultation, utcnow()), lambda: latest_version(consultation))


def _kept(make, find):
    """What ``find`` reads, or else what ``make`` freezes the first time it is asked for, kept in a
    writing transaction of its own (a page reads in one that cannot write on SQLite). When two requests
    freeze the same thing at once, the unique constraints let one win; the other reads it."""
    found = find()
    if found is not None:
        return found
    try:
        return write_apart(make)
    except IntegrityError:
        return find()


@bp.get("/consultaties/<slug>/reactienota")
def show_report(slug: str):
    consultation, version = _public_version(slug)
    if version is None:
        if MANAGE_CONSULTATION(current_user, consultation):
            return redirect(url_for("reports.edit_report", slug=slug))
        abort(404)
    return _render_version(consultation, version, version)


@bp.get("/consultaties/<slug>/reactienota/versie-<int:number>")
def show_version(slug: str, number: int):
    consultation, newest = _public_version(slug)
    if newest is None:
        abort(404)
    return _render_version(consultation, version_or_404(consultation, number), newest)


@bp.get("/consultaties/<slug>/reactienota/deel-<int:part>")
def show_part(slug: str, part: int):
    """Part ``part`` (a section or theme, from 1) of the latest version of a nota shown in parts, page
    ``?pagina=``; 404 when the nota is one page or has no such part (see consult.reports.parts)."""
    consultation, version = _public_version(slug)
    if version is None:
        abort(404)
    return _render_part(consultation, version, version, part)


@bp.get("/consultaties/<slug>/reactienota/versie-<int:number>/deel-<int:part>")
def show_version_part(slug: str, number: int, part: int):
    """As ``show_part``, for version ``number``."""
    consultation, newest = _public_version(slug)
    if newest is None:
        abort(404)
    return _render_part(consultation, version_or_404(consultation, number), newest, part)


def _version_args(consultation: Consultation, version: ResponseReportVersion, newest: ResponseReportVersion) -> dict:
    """The URL arguments of a version's pages: the latest version's pages have no number in their URL."""
    return {"slug": consultation.slug} if version.number == newest.number else {"slug": consultation.slug, "number": version.number}


def _render_version(consultation: Consultation, version: ResponseReportVersion, newest: ResponseReportVersion,
                    kenmerk: str = "", not_found: str | None = None):
    outline = version.outline
    parts = table_of_contents(outline) if in_parts(outline) else None
    # A big nota shows its opening part and a table of contents; each part is a page of its own.
    # A small one shows every entry: at most ONE_PAGE_AT_MOST of them.
    report = thaw({**outline, "sections": [] if parts else sections_of(version)})
    # The nota reads as one document in the language it was published in; the page around it
    # follows the visitor's language. The body is our own template's output, escaped as it renders.
    with force_locale(version.locale):
        body = Markup(render_template("reports/_published.html", report=report, parts=parts,
                                      version_args=_version_args(consultation, version, newest)))
    return render_template("reports/report.html", consultation=consultation, report=report, body=body,
                           version=version, newest=newest, versions=versions_of(consultation), record=report_of(consultation),
                           header_organisation=consultation.organisation, parts=parts, kenmerk=kenmerk, not_found=not_found)


def _render_part(consultation: Consultation, version: ResponseReportVersion, newest: ResponseReportVersion, part: int):
    outline = version.outline
    if not in_parts(outline) or not 1 <= part <= len(outline["parts"]):
        abort(404)
    number, pages, positions = page_of(outline["parts"][part - 1]["entries"], request.args.get("pagina"))
    section = {"title": outline["parts"][part - 1]["title"], "entries": entries_of(version, part, positions)}
    report = thaw({**outline, "sections": [section]})
    version_args = _version_args(consultation, version, newest)
    with force_locale(version.locale):
        body = Markup(render_template("reports/_published_part.html", report=report, part=part,
                                      section=report.sections[0], page=number, pages=pages))
    return render_template("reports/part.html", consultation=consultation, report=report, body=body, part=part,
                           section=report.sections[0], page=number, pages=pages, version=version, newest=newest,
                           version_args=version_args, header_organisation=consultation.organisation,
                           endpoint="reports.show_part" if "number" not in version_args else "reports.show_version_part")


@bp.get("/consultaties/<slug>/reactienota/kenmerk")
def find_kenmerk(slug: str):
    """Where the reaction with ``?kenmerk=`` stands: a redirect to its part and page, or the nota's
    opening page saying it is not in this nota. ``?versie=`` looks in that version (else the latest).
    A GET form without a session, so the opening page with the form stays cacheable."""
    consultation, newest = _public_version(slug)
    if newest is None:
        abort(404)
    versie = request.args.get("versie")
    version = newest
    if versie:
        number = as_id(versie)
        if number is None:
            abort(404)
        version = version_or_404(consultation, number)
    kenmerk = request.args.get("kenmerk", "").strip()
    if not kenmerk:
        return _render_version(consultation, version, newest, kenmerk, _("Fill in the reference of your reaction."))
    found, advice = reference_place(version, kenmerk), None
    if found is None and (advice := find_advice(version.outline, kenmerk)) is None:
        return _render_version(consultation, version, newest, kenmerk, _(
            "Reference %(kenmerk)s is not in this response report. Check the reference in the confirmation you got.",
            kenmerk=kenmerk if len(kenmerk) <= 40 else kenmerk[:40] + "…"))  # a kenmerk has at most 40 characters
    args = _version_args(consultation, version, newest)
    # Advice stands on the opening part; so does every reaction of a nota shown as one page.
    if found is None or not in_parts(version.outline):
        anchor = advice or found[2]
        target = url_for("reports.show_report" if "number" not in args else "reports.show_version", **args, _anchor=anchor)
    else:
        part, position, anchor = found
        page = page_at(position)
        target = url_for("reports.show_part" if "number" not in args else "reports.show_version_part", **args,
                         part=part, pagina=page if page > 1 else None, _anchor=anchor)
    return redirect(target, 303)


@bp.get("/consultaties/<slug>/reactienota.<any(docx, odt, pdf):extension>")
def download_report(slug: str, extension: str):
    consultation, version = _public_version(slug)
    if version is None:
        abort(404)
    return _send_version_file(consultation, version, extension)


@bp.get("/consultaties/<slug>/reactienota/versie-<int:number>.<any(docx, odt, pdf):extension>")
def download_version(slug: str, number: int, extension: str):
    consultation, newest = _public_version(slug)
    if newest is None:
        abort(404)
    return _send_version_file(consultation, version_or_404(consultation, number), extension)


def _send_version_file(consultation: Consultation, version: ResponseReportVersion, extension: str):
    made = stored_file(version, extension)
    if made is None:  # made the first time it is asked for; the long rendering before the short write
        data = render_version_file(version, extension)
        made = _kept(lambda: store_version_file(version, extension, data), lambda: stored_file(version, extension))
    name = f"reactienota-{consultation.slug}-versie-{version.number}.{extension}"
    return Response(made.data, mimetype=MIMETYPES[extension],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/beheer/consultaties/<slug>/reactienota/concept.<any(docx, odt, pdf):extension>")
@login_required
def download_draft(slug: str, extension: str):
    """The live draft as a file, for the officials; it says on its first page that it is a draft."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    report, _summary = build_draft(consultation)
    with force_locale(nota_locale()):
        data = render_blocks(draft_blocks(report, utcnow()), extension, consultation.title,
                             author=consultation.organisation.name)
    name = f"reactienota-{consultation.slug}-concept.{extension}"
    return Response(data, mimetype=MIMETYPES[extension], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/beheer/consultaties/<slug>/reactienota/bestanden")
@login_required
def make_files(slug: str):
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    for extension in MIMETYPES:
        enqueue(f"report_{extension}", consultation.id, current_user)
    db.session.commit()
    flash(_("The files are being made. You can keep working; they appear on this page when they are ready."), "success")
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="bestanden"))


@bp.route("/beheer/consultaties/<slug>/reactienota", methods=["GET", "POST"])
@login_required
def edit_report(slug: str):
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    form = IntroductionForm()
    if form.validate_on_submit():
        save_introduction(consultation, form.introduction.data or "", current_user)
        db.session.commit()
        flash(_("The introduction is saved."), "success")
        return redirect(url_for("reports.edit_report", slug=slug))
    # A nota published before versions existed is frozen now, so the draft is compared with it.
    _kept(lambda: published_version(consultation, utcnow()), lambda: latest_version(consultation))
    return _render_draft(consultation, introduction_form=form), 400 if form.errors else 200


def _render_draft(consultation: Consultation, version_form: NewVersionForm | None = None,
                  correction_form: CorrectionForm | None = None, introduction_form: IntroductionForm | None = None,
                  own_change_form: OwnChangeForm | None = None, grouping_form: GroupingForm | None = None):
    """The draft page; a refused form comes back with what was typed (status 400 or 422 by the caller)."""
    report, summary = build_draft(consultation)
    form = introduction_form or IntroductionForm(formdata=None)
    if not form.errors and request.method == "GET":
        form.introduction.data = report.record.introduction if report.record else ""
    versions = versions_of(consultation, with_summary=True)
    redacted = {v.number: refs for v in versions if (refs := texts_changed(v.summary, summary))}
    text = " ".join(text for kind, text in blocks(report) if kind == "p")
    made = {extension: latest(f"report_{extension}", consultation.id) for extension in MIMETYPES}
    publishing = latest(PUBLISH_JOB, consultation.id)
    return render_template("reports/edit.html", report=report, consultation=consultation, form=form,
                           version_form=version_form or NewVersionForm(formdata=None),
                           correction_form=correction_form or CorrectionForm(formdata=None), redacted=redacted,
                           versions=versions,
                           difference=compare(versions[0].summary, summary) if versions else None,
                           readability=readability_note(text), now=utcnow(), made=made, publishing=publishing,
                           open_advice=open_points(consultation),
                           own_change_form=own_change_form or _own_change_form(consultation, formdata=None),
                           own_changes=_own_changes(consultation),
                           grouping_form=grouping_form or GroupingForm(formdata=None, grouping=report.grouping),
                           header_organisation=consultation.organisation)


@bp.post("/beheer/consultaties/<slug>/reactienota/publiceren")
@login_required
def publish(slug: str):
    consultation = consultation_or_404(slug)
    require(DECIDE_FOR_CONSULTATION, consultation)
    first = latest_version(consultation) is None
    form = EmptyForm() if first else NewVersionForm()
    if not form.validate_on_submit():
        if first or form.errors.get("csrf_token"):
            abort(400)
        return _render_draft(consultation, version_form=form), 422
    if (active := latest(PUBLISH_JOB, consultation.id)) is not None and active.is_active:
        flash(_("The response report is already being published. Wait until that is done before you publish again."), "error")
        return redirect(url_for("reports.edit_report", slug=slug, _anchor="publiceren"))
    note = "" if first else form.note.data
    try:
        check_publishable(consultation, utcnow(), note)
    except TransitionError:
        flash(_("The response report can be published once the reaction period has closed."), "error")
        return redirect(url_for("reports.edit_report", slug=slug))
    except AdviceUnanswered as unanswered:
        flash(ngettext("The response report cannot be published yet: %(num)s advice point has no answer. See the list below.",
                       "The response report cannot be published yet: %(num)s advice points have no answer. See the list below.",
                       len(unanswered.points)), "error")
        return redirect(url_for("reports.edit_report", slug=slug, _anchor="open-advies"))
    # Publishing a big nota takes minutes, longer than a request may: the worker does it (report_publish).
    enqueue(PUBLISH_JOB, consultation.id, current_user, {"note": note})
    try:
        db.session.commit()
    except IntegrityError:  # a colleague asked for a publication a moment earlier (ux_jobs_one_publish)
        db.session.rollback()
        flash(_("The response report is already being published. Wait until that is done before you publish again."), "error")
        return redirect(url_for("reports.edit_report", slug=slug, _anchor="publiceren"))
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="publiceren"))


@bp.get("/beheer/consultaties/<slug>/reactienota/publicatie")
@login_required
def publication_status(slug: str):
    """The state of the latest publication alone, for the draft page's script that refreshes it."""
    consultation = consultation_or_404(slug)
    require(MANAGE_CONSULTATION, consultation)
    return render_template("reports/_publication.html", consultation=consultation,
                           publishing=latest(PUBLISH_JOB, consultation.id))


@bp.post("/beheer/consultaties/<slug>/reactienota/corrigeren")
@login_required
def correct_versions(slug: str):
    """Take texts redacted after publication into the published versions (see correct_published_texts)."""
    consultation = consultation_or_404(slug)
    require(DECIDE_FOR_CONSULTATION, consultation)
    form = CorrectionForm()
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _render_draft(consultation, correction_form=form), 422
    corrected = correct_published_texts(consultation, current_user, utcnow(), form.correction_note.data)
    if corrected:
        enqueue("report_version_files", consultation.id, current_user)
    db.session.commit()
    flash(ngettext("%(num)s published version is corrected.", "%(num)s published versions are corrected.", len(corrected)),
          "success")
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="publiceren"))


def _own_change_form(consultation: Consultation, **kwargs) -> OwnChangeForm:
    """The form with the sections of the newest document version: the changed draft."""
    form = OwnChangeForm(**kwargs)
    latest = consultation.document_version.document.latest_version if consultation.document_version else None
    form.section.choices = choices([("", _("The whole document"))] + [(s.anchor, s.label) for s in (latest.sections if latest else [])])
    form.sections = {s.anchor: s for s in latest.sections} if latest else {}
    return form


def _own_changes(consultation: Consultation) -> list[OwnMotionChange]:
    return list(db.session.scalars(sa.select(OwnMotionChange).where(OwnMotionChange.consultation_id == consultation.id)
                                   .order_by(OwnMotionChange.id)))


@bp.post("/beheer/consultaties/<slug>/reactienota/indeling")
@login_required
@limiter.limit(POST_LIMIT)
def change_grouping(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = GroupingForm()
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _render_draft(consultation, grouping_form=form), 422
    set_grouping(consultation, Grouping(form.grouping.data), current_user)
    db.session.commit()
    flash(_("The order of the response report is saved."), "success")
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="indeling"))


@bp.post("/beheer/consultaties/<slug>/reactienota/ambtshalve-wijzigingen")
@login_required
@limiter.limit(POST_LIMIT)
def add_own_motion_change(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    form = _own_change_form(consultation)
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _render_draft(consultation, own_change_form=form), 422
    add_own_change(consultation, form.sections.get(form.section.data), form.body.data, current_user)
    db.session.commit()
    flash(_("The change is added to the response report."), "success")
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="ambtshalve"))


@bp.post("/beheer/ambtshalve-wijzigingen/<int:change_id>/verwijderen")
@login_required
@limiter.limit(POST_LIMIT)
def remove_own_motion_change(change_id: int):
    change = db.get_or_404(OwnMotionChange, change_id)
    consultation = db.get_or_404(Consultation, change.consultation_id)
    require(MANAGE_CONSULTATION, consultation)
    if not EmptyForm().validate_on_submit():
        abort(400)
    remove_own_change(consultation, change, current_user)
    db.session.commit()
    flash(_("The change is removed from the draft."), "success")
    return redirect(url_for("reports.edit_report", slug=consultation.slug, _anchor="ambtshalve"))
