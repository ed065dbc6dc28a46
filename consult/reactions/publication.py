"""What the public may see of a reaction, decided here once for every public output: the reaction
pages and lists, open data (JSON and CSV), the reactienota in every format and mail to others.

The rules:
- Only published reactions are shown (approved, meant for publication by the author, not hidden after
  reports); of those only the text to publish (the official's redaction where there is one).
- The author's name only when they chose "with my name", and only on the website: open data and the
  reactienota name no persons. Organisations are named, as organisations
  take part in public; a person's name never appears in an anonymous reaction, nor in its text
  (a signature "Met vriendelijke groet, C. Vos" becomes "[naam]").
- Direct identifiers the scan finds (e-mail address, phone number, BSN, IBAN) never appear in public
  text; postcodes and street addresses are also taken out of anonymous text. Health words and names of
  others cannot be found reliably: the official decides about them on approval (moderation.services).
- The reactienota accounts for every counted reaction (Awb 3:15 and 3:46: every zienswijze is
  considered), but for one that may not be shown it gives the official's summary (its points), never
  the text; see ``nota_text``.
- A participant's reaction on a werkatelier's verslag (consult.outcomes) is shown to the other participants
  only once an official approved it, without the writer's name and with names, addresses and direct
  identifiers taken out; see ``may_show_verslag_comment`` and ``verslag_comment_text``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from consult.moderation.pii import Finding, find_personal_data, replace_findings
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.reactions.models import Publication, Reaction

if TYPE_CHECKING:
    from consult.outcomes.models import OutcomeComment

DIRECT_IDENTIFIERS = frozenset({"email", "phone", "bsn", "iban"})
ALSO_IN_ANONYMOUS_TEXT = frozenset({"name", "address"})


def may_show(reaction: Reaction) -> bool:
    """Whether the reaction may appear on the website and in open data."""
    return reaction.is_published and reaction.consultation.publishes_reactions


def name_is_public(reaction: Reaction) -> bool:
    return reaction.publication is Publication.NAMED


def public_sender(reaction: Reaction) -> str:
    """"Name, Organisation", "Organisation" or "" (anonymous). An organisation that typed its own name as
    the sender's name is named once."""
    name = reaction.author_name if name_is_public(reaction) else ""
    organisation = reaction.organisation_name or ""
    if " ".join(name.split()).casefold() == " ".join(organisation.split()).casefold():
        name = ""
    return ", ".join(part for part in (name, organisation) if part)


def open_data_sender(reaction: Reaction) -> str:
    """Open data is meant to be copied anywhere and says it holds no personal data: it names
    organisations, never persons, whatever they chose for the website."""
    return reaction.organisation_name or _("Resident")


def open_data_text(reaction: Reaction) -> str:
    return public_text(reaction, without_own_name=True)


def personal_data_in(reaction: Reaction) -> list[Finding]:
    """What the scan still finds in ``public_text``: what would be published unless an official acts
    (health words, and addresses in a named reaction). Positions are in ``public_text(reaction)``."""
    return find_personal_data(public_text(reaction))


def public_text(reaction: Reaction, without_own_name: bool | None = None) -> str:
    """The text to publish with what may never be public taken out. Use only when ``may_show``.
    ``without_own_name`` overrides the author's choice where the output names nobody (the nota)."""
    return _scrubbed(reaction.shown_body, reaction, without_own_name)


def public_quote(reaction: Reaction) -> str:
    """The passage the author quoted. The form lets them type it, so it is taken through the same rules
    as the text."""
    return _scrubbed(reaction.quote, reaction, None)


def _scrubbed(text: str, reaction: Reaction, without_own_name: bool | None) -> str:
    anonymous = not name_is_public(reaction) if without_own_name is None else without_own_name
    removable = DIRECT_IDENTIFIERS | ALSO_IN_ANONYMOUS_TEXT if anonymous else DIRECT_IDENTIFIERS
    findings = find_personal_data(text, reaction.author_name if anonymous else "")
    return replace_findings(text, [f for f in findings if f.kind in removable], {"name": _("[name]")}, _("[removed]"))


def may_show_verslag_comment(comment: OutcomeComment) -> bool:
    """Whether the other participants of the werkatelier may see this reaction on the verslag."""
    return comment.is_published


def verslag_comment_text(comment: OutcomeComment) -> str:
    """The reaction as the other participants read it: shown without a name, so as anonymous text (the
    writer's own name, other names the scan finds, addresses and direct identifiers taken out). Use only
    when ``may_show_verslag_comment``."""
    writer = comment.registration.name if comment.registration is not None else ""
    findings = find_personal_data(comment.text, writer)
    removable = DIRECT_IDENTIFIERS | ALSO_IN_ANONYMOUS_TEXT
    return replace_findings(comment.text, [f for f in findings if f.kind in removable], {"name": _("[name]")},
                            _("[removed]"))


def nota_sender(reaction: Reaction, resident_number: int) -> str:
    """Private persons are "Inwoner N" in the nota; organisations are named, unless they asked not to
    publish their reaction: then the kind of organisation stands in for the name."""
    if not reaction.organisation_name:
        return _("Resident %(number)s", number=resident_number)
    if reaction.publication is Publication.NOT_PUBLISHED:
        return str(STAKEHOLDER_LABELS.get(reaction.organisation_kind, _("Other organisation")))
    return reaction.organisation_name


def nota_text(reaction: Reaction) -> str:
    """The text of a published reaction; for any other one a fixed line, so nothing its author or the
    moderator kept back reaches the nota. Points (summaries the official writes) still appear."""
    if reaction.is_published:
        return public_text(reaction, without_own_name=not reaction.organisation_name)
    return _("The text of this reaction is not public. The municipality did consider it.")


def advice_text(text: str, writers: list[str]) -> str:
    """An adviesraad's advice or advice point as the public reads it (the reactienota). The advice is
    the organisation's, so the names of the members who wrote it are not published; nor are direct
    identifiers (a member's phone number under the advice)."""
    findings = [f for name in writers if name for f in find_personal_data(text, name) if f.kind == "name"]
    findings += [f for f in find_personal_data(text) if f.kind in DIRECT_IDENTIFIERS]
    return replace_findings(text, _without_overlaps(findings), {"name": _("[name]")}, _("[removed]"))


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept
def nota_correction(reaction: Reaction) -> str:
    """The indiener's correction of the verslag of an oral zienswijze, for the nota: by the same rules
    as ``nota_text``, its words only when the reaction is published, else a fixed line."""
    if reaction.is_published and reaction.oral_report is not None:
        return _scrubbed(reaction.oral_report.correction, reaction, not reaction.organisation_name)
    return _("The correction is not public. The municipality did consider it.")
