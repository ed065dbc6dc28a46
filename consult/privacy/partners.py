"""Partner data in the privacy flows: the shared drafts of a feedbackronde (not yet submitted, so not
reactions), invitation links and waiting digest lines.

A shared draft belongs to the organisation, not to the colleague who typed it: colleagues go on
working on it. So erasing a partner's data keeps the text and removes their name from it ("written by"
and "last changed by" become empty); the purge removes the drafts themselves once the consultation's
retention period has passed, as it does the reactions' personal data."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.i18n import iso_moment
from consult.extensions import db
from consult.notifications.models import PendingNotification
from consult.rounds.models import DraftComment, FeedbackRound, RoundInvitation
from consult.signin.models import SignInLink

# An invitation link that can no longer be used only holds an address; it is kept this long as a record.
SPENT_LINK_DAYS = 30
SENT_NOTIFICATION_DAYS = 30


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def _drafts_query():
    return (sa.select(DraftComment).join(DraftComment.invitation).join(RoundInvitation.round)
            .join(FeedbackRound.consultation)
            .options(selectinload(DraftComment.section), selectinload(DraftComment.created_by),
                     selectinload(DraftComment.updated_by))
            .order_by(DraftComment.id))


def drafts_by(email: str, organisation_id: int | None = None) -> list[DraftComment]:
    """Draft comments this person wrote or last changed (in rounds of ``organisation_id`` when given)."""
    user = _user(email)
    if user is None:
        return []
    query = _drafts_query().where(sa.or_(DraftComment.created_by_id == user.id, DraftComment.updated_by_id == user.id))
    if organisation_id is not None:
        query = query.where(Consultation.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def drafts_of_consultation(consultation: Consultation) -> list[DraftComment]:
    return list(db.session.scalars(_drafts_query().where(FeedbackRound.consultation_id == consultation.id)))


def draft_data(draft: DraftComment) -> dict:
    """A draft comment as the dossier and a person's own data show it."""
    return {
        "consultation": draft.invitation.round.consultation.title,
        "organisation": draft.invitation.organisation.name,
        "section": draft.section.label if draft.section else None,
        "quote": draft.quote,
        "text": draft.body,
        "written_by": draft.created_by.name if draft.created_by else None,
        "written_at": iso_moment(draft.created_at),
        "changed_by": draft.updated_by.name if draft.updated_by else None,
        "changed_at": iso_moment(draft.updated_at),
    }


def erase_names_from_drafts(email: str, organisation_id: int) -> int:
    """Take this person's name off the drafts in ``organisation_id``'s rounds; the text stays the
    organisation's. Returns how many drafts changed."""
    user = _user(email)
    drafts = drafts_by(email, organisation_id)
    for draft in drafts:
        if draft.created_by_id == user.id:
            draft.created_by_id = None
        if draft.updated_by_id == user.id:
            draft.updated_by_id = None
    return len(drafts)


def purge_partner_data(now: datetime, cutoff: datetime, dry_run: bool) -> dict[str, int]:
    """Remove what is past its retention: drafts never submitted in consultations decided before
    ``cutoff``, invitation links spent or expired SPENT_LINK_DAYS ago and digest lines sent as long ago."""
    decided = sa.select(Consultation.id).where(Consultation.decided_at <= cutoff)
    old_drafts = DraftComment.invitation_id.in_(
        sa.select(RoundInvitation.id).join(RoundInvitation.round).where(FeedbackRound.consultation_id.in_(decided)))
    link_cutoff = now - timedelta(days=SPENT_LINK_DAYS)
    old_links = sa.or_(SignInLink.expires_at < link_cutoff, SignInLink.used_at < link_cutoff)
    old_lines = PendingNotification.sent_at < now - timedelta(days=SENT_NOTIFICATION_DAYS)
    counts = {}
    for name, model, condition in (("drafts", DraftComment, old_drafts), ("links", SignInLink, old_links),
                                   ("notifications", PendingNotification, old_lines)):
        if dry_run:
            counts[name] = db.session.scalar(sa.select(sa.func.count()).select_from(model).where(condition))
        else:
            counts[name] = db.session.execute(sa.delete(model).where(condition)
                                              .execution_options(synchronize_session=False)).rowcount
    return counts
