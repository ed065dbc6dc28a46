"""The progress of a round as rows for the CSV and XLSX writers (``consult.exports.formats``, which
neutralise formulas). Names of organisations and officials only: no partner's personal data."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _

from consult.core.i18n import iso_moment
from consult.rounds.models import ReminderKind
from consult.rounds.queries import Progress


def _moment(value: datetime | None) -> str:
    """Dutch time with its offset, e.g. 2026-11-30T17:00+01:00: readable, and exact in any spreadsheet."""
    return iso_moment(value, timespec="minutes") or ""


def progress_header() -> list[str]:
    return [_("Organisation"), _("Kind of organisation"), _("Invited"), _("Opened"), _("Comments in the draft"),
            _("Submitted"), _("Comments submitted"), _("Formal advice submitted"), _("Late"), _("Deadline"), _("Reason for the later deadline"),
            _("Reminders")]


def progress_rows(progress: Progress, kind_label) -> Iterator[list]:
    """One row per invited organisation, in the order of the progress view. ``kind_label(kind)`` names
    the kind of organisation in the request's language."""
    for row in progress.rows:
        invitation = row.invitation
        reminders = ", ".join(
            f"{_moment(r.sent_at)} ({_('automatic') if r.kind is ReminderKind.AUTOMATIC else (r.sent_by.name if r.sent_by else _('by hand'))})"
            for r in row.reminders)
        yield [row.organisation.name, kind_label(row.organisation.kind), _moment(invitation.invited_at),
               _moment(invitation.opened_at), row.draft_count, _moment(invitation.submitted_at), row.submitted_count, _moment(invitation.advised_at),
               _("yes") if invitation.submitted_late else _("no"), _moment(invitation.deadline),
               invitation.deadline_reason, reminders]
