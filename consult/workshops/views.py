import io

import sqlalchemy as sa
from flask import Response, abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from limits import parse as parse_limit

from consult.consultations.models import TransitionError
from consult.consultations.term import last_day
from consult.core.db import utcnow, writes_on_get
from consult.core.forms import EmptyForm, choices, form_status
from consult.core.i18n import AMSTERDAM, local_date, local_datetime, local_time_span, speak_reader_language
from consult.core.permissions import require
from consult.core.sanitize import plain_text
from consult.core.submission import commit_or_first, made_by
from consult.core.web import as_ids, no_store
from consult.exports.formats import csv_response, xlsx_file
from consult.extensions import db, limiter
from consult.jobs.services import latest
from consult.organisations.models import Organisation, OrganisationKind
from consult.outcomes.queries import pending_comment_count, verslag_shown_to
from consult.workshops import bp
from consult.workshops.calendar import session_calendar
from consult.workshops.exports import badges_pdf, registration_header, registration_rows, sign_in_pdf
from consult.workshops.forms import (
    CARD_KIND_LABELS,
    CardForm,
    MessageForm,
    RegistrationForm,
    SessionForm,
    TableForm,
    WorkshopForm,
)
from consult.workshops.labels import audience_label, status_label
from consult.workshops.models import CardKind, InputCard, RegistrationStatus
from consult.workshops.permissions import (
    CREATE_WORKSHOP,
    MANAGE_WORKSHOP,
    READ_REGISTRATIONS,
    READ_WORKSHOP_ADMIN,
    REGISTER,
    card_window_open,
    may_mark_attendance,
)
from consult.workshops.queries import (
    by_table,
    cards_at,
    registration_by_token,
    registrations,
    session_of,
    table_of,
    workshop_or_404,
    workshops_of,
)
from consult.workshops.services import (
    AlreadyRegistered,
    RegistrationClosed,
    add_card,
    add_session,
    add_table,
    cancel_registration,
    confirm_registration,
    create_workshop,
    mail_registrants,
    preview_registrant_mail,
    publish_workshop,
    register,
    session_change_audience,
    set_attendance,
    set_names_shown,
    update_session,
    update_workshop,
)

POST_LIMIT = "60/hour"
# At a venue the whole room shares one Wi-Fi address: the per-address cap on card posts is generous, and the
# real limit counts per registration. Hitting a counted limit keeps the typed text and says so beside the
# field, instead of a bare 429 page.
CARDS_PER_REGISTRATION = parse_limit("30/10minutes")
PER_ADDRESS_LIMIT = "1000/hour"
# Registrations: per e-mail address, and per network address. 20 an hour lets a room on one municipal network
# register (people mostly register from home, over days); a script with made-up addresses takes no more than
# 20 places an hour, instead of every place in minutes (tester F17). Raw POSTs, also invalid ones, are capped
# higher, so someone fixing typos is not the one stopped.
REGISTRATIONS_PER_EMAIL = parse_limit("10/hour")
REGISTRATIONS_PER_NETWORK = parse_limit("20/hour")
REGISTRATION_POSTS_LIMIT = "60/hour"


def _within(limit, scope: str, key: str) -> bool:
    """Count one more of ``scope`` for ``key``: False when ``limit`` is used up."""
    return not limiter.enabled or limiter.limiter.hit(limit, scope, key)


@bp.app_template_global()
def workshop_status_label(status) -> str:
    return status_label(status)


# Templates ask the rule that guards a page before they link to it (consult.core.permissions.may).
for _rule_name, _rule in (("CREATE_WORKSHOP", CREATE_WORKSHOP), ("MANAGE_WORKSHOP", MANAGE_WORKSHOP),
                          ("READ_REGISTRATIONS", READ_REGISTRATIONS), ("READ_WORKSHOP_ADMIN", READ_WORKSHOP_ADMIN)):
    bp.add_app_template_global(_rule, _rule_name)


@bp.app_template_global()
def may_register_again(workshop) -> bool:
    """Whoever follows a personal link of a cancelled registration may register anew, and a place is free."""
    return REGISTER(current_user, workshop) and workshop.has_places_open(utcnow())


# The public side ---------------------------------------------------------------------------------

@bp.get("/werkateliers/<slug>")
def show_workshop(slug: str):
    workshop = workshop_or_404(slug)
    return render_template("workshops/show.html", workshop=workshop, now=utcnow(), can_register=REGISTER(current_user, workshop),
                           audience_label=audience_label,
                           header_organisation=workshop.consultation.organisation)


