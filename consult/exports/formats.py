"""Streaming writers: CSV and JSON line by line, XLSX through openpyxl's write-only mode."""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from consult.exports.rows import neutralise


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch Excel opens ';'-separated files directly
    yield "\ufeff"  # BOM: Excel reads the file as UTF-8
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(header: list[str], rows: Iterable[list]) -> tempfile.SpooledTemporaryFile:
    """Write-only workbook: rows go to disk as they come; the file is streamed afterwards."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reacties")
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(target)
    target.seek(0)
    return target


def json_stream(records: Iterable[dict], meta: dict) -> Iterator[str]:
    yield '{"consultation": ' + json.dumps(meta, ensure_ascii=False) + ', "reactions": ['
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"
