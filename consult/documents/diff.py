"""A readable, word-level comparison of two versions of a document, per section.

Sections are matched by their stable anchor (``services.compare_versions``). Each section's stored,
cleaned HTML is read back as plain text paragraphs; paragraphs are aligned first and changed ones are
compared word by word (difflib), so a reader sees which words went and which came. The result is plain
text in segments: templates escape it like any other text, nothing of it is marked safe.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser

from consult.documents.models import DocumentVersion, Section
from consult.documents.services import compare_versions

BLOCK_TAGS = frozenset({"p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "tr", "br", "ul", "ol", "table"})
TOKEN = re.compile(r"\S+\s*")  # a word with the space after it
# Comparing words costs up to (words before) × (words after); above this a changed paragraph is shown
# as removed and added whole, so one huge paragraph cannot hold up the page.
MAX_WORD_PAIRS = 1_000_000


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.blocks.append([])

    def handle_data(self, data):
        self.blocks[-1].append(data)


def paragraphs(html: str) -> list[str]:
    """The text of cleaned section HTML as paragraphs (one per block element), spaces collapsed."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    texts = (" ".join("".join(block).split()) for block in parser.blocks)
    return [text for text in texts if text]


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class SectionDiff:
    """One section that is new, gone or changed. ``number`` and ``title`` are the newer version's,
    or the older one's for a section that is gone."""

    anchor: str
    number: str
    title: str
    change: str  # "added", "removed" or "changed"
    title_segments: list[Segment] = field(default_factory=list)
    paragraphs: list[list[Segment]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()  # the text before the first heading has no number

    @property
    def only_layout(self) -> bool:
        """Changed, but not in its words: only markup such as bold or a list differs."""
        return self.change == "changed" and all(
            segment.kind == "same" for part in [self.title_segments, *self.paragraphs] for segment in part)


def word_diff(old: str, new: str) -> list[Segment]:
    """``old`` to ``new`` as segments of unchanged, removed and added text; neighbouring segments of
    the same kind are joined. Words are compared without the space after them, so the last word of a
    sentence that gets a follow-up stays unchanged."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    segments: list[Segment] = []
    if len(a) * len(b) > MAX_WORD_PAIRS:
        _append(segments, "removed", old)
        _append(segments, "added", new)
        return segments
    matcher = SequenceMatcher(None, [t.rstrip() for t in a], [t.rstrip() for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(segments, "same", "".join(b[j1:j2]))
        else:
            _append(segments, "removed", "".join(a[i1:i2]))
            _append(segments, "added", "".join(b[j1:j2]))
    return segments


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def paragraph_diff(old: list[str], new: list[str]) -> list[list[Segment]]:
    """Paragraphs aligned as wholes; a paragraph replaced by another is compared word by word."""
    result: list[list[Segment]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            result.extend([Segment("same", text)] for text in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        result.extend(word_diff(old[i1 + n], new[j1 + n]) for n in range(pairs))
        result.extend([Segment("removed", text)] for text in old[i1 + pairs:i2])
        result.extend([Segment("added", text)] for text in new[j1 + pairs:j2])
    return result


def _changed(old: Section, new: Section) -> SectionDiff:
    return SectionDiff(new.anchor, new.number, new.title, "changed", word_diff(old.title, new.title),
                       paragraph_diff(paragraphs(old.body_html), paragraphs(new.body_html)))


def _whole(section: Section, change: str) -> SectionDiff:
    """A section that is new (``change`` "added") or gone ("removed"): all its text is of that kind."""
    return SectionDiff(section.anchor, section.number, section.title, change, [Segment(change, section.title)],
                       [[Segment(change, text)] for text in paragraphs(section.body_html)])


def diff_versions(old: DocumentVersion, new: DocumentVersion) -> list[SectionDiff]:
    """The sections that differ between ``old`` and ``new``: in the newer version's order, a section
    that is gone right after the section that preceded it in the older version (at the start if none
    did). Sections that stayed the same are left out."""
    changes, gone = compare_versions(old, new)
    before = {s.anchor: s for s in old.sections}
    rank = {c.section.anchor: n for n, c in enumerate(changes)}
    keyed = [((n, 0), _changed(before[c.section.anchor], c.section) if c.change == "changed" else _whole(c.section, "added"))
             for n, c in enumerate(changes) if c.change != "same"]
    for section in gone:
        kept_before = [rank[s.anchor] for s in old.sections if s.position < section.position and s.anchor in rank]
        keyed.append(((max(kept_before, default=-1), 1 + section.position), _whole(section, "removed")))
    return [d for _key, d in sorted(keyed, key=lambda pair: pair[0])]
