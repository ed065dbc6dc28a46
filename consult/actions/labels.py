"""Dutch-first names of the action enums, for pages, mails and exports."""
from flask_babel import lazy_gettext as _l

from consult.actions.models import ActionScope, ActionSourceKind, ActionStatus

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


def status_label(status: ActionStatus | None) -> str:
    return str(STATUS_LABELS[status]) if status else ""


def scope_label(scope: ActionScope) -> str:
    return str(SCOPE_LABELS[scope])


def source_label(kind: ActionSourceKind) -> str:
    return str(SOURCE_LABELS[kind])
