"""Does a page contain anything our templates never write? Then something was injected."""
from __future__ import annotations

import re
from html.parser import HTMLParser

OUR_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "div", "header", "nav", "ul", "ol", "li", "button",
    "form", "input", "main", "p", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "span",
    "strong", "em", "b", "i", "sup", "sub", "br", "blockquote", "label", "select", "option", "textarea", "fieldset", "legend",
    "details", "summary", "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "mark", "svg",
    "text", "tspan", "rect", "figure", "code", "address", "ins", "del",
}
# The one image we write: the second factor's QR code, a data:image/svg+xml from segno.
OUR_IMAGE = {"class": "consult-qr", "id": "qr-code"}
# An organisation's logo (consult.looks), under its content's name.
OUR_LOGO = re.compile(r"/organisaties/[a-z0-9-]+/logo-[0-9a-f]{16}\.(svg|png)")
# The scripts we write, files of our own, never inline, under their content-hashed names when the assets are
# built (consult.assets): the werkatelier's cards refresh themselves; a refused form's page moves focus to
# the list of what to correct.
OUR_SCRIPT = re.compile(r"/static/js/(cards|errors)(\.[0-9a-f]{8,})?\.js")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        ours = (tag in OUR_TAGS or (tag == "img" and OUR_IMAGE.items() <= dict(attrs).items())
                or (tag == "img" and OUR_LOGO.fullmatch(dict(attrs).get("src") or ""))
                or (tag == "script" and OUR_SCRIPT.fullmatch(dict(attrs).get("src") or "")))
        if not ours:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}>")


def injected(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.problems


class _Page(_Collector):
    """Also the values the page shows in its form fields: an input's value, a textarea's text."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("radio", "checkbox"):
            self.values.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = self.values[self._textarea][-1]  # HTML drops the one newline right after <textarea>
            self.values[self._textarea][-1] = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.values[self._textarea][-1] += data


def read_page(html: str) -> tuple[list[str], dict[str, list[str]]]:
    """In one pass: what ``injected`` finds, and what the page shows in each form field (by name), with
    character references decoded. When a page escapes what it shows back, a field shows exactly the
    text that was typed; when it does not, markup in the text becomes markup on the page and the text
    comes back cut or changed."""
    page = _Page()
    page.feed(html)
    page.close()
    return page.problems, page.values
