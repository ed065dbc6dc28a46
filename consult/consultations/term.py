"""The term of a ter-inzage period as the law counts it.

- Awb 3:16: zienswijzen can be given for six weeks, starting on the day the draft is actually put ter
  inzage. Counted in whole days, the last day is the start day plus 41 days; the term runs to the end of
  that day (midnight, Europe/Amsterdam).
- Algemene termijnenwet art. 1: a term set by law that ends on a Saturday, Sunday or public holiday runs
  on to the end of the next day that is none of these. Art. 3 lists the holidays (lid 1), makes Goede
  Vrijdag one (lid 2), and lets the government add days by a decision in the Staatscourant (lid 3): those
  come from the ``ATW_EXTRA_DAYS`` setting, as they cannot be computed.

All dates here are calendar dates in Amsterdam; moments are timezone-aware datetimes.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.easter import easter

from consult.core.i18n import AMSTERDAM

AWB_TERM_DAYS = 42  # six weeks (Awb 3:16)


@lru_cache(maxsize=64)
def atw_holidays(year: int) -> frozenset[date]:
    """The days Algemene termijnenwet art. 3 lid 1 and 2 name, in ``year``."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # celebrated on the Saturday when the 27th is a Sunday
        kings_day = date(year, 4, 26)
    return frozenset({
        date(year, 1, 1),  # Nieuwjaarsdag
        easter_sunday - timedelta(days=2),  # Goede Vrijdag (lid 2)
        easter_sunday + timedelta(days=1),  # tweede Paasdag
        kings_day,  # de dag waarop de verjaardag van de Koning wordt gevierd
        date(year, 5, 5),  # de vijfde mei
        easter_sunday + timedelta(days=39),  # Hemelvaartsdag
        easter_sunday + timedelta(days=50),  # tweede Pinksterdag
        date(year, 12, 25),
        date(year, 12, 26),  # de beide Kerstdagen
    })


def is_working_day(day: date, extra_days: Iterable[date] = ()) -> bool:
    """Not a Saturday, Sunday, Atw holiday or day made equal to one (``extra_days``, Atw 3 lid 3)."""
    return day.weekday() < 5 and day not in atw_holidays(day.year) and day not in set(extra_days)


def extended_last_day(day: date, extra_days: Iterable[date] = ()) -> date:
    """``day``, or the next working day when it is none (Atw art. 1 lid 1)."""
    extra = set(extra_days)
    while not is_working_day(day, extra):
        day += timedelta(days=1)
    return day


def end_of_day(day: date) -> datetime:
    """The moment ``day`` ends in Amsterdam: midnight before the next day, whatever the clock change."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=AMSTERDAM)


def last_day(closes_at: datetime) -> date:
    """The last day on which input is taken: a period that closes at midnight ends the day before."""
    return (closes_at.astimezone(AMSTERDAM) - timedelta(microseconds=1)).date()


def awb_last_day(start: date, extra_days: Iterable[date] = ()) -> date:
    """The last day of the six weeks for zienswijzen that start on ``start`` (Awb 3:16, Atw art. 1)."""
    return extended_last_day(start + timedelta(days=AWB_TERM_DAYS - 1), extra_days)


def awb_closing(start: date, extra_days: Iterable[date] = ()) -> datetime:
    """When the Awb term that starts on ``start`` closes: the end of its (extended) last day."""
    return end_of_day(awb_last_day(start, extra_days))
