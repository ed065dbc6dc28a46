import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from consult.consultations import bp
from consult.consultations.forms import ConsultationForm, ExtensionForm, HouseRulesForm, StukForm, WithheldForm
from consult.consultations.labels import KIND_LABELS, PHASE_LABELS, PROCEDURE_LABELS
from consult.consultations.models import (
    Consultation,
    ConsultationFile,
    ConsultationKind,
    Phase,
    TermTooShort,
    TransitionError,
    WithheldDocument,
)
from consult.consultations.permissions import (
    DECIDE_FOR_CONSULTATION,
    MANAGE_CONSULTATION,
    REACT,
    VIEW_CONSULTATION,
)
from consult.consultations.queries import consultation_or_404, reference_prefix_taken
from consult.consultations.services import (
    add_stuk,
    add_withheld,
    change_house_rules,
    create_public_inspection,
    extend_period,
    publish_consultation,
    remove_stuk,
    remove_withheld,
)
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.i18n import closing_date, local_today
from consult.core.submission import commit_or_first, made_by
from consult.core.uploads import stored_path
from consult.documents.queries import latest_versions_of
from consult.extensions import db, limiter
from consult.jobs.services import latest
from consult.privacy.services import purge_date
from consult.reactions.queries import general_reaction_count, latest_per_section, section_counts
from consult.rounds.permissions import is_invitee
from consult.rounds.queries import newer_version
from consult.workshops.permissions import VIEW_WORKSHOP
from consult.workshops.queries import workshop_of_consultation


@bp.get("/consultaties/<slug>")
def show_consultation(slug: str):
    consultation = db.first_or_404(sa.select(Consultation).where(Consultation.slug == slug))
    if consultation.kind is ConsultationKind.WORKSHOP and (workshop := workshop_of_consultation(consultation)) is not None:
        # A werkatelier is an event with registration, not a reaction period: its own page shows it. Only to
        # whoever may see it; anyone else gets the 404 of a made-up slug, so a concept or invite-only one does not leak.
        if not VIEW_WORKSHOP(current_user, workshop):
            abort(404)
        return redirect(url_for("workshops.show_workshop", slug=slug))
    if not VIEW_CONSULTATION(current_user, consultation) and is_invitee(current_user, consultation):
        # Invited organisations work on the round's own page, where they see their draft.
        return redirect(url_for("rounds.choose_organisation", slug=slug))
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    version = consultation.document_version
    counts = section_counts(consultation)
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        header_organisation=consultation.organisation,
        sections=version.sections if version else [],
        latest=latest_per_section(consultation, counts),
        general_count=general_reaction_count(consultation, counts),
        section_counts=counts,
        now=utcnow(),
        can_react=REACT(current_user, consultation),
        can_manage=MANAGE_CONSULTATION(current_user, consultation),
    )


@bp.app_template_global()
def phase_label(phase) -> str:
    return str(PHASE_LABELS[phase])


@bp.app_template_global()
def kind_label(kind) -> str:
    return str(KIND_LABELS[kind])


@bp.get("/consultaties/<slug>/kennisgeving")
def show_notice(slug: str):
    """The public announcement (kennisgeving): period, ways to react, what happens with reactions."""
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    return render_template(
        "consultations/notice.html", consultation=consultation, header_organisation=consultation.organisation,
        now=utcnow(),
    )


@bp.app_template_global()
def procedure_label(procedure) -> str:
    return str(PROCEDURE_LABELS[procedure])


