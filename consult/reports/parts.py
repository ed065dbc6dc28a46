"""A published reactienota's web page in parts: its opening part, then one page per section (or theme),
each in pages of ``ENTRIES_PER_PAGE`` groups of reactions, so no page grows with the number of reactions
(issue 15: one page of 82 MB at 100,000 reactions). The whole document stays one PDF, DOCX or ODT file.

These work on the frozen content (``consult.reports.snapshot.freeze``), which holds only what the
publication rules let the nota show, so the parts show nothing the whole page did not.
"""
from __future__ import annotations

import math

# Groups of reactions (an entry: one reaction, or a campaign letter with all its senders) on a page.
ENTRIES_PER_PAGE = 100
# A nota with at most this many entries in all stays one page: readers scroll and use the browser's
# search, as before; it is at most a few hundred kB of HTML.
ONE_PAGE_AT_MOST = ENTRIES_PER_PAGE


def in_parts(content: dict) -> bool:
    """Whether the nota of frozen ``content`` is shown in parts (more entries than ``ONE_PAGE_AT_MOST``)."""
    return sum(len(section["entries"]) for section in content["sections"]) > ONE_PAGE_AT_MOST


def page_of(entries: list, asked: str | None) -> tuple[list, int, int]:
    """The entries on page ``asked`` (``?pagina=``, as typed) of a part: (entries, page number, pages).
    A missing, unreadable or out-of-range number gives the nearest page, never an error."""
    pages = max(1, math.ceil(len(entries) / ENTRIES_PER_PAGE))
    number = int(asked) if asked and asked.isascii() and asked.isdigit() and len(asked) <= 9 else 1
    number = min(max(number, 1), pages)
    start = (number - 1) * ENTRIES_PER_PAGE
    return entries[start:start + ENTRIES_PER_PAGE], number, pages


def table_of_contents(content: dict) -> list[tuple[int, str, int]]:
    """Per part: its number (1 for the first section), its title and its number of reactions."""
    return [(number, section["title"], sum(len(e["references"]) for e in section["entries"]))
            for number, section in enumerate(content["sections"], start=1)]


def find_reference(content: dict, kenmerk: str) -> tuple[int | None, int, str] | None:
    """Where kenmerk ``kenmerk`` (any case) stands in frozen ``content``: (part, page, anchor), with
    part None for an advice, which is on the opening part; None when the nota does not hold it.
    In a nota of one page, every reaction is on the opening part."""
    wanted = kenmerk.strip().upper()
    split = in_parts(content)
    for part, section in enumerate(content["sections"], start=1):
        for index, entry in enumerate(section["entries"]):
            for reference in entry["references"]:
                if reference.upper() == wanted:
                    return (part, index // ENTRIES_PER_PAGE + 1, reference) if split else (None, 1, reference)
    for advice in content.get("advice", []):
        if advice["reference"].upper() == wanted:
            return None, 1, advice["reference"]
    return None
