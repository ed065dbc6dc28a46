"""One document's HTML (from mammoth or Python-Markdown) cut into numbered sections, one per heading.

Both readers give the whole document as one HTML text; this module does what is the same for both:
footnotes go to the end of the section that refers to them, pictures are left out and named in the
report, headings become sections at their own level (1–6), and a heading that carries its own number
("3.1 Meerwaarde", "1. Inleiding") keeps that number instead of getting a second one. Every section's
body then goes through the one sanitiser. Runs inside the import's child process: no app, no database.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from consult.core.sanitize import clean_rich_text

HEADINGS = {f"h{n}": n for n in range(1, 7)}
MAX_LEVEL = 6
NUMBER_LENGTH = 20  # Section.number's column
TITLE_LENGTH = 300  # Section.title's column
INTRODUCTION = "Inleiding"  # the title of the text before the first heading, as before
# A number the author typed at the start of a heading: "3.1 Meerwaarde", "1. Inleiding", "2.4.1. Wonen".
OWN_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5})\.?\s+(\S.*)$", re.S)
# Where the readers point from a footnote reference to its note and back (mammoth; Python-Markdown).
NOTE_ID = re.compile(r"^((?:footnote-|endnote-|fn:).+)$")  # the whole id: footnote 1 is not endnote 1
NOTE_LINK = re.compile(r"^#((?:footnote-|endnote-|fn:).+)$")
BACK_LINK = re.compile(r"^#(?:footnote-ref-|endnote-ref-|fnref\d*:)")
DOCUMENT_TAGS = re.compile(r"</?(?:html|body)\b[^>]*>", re.IGNORECASE)


class TooManySections(Exception):
    """More headings than the limit; the caller turns this into its refusal."""


class HeadingTooLong(Exception):
    def __init__(self, title: str):
        super().__init__(title)
        self.title = title


@dataclass(frozen=True)
class Omission:
    """Something in the source that is not in the imported text. ``kind`` is a code that the version
    page translates (image, comment, title, tracked_changes, equation, chart, embedded_object,
    unsupported, style); ``detail`` is the source's own words for it (alt text, a style name)."""

    kind: str
    detail: str = ""
    count: int = 1

    def as_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "count": self.count}


@dataclass
class ParsedSection:
    number: str
    level: int
    anchor: str
    title: str
    body_html: str


@dataclass
class ImportedText:
    """What one import gives: the sections, and what could not be carried over (empty when all was)."""

    sections: list[ParsedSection]
    omissions: list[Omission] = field(default_factory=list)


@dataclass
class _Chunk:
    level: int
    title: str
    parts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnote keys referred to in this chunk, in order


def sections_from_html(html: str | list[str], max_sections: int | None = None,
                       refuse_long_titles: bool = True) -> ImportedText:
    """Sections of a whole document's HTML, or of its parts read one by one (so that a tag left open in
    one part cannot take in the next); text before the first heading becomes an unnumbered 'Inleiding'.
    Raises ``TooManySections`` beyond ``max_sections`` and, with ``refuse_long_titles``, ``HeadingTooLong``
    for a heading longer than the title column (else the title is shortened)."""
    roots = [_parse(part) for part in ([html] if isinstance(html, str) else html)]
    omissions: list[Omission] = []
    notes: dict[str, str] = {}
    for root in roots:
        notes.update(_take_notes(root))
    chunks: list[_Chunk] = []
    for root in roots:
        _mark_references(root, notes)
        _drop_images(root, omissions)
        _chunks(root, chunks, max_sections, refuse_long_titles)
    if chunks and chunks[0].level == 0 and not "".join(chunks[0].parts).strip():
        chunks.pop(0)
    return ImportedText(_number(chunks, notes), omissions)


def _parse(html: str):
    # Pasted text may hold a whole page's <html> and <body> tags; the parser would drop what follows them.
    html = DOCUMENT_TAGS.sub("", html or "")
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").body
    lxml.etree.strip_elements(root, "script", "style", "template", with_tail=False)
    _flatten_nested_headings(root)
    return root


def _flatten_nested_headings(root) -> None:
    """A heading inside a list, table or quote starts no section; kept as a heading it would break the
    page's outline (axe: heading-order), so it becomes a paragraph in bold."""
    for heading in root.xpath("|".join(f"./*//{tag}" for tag in HEADINGS)):  # not the body's own children
        bold = lxml.html.Element("strong")
        bold.text, heading.text = heading.text, None
        for child in list(heading):
            bold.append(child)
        heading.attrib.clear()
        heading.tag = "p" if heading.getparent().tag not in ("p", "span", "a", "strong", "em", "b", "i") else "span"
        heading.append(bold)


def _take_notes(root) -> dict[str, str]:
    """Footnotes and endnotes by key, as HTML without their links back; their lists are removed."""
    notes: dict[str, str] = {}
    for item in root.xpath("//li[@id]"):
        match = NOTE_ID.match(item.get("id"))
        if not match:
            continue
        for link in item.xpath(".//a[@href]"):
            if BACK_LINK.match(link.get("href")):
                _remove_keeping_tail(link)
        # Python-Markdown leaves a no-break space where its link back was.
        notes[match.group(1)] = re.sub(r"[\s\u00a0]+</p>", "</p>", _inner_html(item)).strip()
        holder = item.getparent()
        holder.remove(item)
        if holder.tag in ("ol", "ul") and not len(holder):
            container = holder.getparent()
            _remove_keeping_tail(holder)
            if container is not None and container.tag == "div" and "footnote" in (container.get("class") or ""):
                _remove_keeping_tail(container)  # Python-Markdown's <div class="footnote"><hr><ol>
    return notes


