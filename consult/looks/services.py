"""Set an organisation's own look. Flushes, never commits."""
from __future__ import annotations

from consult.audit.services import record_event
from consult.extensions import db
from consult.looks.logos import Logo
from consult.looks.themes import available_themes
from consult.organisations.models import Organisation


class UnknownTheme(ValueError):
    """The theme is not one of the files under static/themes/."""


def set_look(admin, organisation: Organisation, theme: str | None, logo: Logo | None = None,
             remove_logo: bool = False) -> bool:
    """Give ``organisation`` the theme ``theme`` (a stem of ``available_themes()``, or None for the
    installation's theme), and the checked ``logo`` when given, or no logo with ``remove_logo``.
    Returns whether anything changed; the audit log keeps what. Raises UnknownTheme."""
    if theme and theme not in available_themes():
        raise UnknownTheme(theme)
    changes = {}
    if (organisation.theme or None) != (theme or None):
        changes["theme"] = [organisation.theme, theme or None]
        organisation.theme = theme or None
    if logo is not None and logo.digest != organisation.logo_hash:
        changes["logo"] = [organisation.logo_hash, logo.digest]
        organisation.logo, organisation.logo_type, organisation.logo_hash = logo.data, logo.content_type, logo.digest
    elif remove_logo and logo is None and organisation.logo_hash:
        changes["logo"] = [organisation.logo_hash, None]
        organisation.logo = organisation.logo_type = organisation.logo_hash = None
    if changes:
        db.session.flush()
        record_event(admin, "organisation_look_changed", organisation, organisation.id, changes=changes)
    return bool(changes)
