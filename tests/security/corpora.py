"""The shared bad-input corpora: naughty strings, XSS and SQL injection payloads."""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def payloads() -> list[str]:
    """Every distinct string of the corpora, in a fixed order. Skipped (or failed under CI) without them."""
    if not CORPORA.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the corpora are missing at {CORPORA}")
        pytest.skip(f"bad-input corpora not found at {CORPORA}")
    found: dict[str, None] = {}
    for raw in json.loads((CORPORA / "blns" / "blns.base64.json").read_text()):
        found[base64.b64decode(raw).decode("utf-8", errors="replace")] = None
    for path in [CORPORA / "xss" / "payloadbox-xss-payload-list.txt", *sorted((CORPORA / "sqli").glob("*.txt"))]:
        for line in path.read_bytes().splitlines():
            found[line.decode("utf-8", errors="replace")] = None
    return [p for p in found if p.strip()]
