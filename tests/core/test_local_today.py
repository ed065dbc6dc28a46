""""Today" is the day in Amsterdam, not on the server's clock (CI failed on it at 23:06 UTC, when Amsterdam
was already on the next day: an Awb period six weeks from "today" came out one day short and was refused)."""
from datetime import UTC, date, datetime

from consult.core.i18n import local_today


def test_the_last_hour_before_midnight_utc_is_already_tomorrow_in_amsterdam():
    assert local_today(datetime(2026, 11, 30, 23, 6, tzinfo=UTC)) == date(2026, 12, 1)  # winter: UTC+1
    assert local_today(datetime(2026, 11, 30, 22, 59, tzinfo=UTC)) == date(2026, 11, 30)
    assert local_today(datetime(2026, 7, 1, 22, 0, tzinfo=UTC)) == date(2026, 7, 2)  # summer: UTC+2
    assert local_today(datetime(2026, 7, 1, 21, 59, tzinfo=UTC)) == date(2026, 7, 1)
