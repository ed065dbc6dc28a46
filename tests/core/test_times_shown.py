"""Every time the app shows is written the one way its language writes it: '22.54 uur' in Dutch, '10:54 PM' in
English (tester, issue 13 leftovers: a werkatelier's sessions and the dates of reactions showed a bare '22:54')."""
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from consult.core.i18n import local_datetime, local_moment, local_time_span
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture, shared)

ROOT = Path(__file__).resolve().parents[2]
STARTS, ENDS = datetime(2026, 12, 28, 12, 30, tzinfo=UTC), datetime(2026, 12, 28, 21, 54, tzinfo=UTC)


@pytest.mark.parametrize(("language", "moment", "span", "short_span"), [
    ("nl", "28 december 2026, 22.54 uur", "maandag 28 december 2026, 13.30–22.54 uur", "28 december 2026, 13.30–22.54 uur"),
    ("en", "28 December 2026, 10:54 PM", "Monday 28 December 2026, 1:30 PM–10:54 PM",
     "28 December 2026, 1:30 PM–10:54 PM"),
])
def test_one_way_to_write_a_time_per_language(app, language, moment, span, short_span):
    with app.test_request_context(), force_locale(language):
        assert local_datetime(ENDS) == moment
        assert local_moment(ENDS).endswith(moment.split(", ", 1)[1])
        assert local_time_span(STARTS, ENDS) == span
        assert local_time_span(STARTS, ENDS, weekday=False) == short_span


def test_times_are_formatted_only_by_the_helpers_in_core_i18n():
    """A time pattern or a Babel date-time call outside consult.core.i18n would write a time its own way."""
    own_way = re.compile(r"format_datetime\(|format_time\(|HH[:.]mm")
    found = [f"{path.relative_to(ROOT)}:{n}" for folder in ("consult", "templates")
             for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".html", ".txt")
             and path != ROOT / "consult/core/i18n.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if own_way.search(line)]
    assert not found, found


def test_a_werkatelier_session_shows_its_times_with_uur(client, make_workshop):  # noqa: F811
    workshop = make_workshop()
    page = client.get(f"/werkateliers/{workshop.slug}").text
    assert re.search(r"\d\d\.\d\d–\d\d\.\d\d uur", page) and not re.search(r"\d\d:\d\d", page.split("<main", 1)[1])
