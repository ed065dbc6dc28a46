"""The progress of an actieprogramma as spreadsheet rows: public facts of each action, no personal data."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _

from consult.actions.labels import scope_label, status_label
from consult.actions.models import ActionScope, ActionStatus
from consult.actions.queries import ExportedAction
from consult.core.i18n import local_date


def progress_header() -> list[str]:
    return [_("Number"), _("Title"), _("Theme"), _("Administrative duo"), _("Scope"), _("Municipalities"), _("Owner"),
            _("Deadline"), _("Status"), _("Late"), _("Changed since the chosen day"), _("Last update")]


def progress_rows(actions: list[ExportedAction], since: datetime) -> Iterator[list]:
    """One row per action; labels are translated once, not per row."""
    yes, no = _("yes"), _("no")
    scopes = {scope: scope_label(scope) for scope in ActionScope}
    statuses = {status: status_label(status) for status in ActionStatus}
    for action in actions:
        last = action.last_update
        yield [action.id, action.title, action.theme, action.duo, scopes[action.scope], ", ".join(action.municipalities),
               action.owner, action.deadline.isoformat() if action.deadline else "", statuses[action.status],
               yes if action.is_late else no, yes if action.changed_at >= since else no,
               f"{local_date(last[0])}: {last[1]}" if last else ""]