@bp.get("/werkateliers/<slug>/sessies/<int:session_id>/agenda.ics")
def download_calendar(slug: str, session_id: int):
    session = session_of(workshop_or_404(slug), session_id)
    return Response(session_calendar(session, utcnow()), content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="werkatelier-{session.id}.ics"'})


@bp.route("/werkateliers/<slug>/aanmelden", methods=["GET", "POST"])
@limiter.limit(REGISTRATION_POSTS_LIMIT, methods=["POST"])
def register_for(slug: str):
    workshop = workshop_or_404(slug)
    form = RegistrationForm()
    now = utcnow()
    # A session that has started takes no registrations: it is not offered.
    form.session.choices = choices([(s.id, _session_choice(s)) for s in workshop.sessions if not s.has_started(now)])
    form.tables.choices = choices([(t.id, t.title) for t in workshop.tables])
    if request.method == "GET" or not form.started.data:
        form.start()
    if request.method == "GET":
        form.session.data = request.args.get("sessie", type=int) or (form.session.choices[0].value if len(form.session.choices) == 1 else None)
        _prefill(form)
    open_now = REGISTER(current_user, workshop)
    if open_now and form.validate_on_submit():
        if form.is_robot():
            return redirect(url_for("workshops.show_workshop", slug=slug))
        user_id = current_user.id if current_user.is_authenticated else None
        if _over_registration_limit(form):
            return render_template("workshops/register.html", workshop=workshop, form=form, open_now=open_now,
                                   header_organisation=workshop.consultation.organisation), 429
        data = form.to_input(str(get_locale()), user_id)
        # Signed in with the address typed: it is theirs, no confirmation by mail (tester F17).
        data.email_confirmed = current_user.is_authenticated and data.email.strip().lower() == current_user.email.lower()
        try:
            registration = register(session_of(workshop, form.session.data), data, utcnow())
        except RegistrationClosed:
            open_now = False
        except AlreadyRegistered as already:
            form.email.errors.append(
                _("You are on the waiting list for this session already.") if already.registration.status is RegistrationStatus.WAITING
                else _("This e-mail address is registered for this session already. Look in your mailbox for the confirmation."))
        else:
            db.session.commit()
            if registration.status is RegistrationStatus.CONFIRMED:
                flash(_("You are registered. We sent a confirmation to %(email)s.", email=registration.email), "success")
            else:
                flash(_("This session is full. You are on the waiting list; we will mail you when a place comes free."), "warning")
            if not registration.is_email_confirmed:
                flash(_("Confirm your e-mail address with the link in the e-mail. If you do not, your registration lapses "
                        "and someone else gets the place."), "info")
            return redirect(url_for("workshops.show_workshop", slug=slug))
    status = form_status(form) if request.method == "GET" or open_now else 409
    return render_template("workshops/register.html", workshop=workshop, form=form, open_now=open_now,
                           header_organisation=workshop.consultation.organisation), status


def _over_registration_limit(form: RegistrationForm) -> bool:
    """Count one registration for the form's e-mail address and for the sender's network address; when a
    limit is used up, say so beside the e-mail field (the form keeps what was typed) and return True."""
    if not _within(REGISTRATIONS_PER_EMAIL, "workshop-registration", form.email.data.strip().lower()):
        form.email.errors.append(_("Many registrations came from this e-mail address in a short time. Wait an hour, "
                                   "then send the form again. What you typed is still here."))
    elif not _within(REGISTRATIONS_PER_NETWORK, "workshop-registration-network", get_remote_address()):
        form.email.errors.append(_("Many registrations came from your network in a short time. Wait an hour, "
                                   "then send the form again. What you typed is still here."))
    return bool(form.email.errors)


def _session_choice(session) -> str:
    label = session_label(session)
    return label + " — " + (_("full: waiting list") if session.is_full else
                            ngettext("%(num)d place left", "%(num)d places left", session.places_left))


@bp.app_template_global()
def session_label(session) -> str:
    return local_time_span(session.starts_at, session.ends_at)


def _prefill(form: RegistrationForm) -> None:
    """A signed-in person's own name, address and organisation, so a partner only checks them."""
    if not current_user.is_authenticated:
        return
    form.name.data, form.email.data = current_user.name, current_user.email
    partners = [m.organisation for m in current_user.memberships if not m.organisation.kind.is_government]
    if partners:
        form.organisation_name.data = partners[0].name


@bp.route("/werkateliers/afmelden/<token>", methods=["GET", "POST"])
@limiter.limit("30/hour", methods=["POST"])
@no_store
def cancel(token: str):
    registration = registration_by_token(token)
    if registration is not None:
        speak_reader_language(registration.locale)
    form = EmptyForm()
    now = utcnow()
    if registration is not None and registration.can_cancel(now) and form.validate_on_submit():
        cancel_registration(registration, now)
        db.session.commit()
        flash(_("You are no longer registered. Thank you for letting us know."), "success")
        return redirect(url_for("workshops.cancel", token=token))
    # After the start the page says the session took place; a POST then changes nothing (409).
    took_place = registration is not None and registration.is_active and registration.session.has_started(now)
    status = 404 if registration is None else 409 if took_place and request.method == "POST" else 200
    return render_template("workshops/cancel.html", registration=registration, form=form, took_place=took_place, now=now), status


@bp.get("/werkateliers/bevestigen/<token>")
@no_store
@writes_on_get
def confirm_email(token: str):
    """The link in the registration mail: confirms the address, so the place is kept (like a reaction's)."""
    registration = registration_by_token(token) or abort(404)
    speak_reader_language(registration.locale)
    confirmed = confirm_registration(registration, utcnow())
    if confirmed:
        db.session.commit()
    return render_template("workshops/confirm.html", registration=registration, confirmed=confirmed,
                           header_organisation=registration.session.workshop.consultation.organisation)


@bp.route("/werkateliers/deelnemer/<token>/tafels/<int:table_id>", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS_LIMIT, methods=["POST"])
@no_store
def table_cards(token: str, table_id: int):
    registration = registration_by_token(token) or abort(404)
    speak_reader_language(registration.locale)
    workshop = registration.session.workshop
    table = table_of(workshop, table_id)
    if not registration.has_place:
        return participant_refused(registration)
    form = CardForm()
    if made_by(InputCard, form.sent_key()) is not None:  # the same card sent again: it is on the table
        return redirect(url_for("workshops.table_cards", token=token, table_id=table_id))
    now = utcnow()
    closed = None if card_window_open(registration, now) else _cards_closed_message(registration, now)
    valid = form.validate_on_submit()
    if closed and request.method == "POST":
        # Refused, with the typed text kept in the form, so nothing written is lost.
        form.text.errors.append(closed)
    limited = valid and not closed and not _within(CARDS_PER_REGISTRATION, "workshop-card", registration.token)
    if limited:
        form.text.errors.append(_("You added many cards in a short time. Wait a few minutes, then add this card again. "
                                  "Your text is still here."))
    if valid and not limited and not closed:
        add_card(registration, table, CardKind(form.kind.data), form.text.data, now, submission_key=form.sent_key())
        commit_or_first(InputCard, form.sent_key())
        flash(_("Your card is added."), "success")
        return redirect(url_for("workshops.table_cards", token=token, table_id=table_id))
    return render_template("workshops/cards.html", workshop=workshop, table=table, registration=registration, form=form,
                           closed=closed, show_form=not closed or request.method == "POST",
                           cards=cards_at(table, registration.session), other_tables=[t for t in workshop.tables if t is not table],
                           has_verslag=verslag_shown_to(registration),
                           header_organisation=workshop.consultation.organisation), \
        409 if closed and request.method == "POST" else 429 if limited else 400 if form.errors else 200


def _cards_closed_message(registration, at) -> str | None:
    """The sentence saying why, and when, cards can be added, or None while they can (``Registration.cards_closed``)."""
    session = registration.session
    reason = registration.cards_closed(at)
    if reason == "early":
        return _("You can add cards from %(moment)s, an hour before the session starts.",
                 moment=local_datetime(session.cards_open_from))
    if reason == "late":
        return _("Adding cards is closed. That was possible until the end of the day of the session, %(day)s.",
                 day=local_date(session.ends_at))
    if reason == "absent":
        return _("You were not marked as present at this session, so you cannot add cards.")
    return None


def participant_refused(registration):
    """The page every participant page (cards, verslag) answers to a link that opens nothing there: on the
    waiting list or cancelled (403, no place), or a place but no verslag yet (404), and what that means."""
    workshop = registration.session.workshop
    response = make_response(render_template("workshops/cards_closed.html", workshop=workshop, registration=registration,
                                             header_organisation=workshop.consultation.organisation),
                             404 if registration.has_place else 403)
    # Also when raised with abort(), past the view's own no_store.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/werkateliers/deelnemer/<token>/tafels/<int:table_id>/kaartjes")
@no_store
def card_list(token: str, table_id: int):
    """The list alone, for the page's script that refreshes it."""
    registration = registration_by_token(token) or abort(404)
    speak_reader_language(registration.locale)
    if not registration.has_place:
        abort(404)
    table = table_of(registration.session.workshop, table_id)
    return render_template("workshops/_cards.html", table=table, cards=cards_at(table, registration.session))


@bp.app_template_global()
def card_kind_label(kind) -> str:
    return str(CARD_KIND_LABELS[kind])


# Officials ----------------------------------------------------------------------------------------

@bp.get("/beheer/werkateliers")
@login_required
def list_workshops():
    """The werkateliers of the official's municipalities and regions, and of the regions these municipalities
    are members of (read only); every werkatelier for the admin."""
    if current_user.is_admin:
        return render_template("workshops/list.html", workshops=workshops_of(None))
    organisations = current_user.governed_organisations
    if not organisations:
        abort(403)
    regions = {o.region_id for o in organisations if o.region_id is not None}
    return render_template("workshops/list.html", workshops=workshops_of([o.id for o in organisations] + sorted(regions)))


def _partner_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).where(
        Organisation.kind.not_in([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION])).order_by(Organisation.name)))


