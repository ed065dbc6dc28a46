"""Language and time on screen: Dutch first, English second, Europe/Amsterdam always."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def select_locale() -> str:
    """The visitor's choice; Dutch outside a request (the worker writes files and mail in Dutch)."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def local_datetime(value: datetime | None) -> str:
    """'3 maart 2020 09:00' in Dutch, '3 March 2020 09:00' in English, in Amsterdam time."""
    return format_datetime(value, "d MMMM y HH:mm") if value else ""


def local_date(value: datetime | None) -> str:
    return format_date(value, "d MMMM y") if value else ""
