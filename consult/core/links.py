"""Links that leave the site (mail, background jobs, security.txt): built from BASE_URL alone.

A request's Host header is chosen by whoever sends the request. A password-reset link built from it
would carry a valid token to any host the sender names, so no link that leaves the site comes from
the request, and it works the same inside a request and in the worker.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app

from consult.core.lists import PARAMETER as LIST_PARAMETER

# What url_for leaves as it is in an anchor.
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


def external_url(endpoint: str, **values) -> str:
    """The full address of ``endpoint`` under BASE_URL, e.g. ``https://inspraak.gemeente.nl/reacties/…``.

    Takes the endpoint and its URL values as ``url_for`` does (``_anchor`` too). Needs an app context,
    not a request. Raises werkzeug's ``BuildError`` for an unknown endpoint or missing values.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    values.pop(LIST_PARAMETER, None)  # the list an official came from (search words) never goes out in a mail
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe=ANCHOR_SAFE)}" if anchor else url
