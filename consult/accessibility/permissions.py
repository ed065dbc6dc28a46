"""Who may change an organisation's accessibility statement: its officials, and the admin."""
from consult.core.permissions import is_admin, rule
from consult.organisations.permissions import is_official_of


@rule
def is_official_of_organisation(user, organisation) -> bool:
    return is_official_of(user, organisation)


EDIT_STATEMENT = is_admin | is_official_of_organisation
