"""Writing actions and telling the people whose input led to them. Services flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from consult.accounts.models import User
from consult.actions.labels import status_label
from consult.actions.models import (
    Action,
    ActionScope,
    ActionSource,
    ActionSourceKind,
    ActionStatus,
    ActionUpdate,
    FeedbackEvent,
    FeedbackNotice,
    FeedbackOptOut,
)
from consult.actions.permissions import is_public_programme
from consult.actions.tokens import make_stop_token
from consult.advice.models import Advice, AdvicePoint
from consult.audit.services import record_event
from consult.consultations.models import ConsultationKind
from consult.core.links import external_url
from consult.documents.models import Document, Theme
from consult.extensions import db
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.mail.services import queue_mail
from consult.organisations.models import Organisation
from consult.reactions.models import Reaction


@dataclass(frozen=True)
class ActionInput:
    title: str
    description: str
    scope: ActionScope
    theme: Theme | None = None
    owner: Organisation | None = None  # None: the bestuurlijk duo of the theme
    municipalities: list[Organisation] = field(default_factory=list)
    deadline: date | None = None


def source_for_reaction(reaction: Reaction) -> ActionSource:
    """An unsaved source for a reaction: a feedbackronde's comments are round comments."""
    kind = (ActionSourceKind.ROUND_COMMENT if reaction.consultation.kind is ConsultationKind.PARTNER_ROUND
            else ActionSourceKind.REACTION)
    return ActionSource(kind=kind, reaction=reaction)


def source_for_advice_point(point: AdvicePoint) -> ActionSource:
    return ActionSource(kind=ActionSourceKind.ADVICE_POINT, advice_point=point)


def source_for_outcome(outcome) -> ActionSource:
    """An unsaved source for a werkatelier outcome (consult.outcomes); its card writers get the terugkoppeling."""
    return ActionSource(kind=ActionSourceKind.OUTCOME, outcome=outcome)


def _apply(action: Action, data: ActionInput) -> None:
    action.title, action.description, action.scope = data.title, data.description, data.scope
    action.theme, action.owner_organisation, action.deadline = data.theme, data.owner, data.deadline
    action.municipalities = list(data.municipalities)


def create_action(programme: Document, data: ActionInput, official, at: datetime,
                  source: ActionSource | None = None, submission_key: str | None = None) -> Action:
    """A new action of ``programme`` (status gepland), from ``source`` or by hand. Everyone whose input
    is the source hears of it in their own language (``send_feedback``). Audit-logged. ``submission_key``:
    the form's one-time key (``consult.core.submission``)."""
    action = Action(programme=programme, created_by_id=getattr(official, "id", None), created_at=at, changed_at=at,
                    submission_key=submission_key)
    _apply(action, data)
    if source is not None:
        action.sources.append(source)
    db.session.add(action)
    db.session.flush()
    record_event(official, "action_created", action, programme.organisation_id, title=action.title)
    send_feedback(action, FeedbackEvent.CREATED, at)
    return action


def change_action(action: Action, data: ActionInput, official, at: datetime) -> None:
    """Change the text, theme, scope, owner, municipalities or deadline. Sends no mail: only a new
    status is news for the people who gave the input."""
    _apply(action, data)
    action.changed_at = at
    record_event(official, "action_changed", action, action.programme.organisation_id)
    db.session.flush()


def add_update(action: Action, body: str, new_status: ActionStatus | None, official, at: datetime,
               submission_key: str | None = None) -> ActionUpdate:
    """A dated progress note, with a status change when ``new_status`` differs from the current one.
    Raises consult.consultations.models.TransitionError for a move the action does not allow. A status
    change is told to everyone whose input led to the action."""
    old = None
    if new_status is not None and new_status is not action.status:
        old = action.move_to(new_status, at)
    update = ActionUpdate(action=action, body=body, status_from=old, status_to=new_status if old else None,
                          created_at=at, created_by_id=getattr(official, "id", None), submission_key=submission_key)
    action.changed_at = at
    db.session.add(update)
    db.session.flush()
    record_event(official, "action_updated", action, action.programme.organisation_id,
                 status=action.status.value, status_changed=old is not None)
    if old is not None:
        send_feedback(action, FeedbackEvent.STATUS_CHANGED, at, note=body)
    return update


