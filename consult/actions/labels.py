"""Dutch-first names of the action enums, and the one wording of an action's owner and of its status
with its deadline, for every page, print, export and mail that shows an action."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.actions.models import ActionScope, ActionSourceKind, ActionStatus
from consult.core.i18n import local_date

STATUS_LABELS = {
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.RUNNING: _l("In progress"),
    ActionStatus.DELAYED: _l("Delayed"),
    ActionStatus.DONE: _l("Completed"),
    ActionStatus.CANCELLED: _l("Dropped"),  # vervallen: an action, not a registration ("afgemeld")
}
SCOPE_LABELS = {ActionScope.LOCAL: _l("Local task"), ActionScope.REGIONAL: _l("Regional responsibility")}
SOURCE_LABELS = {
    ActionSourceKind.REACTION: _l("Reaction"),
    ActionSourceKind.ROUND_COMMENT: _l("Comment in a feedback round"),
    ActionSourceKind.ADVICE_POINT: _l("Advice point"),
    ActionSourceKind.OUTCOME: _l("Outcome of a werkatelier"),
}

# Who hears of an action made from each kind of input (consult.actions.services._givers), for the form's note.
TOLD_LABELS = {
    ActionSourceKind.REACTION: _l("The writer of the reaction gets an e-mail when you save the action, and when its "
                                  "status changes. The e-mail shows the title and description of the action, so write "
                                  "nothing in them about this person."),
    ActionSourceKind.ROUND_COMMENT: _l("The partner who sent the comment gets an e-mail when you save the action, and "
                                       "when its status changes. The e-mail shows the title and description of the "
                                       "action, so write nothing in them about this person."),
    ActionSourceKind.ADVICE_POINT: _l("The member of the adviesraad who sent the advice gets an e-mail when you save the "
                                      "action, and when its status changes. The e-mail shows the title and description "
                                      "of the action, so write nothing in them about this person."),
    ActionSourceKind.OUTCOME: _l("The participants whose cards led to this outcome get an e-mail when you save the "
                                 "action, and when its status changes. The e-mail shows the title and description of "
                                 "the action, so write nothing in them about these people."),
}


def told_label(kind: ActionSourceKind) -> str:
    """Who gets the terugkoppeling of an action made from input of ``kind``."""
    return str(TOLD_LABELS[kind])


def status_label(status: ActionStatus | None) -> str:
    return str(STATUS_LABELS[status]) if status else ""


def scope_label(scope: ActionScope) -> str:
    return str(SCOPE_LABELS[scope])


def source_label(kind: ActionSourceKind) -> str:
    return str(SOURCE_LABELS[kind])


def owner_label(organisation: str | None, duo: str | None, has_theme: bool) -> str:
    """Who owns an action, in one wording everywhere (finding 17: "Eigenaar: X · X"). In: the owning
    organisation's name, or else (None) the bestuurlijk duo of the action's theme, named by ``duo`` (the
    theme's ``owners``, may be empty) when it has a theme. Out: "Gemeente A", "bestuurlijk duo
    (Wethouders van A en B)", "bestuurlijk duo van het thema", or "nog niet bepaald" without a theme."""
    if organisation:
        return organisation
    if duo:
        return _("administrative duo (%(duo)s)", duo=duo)
    return _("the administrative duo of the theme") if has_theme else _("not decided yet")


def action_owner(action) -> str:
    """``owner_label`` of an ``Action`` (its organisation and theme loaded)."""
    theme = action.theme
    return owner_label(action.owner_organisation.name if action.owner_organisation else None,
                       theme.owners if theme is not None else None, theme is not None)


def lateness_label(deadline: date) -> str:
    """The part of a late action's status that says so, with the day: "deadline 1 maart 2027 verstreken"."""
    return _("deadline %(date)s passed", date=local_date(deadline))


def status_text(status: ActionStatus, deadline: date | None, is_late: bool) -> str:
    """An action's status as read on every page and export: the status, and for a late action (see
    ``Action.is_late``) its passed deadline after a comma, never a second status word ("Vertraagd te
    laat", finding 17). E.g. "Vertraagd, deadline 1 maart 2027 verstreken"."""
    if is_late and deadline is not None:
        return f"{status_label(status)}, {lateness_label(deadline)}"
    return status_label(status)