def _mark_references(root, notes: dict[str, str]) -> None:
    """A reference link becomes a marker element the splitter recognises; it prints as a superscript."""
    for link in root.xpath("//a[@href]"):
        match = NOTE_LINK.match(link.get("href"))
        if not match or match.group(1) not in notes:
            continue
        marker = lxml.html.Element("note-ref", key=match.group(1))
        outer = link
        while outer.getparent() is not None and outer.getparent().tag == "sup" and len(outer.getparent()) == 1 \
                and not (outer.getparent().text or "").strip():
            outer = outer.getparent()  # mammoth wraps the reference in <sup><sup>
        marker.tail = outer.tail
        outer.getparent().replace(outer, marker)


def _drop_images(root, omissions: list[Omission]) -> None:
    for image in root.xpath("//img"):
        omissions.append(Omission("image", " ".join((image.get("alt") or "").split())))
        parent = image.getparent()
        _remove_keeping_tail(image)
        if parent is not None and parent.tag == "p" and not len(parent) and not (parent.text or "").strip():
            _remove_keeping_tail(parent)  # a paragraph that only held the picture


def _chunks(root, chunks: list[_Chunk], max_sections: int | None, refuse_long_titles: bool) -> None:
    """Add the sections of ``root`` to ``chunks``: a heading starts one, everything else joins the last."""
    if (root.text or "").strip():
        if not chunks:
            chunks.append(_Chunk(0, INTRODUCTION))
        chunks[-1].parts.append(_escape(root.text))
    for child in root:
        if child.tag in HEADINGS:
            title = " ".join(child.text_content().split())
            if title:
                if len(title) > TITLE_LENGTH:
                    if refuse_long_titles:
                        raise HeadingTooLong(title)
                    title = title[:TITLE_LENGTH - 1] + "…"
                chunks.append(_Chunk(HEADINGS[child.tag], title))
                chunks[-1].notes.extend(marker.get("key") for marker in child.iter("note-ref"))
                if max_sections is not None and len(chunks) > max_sections:
                    raise TooManySections()
                if (child.tail or "").strip():
                    chunks[-1].parts.append(_escape(child.tail))
                continue
        if not chunks:
            chunks.append(_Chunk(0, INTRODUCTION))
        chunks[-1].notes.extend(marker.get("key") for marker in child.iter("note-ref"))
        chunks[-1].parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))


def _number(chunks: list[_Chunk], notes: dict[str, str]) -> list[ParsedSection]:
    """Number the headings 1, 1.1, 1.1.1…; a heading's own number is kept and counting goes on from it.

    The introduction (level 0) has no number: the author's chapter 1 is their first heading.
    """
    counters = [0] * MAX_LEVEL
    used_anchors: dict[str, int] = {}
    numbers: dict[str, int] = {}  # footnote key → its number, in order of first reference
    sections = []
    for chunk in chunks:
        title, own = chunk.title, None
        if chunk.level == 0:
            level, number = 1, ""
        else:
            # No 1.0.1 for a skipped level: a heading is at most one deeper than the one before it.
            level = min(chunk.level, 1 + sum(1 for c in counters[:chunk.level - 1] if c))
            match = OWN_NUMBER.match(title)
            if match:
                own, title = match.group(1), match.group(2).strip()
                parts = [int(p) for p in own.split(".")]
                if len(parts) == level:
                    counters[:level] = parts
                    counters[level:] = [0] * (MAX_LEVEL - level)
            else:
                counters[level - 1] += 1
                counters[level:] = [0] * (MAX_LEVEL - level)
            number = own or ".".join(str(c) for c in counters[:level])
        body = "".join(chunk.parts).strip()
        for key in chunk.notes:
            numbers.setdefault(key, len(numbers) + 1)
        body = _place_notes(body, chunk.notes, notes, numbers)
        anchor = _unique(slugify(title), used_anchors)
        sections.append(ParsedSection(number[:NUMBER_LENGTH], level, anchor, title,
                                      clean_rich_text(body) if body.strip() else ""))
    return sections


def _place_notes(body: str, keys: list[str], notes: dict[str, str], numbers: dict[str, int]) -> str:
    """Markers become superscript numbers; the notes they refer to follow at the end of the section."""
    body = re.sub(r'<note-ref key="([^"]*)"></note-ref>',
                  lambda m: f"<sup>{numbers.get(_unescape_attribute(m.group(1)), '')}</sup>", body)
    placed = []
    for key in dict.fromkeys(keys):
        note = notes[key]
        if note.startswith("<p>"):
            placed.append(f"<p><sup>{numbers[key]}</sup> {note[3:].lstrip()}")
        else:
            placed.append(f"<p><sup>{numbers[key]}</sup> {note}</p>")
    return body + "".join(placed)


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "sectie"


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


def _inner_html(element) -> str:
    return _escape(element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in element)


def _remove_keeping_tail(element) -> None:
    """Remove ``element`` and what it holds; the text after it stays."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape_attribute(value: str) -> str:
    return value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
