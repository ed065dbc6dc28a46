"""The file writers every export uses: CSV and JSON line by line, XLSX through openpyxl's write-only mode.

Every CSV the product writes comes from ``csv_stream`` (or ``csv_text``, the same as one string): ';'
between fields, which a Dutch spreadsheet opens directly, a BOM so Excel reads UTF-8, and every cell
through ``spreadsheet_cell``, as in the XLSX writer. Every text leaves through ``xml_safe``
(``consult.core.text``), so text stored before that rule cannot break a file.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context
from openpyxl import Workbook

from consult.core.text import xml_safe, xml_safe_data

CSV_SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_cell(value):
    """A value as a CSV or XLSX cell: without characters XML forbids, and never a live formula."""
    return neutralise(xml_safe(value))


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR)
    yield "\ufeff"  # BOM: Excel reads the file as UTF-8
    writer.writerow([spreadsheet_cell(value) for value in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """The same file as one string, for a file inside a zip."""
    return "".join(csv_stream(header, rows))


def csv_response(name: str, header: list[str], rows: Iterable[list]) -> Response:
    """A CSV download, streamed; the rows are read while the response is sent."""
    return Response(stream_with_context(csv_stream(header, rows)), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def xlsx_file(header: list[str], rows: Iterable[list], sheet_name: str = "Reacties") -> tempfile.SpooledTemporaryFile:
    """Write-only workbook: rows go to disk as they come; the file is streamed afterwards."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append([spreadsheet_cell(value) for value in header])
    for row in rows:
        sheet.append([spreadsheet_cell(value) for value in row])
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(target)
    target.seek(0)
    return target


def json_stream(records: Iterable[dict], meta: dict) -> Iterator[str]:
    yield '{"consultation": ' + json.dumps(xml_safe_data(meta), ensure_ascii=False) + ', "reactions": ['
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(xml_safe_data(record), ensure_ascii=False)
    yield "\n]}\n"
