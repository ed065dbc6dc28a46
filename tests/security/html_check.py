"""Does a page contain anything our templates never write? Then something was injected."""
from __future__ import annotations

from html.parser import HTMLParser

OUR_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "div", "header", "nav", "ul", "ol", "li", "button",
    "form", "input", "main", "p", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "span",
    "strong", "em", "b", "i", "br", "blockquote", "label", "select", "option", "textarea", "fieldset", "legend",
    "details", "summary", "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "mark", "svg",
    "text", "rect", "figure", "code",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in OUR_TAGS:
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
