"""Issue 14 §4: the sanitiser's own output is accessible. No link without text (axe link-name), no heading
without text (empty-heading), and links only to real http(s) or mailto addresses, for every string of the
XSS corpus in the places hostile HTML and Markdown put it; the page test is in tests/browser."""
from html.parser import HTMLParser

import markdown
import pytest

from consult.core.sanitize import clean_rich_text, is_web_or_mail_address
from tests.security.corpora import xss_sample

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Inaccessible(HTMLParser):
    """Links and headings without text, and links to no real address, in a piece of cleaned HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict, list[str]]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" or tag in HEADINGS:
            self.open.append((tag, dict(attrs), []))

    def handle_data(self, data):
        for _, _, texts in self.open:
            texts.append(data)

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _, attrs, texts = self.open.pop()
            if not "".join(texts).strip():
                self.problems.append(f"<{tag}> without text")
            if tag == "a" and not is_web_or_mail_address(attrs.get("href") or ""):
                self.problems.append(f"<a href={attrs.get('href')!r}>")


def inaccessible(html: str) -> list[str]:
    parser = _Inaccessible()
    parser.feed(html)
    parser.close()
    return parser.problems


def shapes(payload: str) -> dict[str, str]:
    """The payload where hostile input puts it: as HTML, as a link's text and address, as a heading, and
    as pasted Markdown (the way document sections are written)."""
    return {
        "html": payload,
        "link text": f'<a href="https://example.org/">{payload}</a>',
        "link address": f'<a href="{payload}">link</a>',
        "heading": f"<h2>{payload}</h2>",
        "markdown": markdown.markdown(f"## {payload}\n\n[{payload}]({payload}) en [tekst](<{payload}>)"),
    }


def test_no_xss_string_leaves_an_empty_link_or_heading_or_a_link_to_nowhere():
    problems = []
    for payload in xss_sample():
        for where, html in shapes(payload).items():
            cleaned = clean_rich_text(html)
            if found := inaccessible(cleaned):
                problems.append(f"{where} of {payload!r:.80}: {found[:2]} in {cleaned!r:.120}")
            if clean_rich_text(cleaned) != cleaned:  # pages clean stored text again: it must stay as stored
                problems.append(f"{where} of {payload!r:.80}: cleaning twice changes {cleaned!r:.120}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("html, cleaned", [
    ('<a href="javascript:alert(1)"><script>alert(1)</script></a>', "alert(1)"),  # the link goes, its text stays
    ('<a href="https://example.org"><img src=x onerror=alert(1)></a>na', "na"),  # a link with only a picture
    ('<h2><img src=x></h2><h3> <br> </h3><h4>&nbsp;\u200b</h4>', ""),
    ('<a href="https://example.org">&nbsp;</a><a href="https://example.org">&lt;</a>', '<a href="https://example.org">&lt;</a>'),
    ('<a href="#voetnoot-1">1</a>', "1"),
    ('<a href="/beheer">beheer</a> <a href="//evil.example/x">x</a>', "beheer x"),
    ('<a href="https://exa mple.org">spatie</a>', "spatie"),
    ('<a href="http://">leeg</a>', "leeg"),
    ('<a href="https://www.flevoland.nl/agenda?x=1&amp;y=2" title="Agenda">agenda</a>',
     '<a href="https://www.flevoland.nl/agenda?x=1&amp;y=2" title="Agenda">agenda</a>'),
    ('<a href="mailto:inspraak@almere.nl">mail</a>', '<a href="mailto:inspraak@almere.nl">mail</a>'),
    ('<a href="mailto:niemand">mail</a>', "mail"),
    ('<h2>Kop <a href="ftp://x.nl/">met link</a></h2>', "<h2>Kop met link</h2>"),
    ('<ol start="3" type="a" onclick="x()"><li>drie</li></ol>', '<ol start="3"><li>drie</li></ol>'),
    ("<p>noot<sup>1</sup></p>", "<p>noot<sup>1</sup></p>"),
    ("<ul>los<li>item</li></ul><li>zwerver</li><ol> </ol>", "<ul><li>los</li><li>item</li></ul>zwerver"),
    ("<ul>\n<li>a</li>\n</ul>", "<ul>\n<li>a</li>\n</ul>"),
])
def test_links_go_only_to_real_addresses_and_nothing_empty_is_left(html, cleaned):
    assert clean_rich_text(html) == cleaned
