"""The shared bad-input corpora: naughty strings, XSS and SQL injection payloads."""
from __future__ import annotations

import base64
import json
import os
from functools import cache
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


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


def payloads() -> list[str]:
    """Every distinct string of the corpora, in a fixed order. Skipped (or failed under CI) without them."""
    return [text for strings in _by_source().values() for text in strings]


def sample(step: int = 7) -> list[str]:
    """A fixed, stratified part of ``payloads()`` (1,708 of 8,362 strings): every string of the big list
    of naughty strings (the most varied: unicode, right-to-left, control characters, very long, injections
    of every kind) and every ``step``-th string of the XSS list and of the SQL injection lists, which are
    long runs of variants of a few ideas. With BAD_INPUT_FULL=1 in the environment: all of them."""
    if os.environ.get("BAD_INPUT_FULL") == "1":
        return payloads()
    by_source = _by_source()
    return [*by_source["blns"], *by_source["xss"][::step], *by_source["sqli"][::step]]
