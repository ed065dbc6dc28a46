"""Recording outcomes, the verslag's settings, and the participants' votes and comments. Services flush, never commit."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from consult.actions.models import ActionScope, ActionSource
from consult.audit.services import record_event
from consult.core.links import external_url
from consult.documents.models import Theme
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.outcomes.models import OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
from consult.outcomes.permissions import may_react, may_vote_for
from consult.workshops.models import (
    CardKind,
    InputCard,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopTable,
)
from consult.workshops.services import mail_registration


class NotAllowed(Exception):
    """The verslag is closed, the registration has no place, or the outcome is not an idea of this werkatelier."""


class NoVotesLeft(Exception):
    """The registration used all its votes."""


class VotesCast(Exception):
    """The number of votes cannot change once someone voted."""


class LockReason(enum.Enum):
    VOTED = "voted"
    HAS_ACTION = "has_action"


class OutcomeLocked(Exception):
    """The outcome cannot change or go: people voted for it, or an action was made of it (``reason``)."""

    def __init__(self, reason: LockReason):
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class OutcomeInput:
    """``owner`` an organisation, or else ``duo_theme`` the theme whose bestuurlijk duo is proposed (not both)."""

    table: WorkshopTable
    kind: CardKind
    text: str
    scope: ActionScope
    owner: Organisation | None = None
    duo_theme: Theme | None = None
    municipalities: list[Organisation] = field(default_factory=list)
    cards: list[InputCard] = field(default_factory=list)


def add_outcome(workshop: Workshop, data: OutcomeInput, official, at: datetime,
                submission_key: str | None = None) -> WorkshopOutcome:
    """A new outcome of one of the werkatelier's tables, linked to cards of that table only (others are
    ignored). Audit-logged. ``submission_key``: the form's one-time key (``consult.core.submission``)."""
    outcome = WorkshopOutcome(workshop_id=workshop.id, created_at=at, submission_key=submission_key)
    _fill(outcome, data)
    db.session.add(outcome)
    db.session.flush()
    record_event(official, "workshop_outcome_added", workshop.consultation, workshop.consultation.organisation_id,
                 outcome=outcome.id, table=data.table.id)
    return outcome


def _fill(outcome: WorkshopOutcome, data: OutcomeInput) -> None:
    outcome.table, outcome.kind, outcome.text, outcome.scope = data.table, data.kind, data.text, data.scope
    outcome.proposed_owner_organisation = data.owner
    outcome.proposed_duo_theme = data.duo_theme if data.owner is None else None
    outcome.municipalities = list(data.municipalities)
    outcome.cards = [c for c in data.cards if c.table_id == data.table.id]


def lock_reason(outcome: WorkshopOutcome) -> LockReason | None:
    """Why the outcome can no longer be changed or removed, or None. A vote was cast for what it said, and
    an action links back to it (its card writers were told), so both fix it."""
    voted = db.session.scalar(sa.select(OutcomeVote.id).where(OutcomeVote.outcome_id == outcome.id).limit(1)) is not None
    has_action = db.session.scalar(
        sa.select(ActionSource.id).where(ActionSource.outcome_id == outcome.id).limit(1)) is not None
    return lock_reason_for(voted, has_action)


def lock_reason_for(voted: bool, has_action: bool) -> LockReason | None:
    """``lock_reason`` from what a page counted already (votes per outcome, actions per outcome)."""
    if voted:
        return LockReason.VOTED
    return LockReason.HAS_ACTION if has_action else None


def _ensure_unlocked(outcome: WorkshopOutcome) -> None:
    # The row lock makes a vote cast meanwhile wait for this change (PostgreSQL; SQLite writes one at a time).
    db.session.execute(sa.select(WorkshopOutcome.id).where(WorkshopOutcome.id == outcome.id).with_for_update())
    reason = lock_reason(outcome)
    if reason is not None:
        raise OutcomeLocked(reason)


