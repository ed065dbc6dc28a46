"""Routes of the actieprogramma: public overviews (per theme with its bestuurlijk duo, per municipality,
the progress view for the bestuurlijk overleg with CSV/XLSX), the officials' pages to make and keep
actions, the regio page, and the one-click stop of terugkoppeling mails."""
from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.actions import bp
from consult.actions import queries as q
from consult.actions.exports import progress_header, progress_rows
from consult.actions.forms import ActionForm, LinkForm, SinceForm, UpdateForm, status_choices
from consult.actions.labels import action_owner, lateness_label, scope_label, source_label, status_label, told_label
from consult.actions.models import Action, ActionScope, ActionSource, ActionStatus, ActionUpdate
from consult.actions.permissions import (
    EDIT_ACTION,
    MANAGE_PROGRAMME,
    SEE_SOURCE,
    UPDATE_PROGRESS,
    VIEW_PROGRAMME,
    VIEW_REGION,
    is_public_programme,
    member_regions,
    official_organisation_ids,
)
from consult.actions.services import (
    ActionInput,
    add_update,
    change_action,
    create_action,
    link_source,
    people_told,
    remove_action,
    source_for_advice_point,
    source_for_outcome,
    source_for_reaction,
    stop_feedback,
)
from consult.actions.tokens import read_stop_token
from consult.advice.permissions import READ_GIVEN_ADVICE
from consult.consultations.models import Consultation, State, TransitionError
from consult.consultations.permissions import MANAGE_CONSULTATION, VIEW_CONSULTATION
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices
from consult.core.i18n import AMSTERDAM, local_today, speak_reader_language
from consult.core.permissions import require
from consult.core.submission import commit_or_first, made_by
from consult.core.text import title_from
from consult.core.web import as_id, no_store
from consult.documents.models import Document, DocumentKind
from consult.exports.formats import csv_response, xlsx_file
from consult.extensions import csrf, db, limiter
from consult.mail.delivery import is_one_click_unsubscribe
from consult.organisations.models import Organisation
from consult.outcomes.models import WorkshopOutcome
from consult.outcomes.permissions import MANAGE_OUTCOMES
from consult.reactions.models import Reaction
from consult.workshops.permissions import VIEW_WORKSHOP
from consult.workshops.queries import workshops_of

bp.add_app_template_global(SEE_SOURCE, "SEE_SOURCE")

POST_LIMIT = "60/hour"
PROGRESS_DAYS = 28  # without a chosen date, the progress view looks back four weeks


def _today():
    return local_today()


def _page(template: str, **context):
    return render_template(template, scope_label=scope_label, status_label=status_label, source_label=source_label,
                           told_label=told_label, action_owner=action_owner, lateness_label=lateness_label, today=_today(), **context)


# Public pages ---------------------------------------------------------------------------------------

@bp.get("/actieprogrammas")
def list_programmes():
    return _page("actions/programmes.html", programmes=q.programmes())


@bp.get("/actieprogrammas/<int:document_id>")
def show_programme(document_id: int):
    """The programme per theme: its bestuurlijk duo, its numbers per status, local tasks apart from
    regional responsibilities with the first few of each, and a link to the theme's own page."""
    programme = q.programme_or_404(document_id)
    summaries = q.theme_summaries(programme, _today())
    return _page("actions/programme.html", programme=programme, summaries=summaries,
                 municipalities=q.municipalities_of(programme), count=sum(s.total for s in summaries),
                 may_manage=MANAGE_PROGRAMME(current_user, programme), header_organisation=programme.organisation)


@bp.get("/actieprogrammas/<int:document_id>/themas/<theme>")
def show_theme(document_id: int, theme: str):
    """One theme's actions, a page at a time, filtered by municipality, scope and status in the URL."""
    programme = q.programme_or_404(document_id)
    found = q.theme_of(programme, theme)
    municipalities = q.municipalities_of(programme)
    filters = q.ActionFilter.from_args(request.args, municipalities)
    page = q.theme_page(programme, found, filters, municipalities, request.args.get("pagina", 1, type=int))
    return _page("actions/theme.html", programme=programme, theme=found, slug=theme, filters=filters, page=page,
                 municipality_options=[(m.slug, m.name) for m in municipalities],
                 status_options=[(s.value, status_label(s)) for s in ActionStatus],
                 header_organisation=programme.organisation)


