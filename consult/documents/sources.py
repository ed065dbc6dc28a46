"""Where a version's text comes from: a Word file, a Markdown or text file in any common encoding, or
pasted text, read into sections within the limits of one import (``ImportLimits``)."""
from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from consult.core.text import xml_safe
from consult.documents.docx import read_docx
from consult.documents.importer import ImportedText, ImportLimits, ImportRefused, read_markdown
from consult.documents.isolated import run_isolated

ZIP_SIGNATURE = b"PK\x03\x04"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Single-byte code pages charset-normalizer may name for a Dutch text; Windows-1252 is what Word and
# Notepad on a Dutch Windows write, and it decodes what these do for Dutch letters.
WESTERN_SINGLE_BYTE = {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "mac_roman", "cp850"}
# A decoded text with more than this share of control characters was not text to begin with.
MAX_CONTROL_SHARE = 0.01


def sections_from_file(data: bytes, limits: ImportLimits) -> ImportedText:
    """Sections of a Word (.docx, recognised by its zip signature) or Markdown file.

    Raises ``ImportRefused``: not_text when the file is neither, or any refusal of the readers.
    """
    if data.startswith(ZIP_SIGNATURE):
        return read_docx(data, limits)
    return read_markdown(xml_safe(decode_text(data)), limits)


def decode_text(data: bytes) -> str:
    """The text of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or what
    charset-normalizer finds (Windows-1252 for most Dutch files that are not UTF-8).

    Raises ``ImportRefused("not_text")`` for bytes that are no text in any of these.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(UTF16_BOMS):
        try:
            return _plausible(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ImportRefused("not_text") from None
    best = from_bytes(data).best()
    if best is None:
        raise ImportRefused("not_text")
    encoding = "cp1252" if best.encoding in WESTERN_SINGLE_BYTE else best.encoding
    try:
        return _plausible(data.decode(encoding))
    except UnicodeDecodeError:
        return _plausible(str(best))


def _plausible(text: str) -> str:
    controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\t\n\r\f")
    if not text.strip() or controls > MAX_CONTROL_SHARE * len(text):
        raise ImportRefused("not_text")
    return text


def sections_from_text(text: str, limits: ImportLimits) -> ImportedText:
    return read_markdown(text, limits)


def import_file(data: bytes, limits: ImportLimits) -> ImportedText:
    """``sections_from_file`` in a child process bounded by ``limits.seconds`` and ``limits.memory_bytes``."""
    return run_isolated(sections_from_file, (data, limits), limits.seconds, limits.memory_bytes)


def import_text(text: str, limits: ImportLimits) -> ImportedText:
    """``sections_from_text`` in a child process bounded by ``limits.seconds`` and ``limits.memory_bytes``."""
    if len(text) > limits.max_characters:  # refused here, before it is copied to the child
        raise ImportRefused("too_long", {"limit": limits.max_characters})
    return run_isolated(sections_from_text, (text, limits), limits.seconds, limits.memory_bytes)
