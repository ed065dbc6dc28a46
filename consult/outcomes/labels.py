"""Dutch-first words for outcomes: the proposed owner, why an outcome is fixed, a reaction's moderation state."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.outcomes.models import CommentStatus, WorkshopOutcome
from consult.outcomes.services import LockReason

LOCK_REASONS = {
    LockReason.VOTED: _l("Participants voted for this outcome. It stays as they saw it, so it cannot be changed "
                         "or removed."),
    LockReason.HAS_ACTION: _l("An action was made of this outcome. The action links back to it, so it cannot be "
                              "changed or removed."),
}
COMMENT_STATUS_LABELS = {
    CommentStatus.PENDING: _l("Waiting for approval"),
    CommentStatus.APPROVED: _l("Approved: the participants see it"),
    CommentStatus.REJECTED: _l("Rejected: not shown"),
}


def duo_label(theme) -> str:
    """"Bestuurlijk duo of <theme> (<the two names>)"."""
    label = _("Bestuurlijk duo of %(theme)s", theme=theme.title)
    return f"{label} ({theme.owners})" if theme.owners else label


def proposed_owner_label(outcome: WorkshopOutcome) -> str:
    """The proposed owner's name, or "" when none was proposed."""
    if outcome.proposed_owner_organisation is not None:
        return outcome.proposed_owner_organisation.name
    return duo_label(outcome.proposed_duo_theme) if outcome.proposed_duo_theme is not None else ""


def lock_label(reason: LockReason | None) -> str:
    return str(LOCK_REASONS[reason]) if reason else ""


def comment_status_label(status: CommentStatus) -> str:
    return str(COMMENT_STATUS_LABELS[status])
