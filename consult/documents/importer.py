"""Markdown text to numbered sections: every heading ('#' to '######') starts a section at its level.

Texts come from officials but may be any file they were sent, so every import is bounded
(``ImportLimits``): the checks here run on the raw text, before Markdown and the sanitiser see it.
Python-Markdown reads it with tables, footnotes and sane lists, one heading's part at a time; a footnote
may be defined anywhere and a numbered list keeps its first number; sectioning.py then makes the sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import markdown

from consult.core.text import xml_safe
from consult.documents.sectioning import (  # noqa: F401  ParsedSection and slugify are used from here
    TITLE_LENGTH,
    HeadingTooLong,
    ImportedText,
    Omission,
    ParsedSection,
    TooManySections,
    sections_from_html,
    slugify,
)

# What opens a nested block at the start of a line: a quote, a bullet or a number with a space after it.
CONTAINER = re.compile(r"[ \t]*(?:>|[*+\-](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
MARKDOWN_EXTENSIONS = ["tables", "footnotes", "sane_lists"]
ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+\S.*$", re.M)
# A footnote definition with its indented continuation lines, and a reference to one.
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\n]+)\]:.*(?:\n(?:[ ]{4}|\t).*|\n[ \t]*(?=\n(?:[ ]{4}|\t)))*", re.M)
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\n]+)\](?!:)")


@dataclass(frozen=True)
class ImportLimits:
    """How much one import may ask. The defaults are the settings' defaults (see config.py)."""

    max_characters: int = 500_000
    max_depth: int = 20
    max_sections: int = 1_000
    max_uncompressed_bytes: int = 20 * 1024 * 1024
    max_paragraphs: int = 20_000
    seconds: float = 15.0
    memory_bytes: int = 512 * 1024 * 1024

    @classmethod
    def from_config(cls, config) -> ImportLimits:
        return cls(
            max_characters=config["DOCUMENT_MAX_CHARACTERS"],
            max_depth=config["DOCUMENT_MAX_DEPTH"],
            max_sections=config["DOCUMENT_MAX_SECTIONS"],
            max_uncompressed_bytes=config["DOCUMENT_MAX_UNCOMPRESSED_BYTES"],
            max_paragraphs=config["DOCUMENT_MAX_PARAGRAPHS"],
            seconds=config["DOCUMENT_IMPORT_SECONDS"],
            memory_bytes=config["DOCUMENT_IMPORT_MEMORY_MB"] * 1024 * 1024,
        )


class ImportRefused(ValueError):
    """The source is refused; ``reason`` names the limit or fault, ``figures`` fill in the message.

    It carries no translated text: imports run in a child process without the app (see isolated.py).
    """

    def __init__(self, reason: str, figures: dict | None = None):
        super().__init__(reason, figures or {})
        self.reason = reason
        self.figures = figures or {}


def parse_markdown(text: str, limits: ImportLimits | None = None) -> list[ParsedSection]:
    """The sections of ``read_markdown``."""
    return read_markdown(text, limits).sections


def read_markdown(text: str, limits: ImportLimits | None = None) -> ImportedText:
    """Sections and left-out parts of a Markdown text; text before the first heading is an 'Inleiding'.

    Raises ``ImportRefused`` (too_long, too_deep) before any Markdown is rendered when ``text`` is beyond
    ``limits``, and too_many_sections or heading_too_long after; without limits the text is trusted (demo data).
    """
    text = xml_safe(text).replace("\r\n", "\n")
    if limits and len(text) > limits.max_characters:
        raise ImportRefused("too_long", {"limit": limits.max_characters})
    if limits:
        for number, line in enumerate(text.split("\n"), start=1):
            if (depth := nesting_depth(line)) > limits.max_depth:
                # Python-Markdown nests recursively: a few hundred levels exhaust the stack.
                raise ImportRefused("too_deep", {"line": number, "depth": depth, "limit": limits.max_depth})
        if sum(1 for _ in ATX_HEADING.finditer(text)) > limits.max_sections:
            raise ImportRefused("too_many_sections", {"limit": limits.max_sections})
    return read_html(markdown_parts(text), limits)


def markdown_parts(text: str) -> list[str]:
    """The HTML of each heading with the text up to the next heading line, rendered one by one.

    One part at a time, as before footnotes came in: a tag or comment left open in one part cannot take
    in the headings after it, and Python-Markdown does not test the rest of the text again after every
    heading (quadratic). Footnote definitions may stand anywhere: each part gets those it refers to.
    """
    definitions = {m.group(1): m.group(0) for m in FOOTNOTE_DEFINITION.finditer(text)}
    if definitions:
        text = FOOTNOTE_DEFINITION.sub("", text)
    starts = [m.start() for m in ATX_HEADING.finditer(text)]
    bounds = [0, *starts, len(text)]
    # lazy_ol=False: a list typed as "3. … 4. …" starts at 3, as the author numbered it.
    renderer = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, lazy_ol=False)
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        part = text[start:end]
        if not part.strip():
            continue
        keys = dict.fromkeys(FOOTNOTE_REFERENCE.findall(part))
        if notes := "".join(definitions[key] + "\n\n" for key in keys if key in definitions):
            # Right after the heading line, where a block left open further on cannot take them in.
            heading, newline, rest = part.partition("\n") if start in starts else ("", "", part)
            part = f"{heading}{newline}\n{notes}{rest}"
        parts.append(renderer.reset().convert(part))
    return parts


def read_html(html: str, limits: ImportLimits | None = None) -> ImportedText:
    """``sections_from_html`` with the limits' refusals."""
    if not limits:  # trusted text (demo data, tests): a title too long for its column is shortened
        return sections_from_html(html, refuse_long_titles=False)
    try:
        return sections_from_html(html, limits.max_sections)
    except TooManySections:
        raise ImportRefused("too_many_sections", {"limit": limits.max_sections}) from None
    except HeadingTooLong as error:
        raise ImportRefused("heading_too_long", {"start": error.title[:40], "limit": TITLE_LENGTH}) from None


def nesting_depth(line: str) -> int:
    """How deep a Markdown line nests: an indent of four spaces per level, plus every quote, bullet or
    number that opens the line ('> * 1. x' is three levels)."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth, position = indent // 4, indent
    while match := CONTAINER.match(expanded, position):
        depth, position = depth + 1, match.end()
    return depth