@bp.route("/beheer/werkateliers/nieuw", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def new_workshop():
    require(CREATE_WORKSHOP)
    organisations = current_user.governed_organisations
    partners = _partner_organisations()
    form = WorkshopForm(now=utcnow())
    form.invited.choices = choices([(o.id, o.name) for o in partners])
    if form.validate_on_submit():
        workshop = create_workshop(organisations[0], form.to_input(partners), current_user, utcnow())
        db.session.commit()
        flash(_("The werkatelier is saved as a concept. Add the sessions and tables, then publish it."), "success")
        return redirect(url_for("workshops.manage_workshop", slug=workshop.slug))
    return render_template("workshops/edit.html", form=form, workshop=None), form_status(form)


@bp.route("/beheer/werkateliers/<slug>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def manage_workshop(slug: str):
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP if request.method == "POST" else READ_WORKSHOP_ADMIN)
    partners = _partner_organisations()
    form = WorkshopForm(data=None if request.method == "POST" else _workshop_data(workshop), now=utcnow(),
                        first_session_day=_first_session_day(workshop), current_deadline_on=_deadline_day(workshop))
    form.invited.choices = choices([(o.id, o.name) for o in partners])
    if form.validate_on_submit():
        update_workshop(workshop, form.to_input(partners), current_user)
        db.session.commit()
        flash(_("The werkatelier is saved."), "success")
        return redirect(url_for("workshops.manage_workshop", slug=workshop.slug))
    return _manage_page(workshop, form=form)


def _manage_page(workshop, form=None, session_form=None, table_form=None):
    """The management page with its three forms; the one posted (with its messages) is passed, the others
    start empty. Refused: 400 (``form_status``)."""
    if form is None:
        form = WorkshopForm(formdata=None, data=_workshop_data(workshop))
        form.invited.choices = choices([(o.id, o.name) for o in _partner_organisations()])
    session_form = session_form or SessionForm(formdata=None)
    table_form = table_form or TableForm(formdata=None, prefix="table")
    return render_template("workshops/manage.html", workshop=workshop, form=form, session_form=session_form,
                           table_form=table_form, button=EmptyForm(), now=utcnow(),
                           pending_comments=pending_comment_count(workshop), header_organisation=workshop.consultation.organisation,
                           dossier_job=latest("dossier", workshop.consultation.id)), form_status(form, session_form, table_form)


def _first_session_day(workshop):
    """The Dutch date of the werkatelier's first session still to come, or None. A session already held does
    not count: registration for a next session stays open after it."""
    now = utcnow()
    first = min((s.starts_at for s in workshop.sessions if not s.has_started(now)), default=None)
    return first.astimezone(AMSTERDAM).date() if first else None


def _deadline_day(workshop):
    """The last day to register (Dutch date), or None."""
    closes_at = workshop.consultation.closes_at
    return last_day(closes_at) if closes_at else None


def _workshop_data(workshop) -> dict:
    c = workshop.consultation
    return {"title": c.title, "summary": c.summary, "introduction": plain_text(c.introduction_html),
            "audience": workshop.audience.value, "invited": [o.id for o in workshop.invited],
            "deadline_on": last_day(c.closes_at) if c.closes_at else None, "accessibility": workshop.accessibility}


@bp.post("/beheer/werkateliers/<slug>/publiceren")
@login_required
def publish(slug: str):
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not workshop.sessions:
        flash(_("Add at least one session before you publish."), "error")
        return redirect(url_for("workshops.manage_workshop", slug=slug))
    try:
        publish_workshop(workshop, current_user, utcnow())
    except TransitionError:
        flash(_("This werkatelier cannot be published: it is published already or its registration deadline has passed."), "error")
    else:
        db.session.commit()
        flash(_("The werkatelier is published. People can register now."), "success")
    return redirect(url_for("workshops.manage_workshop", slug=slug))


@bp.post("/beheer/werkateliers/<slug>/sessies")
@login_required
@limiter.limit(POST_LIMIT)
def new_session(slug: str):
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP)
    session_form = SessionForm(now=utcnow(), deadline_on=_deadline_day(workshop), others=workshop.sessions)
    if session_form.validate_on_submit():
        add_session(workshop, session_form.to_input())
        db.session.commit()
        flash(_("The session is added."), "success")
        return redirect(url_for("workshops.manage_workshop", slug=slug))
    return _manage_page(workshop, session_form=session_form)