def change_outcome(outcome: WorkshopOutcome, data: OutcomeInput, official) -> WorkshopOutcome:
    """Change what the official recorded (text, kind, scope, table, municipalities, proposed owner, cards of
    the chosen table). Raises OutcomeLocked (see ``lock_reason``). Audit-logged."""
    _ensure_unlocked(outcome)
    _fill(outcome, data)
    db.session.flush()
    consultation = outcome.workshop.consultation
    record_event(official, "workshop_outcome_changed", consultation, consultation.organisation_id,
                 outcome=outcome.id, table=data.table.id)
    return outcome


def delete_outcome(outcome: WorkshopOutcome, official) -> None:
    """Remove an outcome with the reactions on it. Raises OutcomeLocked (see ``lock_reason``). Audit-logged."""
    _ensure_unlocked(outcome)
    consultation = outcome.workshop.consultation
    record_event(official, "workshop_outcome_deleted", consultation, consultation.organisation_id, outcome=outcome.id)
    db.session.delete(outcome)
    db.session.flush()


def votes_cast(workshop: Workshop) -> int:
    return db.session.scalar(sa.select(sa.func.count(OutcomeVote.id)).where(OutcomeVote.workshop_id == workshop.id))


def save_verslag(workshop: Workshop, votes_per_person: int, comments_until: datetime | None, publish: bool,
                 official, at: datetime) -> Verslag:
    """Create or change the verslag: how many votes each participant has and until when (UTC) they may
    react. ``publish`` shows it to the participants from ``at``. Raises VotesCast when the number of
    votes would change after people voted."""
    verslag = db.session.scalar(sa.select(Verslag).where(Verslag.workshop_id == workshop.id))
    if verslag is None:
        verslag = Verslag(workshop_id=workshop.id)
        db.session.add(verslag)
    elif verslag.votes_per_person != votes_per_person and votes_cast(workshop):
        raise VotesCast
    verslag.votes_per_person, verslag.comments_until = votes_per_person, comments_until
    newly_published = publish and verslag.published_at is None
    if newly_published:
        verslag.published_at = at
    db.session.flush()
    if newly_published:
        mail_participants(workshop, verslag, at)
    record_event(official, "workshop_verslag_saved", workshop.consultation, workshop.consultation.organisation_id,
                 votes=votes_per_person, published=verslag.is_published)
    return verslag