def link_source(action: Action, source: ActionSource, official, at: datetime) -> bool:
    """Link more input to an existing action; False when it was linked already. Its giver is told, as
    when an action is made from their input. Audit-logged."""
    if source.reaction is not None and any(s.reaction_id == source.reaction.id for s in action.sources):
        return False
    if source.advice_point is not None and any(s.advice_point_id == source.advice_point.id for s in action.sources):
        return False
    if source.outcome is not None and any(s.outcome_id == source.outcome.id for s in action.sources):
        return False
    source.created_at = at
    action.sources.append(source)
    db.session.flush()
    record_event(official, "action_source_linked", action, action.programme.organisation_id, kind=source.kind.value)
    send_feedback(action, FeedbackEvent.CREATED, at, only=[source])
    return True


def people_told(action: Action) -> int:
    """How many addresses a terugkoppeling mail about ``action`` went to, or may have gone to (handed to
    the mail server, failed after trying): every sent-log line whose mail is not waiting untouched in the
    outbox. The remove page says this number before the official chooses."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(sa.func.lower(FeedbackNotice.recipient))))
        .outerjoin(OutboxMessage, OutboxMessage.id == FeedbackNotice.outbox_message_id)
        .where(FeedbackNotice.action_id == action.id, sa.not_(_unsent(OutboxMessage)))) or 0


def _unsent(message):
    """SQL: a queued mail the worker has not started to hand over: taking it out of the outbox stops it."""
    return sa.and_(message.id.is_not(None), message.status == OutboxStatus.QUEUED, message.handed_over_at.is_(None))


def remove_action(action: Action, official) -> int:
    """Remove an action made by mistake (a wrong outcome, a duplicate) with its progress updates, its
    links to its sources and its sent-log, without any mail: its terugkoppeling still waiting in the
    outbox is taken out, so nobody hears of it from now on. Its sources are free again (an outcome
    becomes an action without the "second action" tick). Returns how many mails were stopped.

    Allowed after mails went out too (the remove page says how many were told and offers vervallen
    instead): a mistaken action must leave the public lists. Whoever follows the link in their mail reads
    that the action was removed, and when (``removed_action``). Audit-logged, with no title: a title
    written by mistake may hold what should not stay."""
    told = people_told(action)  # before the outbox is touched: a deleted mail's notice loses its link
    notices = sa.select(FeedbackNotice.outbox_message_id).where(FeedbackNotice.action_id == action.id)
    # The worker takes a message by committing handed_over_at first, so the same condition in the
    # DELETE leaves a mail that is being sent right now (it counts as told), never a half one.
    stopped = db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id.in_(notices), _unsent(OutboxMessage))
                                 .execution_options(synchronize_session=False)).rowcount
    db.session.execute(sa.delete(FeedbackNotice).where(FeedbackNotice.action_id == action.id))
    record_event(official, "action_removed", action, action.programme.organisation_id, programme=action.programme_id,
                 mails_stopped=stopped, people_told=told,
                 sources=[source.kind.value for source in action.sources])
    db.session.delete(action)
    db.session.flush()
    return stopped


# Terugkoppeling -----------------------------------------------------------------------------------

@dataclass
class Recipient:
    email: str
    name: str
    locale: str
    references: list[str]
    source_id: int


def _givers(source: ActionSource) -> list[tuple[str | None, str, str | None, str]]:
    """(address, name, language, reference) of everyone who gave the input of ``source``: the writer of a
    reaction, the adviesraad's submitter, or each participant whose card led to a werkatelier outcome."""
    if source.outcome is not None:
        return _card_givers(source.outcome)
    if source.reaction is not None:
        reaction = source.reaction
        if not reaction.is_counted or reaction.anonymised_at is not None:
            return []
        user = db.session.get(User, reaction.user_id) if reaction.user_id else None
        email = reaction.author_email or (user.email if user else None)
        return [(email, reaction.author_name, reaction.locale or (user.locale if user else None), reaction.reference)]
    advice = source.advice_point.advice
    user = advice.submitted_by
    if user is None:
        return []
    return [(user.email, user.name, user.locale, f"{advice.reference or ''} / {source.advice_point.number}")]