@bp.get("/actieprogrammas/<int:document_id>/gemeenten/<municipality>")
def show_municipality(document_id: int, municipality: str):
    """What one municipality does: per theme its local tasks, and the regional responsibilities it shares."""
    programme = q.programme_or_404(document_id)
    found = next((m for m in q.municipalities_of(programme) if m.slug == municipality), None)
    if found is None:
        abort(404)
    return _page("actions/municipality.html", programme=programme, municipality=found,
                 summaries=q.theme_summaries(programme, _today(), municipality=found),
                 header_organisation=programme.organisation)


@bp.get("/acties/<int:action_id>")
def show_action(action_id: int):
    """An action with its sources and progress; for one removed since, a page that says so (410): the
    people told about it follow the link in their mail."""
    action = q.visible_action_or_none(action_id)
    if action is None and q.action_or_none(action_id) is not None:
        abort(404)  # its programme is not public (yet)
    if action is None:
        removed = q.removed_action(action_id)
        if removed is None:
            abort(404)
        programme, removed_at = removed
        return _page("actions/removed.html", programme=programme, removed_at=removed_at,
                     header_organisation=programme.organisation if programme else None), 410
    form = None
    if UPDATE_PROGRESS(current_user, action):
        # only for who may add progress: a form makes a CSRF token, which gives a visitor a session
        # cookie, and a page with a cookie is never kept for the public (consult.pagecache)
        form = UpdateForm(formdata=None)
        form.status.choices = status_choices(action)
    return _action_page(action, form)


def _action_page(action: Action, form: UpdateForm | None, status: int = 200):
    return _page("actions/action.html", action=action, programme=action.programme, form=form,
                 may_edit=EDIT_ACTION(current_user, action), may_update=UPDATE_PROGRESS(current_user, action),
                 header_organisation=action.programme.organisation), status


def _since(form: SinceForm) -> datetime:
    day = form.since.data if form.validate() and form.since.data else _today() - timedelta(days=PROGRESS_DAYS)
    return datetime.combine(day, time(0, 0), tzinfo=AMSTERDAM)


@bp.get("/actieprogrammas/<int:document_id>/voortgang")
def progress(document_id: int):
    """For the bestuurlijk overleg: what is late, what is new and what changed since a chosen day; the
    first few of each, or one list (``toon``) a page at a time."""
    programme = q.programme_or_404(document_id)
    form = SinceForm(request.args)
    since = _since(form)
    if not form.since.data or form.errors:
        form.since.data = since.date() if not form.errors else None
    show = request.args.get("toon") if request.args.get("toon") in q.PROGRESS_LISTS else None
    found = q.progress(programme, since, _today(), show, request.args.get("pagina", 1, type=int))
    return _page("actions/progress.html", programme=programme, form=form, since=since, show=show, progress=found,
                 header_organisation=programme.organisation)