@bp.route("/beheer/consultaties/nieuw", methods=["GET", "POST"])
@login_required
def new_consultation():
    if not current_user.governed_organisations:
        abort(403)
    versions = {str(v.id): v for v in latest_versions_of([o.id for o in current_user.governed_organisations])}
    if not versions:
        flash(_("Add a document first. Then you can put it up for comments."), "info")
        return redirect(url_for("documents.new_document"))
    form = ConsultationForm(prefix_taken=reference_prefix_taken)
    form.document_version.choices = choices(
        (key, f"{v.document.title} ({_('version %(number)s', number=v.number)}) · {v.document.organisation.name}")
        for key, v in versions.items()
    )
    if request.method == "GET":
        form.document_version.data = request.args.get("version")
        today = local_today()
        form.opens_on.data, form.closes_on.data = today, ConsultationForm.default_close(today)
    if form.validate_on_submit():
        try:
            consultation = create_public_inspection(versions[form.document_version.data], form, current_user)
            db.session.commit()
        except IntegrityError:
            # Another official took the same letters a moment ago: the unique constraint noticed.
            db.session.rollback()
            if not reference_prefix_taken(form.reference_prefix.data):
                raise
            form.reference_prefix.errors.append(_("Another consultation already uses these letters. Choose other letters."))
            return render_template("consultations/new.html", form=form), 409
        flash(_("The consultation is saved as a draft. Check it, then publish it."), "success")
        return redirect(url_for("consultations.manage_consultation", slug=consultation.slug))
    return render_template("consultations/new.html", form=form), form_status(form)


@bp.get("/beheer/consultaties/<slug>")
@login_required
def manage_consultation(slug: str):
    consultation = consultation_or_404(slug, MANAGE_CONSULTATION)
    now = utcnow()
    required_closing = consultation.required_closing(now, current_app.config["ATW_EXTRA_DAYS"])
    return render_template("consultations/manage.html", consultation=consultation, publish_form=EmptyForm(),
                           now=now, required_closing=required_closing, header_organisation=consultation.organisation,
                           dossier_job=latest("dossier", consultation.id), purge_on=purge_date(consultation),
                           newer_version=newer_version(consultation))


