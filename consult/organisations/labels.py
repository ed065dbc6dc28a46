from flask_babel import lazy_gettext as _l

from consult.organisations.models import OrganisationKind

# The kinds a person can choose when reacting on behalf of an organisation.
STAKEHOLDER_LABELS = {
    OrganisationKind.CARE_PROVIDER: _l("Care provider"),
    OrganisationKind.HOUSING_CORPORATION: _l("Housing corporation"),
    OrganisationKind.CLIENT_COUNCIL: _l("Client representation"),
    OrganisationKind.ADVISORY_COUNCIL: _l("Advisory or participation council"),
    OrganisationKind.WELFARE: _l("Welfare organisation"),
    OrganisationKind.HEALTH_INSURER: _l("Health insurer"),
    OrganisationKind.OTHER: _l("Other organisation"),
}