@bp.route("/beheer/werkateliers/<slug>/sessies/<int:session_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, methods=["POST"])
def edit_session(slug: str, session_id: int):
    """The session's form for the owner's officials; read only for whoever reads the werkatelier."""
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP if request.method == "POST" else READ_WORKSHOP_ADMIN)
    session = session_of(workshop, session_id)
    local = session.starts_at.astimezone(AMSTERDAM)
    form = SessionForm(confirmed=session.confirmed_count, now=utcnow(), current_start=session.starts_at,
                       deadline_on=_deadline_day(workshop), others=[s for s in workshop.sessions if s is not session], data=None if request.method == "POST" else {
        "day": local.date(), "starts": local.time(), "ends": session.ends_at.astimezone(AMSTERDAM).time(),
        "place": session.place, "address": session.address, "route": session.route, "online_url": session.online_url,
        "capacity": session.capacity})
    if form.validate_on_submit():
        update = update_session(session, form.to_input(), utcnow())
        db.session.commit()
        flash(_("The session is saved."), "success")
        if update.informed:
            flash(ngettext("%(num)d person got an e-mail about the change.",
                           "%(num)d people got an e-mail about the change.", update.informed), "success")
        if update.promoted:
            flash(ngettext("%(num)d person moved up from the waiting list.",
                           "%(num)d people moved up from the waiting list.", len(update.promoted)), "success")
        return redirect(url_for("workshops.manage_workshop", slug=slug))
    # Before the start a new time, place or online link is mailed: the page says to how many, before saving.
    with_place, waiting = (0, 0) if session.has_started(utcnow()) else session_change_audience(session)
    return render_template("workshops/session.html", workshop=workshop, session=session, form=form,
                           with_place=with_place, waiting=waiting,
                           can_manage=MANAGE_WORKSHOP(current_user, workshop), header_organisation=workshop.consultation.organisation), form_status(form)


