"""Language and time on screen: Dutch first, English second, Europe/Amsterdam always."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context, session
from flask_babel import format_date, format_datetime, get_locale, gettext, refresh

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_today(at: datetime | None = None) -> date:
    """The calendar day in Europe/Amsterdam at ``at`` (timezone-aware; now when None). Between 23:00 and
    midnight UTC this is already the next day, so any "today" on screen, in a form or in a rule comes
    from here, never from ``date.today()`` (the machine's day)."""
    return (at or datetime.now(UTC)).astimezone(AMSTERDAM).date()


def select_locale() -> str:
    """The visitor's choice for this session; Dutch outside a request (the worker writes files in Dutch,
    and each mail in its reader's language: see ``reader_locale``)."""
    if not has_request_context():
        return reader_locale(None)
    return reader_locale(session.get("lang"), g.get("reader_locale"))


def speak_reader_language(locale: str | None) -> None:
    """For a page opened from a personal link in a mail (a registration's cards, verslag or cancel page,
    the link that stops mails): the page speaks the language that person's mails are in (``locale``),
    unless they chose a language in the interface, which always wins (``select_locale``)."""
    g.reader_locale = locale
    refresh()


def reader_locale(*choices: str | None) -> str:
    """The language to write to someone in: the first of ``choices`` the site speaks (the language they
    reacted in, their account's), else the site's default (Dutch). Never the language of whoever acts:
    an official with an English screen still writes to a Dutch resident in Dutch."""
    for choice in choices:
        if choice in current_app.config["LANGUAGES"]:
            return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def iso_moment(value: datetime | None, timespec: str = "seconds") -> str | None:
    """A moment for files (open data, the officials' CSV and XLSX, dossiers): ISO 8601 in Amsterdam time
    WITH its offset, '2026-11-25T00:30:00+01:00' ('+02:00' in summer). Exact for any program, and its date
    part is the day as people here lived it. None for None."""
    if value is None:
        return None
    if value.tzinfo is None:  # the database hands out UTC; a naive value is UTC too
        value = value.replace(tzinfo=UTC)
    return value.astimezone(AMSTERDAM).isoformat(timespec=timespec)


def iso_day(value: date | datetime | None) -> str | None:
    """The calendar day in Amsterdam as ISO 8601 ('2026-11-25'): a letter received at 00:30 on
    25 November is of 25 November, not of the 24th as in UTC. A date is taken as it is. None for None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return iso_moment(value)[:10]
    return value.isoformat()


# The time of day as each language writes it: '09.00 uur' in Dutch, '9:00 AM' in English. Every page, mail
# and file that shows a time goes through the helpers below, so a time never shows as a bare '09:00'.
TIME_PATTERNS = {"nl": "HH.mm 'uur'", "en": "h:mm a"}


def _time_pattern() -> str:
    locale = get_locale()
    return TIME_PATTERNS.get(locale.language if locale else "nl", TIME_PATTERNS["nl"])


def local_datetime(value: datetime | None) -> str:
    """'3 maart 2020, 09.00 uur' in Dutch, '3 March 2020, 9:00 AM' in English, in Amsterdam time."""
    return format_datetime(value, f"d MMMM y, {_time_pattern()}") if value else ""


def local_time_span(starts_at: datetime, ends_at: datetime, weekday: bool = True) -> str:
    """A meeting from start to end on one day: 'maandag 28 december 2026, 13.30–16.30 uur' in Dutch,
    'Monday 28 December 2026, 1:30 PM–4:30 PM' in English (without the weekday: '28 december 2026, …')."""
    pattern = _time_pattern()
    start_pattern = pattern.removesuffix(" 'uur'")  # Dutch says 'uur' once, after the end
    day = format_datetime(starts_at, "EEEE d MMMM y" if weekday else "d MMMM y")
    return f"{day}, {format_datetime(starts_at, start_pattern)}–{format_datetime(ends_at, pattern)}"


def local_date(value: datetime | None) -> str:
    return format_date(value, "d MMMM y") if value else ""



def local_moment(value: datetime | None) -> str:
    """A moment in Amsterdam time as people read it: 'maandag 28 december 2026, 09.00 uur' in Dutch,
    'Monday 28 December 2026, 9:00 AM' in English (the current locale: the reader's for a mail)."""
    return format_datetime(value, f"EEEE d MMMM y, {_time_pattern()}") if value else ""


def closing_moment(value: datetime | None) -> str:
    """When a period or deadline closes, as ``local_moment`` writes it. One that closes at midnight (an
    Awb term runs to the end of its last day) shows as the last minute of that day ('maandag 28 december
    2026, 23.59 uur'), not as 00.00 uur on a day it is already closed. The one way every page, mail,
    kennisgeving and reactienota names a closing moment."""
    if not value:
        return ""
    if value.astimezone(AMSTERDAM).time() == time(0, 0):
        value -= timedelta(minutes=1)
    return local_moment(value)


def period_end(closes_at: datetime | None, now: datetime) -> str:
    """The end of a period beside its phase: 'tot maandag 28 december 2026, 09.00 uur' before it closes,
    'gesloten sinds maandag 28 december 2026, 09.00 uur' from the closing moment on (so a page never says
    'until' today beside 'closed')."""
    if not closes_at:
        return ""
    if now < closes_at:
        return gettext("until %(moment)s", moment=closing_moment(closes_at))
    return gettext("closed since %(moment)s", moment=closing_moment(closes_at))


def closing_date(value: datetime | None) -> str:
    """The last day on which a period takes input ('28 december 2026')."""
    if not value:
        return ""
    return format_date((value.astimezone(AMSTERDAM) - timedelta(microseconds=1)).date(), "d MMMM y")
