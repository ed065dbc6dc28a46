from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.actions.labels import scope_label
from consult.actions.models import ActionScope
from consult.consultations.term import end_of_day, last_day
from consult.core.db import utcnow
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.i18n import local_today, speak_reader_language
from consult.core.submission import commit_or_first, made_by
from consult.core.web import no_store
from consult.extensions import db, limiter
from consult.outcomes import bp
from consult.outcomes import queries as q
from consult.outcomes.forms import OutcomeForm, VerslagCommentForm, VerslagForm
from consult.outcomes.labels import comment_status_label, duo_label, lock_label, proposed_owner_label
from consult.outcomes.models import OutcomeComment, WorkshopOutcome
from consult.outcomes.permissions import MANAGE_OUTCOMES, MODERATE_VERSLAG, READ_OUTCOMES, may_react, may_see_verslag
from consult.outcomes.services import (
    NotAllowed,
    NoVotesLeft,
    OutcomeInput,
    OutcomeLocked,
    VotesCast,
    add_comment,
    add_outcome,
    cast_vote,
    change_outcome,
    delete_outcome,
    lock_reason,
    lock_reason_for,
    moderate_comment,
    save_verslag,
    withdraw_vote,
)
from consult.reactions.publication import may_show_verslag_comment, verslag_comment_text
from consult.workshops.models import CardKind
from consult.workshops.queries import registration_by_token, session_of, workshop_or_404
from consult.workshops.views import participant_refused

POST_LIMIT = "60/hour"


# Officials ----------------------------------------------------------------------------------------

# Templates ask the same rule before they link to these pages (consult.core.permissions.may).
bp.add_app_template_global(MANAGE_OUTCOMES, "MANAGE_OUTCOMES")
bp.add_app_template_global(READ_OUTCOMES, "READ_OUTCOMES")
bp.add_app_template_global(MODERATE_VERSLAG, "MODERATE_VERSLAG")


def _posted(formdata) -> dict:
    """On a GET the form reads its own data (and what was kept over a log-in); after a POST of the other
    form on the page, only ``formdata`` (None: empty)."""
    return {} if request.method == "GET" else {"formdata": formdata}


def _owner_value(outcome) -> str:
    if outcome.proposed_owner_organisation_id:
        return f"organisation:{outcome.proposed_owner_organisation_id}"
    return f"duo:{outcome.proposed_duo_theme_id}" if outcome.proposed_duo_theme_id else ""


def _outcome_form(workshop, formdata=None, outcome=None, tables=None, **kwargs) -> OutcomeForm:
    """The form for a new outcome, or (``outcome``) prefilled to change one; choices from the werkatelier,
    ``tables`` limiting the table (a table's own page). Only the posted cards are looked up, not all."""
    if outcome is not None:
        kwargs["data"] = {"table": str(outcome.table_id), "kind": outcome.kind.value, "text": outcome.text,
                          "scope": outcome.scope.value, "municipalities": [str(m.id) for m in outcome.municipalities],
                          "proposed_owner": _owner_value(outcome), "cards": [str(c.id) for c in outcome.cards]}
    posted = formdata.getlist("cards") if formdata is not None else []
    card_tables = {key: str(card.table_id) for key, card in q.cards_by_id(workshop, posted).items()}
    form = OutcomeForm(card_tables=card_tables, **_posted(formdata), **kwargs)
    form.table.choices = choices([("", _("Choose a table"))] + [(str(t.id), t.title) for t in tables or workshop.tables])
    form.municipalities.choices = choices([(str(m.id), m.name) for m in q.municipalities_for(workshop)])
    form.proposed_owner.choices = choices(
        [("", _("No proposal"))] + [(f"organisation:{o.id}", o.name) for o in q.owners_for(workshop)]
        + [(f"duo:{t.id}", duo_label(t)) for t in q.duo_themes_for(workshop)])
    return form


def _outcome_input(workshop, form: OutcomeForm, kept=()) -> OutcomeInput:
    """What the form says; ``kept``: cards the outcome keeps besides the ticked ones (those not on the
    posted page)."""
    kind, _sep, raw = (form.proposed_owner.data or "").partition(":")
    owners = {str(o.id): o for o in q.owners_for(workshop)} if kind == "organisation" else {}
    themes = {str(t.id): t for t in q.duo_themes_for(workshop)} if kind == "duo" else {}
    municipalities = {str(m.id): m for m in q.municipalities_for(workshop)}
    cards = q.cards_by_id(workshop, form.cards.data or [])
    return OutcomeInput(
        table=next(t for t in workshop.tables if str(t.id) == form.table.data), kind=CardKind(form.kind.data),
        text=form.text.data, scope=ActionScope(form.scope.data), owner=owners.get(raw), duo_theme=themes.get(raw),
        municipalities=[municipalities[v] for v in form.municipalities.data or []],
        cards=list(dict.fromkeys([*kept, *(cards[v] for v in form.cards.data or [])])))


