"""The shared bad-input corpora: naughty strings, XSS and SQL injection payloads."""
from __future__ import annotations

import base64
import json
import os
from functools import cache
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

# Our own list, sent with every sample: text that shows nothing (zero-width and format characters, direction
# marks and embeddings, other spaces). Every form must take it as empty.
INVISIBLE_ONLY = (
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200b\u200c\u200d\u2060\ufeff",
    "\u200e", "\u200f", "\u200e\u200f", "\u202a\u202b\u202c\u202d\u202e", "\u2066\u2067\u2068\u2069",
    "\u061c\u180e\u00ad", " \u00a0\u2007\u202f\u3000 ", "\u200b \u200f \u2060",
)


@cache
def _by_source() -> dict[str, tuple[str, ...]]:
    """Each list's distinct, non-blank strings in file order; a string is counted with the first list that has it."""
    if not CORPORA.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the corpora are missing at {CORPORA}")
        pytest.skip(f"bad-input corpora not found at {CORPORA}")
    found: dict[str, str] = {}
    for raw in json.loads((CORPORA / "blns" / "blns.base64.json").read_text()):
        found.setdefault(base64.b64decode(raw).decode("utf-8", errors="replace"), "blns")
    for source, paths in (("xss", [CORPORA / "xss" / "payloadbox-xss-payload-list.txt"]),
                          ("sqli", sorted((CORPORA / "sqli").glob("*.txt")))):
        for path in paths:
            for line in path.read_bytes().splitlines():
                found.setdefault(line.decode("utf-8", errors="replace"), source)
    lists: dict[str, list[str]] = {"blns": [], "xss": [], "sqli": []}
    for text, source in found.items():
        if text.strip():
            lists[source].append(text)
    return {source: tuple(strings) for source, strings in lists.items()}


def _every_string() -> list[str]:
    return [text for strings in _by_source().values() for text in strings] + list(INVISIBLE_ONLY)


def _stratified(blns_step: int, step: int) -> list[str]:
    """Every ``blns_step``-th string of the big list of naughty strings (the most varied: unicode,
    right-to-left, control characters, very long, injections of every kind) and every ``step``-th string
    of the XSS list and of the SQL injection lists, which are long runs of variants of a few ideas."""
    by_source = _by_source()
    return [*by_source["blns"][::blns_step], *by_source["xss"][::step], *by_source["sqli"][::step], *INVISIBLE_ONLY]


def _depth() -> str:
    """How much of the corpora this run sends: "full" with BAD_INPUT_FULL=1; "ci" under CI=true (what
    .ci/run does) on SQLite; else "quick": a plain `make test`, so that it stays within ten minutes, and CI
    on PostgreSQL, where the same code paths already ran with the CI strings on SQLite (both runs of CI
    together must end well within its 90 minutes on this 2-core machine)."""
    if os.environ.get("BAD_INPUT_FULL") == "1":
        return "full"
    if os.environ.get("CI") == "true" and not os.environ.get("TEST_DATABASE_URL"):
        return "ci"
    return "quick"


def payloads() -> list[str]:
    """The strings for the reaction form and the pages that show them: in CI on SQLite every distinct
    string of the corpora (8,362); else 585 (every 3rd naughty string, every 21st payload). Skipped (or
    failed under CI) without the corpora."""
    return _every_string() if _depth() in ("full", "ci") else _stratified(3, 21)


def sample() -> list[str]:
    """For every other form: in CI on SQLite a fixed, stratified part of the corpora (684 of 8,362 strings:
    every 2nd naughty string, every 21st XSS and SQL payload); else every 6th naughty string and every
    80th payload (212); with BAD_INPUT_FULL=1 all of them. Every sample ends with INVISIBLE_ONLY."""
    depth = _depth()
    if depth == "full":
        return _every_string()
    return _stratified(2, 21) if depth == "ci" else _stratified(6, 80)


def xss() -> list[str]:
    """Every distinct string of the XSS list (6,584 short lines): cheap enough for plain functions."""
    return list(_by_source()["xss"])


def xss_sample() -> list[str]:
    """The XSS list for a plain function that takes ~6 ms a string: all of it in CI on SQLite, every 3rd
    string otherwise."""
    return xss() if _depth() in ("full", "ci") else xss()[::3]