def _quote(text: str, at_most: int = 120) -> str:
    """A card's words on one line, cut to ``at_most`` characters with an ellipsis."""
    words = " ".join(text.split())
    return words if len(words) <= at_most else words[:at_most - 1].rstrip() + "…"


def _card_givers(outcome) -> list[tuple[str | None, str, str | None, str]]:
    """The participants (not anonymised) whose cards an outcome clusters, once each, with the words of
    their own cards in their reference, so they recognise their input (a table name alone did not tell
    them which of their cards it was)."""
    cards_of: dict[int, list] = {}
    for card in outcome.cards:
        registration = card.registration
        if registration is not None and registration.anonymised_at is None:
            cards_of.setdefault(registration.id, []).append(card)
    givers = []
    for cards in cards_of.values():
        registration = cards[0].registration
        quoted = "; ".join(f"“{_quote(card.text)}”" for card in cards)
        givers.append((registration.email, registration.name, registration.locale,
                       f"{outcome.workshop.title}: {outcome.table.title} ({quoted})"))
    return givers


def feedback_recipients(action: Action, sources: list[ActionSource] | None = None,
                        stopped: set[str] | None = None) -> list[Recipient]:
    """One entry per address whose input is among ``sources`` (default: all of the action's), with their
    own references only, except addresses that stopped these mails (``stopped``, lower case: read here
    when not given)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if stopped is None:
        stopped = set(db.session.scalars(sa.select(FeedbackOptOut.email)))
    people: dict[str, Recipient] = {}
    for source in sources if sources is not None else action.sources:
        for email, name, locale, reference in _givers(source):
            if not email or email.lower() in stopped:
                continue
            person = people.setdefault(email.lower(), Recipient(email, name, locale or default, [], source.id))
            person.references.append(reference)
    return list(people.values())


def _subject(action: Action, event: FeedbackEvent) -> str:
    if event is FeedbackEvent.CREATED:
        return _("What was done with your input: %(title)s", title=action.title)
    return _("News about what was done with your input: %(title)s", title=action.title)


def send_feedback(action: Action, event: FeedbackEvent, at: datetime, only: list[ActionSource] | None = None,
                  note: str = "") -> int:
    """Tell every giver of the action's input (or of ``only``) that the action was made or changed
    status: in their language, with their own references and a link; never other people's input.
    ``note`` is the official's progress note that came with a status change: plain text (the form's
    clean_text took out unsafe characters; a text mail shows markup as typed, never runs it), public on
    the action's page already. Each mail has a one-click stop link and a line in the sent-log. Returns how
    many were queued. Nobody is told a status twice in a row: whoever last heard of this action with its
    current status (as the sent-log shows) is left out; a status that comes back after another is news.

    While the programme is not public (``is_public_programme``) nothing is sent and 0 returned: the mail
    would tell what the public may not read yet, and its link would lead to a 404. Everyone hears of the
    action once the programme is put to the public (``send_held_feedback``)."""
    if not is_public_programme(None, action.programme):
        return 0
    recipients = feedback_recipients(action, only)
    if event is FeedbackEvent.STATUS_CHANGED:
        last_told = dict(db.session.execute(
            sa.select(sa.func.lower(FeedbackNotice.recipient), FeedbackNotice.status)
            .where(FeedbackNotice.action_id == action.id).order_by(FeedbackNotice.id)).all())
        recipients = [person for person in recipients if last_told.get(person.email.lower()) is not action.status]
    return _queue_feedback(action, event, at, recipients, note)


def _queue_feedback(action: Action, event: FeedbackEvent, at: datetime, recipients: list[Recipient], note: str) -> int:
    """One mail about ``action`` to each of ``recipients``, with a line in the sent-log; returns how many."""
    for person in recipients:
        with force_locale(person.locale):
            stop = external_url("actions.stop_feedback_mails", token=make_stop_token(person.email))
            message_id = queue_mail(
                person.email, _subject(action, event), "action_feedback", locale=person.locale,
                organisation_id=action.programme.organisation_id, action=action, event=event.value, name=person.name, note=note,
                references=person.references, status_label=status_label, link=external_url("actions.show_action", action_id=action.id),
                stop=stop, unsubscribe=stop)
        db.session.add(FeedbackNotice(action=action, source_id=person.source_id, event=event, status=action.status,
                                      recipient=person.email, locale=person.locale, outbox_message_id=message_id,
                                      created_at=at))
    db.session.flush()
    return len(recipients)


def send_held_feedback(programme: Document, at: datetime) -> int:
    """The terugkoppeling held while ``programme`` was not public (``send_feedback``), sent now that it
    is: for each of its actions, everyone whose input it holds and who has not heard of that action
    (nothing in the sent-log) gets the mail of a new action, with its status of now. Nobody is told
    twice: a second publication finds them all in the sent-log. Returns how many mails were queued."""
    if not is_public_programme(None, programme):
        return 0
    told = set(db.session.execute(
        sa.select(FeedbackNotice.action_id, sa.func.lower(FeedbackNotice.recipient))
        .join(Action, Action.id == FeedbackNotice.action_id).where(Action.programme_id == programme.id)).all())
    stopped = set(db.session.scalars(sa.select(FeedbackOptOut.email)))
    actions = db.session.scalars(
        sa.select(Action).where(Action.programme_id == programme.id, Action.sources.any()).order_by(Action.id)
        .options(selectinload(Action.sources).selectinload(ActionSource.reaction)))  # not a query per action
    queued = 0
    for action in actions:
        waiting = [person for person in feedback_recipients(action, stopped=stopped)
                   if (action.id, person.email.lower()) not in told]
        queued += _queue_feedback(action, FeedbackEvent.CREATED, at, waiting, note="")
    return queued


def stop_feedback(email: str, at: datetime) -> bool:
    """Send ``email`` no more terugkoppeling; False when it had stopped them already."""
    email = email.lower()
    if db.session.scalar(sa.select(FeedbackOptOut.id).where(FeedbackOptOut.email == email)) is not None:
        return False
    db.session.add(FeedbackOptOut(email=email, created_at=at))
    db.session.flush()
    return True


# Personal data (consult.privacy) --------------------------------------------------------------------

def forget_feedback_for_reactions(reaction_ids: list[int]) -> int:
    """Purge: when reactions are anonymised, their terugkoppeling sent-log goes with them."""
    if not reaction_ids:
        return 0
    sources = sa.select(ActionSource.id).where(ActionSource.reaction_id.in_(reaction_ids))
    return db.session.execute(sa.delete(FeedbackNotice).where(FeedbackNotice.source_id.in_(sources))).rowcount


def feedback_log(consultation_id: int) -> list[dict]:
    """For a consultation's dossier: the actions its input led to, and who was told about them when."""
    sources = sa.select(ActionSource.id).outerjoin(Reaction, ActionSource.reaction_id == Reaction.id).outerjoin(
        AdvicePoint, ActionSource.advice_point_id == AdvicePoint.id).outerjoin(
        Advice, AdvicePoint.advice_id == Advice.id).where(
        sa.or_(Reaction.consultation_id == consultation_id, Advice.consultation_id == consultation_id))
    notices = db.session.scalars(sa.select(FeedbackNotice).where(FeedbackNotice.source_id.in_(sources))
                                 .order_by(FeedbackNotice.id)).all()
    return [{"moment": n.created_at.isoformat(), "action": n.action.title, "action_id": n.action_id,
             "reference": n.source.reference if n.source else "", "event": n.event.value, "status": n.status.value,
             "recipient": n.recipient, "locale": n.locale,
             "mail_status": n.outbox_message.status.value if n.outbox_message else None} for n in notices]