@bp.post("/beheer/consultaties/<slug>/publiceren")
@login_required
def publish(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        publish_consultation(consultation, current_user, utcnow(), move_closing=request.form.get("term") == "move")
    except TermTooShort as error:
        flash(_("Not published. With the Awb procedure the six weeks start on the day you publish, so the last "
                "day must be %(date)s or later.", date=closing_date(error.closes_at_least)), "error")
    except TransitionError:
        flash(_("This consultation cannot be published: it is published already or its period is not valid."), "error")
    else:
        db.session.commit()
        flash(_("The consultation is published."), "success")
    return redirect(url_for("consultations.manage_consultation", slug=slug))


@bp.route("/beheer/consultaties/<slug>/verlengen", methods=["GET", "POST"])
@login_required
@limiter.limit("30/hour")
def extend(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    now = utcnow()
    if consultation.phase(now) not in (Phase.PLANNED, Phase.OPEN):
        flash(_("Only a planned or open period can be made longer."), "error")
        return redirect(url_for("consultations.manage_consultation", slug=slug))
    form = ExtensionForm(consultation=consultation)
    if form.validate_on_submit():
        mailed = extend_period(consultation, form.closes_at(), form.reason.data, form.notice.data, current_user, now)
        db.session.commit()
        flash(ngettext("The period is longer. %(num)s person who reacted gets an e-mail.",
                       "The period is longer. %(num)s people who reacted get an e-mail.", mailed), "success")
        return redirect(url_for("consultations.manage_consultation", slug=slug))
    return render_template("consultations/extend.html", consultation=consultation, form=form,
                           header_organisation=consultation.organisation), form_status(form)


@bp.route("/beheer/consultaties/<slug>/huisregels", methods=["GET", "POST"])
@login_required
@limiter.limit("60/hour", methods=["POST"])
def edit_house_rules(slug: str):
    """The consultation's own house rules, changeable until the decision; empty means the default rules."""
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    if consultation.phase(utcnow()) is Phase.DECIDED:
        flash(_("The decision is recorded: the house rules of this consultation can no longer change."), "error")
        return redirect(url_for("consultations.manage_consultation", slug=slug))
    form = HouseRulesForm(data={"house_rules": consultation.house_rules} if request.method == "GET" else None)
    if form.validate_on_submit():
        changed = change_house_rules(consultation, form.house_rules.data or "", current_user)
        db.session.commit()
        flash(_("The house rules are saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for("consultations.manage_consultation", slug=slug))
    return render_template("consultations/house_rules.html", consultation=consultation, form=form,
                           header_organisation=consultation.organisation), 400 if form.errors else 200


def _stukken_page(consultation: Consultation, stuk_form: StukForm, withheld_form: WithheldForm, status: int = 200):
    return render_template("consultations/stukken.html", consultation=consultation, stuk_form=stuk_form,
                           withheld_form=withheld_form, remove_form=EmptyForm(),
                           header_organisation=consultation.organisation), status


@bp.get("/beheer/consultaties/<slug>/stukken")
@login_required
def manage_stukken(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    return _stukken_page(consultation, StukForm(), WithheldForm())


@bp.post("/beheer/consultaties/<slug>/stukken")
@login_required
@limiter.limit("60/hour")
def add_stuk_file(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    form = StukForm()
    if not consultation.stukken_can_change:
        flash(_("The documents lie unchanged for the whole period. They can only change while it is a draft."), "error")
        return redirect(url_for("consultations.manage_stukken", slug=slug))
    if made_by(ConsultationFile, form.sent_key()) is not None:  # the same stuk sent again: it is listed
        return redirect(url_for("consultations.manage_stukken", slug=slug))
    if not form.validate_on_submit():
        return _stukken_page(consultation, form, WithheldForm(), 400)
    add_stuk(consultation, form.title.data, form.file.data, current_user, submission_key=form.sent_key())
    commit_or_first(ConsultationFile, form.sent_key())
    flash(_("The document is added."), "success")
    return redirect(url_for("consultations.manage_stukken", slug=slug))


@bp.post("/beheer/consultaties/<slug>/stukken/niet-openbaar")
@login_required
@limiter.limit("60/hour")
def add_withheld_document(slug: str):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    form = WithheldForm()
    if not consultation.stukken_can_change:
        flash(_("The documents lie unchanged for the whole period. They can only change while it is a draft."), "error")
        return redirect(url_for("consultations.manage_stukken", slug=slug))
    if made_by(WithheldDocument, form.sent_key()) is not None:  # the same document sent again: it is listed
        return redirect(url_for("consultations.manage_stukken", slug=slug))
    if not form.validate_on_submit():
        return _stukken_page(consultation, StukForm(), form, 400)
    add_withheld(consultation, form.withheld_title.data, form.ground.data, current_user, submission_key=form.sent_key())
    commit_or_first(WithheldDocument, form.sent_key())
    flash(_("The document is listed as not public."), "success")
    return redirect(url_for("consultations.manage_stukken", slug=slug))


@bp.post("/beheer/consultaties/<slug>/stukken/<int:file_id>/verwijderen")
@login_required
def remove_stuk_file(slug: str, file_id: int):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    return _remove_from_stukken(consultation, remove_stuk, _one_of(consultation.files, file_id))


@bp.post("/beheer/consultaties/<slug>/stukken/niet-openbaar/<int:withheld_id>/verwijderen")
@login_required
def remove_withheld_document(slug: str, withheld_id: int):
    consultation = consultation_or_404(slug, DECIDE_FOR_CONSULTATION)
    return _remove_from_stukken(consultation, remove_withheld, _one_of(consultation.withheld, withheld_id))


def _remove_from_stukken(consultation: Consultation, remove, item):
    """Remove a stuk or a withheld document with ``remove(item, official)``, while a concept."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove(item, current_user)
    except TransitionError:
        flash(_("The documents lie unchanged for the whole period. They can only change while it is a draft."), "error")
    else:
        db.session.commit()
        flash(_("The document is removed."), "success")
    return redirect(url_for("consultations.manage_stukken", slug=consultation.slug))


def _one_of(items, item_id: int):
    """The item of this consultation with that id; 404 for another consultation's (or none)."""
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        abort(404)
    return found


@bp.get("/consultaties/<slug>/stukken/<int:file_id>")
def download_stuk(slug: str, file_id: int):
    consultation = consultation_or_404(slug, VIEW_CONSULTATION)
    stuk = _one_of(consultation.files, file_id)
    return send_file(stored_path(stuk.storage_name), mimetype=stuk.content_type, as_attachment=True,
                     download_name=stuk.filename)
