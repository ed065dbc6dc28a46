"""The one place where user-supplied HTML is cleaned.

bleach is what the product owner asked for; upstream only ships security fixes now, so nothing
outside this module imports it. Swapping to nh3 means changing this file only.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter
from markupsafe import Markup

from consult.core.text import xml_safe

RICH_TEXT_TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "sup", "sub", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
})
RICH_TEXT_PROTOCOLS = frozenset({"http", "https", "mailto"})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# A host name: labels of letters, digits and hyphens (any script), at least one dot.
HOST_NAME = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+")
MAIL_ADDRESS = re.compile(r"[^@\s/?#]+@[^@\s/?#]+\.[^@\s/?#]+")


def is_web_or_mail_address(value: str) -> bool:
    """True for an absolute http(s) address with a real host name, or a mailto: with an e-mail address.

    A relative or protocol-relative address, a fragment ('#voetnoot'), an address with spaces or control
    characters in it and anything bleach would have mangled are not: a link to nowhere helps no reader.
    """
    if not value or any(c.isspace() or ord(c) < 32 or c == "\\" for c in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 host or port
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(host) and (bool(HOST_NAME.fullmatch(host)) or host == "localhost")
    if scheme == "mailto":
        return bool(MAIL_ADDRESS.fullmatch(parts.path))
    return False


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name == "title" or (name == "href" and is_web_or_mail_address(value))
    if tag == "ol":
        return name == "start" and value.isdigit() and len(value) <= 6
    if tag == "th":
        return name == "scope" and value in ("col", "row", "colgroup", "rowgroup")
    if tag == "td":
        return name in ("colspan", "rowspan") and value.isdigit() and len(value) <= 3
    return False


class _AccessibleOutput(Filter):
    """Runs after bleach's own filter, so that the cleaned HTML is itself accessible: a link without an
    address keeps only its text; a link or heading without any text goes (axe: link-name, empty-heading);
    text straight inside a list gets its list item, and a list item outside a list loses its tag (axe:
    list, listitem). The tokens come from a parsed tree, so every start tag has its end tag."""

    def __iter__(self):
        root = _Node(None)
        open_nodes = [root]
        for token in super().__iter__():
            if token["type"] == "StartTag":
                node = _Node(token)
                open_nodes[-1].children.append(node)
                open_nodes.append(node)
            elif token["type"] == "EndTag" and len(open_nodes) > 1:
                open_nodes.pop().end = token
            else:
                open_nodes[-1].children.append(token)
        for node in _accessible(root.children, None):
            yield from _tokens(node)


class _Node:
    def __init__(self, start: dict | None):
        self.start, self.end, self.children = start, None, []

    @property
    def name(self) -> str:
        return self.start["name"]

    def has_text(self) -> bool:
        return any(child.has_text() if isinstance(child, _Node) else _is_text(child) for child in self.children)


def _accessible(children: list, parent: str | None) -> list:
    kept = []
    for child in children:
        if not isinstance(child, _Node):
            kept.append(child)
            continue
        child.children = _accessible(child.children, child.name)
        if child.name == "a":
            if not child.has_text():
                continue
            if not any(key[1] == "href" for key in child.start["data"]):
                kept.extend(child.children)
                continue
        elif child.name in HEADING_TAGS and not child.has_text():
            continue
        elif child.name == "li" and parent not in ("ul", "ol"):
            kept.extend(child.children)
            continue
        elif child.name in ("ul", "ol"):
            child.children = _items(child.children)
            if not any(isinstance(c, _Node) for c in child.children):
                continue
        kept.append(child)
    return kept


def _items(children: list) -> list:
    """A list's children as list items: what stands straight inside the list goes into an item of its own."""
    items, loose = [], []

    def close():
        if any(c.has_text() if isinstance(c, _Node) else _is_text(c) for c in loose):
            item = _Node({"type": "StartTag", "name": "li", "namespace": None, "data": {}})
            item.end = {"type": "EndTag", "name": "li", "namespace": None}
            item.children = list(loose)
            items.append(item)
        else:
            items.extend(loose)  # the line breaks between items, as they were
        loose.clear()

    for child in children:
        if isinstance(child, _Node) and child.name == "li":
            close()
            items.append(child)
        else:
            loose.append(child)
    close()
    return items


def _tokens(node):
    if not isinstance(node, _Node):
        yield node
        return
    yield node.start
    for child in node.children:
        yield from _tokens(child)
    if node.end is not None:
        yield node.end


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
BLANK_ENTITIES = frozenset({"nbsp", "#160", "#xa0", "#xA0", "ensp", "emsp", "thinsp", "zwnj", "zwj", "#8203", "#x200b"})


def _is_text(token: dict) -> bool:
    """Does this token show something a reader can see or hear? bleach hands on character references
    such as "&lt;" as Entity tokens."""
    if token["type"] == "Characters":
        return bool(token["data"].strip().strip(INVISIBLE))
    return token["type"] == "Entity" and token["name"] not in BLANK_ENTITIES


_CLEANER = bleach.Cleaner(
    tags=RICH_TEXT_TAGS,
    attributes=_allowed_attribute,
    protocols=RICH_TEXT_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_AccessibleOutput],
)


def clean_rich_text(html: str) -> str:
    """Clean HTML written by officials (document sections, introductions) before it is stored.

    Characters XML forbids go too (``consult.core.text``): imported Word and Markdown files arrive here.
    The output is itself accessible: links only to real web or mail addresses (``is_web_or_mail_address``),
    a link without one keeps its text, and no link or heading without text.
    """
    return _CLEANER.clean(xml_safe(html))


def stored_html(html: str | None) -> Markup:
    """Mark stored rich text safe for a template, as it is: it was cleaned when it was written.

    The models clean on write (``Section.body_html``, ``Consultation.introduction_html`` run
    ``clean_rich_text`` whenever they are set) and migration 0035 cleaned the rows stored before, so
    no page pays for bleach per request.
    """
    return Markup(html or "")


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


def plain_text_with_links(text: str) -> Markup:
    """Show plain text (a mail body) with its web addresses as links; nothing in it runs.

    The text is escaped first, so only the links this function adds are markup.
    """
    escaped = str(Markup.escape(text))
    return Markup(WEB_ADDRESS.sub(lambda m: f'<a class="utrecht-link utrecht-link--html-a" href="{m.group(0)}">{m.group(0)}</a>', escaped))


def plain_text_paragraphs(text: str | None) -> Markup:
    """Show text typed by a person: paragraphs and line breaks kept, any markup shown as text."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]
    return Markup("").join(
        Markup('<p class="utrecht-paragraph">{}</p>').format(Markup("<br>").join(p.split("\n")))
        for p in paragraphs
    )


def plain_text_lines(text: str | None) -> Markup:
    """Typed lines, such as a postal address, kept as lines (empty ones left out); markup shown as text."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return Markup("<br>").join(lines)


BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str | None) -> str:
    """Stored rich text as plain text for an archive: blocks on lines of their own, no markup."""
    text = bleach.clean(BLOCK_END.sub("\n", html or ""), tags=set(), strip=True, strip_comments=True)
    return re.sub(r"\n{3,}", "\n\n", Markup(text).unescape()).strip()