@bp.get("/actieprogrammas/<int:document_id>/voortgang.<any(csv, xlsx):extension>")
def export_progress(document_id: int, extension: str):
    """Every action of the programme as a spreadsheet row: public facts only, no personal data."""
    programme = q.programme_or_404(document_id)
    since = _since(SinceForm(request.args))
    rows = list(progress_rows(q.exported_actions(programme, _today()), since))
    name = f"actieprogramma-{programme.id}-voortgang.{extension}"
    if extension == "csv":
        return csv_response(name, progress_header(), rows)
    with xlsx_file(progress_header(), rows, sheet_name=_("Actions")) as spooled:
        data = io.BytesIO(spooled.read())
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/terugkoppeling/stoppen/<token>", methods=["GET", "POST"])
@csrf.exempt  # the mail program's one-click POST has no token; every other POST is checked by the form below
@limiter.limit("30/hour", methods=["POST"])
@no_store
def stop_feedback_mails(token: str):
    """The link in every terugkoppeling mail, no log-in. A GET only shows the page with one button: mail
    scanners and link previews open every link in a mail, and must not stop the mails for the reader. The
    button (a POST with the page's CSRF token) stops them, and so does the one-click POST a mail program
    sends from the mail's List-Unsubscribe header (RFC 8058), which carries exactly ``List-Unsubscribe=One-Click``
    and no token: the signed token in the URL is the proof there. Stopping twice does no harm."""
    email = read_stop_token(token)
    if email is None:
        abort(404)
    speak_reader_language(q.feedback_locale(email))
    form = EmptyForm()
    if (request.method == "POST" and is_one_click_unsubscribe(request.form)) or form.validate_on_submit():
        stop_feedback(email, utcnow())
        db.session.commit()
        return render_template("actions/stopped.html")
    return render_template("actions/stop.html", form=form), 400 if form.errors else 200


# Officials ------------------------------------------------------------------------------------------

def _source_from(value: str | None) -> ActionSource | None:
    """The source named by the workbench button ("reaction:12", "advice_point:3"), if the official may
    handle that input; 404 for input that is not theirs or not there."""
    if not value:
        return None
    kind, _sep, raw = value.partition(":")
    item_id = as_id(raw)
    if kind == "reaction" and item_id:
        reaction = db.session.get(Reaction, item_id)
        if reaction is not None and MANAGE_CONSULTATION(current_user, reaction.consultation) and reaction.is_counted:
            return source_for_reaction(reaction)
    if kind == "advice_point" and item_id:
        point = q.advice_point_or_none(item_id)
        if point is not None and READ_GIVEN_ADVICE(current_user, point.advice):
            return source_for_advice_point(point)
    if kind == "outcome" and item_id:
        outcome = db.session.get(WorkshopOutcome, item_id)
        if outcome is not None and MANAGE_OUTCOMES(current_user, outcome.workshop):
            return source_for_outcome(outcome)
    abort(404)


def _action_form(programme: Document, action: Action | None = None, **kwargs) -> ActionForm:
    kwargs["today"] = _today()
    form = ActionForm(obj=action, saved_deadline=action.deadline, **kwargs) if action is not None else ActionForm(**kwargs)
    form.theme.choices = choices([("", _("No theme"))] + [(str(t.id), t.title) for t in q.themes_of(programme)])
    form.owner.choices = choices([("", _("The bestuurlijk duo of the theme"))]
                                 + [(str(o.id), o.name) for o in q.owners_of(programme)])
    form.municipalities.choices = choices([(str(m.id), m.name) for m in q.municipalities_of(programme)])
    if action is not None and request.method == "GET":
        form.theme.data = str(action.theme_id or "")
        form.owner.data = str(action.owner_organisation_id or "")
        form.scope.data = action.scope.value
        form.municipalities.data = [str(m.id) for m in action.municipalities]
    return form


def _prefill_from_outcome(form: ActionForm, outcome: WorkshopOutcome) -> None:
    """A werkatelier outcome gives the new action its text, scope, municipalities and proposed owner (an
    organisation, or the duo of a theme: that theme, no organisation); its table's theme otherwise. Only
    what this programme offers is carried over; the official edits the rest."""
    form.title.data = title_from(outcome.text, 120)
    form.description.data = outcome.text
    form.scope.data = outcome.scope.value
    offered = {choice.value for choice in form.municipalities.choices}
    form.municipalities.data = [str(m.id) for m in outcome.municipalities if str(m.id) in offered]
    themes = {choice.value for choice in form.theme.choices}
    theme_id = outcome.proposed_duo_theme_id or outcome.table.theme_id
    form.theme.data = str(theme_id) if str(theme_id) in themes else ""
    owners = {choice.value for choice in form.owner.choices}
    owner = str(outcome.proposed_owner_organisation_id or "")
    form.owner.data = owner if owner in owners else ""


