"""A list's filters and page, kept for the way back: a detail page's "back to the list" link returns to
the list as the person left it (filters, search words, sort, page), also after the actions on the
detail page redirected to it again.

The list travels in the URL, never in the session: a search word may be a person's name, and the
session is a cookie that lives until log-out. On a list page every link to a page of the same area
gets ``?lijst=<the list's path and query>``; a page reached that way passes it on to its own links,
forms and redirects (``url_for`` adds it, see ``carry_list``), and ``list_url`` turns it into the way back.
"""
from urllib.parse import urlsplit

from flask import has_request_context, request, session, url_for

PARAMETER = "lijst"
# The lists, and the areas (endpoint prefixes) whose pages lead back to one of them.
LIST_ENDPOINTS = frozenset({"moderation.queue", "admin.list_users", "admin.list_organisations"})
CARRIED_TO = ("moderation.", "answers.", "coding.", "admin.", "reports.edit")
# A list address longer than this is not carried (a URL has limits); the way back is then the plain list.
MAX_LENGTH = 600
# Where the lists were kept in the session before: taken out of cookies that still carry it.
OLD_SESSION_KEY = "list_queries"


def _own_path(value: str) -> bool:
    """A path on this site (no scheme, host or '//'), so the way back can never lead elsewhere."""
    parts = urlsplit(value)
    return value.startswith("/") and not value.startswith("//") and not parts.scheme and not parts.netloc


def carried_list() -> str | None:
    """The list this request came from (its path and query), or None."""
    value = request.args.get(PARAMETER, "")
    return value if value and len(value) <= MAX_LENGTH and _own_path(value) else None


def carry_list(endpoint: str | None, values: dict) -> None:
    """``url_defaults`` hook: a link from a list page, or from a page reached from it, to a page of the
    same area carries the list along. Not to a list itself (it has its own query), nor outside the area."""
    if (PARAMETER in values or not has_request_context() or not endpoint or endpoint in LIST_ENDPOINTS
            or not endpoint.startswith(CARRIED_TO)):
        return
    if request.endpoint in LIST_ENDPOINTS:
        here = request.full_path.rstrip("?")
        if len(here) <= MAX_LENGTH:
            values[PARAMETER] = here
    elif (came_from := carried_list()) is not None:
        values[PARAMETER] = came_from


def list_url(endpoint: str, **values) -> str:
    """The way back to a list: the list this page was reached from when it is this one, with its filters
    and page, else ``url_for(endpoint, **values)`` (whose values are then the list's defaults, e.g.
    ``status='all'``)."""
    url = url_for(endpoint, **values)
    came_from = carried_list()
    if came_from is not None and urlsplit(came_from).path == urlsplit(url).path:
        return came_from
    return url


def forget_kept_lists() -> None:
    """``before_request`` hook: a session from before this change loses the lists (and search words) it kept."""
    if OLD_SESSION_KEY in session:
        session.pop(OLD_SESSION_KEY)
