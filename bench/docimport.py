"""Time and web-process memory of importing hostile documents, with the default limits.

    .venv/bin/python -m bench.docimport            # bounded imports, as the web process runs them
    .venv/bin/python -m bench.docimport --inline   # the same readers in this process, without the child
                                                   # process (slow cases are skipped: they take minutes)
"""
from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace
from pathlib import Path

from consult.documents.importer import ImportLimits, ImportRefused
from consult.documents.sources import import_file, import_text, sections_from_file, sections_from_text
from tests.documents import hostile

FIXTURE = Path("/work/shared/fixtures/strategische-agenda-flevoland.docx")


def cases():
    yield "realistic Word draft (fixture, 40 KB)", "file", FIXTURE.read_bytes(), False
    yield "Word bomb: 47 KB, 9 MB document.xml, 1.5 M paragraphs", "file", hostile.docx_bomb(1_500_000), True
    yield "truncated .docx", "file", hostile.truncated_docx(), False
    yield "1,000 identical headings", "text", hostile.identical_headings(1_000), False
    yield "10,000 identical headings", "text", hostile.identical_headings(10_000), True
    yield "list nested 260 levels", "text", hostile.nested_list(260), False
    yield "5,000 '[' (10 KB)", "text", hostile.brackets(5_000), True
    yield "20,000 '[' (40 KB)", "text", hostile.brackets(20_000), True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inline", action="store_true")
    arguments = parser.parse_args()
    limits = ImportLimits()
    if not arguments.inline:
        import_text("# Inleiding", limits)  # a first child (or the fork server's start, see isolated.py)
    for name, kind, source, slow in list(cases()):
        if arguments.inline and slow:
            print(f"{name}: skipped inline (minutes)")
            continue
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            if arguments.inline:
                read = sections_from_file if kind == "file" else sections_from_text
                outcome = f"{len(read(source, replace(limits, max_sections=10**9, max_depth=10**9)).sections)} sections"
            else:
                outcome = f"{len((import_file if kind == 'file' else import_text)(source, limits).sections)} sections"
        except ImportRefused as refusal:
            outcome = f"refused: {refusal.reason}"
        except RecursionError:
            outcome = "RecursionError"
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
        print(f"{name}: {outcome} in {time.perf_counter() - started:.2f} s, web process peak +{grown:.0f} MB, "
              f"largest import process so far {children:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