def _card_page(workshop, table):
    """The page of ``table``'s cards the address asks for: ``sessie`` (default: the latest held session)
    and ``pagina``. The form posts to the same address, so a POST sees the very cards the page showed."""
    session_id = request.args.get("sessie", type=int)
    session = session_of(workshop, session_id) if session_id else workshop.latest_held_session(utcnow())
    if session is None:
        return None
    return q.cards_of_table(table, session, request.args.get("pagina", 1, type=int))


def _verslag_form(workshop, verslag, formdata=None) -> VerslagForm:
    saved_day = last_day(verslag.comments_until) if verslag is not None and verslag.comments_until else None
    today = local_today()
    if verslag is None:
        return VerslagForm(today=today, **_posted(formdata))
    data = {"votes_per_person": verslag.votes_per_person, "publish": verslag.is_published, "comments_until": saved_day}
    return VerslagForm(data=data, today=today, saved_day=saved_day, **_posted(formdata))


def _manage_page(workshop, verslag_form, status=200):
    outcomes, votes, actions = q.outcomes_of(workshop), q.vote_counts(workshop), q.actions_from(workshop)
    locks = {o.id: lock_reason_for(bool(votes.get(o.id)), bool(actions.get(o.id))) for o in outcomes}
    return render_template(
        "outcomes/manage.html", workshop=workshop, verslag_form=verslag_form, verslag=q.verslag_of(workshop),
        tables=q.per_table(workshop, outcomes, with_counts=True), votes=votes, top_ideas=q.top_ideas(outcomes, votes),
        comments=_comments_shown(workshop), actions=actions, locks=locks, button=EmptyForm(),
        scope_label=scope_label, header_organisation=workshop.consultation.organisation), status


def _comments_shown(workshop) -> list[tuple]:
    """(reaction, text) on the verslag: every reaction as written for those who judge them; for those who only
    read the page, what the participants see (approved, through the publication filter)."""
    if MODERATE_VERSLAG(current_user, workshop):
        return [(c, c.text) for c in q.comments_of(workshop)]
    return [(c, verslag_comment_text(c)) for c in q.comments_of(workshop, published_only=True) if may_show_verslag_comment(c)]


@bp.get("/beheer/werkateliers/<slug>/uitkomsten")
@login_required
def manage_outcomes(slug: str):
    """The officials' page: the outcomes per table with how many cards each table has, the verslag's settings
    and the reactions on it. The cards themselves are on each table's page (``add_outcome_for_table``).
    Officials of member municipalities of the owning region read both (``READ_OUTCOMES``), without their forms."""
    workshop = workshop_or_404(slug, READ_OUTCOMES)
    return _manage_page(workshop, _verslag_form(workshop, q.verslag_of(workshop)))


