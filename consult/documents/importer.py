"""Turn a Markdown text into numbered sections: '#' headings are chapters, '##' paragraphs.

Texts come from officials but may be any file they were sent, so every import is bounded
(``ImportLimits``): the checks here run on the raw text, before Markdown and the sanitiser see it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import markdown

from consult.core.sanitize import clean_rich_text
from consult.core.text import xml_safe

HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
# What opens a nested block at the start of a line: a quote, a bullet or a number with a space after it.
CONTAINER = re.compile(r"[ \t]*(?:>|[*+\-](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
TITLE_LENGTH = 300  # Section.title's column


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


@dataclass
class ParsedSection:
    number: str
    level: int
    anchor: str
    title: str
    body_html: str


@dataclass
class _Chunk:
    level: int
    title: str
    lines: list[str] = field(default_factory=list)


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "sectie"


def parse_markdown(text: str, limits: ImportLimits | None = None) -> list[ParsedSection]:
    """Split on headings; text before the first heading becomes an 'Inleiding' chapter.

    Raises ``ImportRefused`` (too_long, too_deep, too_many_sections, heading_too_long) before any
    Markdown is rendered when ``text`` is beyond ``limits``; without limits the text is trusted (demo data).
    """
    text = xml_safe(text).replace("\r\n", "\n")
    if limits and len(text) > limits.max_characters:
        raise ImportRefused("too_long", {"limit": limits.max_characters})
    chunks: list[_Chunk] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = HEADING.match(line)
        if match:
            chunks.append(_Chunk(len(match.group(1)), match.group(2).strip()))
            if limits:
                _check_heading(chunks[-1].title, len(chunks), limits)
            continue
        if limits and (depth := nesting_depth(line)) > limits.max_depth:
            # Python-Markdown nests recursively: a few hundred levels exhaust the stack.
            raise ImportRefused("too_deep", {"line": number, "depth": depth, "limit": limits.max_depth})
        if chunks:
            chunks[-1].lines.append(line)
        elif line.strip():
            chunks.append(_Chunk(1, "Inleiding", [line]))
    counters = [0, 0, 0]
    used_anchors: dict[str, int] = {}
    renderer = markdown.Markdown()
    sections = []
    for chunk in chunks:
        level = min(chunk.level, 1 + sum(1 for c in counters[:chunk.level - 1] if c))  # no 1.0.1 for skipped levels
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        number = ".".join(str(c) for c in counters[:level])
        anchor = _unique(slugify(chunk.title), used_anchors)
        source = "\n".join(chunk.lines).strip()
        body = clean_rich_text(renderer.reset().convert(source)) if source else ""
        sections.append(ParsedSection(number, level, anchor, chunk.title, body))
    return sections


def nesting_depth(line: str) -> int:
    """How deep a Markdown line nests: an indent of four spaces per level, plus every quote, bullet or
    number that opens the line ('> * 1. x' is three levels)."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth, position = indent // 4, indent
    while match := CONTAINER.match(expanded, position):
        depth, position = depth + 1, match.end()
    return depth


def _check_heading(title: str, count: int, limits: ImportLimits) -> None:
    if count > limits.max_sections:
        raise ImportRefused("too_many_sections", {"limit": limits.max_sections})
    if len(title) > TITLE_LENGTH:
        raise ImportRefused("heading_too_long", {"start": title[:40], "limit": TITLE_LENGTH})


def _unique(anchor: str, used: dict[str, int]) -> str:
    """``anchor``, or ``anchor-2``, ``anchor-3``…; remembers per anchor the last number handed out,
    so a hundred identical headings cost a hundred steps, not five thousand."""
    candidate = anchor
    n = used.get(anchor, 1)
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used[anchor] = n
    used.setdefault(candidate, 1)
    return candidate
