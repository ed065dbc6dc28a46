"""One crawler for the tests that check that every link (and form) a page shows is one its reader may use.

``crawl`` starts at some pages, follows every link in the ``<main>`` of each page it reads within the given
prefixes, optionally sends every form there (empty, with the page's CSRF token), and returns what it saw
and which answers it counts as refused."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape

from tests.conftest import csrf_token


def main_of(html: str) -> str:
    """The page's ``<main>`` element (all of the page when it has none)."""
    return html.split("<main", 1)[-1].split("</main>", 1)[0]


def links_and_forms(html: str) -> tuple[set[str], set[str]]:
    """(links, form actions) in the page's main part: site paths only, links without their #fragment."""
    main = main_of(html)
    links = {unescape(h).split("#")[0] for h in re.findall(r'href="(/[^"]*)"', main)}
    forms = {unescape(a) for a in re.findall(r'<form [^>]*action="(/[^"]*)"', main)}
    return {link for link in links if link}, forms


@dataclass
class Crawl:
    seen: set[str] = field(default_factory=set)  # every page asked for (GET)
    refused: list[str] = field(default_factory=list)  # "GET <url>: <status>" and "POST <action> (form on <url>): <status>"


def crawl(client, starts: Iterable[str], within: tuple[str, ...], send_forms: bool = False,
          is_refused: Callable[[int], bool] = lambda status: status >= 400) -> Crawl:
    """GET every page reachable from ``starts`` through the links of pages whose path starts with one of
    ``within``, and every redirect's target. A refused answer (``is_refused``; any 4xx or 5xx unless told otherwise) is listed and not
    followed. With ``send_forms``, every form on a followed page is posted too (its CSRF token, no fields),
    and a refused answer listed. Pages outside ``within`` are asked for, but their links not followed."""
    result, todo = Crawl(), list(starts)
    while todo:
        url = todo.pop()
        if url in result.seen:
            continue
        result.seen.add(url)
        response = client.get(url)
        if is_refused(response.status_code):
            result.refused.append(f"GET {url}: {response.status_code}")
            continue
        if response.status_code in (301, 302, 303, 307, 308) and response.location.startswith("/"):
            todo.append(response.location)  # where the page sends its reader is a link too
            continue
        if (response.status_code != 200 or response.mimetype != "text/html"
                or not url.split("?")[0].startswith(within)):
            continue
        links, forms = links_and_forms(response.text)
        todo += [link for link in links if link not in result.seen]
        for action in forms if send_forms else ():
            answer = client.post(action, data={"csrf_token": csrf_token(response.text)})
            if is_refused(answer.status_code):
                result.refused.append(f"POST {action} (form on {url}): {answer.status_code}")
    return result