def _input(form: ActionForm, programme: Document) -> ActionInput:
    themes = {str(t.id): t for t in q.themes_of(programme)}
    owners = {str(o.id): o for o in q.owners_of(programme)}
    municipalities = {str(m.id): m for m in q.municipalities_of(programme)}
    return ActionInput(title=form.title.data, description=form.description.data or "",
                       scope=ActionScope(form.scope.data), theme=themes.get(form.theme.data),
                       owner=owners.get(form.owner.data),
                       municipalities=[municipalities[v] for v in form.municipalities.data or []],
                       deadline=form.deadline.data)


@bp.get("/acties/nieuw")
@login_required
def choose_programme():
    """From the workbench: the official picks the actieprogramma the input leads to (skipped when there is one)."""
    source = _source_from(request.args.get("bron"))
    if source is None:
        abort(404)
    programmes = q.managed_programmes(official_organisation_ids(current_user))
    form = _link_form(programmes, source=request.args["bron"])
    return _page("actions/choose.html", programmes=programmes, source=source, bron=request.args["bron"], form=form,
                 earlier_actions=_earlier_actions(source))


def _earlier_actions(source: ActionSource | None) -> list[Action]:
    """The actions an outcome became already: a second one needs the official's deliberate choice."""
    return q.actions_of_outcome(source.outcome.id) if source is not None and source.outcome is not None else []


def _link_form(programmes, **kwargs) -> LinkForm:
    form = LinkForm(**kwargs)
    form.action.choices = choices([("", _("Choose an action"))] + [(str(a.id), f"{a.programme.title}: {a.title}")
                                                                   for a in q.actions_of_programmes(programmes)])
    return form


@bp.post("/acties/koppelen")
@login_required
@limiter.limit(POST_LIMIT)
def link_to_action():
    """From the workbench: the input also led to an existing action. Its giver hears of it."""
    programmes = q.managed_programmes(official_organisation_ids(current_user))
    form = _link_form(programmes)
    source = _source_from(form.source.data)
    if source is None:
        abort(404)
    if not form.validate_on_submit():
        return _page("actions/choose.html", programmes=programmes, source=source, bron=form.source.data, form=form), 400
    action = q.action_or_404(int(form.action.data))
    require(EDIT_ACTION, action)
    if link_source(action, source, current_user, utcnow()):
        db.session.commit()
        flash(_("The input is linked to the action."), "success")
    else:
        flash(_("This input was linked to the action already."), "info")
    return redirect(url_for("actions.show_action", action_id=action.id))


