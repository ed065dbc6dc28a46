"""The queue's date filters: a day in the year 1 or 9999 overflowed as a moment (a 500); now the queue shows
with a message beside the filter, and filters without it (finding 1 of the second outside test, as a kind)."""
import pytest


@pytest.mark.parametrize("args", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=1999-12-31&date_to=2101-01-01"])
def test_a_date_filter_far_off_shows_the_queue_with_a_message(client, login, make_user, make_consultation, args):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    page = client.get(f"/beheer/consultaties/{consultation.slug}/moderatie?{args}")
    assert page.status_code == 200
    assert page.text.count("Vul een datum in tussen 2000 en 2100.") == args.count("=")
    assert 'aria-invalid="true"' in page.text
