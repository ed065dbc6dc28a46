"""The term as the law counts it: six weeks from the day the draft is actually put ter inzage (Awb 3:16),
to the end of the last day, moved past weekends and public holidays (Algemene termijnenwet art. 1 and 3)."""
from datetime import UTC, date, datetime, time, timedelta

import pytest

from consult.consultations.models import Consultation, Phase, Procedure, State, TermTooShort, TransitionError
from consult.consultations.term import atw_holidays, awb_closing, awb_last_day, end_of_day, is_working_day, last_day
from consult.core.i18n import AMSTERDAM


@pytest.mark.parametrize(("year", "expected"), [
    (2026, {date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
            date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)}),
    # 27 April 2025 was a Sunday: Koningsdag was on Saturday the 26th.
    (2025, {date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 4, 26), date(2025, 5, 5),
            date(2025, 5, 29), date(2025, 6, 9), date(2025, 12, 25), date(2025, 12, 26)}),
    (2027, {date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 4, 27), date(2027, 5, 5),
            date(2027, 5, 6), date(2027, 5, 17), date(2027, 12, 25), date(2027, 12, 26)}),
])
def test_the_holidays_of_the_algemene_termijnenwet(year, expected):
    assert atw_holidays(year) == expected


@pytest.mark.parametrize(("start", "last", "why"), [
    (date(2026, 11, 3), date(2026, 12, 14), "a Monday: no move"),
    (date(2026, 11, 30), date(2027, 1, 11), "ends on Sunday 10 January: moves to Monday"),
    (date(2026, 11, 14), date(2026, 12, 28), "ends on Christmas: past Boxing Day and the weekend"),
    (date(2027, 2, 13), date(2027, 3, 30), "ends on Good Friday: past Easter Monday"),
    (date(2026, 3, 17), date(2026, 4, 28), "ends on Koningsdag (Monday 27 April)"),
    (date(2026, 3, 25), date(2026, 5, 6), "ends on 5 May: every year under the Atw, not only in lustrum years"),
    (date(2026, 4, 3), date(2026, 5, 15), "ends on Ascension Day: the Friday after is a working day by law"),
    (date(2027, 2, 15), date(2027, 3, 29 + 1), "ends on Easter Sunday 28 March 2027, past Easter Monday"),
])
def test_six_weeks_end_on_a_working_day(start, last, why):
    assert awb_last_day(start) == last, why
    assert is_working_day(last)


def test_days_made_equal_to_holidays_by_the_government_move_the_end_too():
    assert awb_last_day(date(2026, 4, 3), extra_days=[date(2026, 5, 15)]) == date(2026, 5, 18)


@pytest.mark.parametrize(("day", "utc"), [
    (date(2027, 3, 27), datetime(2027, 3, 27, 23, 0, tzinfo=UTC)),  # the night summer time starts
    (date(2027, 3, 28), datetime(2027, 3, 28, 22, 0, tzinfo=UTC)),
    (date(2026, 10, 24), datetime(2026, 10, 24, 22, 0, tzinfo=UTC)),  # the night winter time starts
    (date(2026, 10, 25), datetime(2026, 10, 25, 23, 0, tzinfo=UTC)),
])
def test_a_term_runs_to_midnight_in_amsterdam_across_the_clock_change(day, utc):
    assert end_of_day(day) == utc
    assert end_of_day(day).astimezone(AMSTERDAM).time() == time(0, 0)
    assert last_day(end_of_day(day)) == day


def draft(opens: datetime, closes: datetime, procedure=Procedure.AWB_UNIFORM) -> Consultation:
    return Consultation(state=State.DRAFT, opens_at=opens, closes_at=closes, procedure=procedure)


def test_an_awb_period_published_late_is_refused_and_never_shorter_than_six_weeks_from_that_day():
    """The case: opened "31 October" in the form, closing 12 December, published on 30 November."""
    opens = datetime(2026, 10, 31, 9, 0, tzinfo=AMSTERDAM)
    closes = end_of_day(date(2026, 12, 12))
    published_at = datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)
    consultation = draft(opens, closes)
    with pytest.raises(TermTooShort) as refused:
        consultation.publish(published_at)
    assert refused.value.closes_at_least == awb_closing(date(2026, 11, 30)) == end_of_day(date(2027, 1, 11))
    assert consultation.state is State.DRAFT and consultation.opens_at == opens

    consultation.publish(published_at, move_closing=True)

    assert consultation.opens_at == published_at and consultation.closes_at == end_of_day(date(2027, 1, 11))
    assert consultation.phase(published_at) is Phase.OPEN


def test_an_awb_period_published_late_but_long_enough_opens_on_the_day_it_is_published():
    consultation = draft(datetime(2026, 11, 2, 9, 0, tzinfo=AMSTERDAM), end_of_day(date(2027, 2, 1)))
    at = datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)
    consultation.publish(at)
    assert consultation.opens_at == at and consultation.closes_at == end_of_day(date(2027, 2, 1))


def test_other_procedures_keep_their_own_period():
    opens, closes = datetime(2026, 10, 31, 9, 0, tzinfo=AMSTERDAM), end_of_day(date(2026, 12, 12))
    consultation = draft(opens, closes, Procedure.ORDINANCE)
    consultation.publish(datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM))
    assert (consultation.opens_at, consultation.closes_at) == (opens, closes)


@pytest.mark.parametrize(("at", "moves", "allowed"), [
    (datetime(2026, 11, 1, tzinfo=AMSTERDAM), +1, True),  # planned
    (datetime(2026, 12, 1, tzinfo=AMSTERDAM), +1, True),  # open
    (datetime(2026, 12, 1, tzinfo=AMSTERDAM), 0, False),  # the same end is no extension
    (datetime(2026, 12, 1, tzinfo=AMSTERDAM), -1, False),  # shorter: never
    (datetime(2027, 1, 20, tzinfo=AMSTERDAM), +30, False),  # closed
])
def test_a_published_period_is_extended_never_shortened(at, moves, allowed):
    consultation = Consultation(state=State.PUBLISHED, procedure=Procedure.AWB_UNIFORM,
                                opens_at=datetime(2026, 11, 30, 10, tzinfo=AMSTERDAM),
                                closes_at=end_of_day(date(2027, 1, 11)))
    before = consultation.closes_at
    new = before + timedelta(days=moves)
    if allowed:
        assert consultation.extend_period(new, at) == before and consultation.closes_at == new
    else:
        with pytest.raises(TransitionError):
            consultation.extend_period(new, at)
        assert consultation.closes_at == before