@bp.route("/beheer/werkateliers/<slug>/uitkomsten/tafels/<int:table_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def add_outcome_for_table(slug: str, table_id: int):
    """One table's cards, with their kind, and the form for a new outcome of that table that picks from them.
    Whoever reads the outcomes (``READ_OUTCOMES``) reads the cards they come from: without the form."""
    workshop = workshop_or_404(slug, READ_OUTCOMES if request.method == "GET" else MANAGE_OUTCOMES)
    table = q.table_of(workshop, table_id)
    cards = _card_page(workshop, table)
    if not MANAGE_OUTCOMES(current_user, workshop):
        return render_template("outcomes/table.html", workshop=workshop, table=table, form=None, cards=cards,
                               header_organisation=workshop.consultation.organisation)
    form = _outcome_form(workshop, request.form if request.method == "POST" else None, tables=[table], table=str(table.id))
    if (made := made_by(WorkshopOutcome, form.sent_key())) is not None:
        return redirect(url_for("outcomes.manage_outcomes", slug=slug) + f"#uitkomst-{made.id}")  # sent twice
    if form.validate_on_submit():
        outcome = add_outcome(workshop, _outcome_input(workshop, form), current_user, utcnow(), submission_key=form.sent_key())
        outcome_id = outcome.id
        if (first := commit_or_first(WorkshopOutcome, form.sent_key())) is not None:
            outcome_id = first.id
        flash(_("The outcome is added."), "success")
        return redirect(url_for("outcomes.manage_outcomes", slug=slug) + f"#uitkomst-{outcome_id}")
    return render_template("outcomes/table.html", workshop=workshop, table=table, form=form, cards=cards,
                           header_organisation=workshop.consultation.organisation), form_status(form)


@bp.post("/beheer/werkateliers/<slug>/uitkomsten/verslag")
@login_required
@limiter.limit(POST_LIMIT)
def save_verslag_settings(slug: str):
    workshop = workshop_or_404(slug, MANAGE_OUTCOMES)
    form = _verslag_form(workshop, q.verslag_of(workshop), request.form)
    if form.validate_on_submit():
        try:
            save_verslag(workshop, form.votes_per_person.data, end_of_day(form.comments_until.data), form.publish.data,
                         current_user, utcnow())
        except VotesCast:
            form.votes_per_person.errors.append(_("People voted already. The number of votes cannot change now."))
        else:
            db.session.commit()
            flash(_("The verslag settings are saved."), "success")
            return redirect(url_for("outcomes.manage_outcomes", slug=slug) + "#verslag")
    return _manage_page(workshop, form, 400)


def _outcome_page(template, workshop, outcome, status=200, **context):
    """The edit and remove pages; when the outcome is fixed they say why instead of offering the form."""
    return render_template(template, workshop=workshop, outcome=outcome, locked=lock_label(lock_reason(outcome)),
                           header_organisation=workshop.consultation.organisation, **context), status


@bp.route("/beheer/werkateliers/<slug>/uitkomsten/<int:outcome_id>/bewerken", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_outcome(slug: str, outcome_id: int):
    """Change an outcome, with the same checks as a new one, while nobody voted for it and no action came of it."""
    workshop = workshop_or_404(slug, MANAGE_OUTCOMES)
    outcome = q.outcome_of(workshop, outcome_id)
    cards = _card_page(workshop, outcome.table)
    form = _outcome_form(workshop, request.form if request.method == "POST" else None, outcome=outcome)
    if form.validate_on_submit():
        # The ticks of this page replace this page's cards only: cards on other pages and of other sessions stay.
        shown = {c.id for c in cards.items} if cards else set()
        try:
            change_outcome(outcome, _outcome_input(workshop, form, kept=[c for c in outcome.cards if c.id not in shown]),
                           current_user)
        except OutcomeLocked:
            db.session.rollback()
            return _outcome_page("outcomes/edit.html", workshop, outcome, 409, form=form, cards=None)
        db.session.commit()
        flash(_("The outcome is changed."), "success")
        return redirect(url_for("outcomes.manage_outcomes", slug=slug) + f"#uitkomst-{outcome.id}")
    return _outcome_page("outcomes/edit.html", workshop, outcome, form_status(form), form=form, cards=cards)


@bp.route("/beheer/werkateliers/<slug>/uitkomsten/<int:outcome_id>/verwijderen", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def remove_outcome(slug: str, outcome_id: int):
    """Ask to confirm, then remove the outcome; refused (and why) once it has votes or an action."""
    workshop = workshop_or_404(slug, MANAGE_OUTCOMES)
    outcome = q.outcome_of(workshop, outcome_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            delete_outcome(outcome, current_user)
        except OutcomeLocked:
            db.session.rollback()
            return _outcome_page("outcomes/remove.html", workshop, outcome, 409, form=form)
        db.session.commit()
        flash(_("The outcome is removed."), "success")
        return redirect(url_for("outcomes.manage_outcomes", slug=slug) + "#uitkomsten")
    return _outcome_page("outcomes/remove.html", workshop, outcome, form_status(form), form=form)


@bp.post("/beheer/werkateliers/<slug>/uitkomsten/reacties/<int:comment_id>")
@login_required
@limiter.limit(POST_LIMIT)
def judge_comment(slug: str, comment_id: int):
    """Approve (``besluit=goedkeuren``) or reject (``besluit=afwijzen``) a participant's reaction on the verslag."""
    workshop = workshop_or_404(slug, MODERATE_VERSLAG)
    comment = q.comment_of(workshop, comment_id)
    decision = request.form.get("besluit")
    if not EmptyForm().validate_on_submit() or decision not in ("goedkeuren", "afwijzen"):
        abort(400)
    moderate_comment(comment, decision == "goedkeuren", current_user, utcnow())
    db.session.commit()
    flash(_("The reaction is approved.") if decision == "goedkeuren" else _("The reaction is rejected."), "success")
    return redirect(url_for("outcomes.manage_outcomes", slug=slug) + f"#reactie-{comment.id}")


bp.add_app_template_global(proposed_owner_label)
bp.add_app_template_global(comment_status_label)
bp.add_app_template_global(lock_label)


# Participants, by their registration link --------------------------------------------------------------

def _participant(token: str):
    registration = registration_by_token(token) or abort(404)
    speak_reader_language(registration.locale)
    workshop = registration.session.workshop
    verslag = q.verslag_of(workshop)
    if not may_see_verslag(registration, verslag):
        abort(participant_refused(registration))
    return registration, workshop, verslag


def _comment_form(outcomes, formdata=None) -> VerslagCommentForm:
    form = VerslagCommentForm(formdata=formdata) if formdata is not None else VerslagCommentForm()
    form.outcome.choices = choices([("", _("The verslag as a whole"))] + [(str(o.id), o.text) for o in outcomes])
    return form


def _verslag_page(registration, workshop, verslag, outcomes, form, status=200):
    voted, now = q.voted_by(registration.id), utcnow()
    return render_template(
        "outcomes/verslag.html", workshop=workshop, registration=registration, verslag=verslag,
        tables=q.per_table(workshop, outcomes), votes=q.vote_counts(workshop), voted=voted,
        votes_left=max(0, verslag.votes_per_person - len(voted)), open_now=may_react(registration, verslag, now),
        verslag_open=verslag.is_open(now), now=now,
        own_comments=q.comments_of(workshop, registration.id), form=form, button=EmptyForm(),
        shared_comments=[(c, verslag_comment_text(c)) for c in q.comments_of(workshop, published_only=True)
                         if may_show_verslag_comment(c) and c.registration_id != registration.id],
        scope_label=scope_label, header_organisation=workshop.consultation.organisation), status


@bp.get("/werkateliers/deelnemer/<token>/verslag")
@no_store
def show_verslag(token: str):
    """The verslag for a participant: the outcomes per table, their votes and their own reactions."""
    registration, workshop, verslag = _participant(token)
    outcomes = q.outcomes_of(workshop, with_details=False)
    return _verslag_page(registration, workshop, verslag, outcomes, _comment_form(outcomes))


@bp.post("/werkateliers/deelnemer/<token>/verslag/reageren")
@limiter.limit("30/hour")
@no_store
def comment_on_verslag(token: str):
    registration, workshop, verslag = _participant(token)
    outcomes = q.outcomes_of(workshop, with_details=False)
    form = _comment_form(outcomes, request.form)
    if not may_react(registration, verslag, utcnow()):
        flash(_("Reacting to this verslag is closed."), "error")
        return _verslag_page(registration, workshop, verslag, outcomes, form, 409)
    if made_by(OutcomeComment, form.sent_key()) is not None:
        return redirect(url_for("outcomes.show_verslag", token=token) + "#reageren")  # the same form again
    if form.validate_on_submit():
        outcome = next((o for o in outcomes if str(o.id) == form.outcome.data), None)
        add_comment(registration, verslag, outcome, form.text.data, utcnow(), submission_key=form.sent_key())
        commit_or_first(OutcomeComment, form.sent_key())
        flash(_("Thank you. Your reaction is saved. The other participants see it after an official has approved it."),
              "success")
        return redirect(url_for("outcomes.show_verslag", token=token) + "#reageren")
    return _verslag_page(registration, workshop, verslag, outcomes, form, 400)


@bp.post("/werkateliers/deelnemer/<token>/verslag/stemmen/<int:outcome_id>")
@limiter.limit("60/hour")
@no_store
def vote(token: str, outcome_id: int):
    """Vote for an idea, or (with ``intrekken=1``) take the vote back."""
    registration, workshop, verslag = _participant(token)
    outcome = q.outcome_of(workshop, outcome_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("intrekken") == "1":
            withdraw_vote(registration, outcome, verslag, utcnow())
            message = _("Your vote is taken back.")
        else:
            cast_vote(registration, verslag, outcome, utcnow())
            message = _("Your vote is counted.")
    except NotAllowed:
        flash(_("You cannot vote for this now."), "error")
        return redirect(url_for("outcomes.show_verslag", token=token)), 303
    except NoVotesLeft:
        db.session.rollback()
        flash(_("You used all your votes. Take one back first to choose another idea."), "error")
        return redirect(url_for("outcomes.show_verslag", token=token) + f"#uitkomst-{outcome.id}"), 303
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("outcomes.show_verslag", token=token) + f"#uitkomst-{outcome.id}")


