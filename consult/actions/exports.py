"""The progress of an actieprogramma as spreadsheet rows: public facts of each action, no personal data."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from flask_babel import gettext as _

from consult.actions.labels import scope_label, status_label
from consult.actions.models import Action
from consult.core.i18n import local_date


def progress_header() -> list[str]:
    return [_("Number"), _("Title"), _("Theme"), _("Administrative duo"), _("Scope"), _("Municipalities"), _("Owner"),
            _("Deadline"), _("Status"), _("Late"), _("Changed since the chosen day"), _("Last update")]


def owner_name(action: Action) -> str:
    if action.owner_organisation is not None:
        return action.owner_organisation.name
    return action.theme.owners if action.theme is not None else ""


def progress_rows(actions: list[Action], since: datetime, today: date) -> Iterator[list]:
    for action in actions:
        last = action.updates[0] if action.updates else None
        yield [action.id, action.title, action.theme.title if action.theme else "",
               action.theme.owners if action.theme else "", scope_label(action.scope),
               ", ".join(m.name for m in action.municipalities), owner_name(action),
               action.deadline.isoformat() if action.deadline else "", status_label(action.status),
               _("yes") if action.is_late(today) else _("no"), _("yes") if action.changed_at >= since else _("no"),
               f"{local_date(last.created_at)}: {last.body}" if last else ""]
