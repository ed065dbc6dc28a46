"""The harness of the concurrency tests (tests/concurrency.py) itself."""
import threading

import pytest

from tests.concurrency import at_once, side_by_side


def test_everyone_acts_only_when_all_are_ready_and_results_keep_their_order():
    prepared = []

    def prepare(n):
        prepared.append(n)
        return n * 10

    def act(n, ready):
        return (len(prepared), ready)  # everyone is prepared before anyone acts

    assert at_once(4, prepare, act) == [(4, 0), (4, 10), (4, 20), (4, 30)]


def test_a_failure_in_a_thread_fails_the_test_with_its_own_error_and_nobody_waits_forever():
    def prepare(n):
        if n == 2:
            raise LookupError("no form")
        return n

    with pytest.raises(LookupError, match="no form"):
        at_once(4, prepare, lambda n, ready: ready)
    with pytest.raises(ZeroDivisionError):
        side_by_side(lambda: None, lambda: 1 / 0)
    assert threading.active_count() < 10