@bp.post("/beheer/werkateliers/<slug>/tafels")
@login_required
@limiter.limit(POST_LIMIT)
def new_table(slug: str):
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP)
    table_form = TableForm(prefix="table")
    if table_form.validate_on_submit():
        add_table(workshop, table_form.title.data, table_form.facilitator.data or "")
        db.session.commit()
        flash(_("The table is added."), "success")
        return redirect(url_for("workshops.manage_workshop", slug=slug))
    return _manage_page(workshop, table_form=table_form)


@bp.get("/beheer/werkateliers/<slug>/sessies/<int:session_id>/aanmeldingen")
@login_required
def show_registrations(slug: str, session_id: int):
    workshop = workshop_or_404(slug, READ_REGISTRATIONS)
    session = session_of(workshop, session_id)
    everyone = registrations(session)
    confirmed = [r for r in everyone if r.status is RegistrationStatus.CONFIRMED]
    return render_template("workshops/registrations.html", workshop=workshop, session=session, confirmed=confirmed,
                           waiting=[r for r in everyone if r.status is RegistrationStatus.WAITING],
                           groups=by_table(workshop, confirmed), form=EmptyForm(),
                           may_mark=may_mark_attendance(current_user, session, utcnow()),
                           header_organisation=workshop.consultation.organisation)