@bp.route("/actieprogrammas/<int:document_id>/acties/nieuw", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def new_action(document_id: int):
    programme = q.programme_or_404(document_id)
    require(MANAGE_PROGRAMME, programme)
    form = _action_form(programme, source=request.args.get("bron", ""))
    source = _source_from(form.source.data)
    form.earlier_actions = _earlier_actions(source)
    if request.method == "GET" and source is not None and source.outcome is not None:
        _prefill_from_outcome(form, source.outcome)
    if (made := made_by(Action, form.sent_key())) is not None:
        return redirect(url_for("actions.show_action", action_id=made.id))  # the same form again: its action
    if form.validate_on_submit():
        action = create_action(programme, _input(form, programme), current_user, utcnow(), source=source,
                               submission_key=form.sent_key())
        action_id = action.id
        if (first := commit_or_first(Action, form.sent_key())) is not None:
            action_id = first.id
        flash(_("The action is added."), "success")
        return redirect(url_for("actions.show_action", action_id=action_id))
    return _page("actions/edit.html", programme=programme, form=form, action=None, source=source,
                 feedback_held=source is not None and not is_public_programme(None, programme),
                 header_organisation=programme.organisation), 400 if form.errors else 200


@bp.route("/acties/<int:action_id>/bewerken", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_action(action_id: int):
    action = q.action_or_404(action_id)
    require(EDIT_ACTION, action)
    form = _action_form(action.programme, action)
    if form.validate_on_submit():
        change_action(action, _input(form, action.programme), current_user, utcnow())
        db.session.commit()
        flash(_("The action is changed."), "success")
        return redirect(url_for("actions.show_action", action_id=action.id))
    return _page("actions/edit.html", programme=action.programme, form=form, action=action, source=None,
                 header_organisation=action.programme.organisation), 400 if form.errors else 200


@bp.route("/acties/<int:action_id>/verwijderen", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def remove_action_page(action_id: int):
    """Ask to confirm, saying who was told already, then remove the action without mailing anyone."""
    action = q.action_or_404(action_id)
    require(EDIT_ACTION, action)
    form = EmptyForm()
    if form.validate_on_submit():
        programme_id = action.programme_id
        stopped = remove_action(action, current_user)
        db.session.commit()
        flash(ngettext("The action is removed. %(num)s e-mail about it was not sent.",
                       "The action is removed. %(num)s e-mails about it were not sent.", stopped)
              if stopped else _("The action is removed."), "success")
        return redirect(url_for("actions.show_programme", document_id=programme_id))
    return _page("actions/remove.html", action=action, programme=action.programme, form=form,
                 told=people_told(action), header_organisation=action.programme.organisation), 400 if form.errors else 200


@bp.post("/acties/<int:action_id>/voortgang")
@login_required
@limiter.limit(POST_LIMIT)
def add_progress(action_id: int):
    """A progress note and/or a new status; a new status is told to everyone whose input led to the action."""
    action = q.action_or_404(action_id)
    require(UPDATE_PROGRESS, action)
    form = UpdateForm()
    form.status.choices = status_choices(action)
    # The same note sent again (a double click) was saved: not "choose a status" for the status it set.
    if made_by(ActionUpdate, form.sent_key()) is not None:
        return redirect(url_for("actions.show_action", action_id=action_id, _anchor="voortgang"))
    if not form.validate_on_submit():
        return _action_page(action, form, status=400)
    try:
        add_update(action, form.body.data or "", form.new_status(), current_user, utcnow(), submission_key=form.sent_key())
    except TransitionError:
        db.session.rollback()
        flash(_("The status was changed at the same moment by a colleague. Check it and try again."), "error")
        return redirect(url_for("actions.show_action", action_id=action_id))
    commit_or_first(ActionUpdate, form.sent_key())
    flash(_("The progress is saved."), "success")
    return redirect(url_for("actions.show_action", action_id=action.id, _anchor="voortgang"))


@bp.get("/regio")
@login_required
@no_store
def region():
    """For officials of a member municipality: the region's consultations, its werkateliers apart (an event
    with registration, as on the Beheer page), and the actions that concern their municipality. Only what
    the viewer can open is listed."""
    require(VIEW_REGION)
    mine = official_organisation_ids(current_user)
    regions = []
    for region_org in member_regions(current_user):
        consultations = db.session.scalars(sa.select(Consultation).where(
            Consultation.organisation_id == region_org.id, Consultation.state != State.DRAFT,
            Consultation.takes_reactions).order_by(Consultation.opens_at.desc())).all()
        consultations = [c for c in consultations if VIEW_CONSULTATION(current_user, c)]
        workshops = [w for w in workshops_of([region_org.id]) if w.is_published and VIEW_WORKSHOP(current_user, w)]
        programmes = [p for p in db.session.scalars(sa.select(Document).where(
            Document.organisation_id == region_org.id, Document.kind == DocumentKind.ACTION_PROGRAMME))
            if VIEW_PROGRAMME(current_user, p)]
        members = [m for m in region_org.members if m.id in mine]
        glances = {(p.id, m.id): q.region_glance(p, m, _today()) for p in programmes for m in members}
        regions.append((region_org, consultations, workshops, programmes, members, glances))
    return _page("actions/region.html", regions=regions, organisation_model=Organisation, now=utcnow())
