"""What the reactienota says about how a zienswijze came in, beside its text: late (and whether it is
still considered, and why), or oral (its verslag, and whether the indiener confirmed or corrected it).

Awb 3:46 asks the decision to account for every zienswijze; a late one set aside, or a verslag the
indiener corrected, must be visible there, not only in the workbench.
"""
from __future__ import annotations

from flask_babel import gettext as _

from consult.core.i18n import local_date
from consult.reactions.models import Channel, Reaction
from consult.reactions.publication import nota_correction


def entry_notes(reaction: Reaction) -> list[str]:
    """Lines for the nota entry of ``reaction``, in the request's language; empty for most reactions."""
    return [*_late_notes(reaction), *_oral_notes(reaction)]


def _late_notes(reaction: Reaction) -> list[str]:
    if not reaction.is_late:
        return []
    if reaction.is_late_considered is None:
        return [_("Received late, after the reaction period. The municipality has not yet decided whether it considers it.")]
    if reaction.is_late_considered:
        return [_("Received late, after the reaction period. The municipality still considers it. Reason: %(reason)s",
                  reason=reaction.late_decision_reason)]
    return [_("Received late, after the reaction period. The municipality does not consider it. Reason: %(reason)s",
              reason=reaction.late_decision_reason)]


def _oral_notes(reaction: Reaction) -> list[str]:
    report = reaction.oral_report
    if reaction.channel is not Channel.ORAL or report is None:
        return []
    line = _("Given orally on %(date)s; the text is the municipality's report of it.", date=local_date(report.held_on))
    if not report.is_answered:
        return [line + " " + _("The sender has not confirmed the report.")]
    if report.is_confirmed:
        return [line + " " + _("The sender confirmed the report.")]
    return [line + " " + _("The sender corrected the report:"), nota_correction(reaction)]
