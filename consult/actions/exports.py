"""The progress of an actieprogramma as spreadsheet rows: public facts of each action, no personal data."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from flask_babel import gettext as _

from consult.actions.labels import owner_label, scope_label, status_text
from consult.actions.models import ActionScope
from consult.actions.queries import ExportedAction
from consult.core.i18n import AMSTERDAM, local_date


def progress_header() -> list[str]:
    return [_("Number"), _("Title"), _("Theme"), _("Administrative duo"), _("Scope"), _("Municipalities"), _("Owner"),
            _("Deadline"), _("Status"), _("Deadline passed"), _("Changed since the chosen day"), _("Last update")]


def progress_rows(actions: list[ExportedAction], since: datetime) -> Iterator[list]:
    """One row per action; labels are translated, and each day written out, once, not per row (Babel's
    date format is most of an export's time otherwise). Owner and status read as on the pages
    (``owner_label``, ``status_text``); "Deadline passed" is the same fact as a column to filter on."""
    yes, no = _("yes"), _("no")
    scopes = {scope: scope_label(scope) for scope in ActionScope}
    days: dict[date, str] = {}
    for action in actions:
        last = action.last_update
        if last:
            day = last[0].astimezone(AMSTERDAM).date()
            written = days.get(day) or days.setdefault(day, local_date(day))
        yield [action.id, action.title, action.theme, action.duo, scopes[action.scope], ", ".join(action.municipalities),
               owner_label(action.owner, action.duo, bool(action.theme)), action.deadline.isoformat() if action.deadline else "",
               status_text(action.status, action.deadline, action.is_late),
               yes if action.is_late else no, yes if action.changed_at >= since else no,
               f"{written}: {last[1]}" if last else ""]
