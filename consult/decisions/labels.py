"""The decision's facts (services.decision_facts) as people read them, for the correction's preview and log."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from consult.core.i18n import local_date
from consult.reports.labels import adopter_label
from consult.reports.models import Adopter


def readable_facts(facts: dict) -> dict[str, str]:
    """Label → value, in the order the decision form asks them; "adopted by" joins enum and own body."""
    adopter = facts.get("adopted_by_body") or (adopter_label(Adopter(facts["adopted_by"])) if facts.get("adopted_by") else "")
    return {
        _("Date of the decision"): local_date(date.fromisoformat(facts["taken_on"])) if facts.get("taken_on") else "",
        _("Adopted by"): adopter,
        _("Decision number"): facts.get("decision_number") or "",
        _("What was decided?"): facts.get("outcome") or "",
        _("Link to the decision"): facts.get("decision_url") or "",
    }


def changed_facts(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for every fact that differs, as people read them."""
    old, new = readable_facts(before), readable_facts(after)
    return [(label, old[label], new[label]) for label in new if old[label] != new[label]]


def earlier_adoption(facts: dict) -> str:
    """The vaststelling as it stood before a correction, as one sentence ("" when it lacks its facts)."""
    if not facts.get("decision_number") or not facts.get("taken_on"):
        return ""
    return _("Before the correction: adopted by %(body)s on %(date)s, decision number %(number)s.",
             body=readable_facts(facts)[_("Adopted by")], date=local_date(date.fromisoformat(facts["taken_on"])),
             number=facts["decision_number"])
