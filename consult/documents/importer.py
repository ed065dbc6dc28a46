"""Turn a Markdown text into numbered sections: '#' headings are chapters, '##' paragraphs."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import markdown

from consult.core.sanitize import clean_rich_text
from consult.core.text import xml_safe

HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")


@dataclass
class ParsedSection:
    number: str
    level: int
    anchor: str
    title: str
    body_html: str


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "sectie"


def parse_markdown(text: str) -> list[ParsedSection]:
    """Split on headings; text before the first heading becomes an 'Inleiding' chapter."""
    chunks: list[tuple[int, str, list[str]]] = []
    for line in xml_safe(text).replace("\r\n", "\n").split("\n"):
        match = HEADING.match(line)
        if match:
            chunks.append((len(match.group(1)), match.group(2).strip(), []))
        elif chunks:
            chunks[-1][2].append(line)
        elif line.strip():
            chunks.append((1, "Inleiding", [line]))
    counters = [0, 0, 0]
    used_anchors: set[str] = set()
    sections = []
    for level, title, lines in chunks:
        level = min(level, 1 + sum(1 for c in counters[:level - 1] if c))  # no 1.0.1 for skipped levels
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        number = ".".join(str(c) for c in counters[:level])
        anchor = _unique(slugify(title), used_anchors)
        body = clean_rich_text(markdown.markdown("\n".join(lines).strip())) if any(l.strip() for l in lines) else ""
        sections.append(ParsedSection(number, level, anchor, title, body))
    return sections


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate
