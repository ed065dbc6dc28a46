"""Moderation writes: decisions, redaction, assignment, reading, bulk decisions. They flush; views commit."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from consult.audit.services import record_event
from consult.coding.models import ReactionRead
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.moderation.pii import redaction_suggestion
from consult.reactions.models import Action, Reaction, ReactionReport
from consult.reactions.publication import personal_data_in, public_text
from consult.reactions.services import manage_link, notify_redaction


class PersonalDataChoice(enum.Enum):
    """What the official chose when the scan found possible personal data in the text to publish."""

    REDACT = "redact"  # publish the suggested redaction
    AS_IS = "as_is"  # looked at every finding; publish the text as it is


class PersonalDataUndecided(Exception):
    """Approving would publish text in which the scan found personal data, and no choice was made."""


def approve_reaction(reaction: Reaction, official, at: datetime, choice: PersonalDataChoice | None = None) -> None:
    """Approve for publication. Where the scan finds personal data that would be published (what the
    publication filter does not take out by itself: health words, addresses in a named reaction), the
    official must choose: apply the suggested redaction, or publish as it is. The choice goes to the
    audit log.

    Raises TransitionNotAllowed (not pending or rejected) and PersonalDataUndecided (findings, no choice)."""
    reaction.ensure_can(Action.APPROVE)
    findings = personal_data_in(reaction)
    if findings and choice is None:
        raise PersonalDataUndecided
    if findings and choice is PersonalDataChoice.REDACT:
        redact_reaction(reaction, official, redaction_suggestion(public_text(reaction), findings))
    reaction.approve(official.id, at)
    record_event(official, "reaction_approved", reaction, reaction.consultation.organisation_id,
                 personal_data_found=len(findings), personal_data_choice=choice.value if findings and choice else None)


def reject_reaction(reaction: Reaction, official, at: datetime, reason: str, message: str = "") -> None:
    """Reject, and tell the author why (with the moderator's own words, if any).
    Raises TransitionNotAllowed when the reaction is not pending or approved."""
    reaction.reject(official.id, at, reason)
    record_event(official, "reaction_rejected", reaction, reaction.consultation.organisation_id, reason=reason)
    if reaction.author_email:
        queue_mail(
            reaction.author_email,
            _l("Your reaction %(reference)s is not published", reference=reaction.reference),
            "reaction_rejected", locale=reaction.author_locale, reaction=reaction, reason=reason, message=message, link=manage_link(reaction),
        )


def show_again(reaction: Reaction, official) -> None:
    """An official decides a reported reaction may stay: visible again, the reports cleared.
    Raises TransitionNotAllowed when the reaction is not hidden (a second click changes nothing)."""
    reaction.show_again()
    db.session.execute(sa.delete(ReactionReport).where(ReactionReport.reaction_id == reaction.id))
    record_event(official, "reaction_shown_again", reaction, reaction.consultation.organisation_id)


def redact_reaction(reaction: Reaction, official, public_text: str) -> None:
    """Publish an edited text; the original stays for officials. Before and after go to the audit log."""
    before = reaction.shown_body
    reaction.redact(public_text)
    record_event(official, "reaction_redacted", reaction, reaction.consultation.organisation_id,
                 before=before, after=reaction.shown_body)
    if reaction.public_body is not None and before != reaction.public_body:
        notify_redaction(reaction)


def assign_reactions(reactions: list[Reaction], official, assignee) -> None:
    for reaction in reactions:
        reaction.assigned_to_id = assignee.id if assignee else None
        record_event(official, "reaction_assigned", reaction, reaction.consultation.organisation_id,
                     assignee=assignee.id if assignee else None)


def mark_read(reactions: list[Reaction], official) -> None:
    already = set(db.session.scalars(sa.select(ReactionRead.reaction_id).where(
        ReactionRead.user_id == official.id, ReactionRead.reaction_id.in_([r.id for r in reactions]))))
    db.session.add_all(ReactionRead(reaction_id=r.id, user_id=official.id) for r in reactions if r.id not in already)


def read_ids(reactions: list[Reaction], official) -> set[int]:
    return set(db.session.scalars(sa.select(ReactionRead.reaction_id).where(
        ReactionRead.user_id == official.id, ReactionRead.reaction_id.in_([r.id for r in reactions]))))


def approve_many(reactions: list[Reaction], official, at: datetime) -> tuple[int, list[Reaction]]:
    """Approve what may be approved. Reactions with possible personal data are left for a decision one
    by one: returned as the second item, so the official can open them."""
    approvable = [r for r in reactions if r.can(Action.APPROVE)]
    with_findings = [r for r in approvable if personal_data_in(r)]
    for reaction in approvable:
        if reaction not in with_findings:
            approve_reaction(reaction, official, at)
    return len(approvable) - len(with_findings), with_findings


def reject_many(reactions: list[Reaction], official, at: datetime, reason: str) -> int:
    decided = [r for r in reactions if r.can(Action.REJECT)]
    for reaction in decided:
        reject_reaction(reaction, official, at, reason)
    return len(decided)
