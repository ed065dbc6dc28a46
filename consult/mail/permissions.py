"""Who sees mail that could not be sent: the officials of the organisation it is about, and admins."""
from __future__ import annotations

from consult.core.permissions import is_admin, rule
from consult.mail.models import OutboxMessage
from consult.organisations.permissions import is_official, is_official_of


@rule
def is_official_of_sender(user, message: OutboxMessage) -> bool:
    return is_official_of(user, message.organisation)


@rule
def is_official_anywhere(user, _obj=None) -> bool:
    return is_official(user)


SEE_FAILED_MAIL = is_admin | is_official_anywhere  # the list; each sees only their own (queries.failed_mail)
RETRY_MAIL = is_admin | is_official_of_sender
