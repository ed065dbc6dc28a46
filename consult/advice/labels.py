from flask_babel import lazy_gettext as _l

from consult.advice.models import AdviceKind, AdviceState, Verdict

VERDICT_LABELS = {
    Verdict.ADOPTED: _l("Adopted"),
    Verdict.PARTLY: _l("Partly adopted"),
    Verdict.NOT_ADOPTED: _l("Not adopted"),
}
KIND_LABELS = {AdviceKind.SOLICITED: _l("Solicited advice"), AdviceKind.UNSOLICITED: _l("Unsolicited advice")}
STATE_LABELS = {AdviceState.CONCEPT: _l("Draft"), AdviceState.SUBMITTED: _l("Submitted, waiting for answers"),
                AdviceState.ANSWERED: _l("Answered")}


def verdict_label(verdict: Verdict) -> str:
    return str(VERDICT_LABELS[verdict])


def advice_kind_label(kind: AdviceKind) -> str:
    return str(KIND_LABELS[kind])


def advice_state_label(state: AdviceState) -> str:
    return str(STATE_LABELS[state])
