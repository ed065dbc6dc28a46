from consult.core.permissions import rule
from consult.documents.models import Document
from consult.organisations.permissions import is_official_of


@rule
def is_official_of_owner(user, document: Document) -> bool:
    return is_official_of(user, document.organisation)


MANAGE_DOCUMENT = is_official_of_owner
