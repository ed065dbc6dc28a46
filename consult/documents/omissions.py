"""What an import could not carry over, in words for the official (see sectioning.Omission)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext


def describe_omission(omission: dict) -> str:
    """One line of the version page's 'not carried over' list, in the reader's language."""
    kind, detail, count = omission.get("kind"), omission.get("detail") or "", omission.get("count") or 1
    if kind == "image":
        if detail:
            return _("A picture (\"%(description)s\"). Describe in the text what it shows, if readers need it.",
                     description=detail)
        return _("A picture without a description. Describe in the text what it shows, if readers need it.")
    if kind == "title":
        return _("The title in the file: \"%(title)s\". The page uses the title you typed in the form.", title=detail)
    if kind == "tracked_changes":
        return _("Tracked changes: we accepted them. Inserted text is in it, deleted text is not.")
    if kind == "comment":
        return ngettext("%(num)s comment in the margin.", "%(num)s comments in the margin.", count)
    if kind == "equation":
        return ngettext("%(num)s formula.", "%(num)s formulas.", count)
    if kind == "chart":
        return ngettext("%(num)s chart or diagram.", "%(num)s charts or diagrams.", count)
    if kind == "embedded_object":
        return ngettext("%(num)s embedded object, such as a spreadsheet.",
                        "%(num)s embedded objects, such as a spreadsheet.", count)
    if kind == "style":
        return _("Text in the style \"%(style)s\" is now a normal paragraph, not a heading. "
                 "Give it a heading style in Word.", style=detail)
    return _("A part of the file we cannot show (%(part)s).", part=detail or kind)


def describe_omissions(omissions: list[dict] | None) -> list[str]:
    return [describe_omission(omission) for omission in omissions or []]
