"""Where a version's text comes from: a Word file, a Markdown file or pasted text, read into sections
within the limits of one import (``ImportLimits``)."""
from __future__ import annotations

import dataclasses
import sys

from consult.core.text import xml_safe
from consult.documents.docx import docx_to_markdown
from consult.documents.importer import ImportLimits, ImportRefused, ParsedSection, parse_markdown
from consult.documents.isolated import run_isolated

ZIP_SIGNATURE = b"PK\x03\x04"


def sections_from_file(data: bytes, limits: ImportLimits) -> list[ParsedSection]:
    """Sections of a Word (.docx, recognised by its zip signature) or Markdown file.

    Raises ``ImportRefused``: not_text when the file is neither, or any refusal of the readers.
    """
    if data.startswith(ZIP_SIGNATURE):
        # The Word text was counted before escaping; escaping may make the Markdown longer.
        return parse_markdown(docx_to_markdown(data, limits), dataclasses.replace(limits, max_characters=sys.maxsize))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("not_text") from None
    return parse_markdown(xml_safe(text), limits)


def sections_from_text(text: str, limits: ImportLimits) -> list[ParsedSection]:
    return parse_markdown(text, limits)


def import_file(data: bytes, limits: ImportLimits) -> list[ParsedSection]:
    """``sections_from_file`` in a child process bounded by ``limits.seconds`` and ``limits.memory_bytes``."""
    return run_isolated(sections_from_file, (data, limits), limits.seconds, limits.memory_bytes)


def import_text(text: str, limits: ImportLimits) -> list[ParsedSection]:
    """``sections_from_text`` in a child process bounded by ``limits.seconds`` and ``limits.memory_bytes``."""
    if len(text) > limits.max_characters:  # refused here, before it is copied to the child
        raise ImportRefused("too_long", {"limit": limits.max_characters})
    return run_isolated(sections_from_text, (text, limits), limits.seconds, limits.memory_bytes)
