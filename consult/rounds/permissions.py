"""Who may see a feedbackronde and act in it on behalf of an invited organisation.

Rules on an invitation ask about the person and that organisation: a person acts for an organisation
only while they are one of its members (memberships are read per request, so a removed member loses
access at once). Views answer 404 where a rule fails, so an invite-only round does not leak.
"""
from __future__ import annotations

from consult.consultations.models import Consultation, State
from consult.core.db import utcnow
from consult.core.permissions import rule
from consult.organisations.permissions import is_official_of
from consult.rounds.models import RoundInvitation


def member_organisation_ids(user) -> set[int]:
    """The organisations this person belongs to, in any role."""
    if user is None or not user.is_authenticated:
        return set()
    return {m.organisation_id for m in user.memberships}


@rule
def is_member_of_invitee(user, invitation: RoundInvitation) -> bool:
    return invitation.organisation_id in member_organisation_ids(user)


@rule
def round_is_published(_user, invitation: RoundInvitation) -> bool:
    return invitation.round.consultation.state is not State.DRAFT


@rule
def accepts_comments_now(_user, invitation: RoundInvitation) -> bool:
    return invitation.accepts_comments(utcnow())


@rule
def is_official_of_round_owner(user, invitation: RoundInvitation) -> bool:
    return is_official_of(user, invitation.round.consultation.organisation)


@rule
def has_responded(_user, invitation: RoundInvitation) -> bool:
    """Submitted comments or formal advice (``RoundInvitation.has_responded``)."""
    return invitation.has_responded


@rule
def past_deadline_now(_user, invitation: RoundInvitation) -> bool:
    """This organisation's own deadline (a later one when extended) has passed."""
    return invitation.is_past_deadline(utcnow())


@rule
def is_invitee(user, consultation: Consultation) -> bool:
    """Belongs to one of the organisations invited to this consultation's round (any round state)."""
    from consult.rounds.queries import invited_organisation_ids  # queries import these rules' models

    ids = member_organisation_ids(user)
    return bool(ids) and bool(ids & invited_organisation_ids(consultation))


@rule
def round_allows_replies(_user, invitation: RoundInvitation) -> bool:
    return invitation.round.replies_open


# A member of the invited organisation sees the round and its own organisation's draft...
VIEW_AS_INVITEE = is_member_of_invitee & round_is_published
# ...and adds, changes and submits comments until the organisation's deadline.
COMMENT = VIEW_AS_INVITEE & accepts_comments_now
# A reply to another organisation's published comment, on behalf of one's own organisation, while the
# round allows replies and the organisation may still comment.
REPLY = COMMENT & round_allows_replies
# The progress of one invitation: the officials of the municipality or region that runs the round.
FOLLOW_INVITATION = is_official_of_round_owner
# A reminder, by hand: to an organisation that has not responded, while it still can.
REMIND = FOLLOW_INVITATION & round_is_published & ~has_responded & ~past_deadline_now
# A later deadline for one organisation (it may already have passed its old one, or have submitted:
# submitted comments stay changeable until the deadline).
EXTEND_DEADLINE = FOLLOW_INVITATION & round_is_published
# After the organisation's deadline only officials add a comment for it, marked late (DESIGN.md lifecycle).
ADD_LATE_COMMENT = FOLLOW_INVITATION & round_is_published & past_deadline_now


def answer_is_released(answer, report_published: bool) -> bool:
    """An answer reaches the organisation whose comment it answers once an official sent it to them
    (``Answer.sent_at``), or once the consultation's reactienota is published: the existing rule for
    residents, who get a link to their answer at that moment (reports.services.publish_report).
    Until then an answer is the municipality's working text."""
    return answer is not None and (answer.sent_at is not None or report_published)


def may_be_replied_to(invitation: RoundInvitation, reaction) -> bool:
    """A comment of another organisation in the same round that the invitation's people may see
    (published, through the publication filter), so they can reply to it."""
    from consult.reactions.models import Channel
    from consult.reactions.publication import may_show

    return (reaction.consultation_id == invitation.round.consultation_id and reaction.channel is Channel.PARTNER_ROUND
            and reaction.organisation_id is not None and reaction.organisation_id != invitation.organisation_id
            and may_show(reaction))


@rule
def round_is_public(_user, feedback_round) -> bool:
    """The official made the round public after its last deadline, as its setting allowed."""
    return feedback_round.is_public


@rule
def is_official_of_round(user, feedback_round) -> bool:
    return is_official_of(user, feedback_round.consultation.organisation)


@rule
def may_be_made_public_now(_user, feedback_round) -> bool:
    return feedback_round.may_be_made_public(utcnow())


# Everyone reads a round made public; before that it stays 404 for outsiders.
VIEW_PUBLIC_ROUND = round_is_public
# The round's officials open its public page once every deadline has passed, if the setting says so.
MAKE_PUBLIC = is_official_of_round & may_be_made_public_now