@bp.get("/beheer/werkateliers/<slug>/sessies/<int:session_id>/aanmeldingen.<any(csv, xlsx):extension>")
@login_required
def export_registrations(slug: str, session_id: int, extension: str):
    session = session_of(workshop_or_404(slug, READ_REGISTRATIONS), session_id)
    rows = list(registration_rows(registrations(session), status_label))
    name = f"aanmeldingen-{slug}-{session.id}.{extension}"
    if extension == "csv":
        return csv_response(name, registration_header(), rows)
    with xlsx_file(registration_header(), rows, sheet_name=_("Registrations")) as spooled:
        data = io.BytesIO(spooled.read())
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _session_pdf(slug: str, session_id: int, maker, prefix: str):
    """A PDF of everyone with a place in the session, made by ``maker(session, registrations)``, as the
    download ``<prefix>-<slug>-<session>.pdf``; for whoever reads the registrations."""
    session = session_of(workshop_or_404(slug, READ_REGISTRATIONS), session_id)
    pdf = maker(session, registrations(session, (RegistrationStatus.CONFIRMED,)))
    return send_file(io.BytesIO(pdf), as_attachment=True, download_name=f"{prefix}-{slug}-{session.id}.pdf",
                     mimetype="application/pdf")


@bp.get("/beheer/werkateliers/<slug>/sessies/<int:session_id>/presentielijst.pdf")
@login_required
def sign_in_list(slug: str, session_id: int):
    return _session_pdf(slug, session_id, sign_in_pdf, "presentielijst")


@bp.get("/beheer/werkateliers/<slug>/sessies/<int:session_id>/badges.pdf")
@login_required
def badges(slug: str, session_id: int):
    """Name badges of everyone with a place, to print and cut (``exports.badges_pdf``)."""
    return _session_pdf(slug, session_id, badges_pdf, "badges")


@bp.post("/beheer/werkateliers/<slug>/sessies/<int:session_id>/aanwezig")
@login_required
@limiter.limit(POST_LIMIT)
def mark_attendance(slug: str, session_id: int):
    session = session_of(workshop_or_404(slug, MANAGE_WORKSHOP), session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not may_mark_attendance(current_user, session, utcnow()):
        flash(_("You can tick who came once the session has started, from %(moment)s.",
                moment=local_datetime(session.starts_at)), "error")
        return redirect(url_for("workshops.show_registrations", slug=slug, session_id=session_id))
    came = set_attendance(session, set(as_ids(request.form.getlist("attended"))), current_user, utcnow())
    db.session.commit()
    flash(ngettext("Saved: %(num)d person came.", "Saved: %(num)d people came.", came), "success")
    return redirect(url_for("workshops.show_registrations", slug=slug, session_id=session_id))


@bp.route("/beheer/werkateliers/<slug>/sessies/<int:session_id>/mail", methods=["GET", "POST"])
@login_required
@limiter.limit("20/hour", methods=["POST"])
def mail_session(slug: str, session_id: int):
    """Write the message; sent, it shows the mail as each language's recipients will read it, and only the
    preview's "send" button (``confirm``) queues it. "Change" (``edit``) brings the form back filled in."""
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP)
    session = session_of(workshop, session_id)
    form = MessageForm()
    if "edit" not in request.form and form.validate_on_submit():
        if "confirm" not in request.form:
            return render_template("workshops/mail.html", workshop=workshop, session=session, form=form,
                                   previews=preview_registrant_mail(session, form.subject.data, form.body.data),
                                   header_organisation=workshop.consultation.organisation)
        sent = mail_registrants(session, form.subject.data, form.body.data, current_user, utcnow())
        db.session.commit()
        flash(ngettext("The message goes to %(num)d person.", "The message goes to %(num)d people.", sent), "success")
        return redirect(url_for("workshops.show_registrations", slug=slug, session_id=session_id))
    return render_template("workshops/mail.html", workshop=workshop, session=session, form=form, previews=None,
                           header_organisation=workshop.consultation.organisation), 400 if form.errors else 200


@bp.post("/beheer/werkateliers/<slug>/tafels/<int:table_id>/namen")
@login_required
@limiter.limit(POST_LIMIT)
def show_names(slug: str, table_id: int):
    workshop = workshop_or_404(slug, MANAGE_WORKSHOP)
    table = table_of(workshop, table_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    set_names_shown(table, request.form.get("names") == "show", current_user)
    db.session.commit()
    flash(_("Saved: the others at this table see the names with the cards written from now on.") if table.shows_names else
          _("Saved: the others at this table now see the cards without names."), "success")
    return redirect(url_for("workshops.manage_workshop", slug=slug))
