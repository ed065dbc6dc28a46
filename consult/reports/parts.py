"""A published reactienota's web page in parts: its opening part, then one page per section (or theme),
each in pages of ``ENTRIES_PER_PAGE`` groups of reactions, so no page grows with the number of reactions
(issue 15: one page of 82 MB at 100,000 reactions). The whole document stays one PDF, DOCX or ODT file.

These work on a version's outline (see `outline`): its frozen content (``consult.reports.snapshot.freeze``)
without the entries, which the pages read apart, a page's worth at a time (``consult.reports.queries``).
The content holds only what the publication rules let the nota show, so the parts show nothing the
whole page did not.
"""
from __future__ import annotations

import math

# Groups of reactions (an entry: one reaction, or a campaign letter with all its senders) on a page.
ENTRIES_PER_PAGE = 100
# A nota with at most this many entries in all stays one page: readers scroll and use the browser's
# search, as before; it is at most a few hundred kB of HTML.
ONE_PAGE_AT_MOST = ENTRIES_PER_PAGE


def outline(content: dict) -> dict:
    """Frozen ``content`` without its entries, and per part (a section or theme, in order) its title,
    its number of reactions and of entries: all the opening part and the table of contents need."""
    return {**{key: value for key, value in content.items() if key != "sections"},
            "parts": [{"title": section["title"], "entries": len(section["entries"]),
                       "reactions": sum(len(entry["references"]) for entry in section["entries"])}
                      for section in content["sections"]]}


def in_parts(outline: dict) -> bool:
    """Whether the nota of ``outline`` is shown in parts (more entries than ``ONE_PAGE_AT_MOST``)."""
    return sum(part["entries"] for part in outline["parts"]) > ONE_PAGE_AT_MOST


def page_of(entries: int, asked: str | None) -> tuple[int, int, range]:
    """Page ``asked`` (``?pagina=``, as typed) of a part of ``entries`` entries: (page number, pages,
    the positions of its entries). A missing, unreadable or out-of-range number gives the nearest page,
    never an error."""
    pages = max(1, math.ceil(entries / ENTRIES_PER_PAGE))
    number = int(asked) if asked and asked.isascii() and asked.isdigit() and len(asked) <= 9 else 1
    number = min(max(number, 1), pages)
    start = (number - 1) * ENTRIES_PER_PAGE
    return number, pages, range(start, min(start + ENTRIES_PER_PAGE, entries))


def page_at(position: int) -> int:
    """The page (from 1) of a part that holds the entry at ``position`` (from 0)."""
    return position // ENTRIES_PER_PAGE + 1


def table_of_contents(outline: dict) -> list[tuple[int, str, int]]:
    """Per part: its number (1 for the first section), its title and its number of reactions."""
    return [(number, part["title"], part["reactions"]) for number, part in enumerate(outline["parts"], start=1)]


def find_advice(outline: dict, kenmerk: str) -> str | None:
    """The kenmerk as written of the advice with kenmerk ``kenmerk`` (any case), None when there is none.
    Advice stands on the opening part."""
    wanted = kenmerk.strip().upper()
    return next((advice["reference"] for advice in outline.get("advice", []) if advice["reference"].upper() == wanted),
                None)
