"""Who handles a request about personal data: the officials of the organisation it is addressed to."""
from __future__ import annotations

from consult.core.permissions import rule
from consult.organisations.permissions import is_official_of
from consult.privacy.models import ErasureRequest


@rule
def is_official_of_addressee(user, erasure: ErasureRequest) -> bool:
    return is_official_of(user, erasure.organisation)


HANDLE_ERASURE = is_official_of_addressee
