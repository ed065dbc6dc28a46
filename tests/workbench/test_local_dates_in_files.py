"""Dates in files as people here lived them (issue 14 §2): open data and the officials' CSV/XLSX give the
day in Europe/Amsterdam and moments in ISO 8601 with their offset, never the UTC day."""
import csv
import io
import json
import re
from datetime import UTC, date, datetime

import openpyxl

from consult.core.i18n import AMSTERDAM, iso_day, iso_moment
from consult.reactions.models import Channel, ReactionStatus
from tests.conftest import csrf_token

# A letter received on 25 November at 00:30 Dutch time: 24 November 23:30 in UTC.
LETTER = datetime(2026, 11, 25, 0, 30, tzinfo=AMSTERDAM)


def test_one_helper_gives_the_local_day_and_the_moment_with_its_offset():
    assert iso_day(LETTER.astimezone(UTC)) == "2026-11-25"
    assert iso_moment(LETTER.astimezone(UTC)) == "2026-11-25T00:30:00+01:00"
    assert iso_moment(datetime(2026, 7, 1, 13, 30, tzinfo=UTC)) == "2026-07-01T15:30:00+02:00"  # summer time
    assert iso_moment(datetime(2026, 7, 1, 13, 30)) == "2026-07-01T15:30:00+02:00"  # naive means UTC  # noqa: DTZ001
    assert iso_day(date(2026, 11, 25)) == "2026-11-25" and iso_day(None) is None and iso_moment(None) is None


def cells(rows, header, name):
    return [row[header.index(name)] for row in rows[1:]]


def test_the_officials_csv_and_xlsx_give_the_moment_with_its_offset(client, workbench, make_reaction, run_jobs):
    make_reaction(workbench, channel=Channel.LETTER, author_name="Familie Jansen", received_at=LETTER.astimezone(UTC),
                  submitted_at=LETTER.astimezone(UTC))

    text = client.get(f"/beheer/consultaties/{workbench.slug}/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert cells(rows, rows[0], "Ontvangen") == ["2026-11-25T00:30:00+01:00"]

    queue = client.get(f"/beheer/consultaties/{workbench.slug}/moderatie").text
    client.post(f"/beheer/consultaties/{workbench.slug}/export.xlsx", data={"csrf_token": csrf_token(queue)})
    run_jobs()
    queue = client.get(f"/beheer/consultaties/{workbench.slug}/moderatie").text
    download = client.get(re.search(r'href="(/beheer/bestanden/\d+)">Download het Excel-bestand', queue).group(1))
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    download.close()
    values = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert cells(values, values[0], "Ontvangen") == ["2026-11-25T00:30:00+01:00"]


def test_open_data_gives_the_local_day_and_moments_with_their_offset(client, make_consultation, make_reaction, session):
    consultation = make_consultation()
    consultation.opens_at = datetime(2026, 9, 1, 9, 0, tzinfo=AMSTERDAM)
    consultation.closes_at = datetime(2026, 12, 28, 9, 0, tzinfo=AMSTERDAM)
    session.commit()
    make_reaction(consultation, channel=Channel.LETTER, status=ReactionStatus.APPROVED,
                  received_at=LETTER.astimezone(UTC), submitted_at=LETTER.astimezone(UTC))

    data = json.loads(client.get(f"/consultaties/{consultation.slug}/open-data.json").data)
    assert data["reactions"][0]["date"] == "2026-11-25"
    assert (data["consultation"]["opens_at"], data["consultation"]["closes_at"]) == ("2026-09-01T09:00:00+02:00", "2026-12-28T09:00:00+01:00")
    rows = list(csv.reader(io.StringIO(
        client.get(f"/consultaties/{consultation.slug}/open-data.csv").get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert cells(rows, rows[0], "date") == ["2026-11-25"]


def test_a_persons_own_data_gives_moments_with_their_offset(app, make_consultation, make_reaction):
    from consult.privacy.services import personal_data

    consultation = make_consultation()
    make_reaction(consultation, channel=Channel.LETTER, author_email="jansen@example.org",
                  received_at=LETTER.astimezone(UTC), submitted_at=LETTER.astimezone(UTC))
    with app.test_request_context():
        data = personal_data("jansen@example.org")
    assert data["reactions"][0]["received_at"] == "2026-11-25T00:30:00+01:00"
    assert data["reactions"][0]["submitted_at"] == "2026-11-25T00:30:00+01:00"
