"""A list's filters and page, kept for the way back: a detail page's "back to the list" link returns to
the list as the person left it (filters, search words, sort, page), also after the actions on the
detail page redirected to it again."""
from urllib.parse import urlsplit

from flask import request, session, url_for

SESSION_KEY = "list_queries"
# The most recent lists only, each with a short query: the session is a cookie.
MAX_LISTS = 8
MAX_QUERY_LENGTH = 600


def remember_list_query() -> None:
    """Call from a list view: keeps this path's query string (empty when no filter is set)."""
    lists = dict(session.get(SESSION_KEY) or {})
    query = request.query_string.decode("ascii", "replace")
    lists.pop(request.path, None)
    if len(query) <= MAX_QUERY_LENGTH:
        lists[request.path] = query
    session[SESSION_KEY] = dict(list(lists.items())[-MAX_LISTS:])


def list_url(endpoint: str, **values) -> str:
    """The list's address with the query it last had in this session, else ``url_for(endpoint, **values)``
    (whose values are then the list's defaults, e.g. ``status='all'``)."""
    url = url_for(endpoint, **values)
    path = urlsplit(url).path
    remembered = (session.get(SESSION_KEY) or {}).get(path)
    if remembered is None:
        return url
    return f"{path}?{remembered}" if remembered else path
