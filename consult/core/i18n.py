"""Language and time on screen: Dutch first, English second, Europe/Amsterdam always."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def select_locale() -> str:
    """The visitor's choice for this session; Dutch outside a request (the worker writes files in Dutch,
    and each mail in its reader's language: see ``reader_locale``)."""
    return reader_locale(session.get("lang") if has_request_context() else None)


def reader_locale(*choices: str | None) -> str:
    """The language to write to someone in: the first of ``choices`` the site speaks (the language they
    reacted in, their account's), else the site's default (Dutch). Never the language of whoever acts:
    an official with an English screen still writes to a Dutch resident in Dutch."""
    for choice in choices:
        if choice in current_app.config["LANGUAGES"]:
            return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def local_datetime(value: datetime | None) -> str:
    """'3 maart 2020 09:00' in Dutch, '3 March 2020 09:00' in English, in Amsterdam time."""
    return format_datetime(value, "d MMMM y HH:mm") if value else ""


def local_date(value: datetime | None) -> str:
    return format_date(value, "d MMMM y") if value else ""


def closing_moment(value: datetime | None) -> str:
    """When a period closes, as people read it: one that closes at midnight shows as the last minute of
    its last day ('28 december 2026 23:59'), not as 00:00 on a day it is already closed."""
    if not value:
        return ""
    if value.astimezone(AMSTERDAM).time() == time(0, 0):
        value -= timedelta(minutes=1)
    return format_datetime(value, "d MMMM y HH:mm")


def closing_date(value: datetime | None) -> str:
    """The last day on which a period takes input ('28 december 2026')."""
    if not value:
        return ""
    return format_date((value.astimezone(AMSTERDAM) - timedelta(microseconds=1)).date(), "d MMMM y")