def mail_participants(workshop: Workshop, verslag: Verslag, at: datetime) -> int:
    """Tell everyone who took part (``Registration.took_part``) that the verslag is there: in their own language,
    with their own link, until when they can react and vote. Returns how many mails were queued."""
    people = [r for r in db.session.scalars(sa.select(Registration).join(Registration.session).where(
        WorkshopSession.workshop_id == workshop.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.anonymised_at.is_(None)).order_by(Registration.id)) if r.took_part(at)]
    for registration in people:
        with force_locale(registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = _("The verslag of %(title)s: react and vote", title=workshop.title)
        mail_registration(registration, "workshop_verslag", at, subject=subject, verslag=verslag,
                          verslag_link=external_url("outcomes.show_verslag", token=registration.token))
    return len(people)


def cast_vote(registration: Registration, verslag: Verslag, outcome: WorkshopOutcome, at: datetime) -> OutcomeVote | None:
    """One vote of ``registration`` for the idea ``outcome``; None when it had voted for it already.
    Raises NotAllowed (see ``may_vote_for``) or NoVotesLeft. The vote takes the lowest free slot; the
    database refuses a slot above the limit, a slot taken, or a second vote for the same outcome. When
    two requests of one person race, the loser tries the next free slot, so both count while votes are left."""
    if not may_vote_for(registration, verslag, outcome, at):
        raise NotAllowed
    for slot in range(1, verslag.votes_per_person + 1):
        if _has_voted(registration, outcome):
            return None
        if db.session.scalar(sa.select(OutcomeVote.id).where(OutcomeVote.registration_id == registration.id,
                                                             OutcomeVote.slot == slot)) is not None:
            continue
        vote = OutcomeVote(workshop_id=verslag.workshop_id, outcome_id=outcome.id, registration_id=registration.id,
                           slot=slot, max_votes=verslag.votes_per_person, created_at=at)
        try:
            with db.session.begin_nested():
                db.session.add(vote)
        except IntegrityError:
            continue  # another request took this slot (or this idea) just now
        return vote
    if _has_voted(registration, outcome):
        return None
    raise NoVotesLeft


def _has_voted(registration: Registration, outcome: WorkshopOutcome) -> bool:
    return db.session.scalar(sa.select(OutcomeVote.id).where(OutcomeVote.registration_id == registration.id,
                                                             OutcomeVote.outcome_id == outcome.id)) is not None


def withdraw_vote(registration: Registration, outcome: WorkshopOutcome, verslag: Verslag, at: datetime) -> bool:
    """Take back a vote while the verslag is open; False when there was none. Raises NotAllowed."""
    if not may_vote_for(registration, verslag, outcome, at):
        raise NotAllowed
    return db.session.execute(sa.delete(OutcomeVote).where(
        OutcomeVote.registration_id == registration.id, OutcomeVote.outcome_id == outcome.id)).rowcount > 0


def add_comment(registration: Registration, verslag: Verslag, outcome: WorkshopOutcome | None, text: str,
                at: datetime, submission_key: str | None = None) -> OutcomeComment:
    """A participant's reaction on one outcome or (``outcome`` None) on the whole verslag, while it is open.
    ``text`` is plain text (shown escaped). It waits for an official (``moderate_comment``) before the other
    participants see it. Raises NotAllowed."""
    if not may_react(registration, verslag, at) or (outcome is not None and outcome.workshop_id != verslag.workshop_id):
        raise NotAllowed
    comment = OutcomeComment(workshop_id=verslag.workshop_id, outcome_id=outcome.id if outcome else None,
                             registration_id=registration.id, text=text, created_at=at, submission_key=submission_key)
    db.session.add(comment)
    db.session.flush()
    return comment


def moderate_comment(comment: OutcomeComment, approve: bool, official, at: datetime) -> None:
    """Approve a reaction on the verslag (the participants see it, through the publication filter) or reject
    it (kept back). Audit-logged, without the text."""
    comment.moderate(approve, getattr(official, "id", None), at)
    db.session.flush()
    consultation = db.session.get(Workshop, comment.workshop_id).consultation
    record_event(official, "workshop_comment_approved" if approve else "workshop_comment_rejected", consultation,
                 consultation.organisation_id, comment=comment.id)


# Personal data (consult.privacy through consult.workshops.privacy) ----------------------------------

def participation_data(registration_id: int) -> dict:
    """The votes and comments of one registration, for a person's own data and the dossier."""
    votes = db.session.execute(sa.select(WorkshopOutcome.text, OutcomeVote.created_at).join(
        OutcomeVote, OutcomeVote.outcome_id == WorkshopOutcome.id).where(OutcomeVote.registration_id == registration_id)
        .order_by(OutcomeVote.id)).all()
    comments = db.session.scalars(sa.select(OutcomeComment).where(OutcomeComment.registration_id == registration_id)
                                  .order_by(OutcomeComment.id)).all()
    return {"votes": [{"outcome": text, "voted_at": moment.isoformat()} for text, moment in votes],
            "verslag_comments": [{"outcome": c.outcome.text if c.outcome else None, "text": c.text,
                                  "written_at": c.created_at.isoformat(), "status": c.status.value} for c in comments]}


def forget_participation(registration_ids: list[int]) -> None:
    """Erasure and purge: the comments (free text, may name people) go; the votes stay as anonymous counts
    because the registration itself loses its name and address."""
    if registration_ids:
        db.session.execute(sa.delete(OutcomeComment).where(OutcomeComment.registration_id.in_(registration_ids)))
