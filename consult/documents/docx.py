"""Word files (.docx) to the Markdown our importer reads: Word's headings become sections.

A .docx is a zip of XML parts that python-docx reads whole into memory, so the zip's own directory
is checked first: a few kilobytes may unpack to gigabytes. Word text is plain text: every character
Markdown or HTML would read as markup is escaped, so '<naam gemeente>' and '*x*' stay as typed.
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx

from consult.documents.importer import ImportLimits, ImportRefused

HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
# A paragraph element in any namespace prefix; counted in the raw XML before python-docx builds a tree.
PARAGRAPH_TAG = re.compile(rb"<(?:[\w.-]+:)?p[\s/>]")
# Python-Markdown's backslash escapes; '&' and '<' become entities, which it passes through.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
MAIN_PART = "word/document.xml"


class UnreadableDocument(ImportRefused):
    def __init__(self, detail: str = ""):
        super().__init__("unreadable_docx", {"detail": detail})


def docx_to_markdown(data: bytes, limits: ImportLimits | None = None) -> str:
    """Markdown for the paragraphs of a Word file.

    Raises ``UnreadableDocument`` for anything python-docx cannot read (a damaged or truncated zip,
    broken XML), and ``ImportRefused`` (too_large_unpacked, too_many_paragraphs, too_long) before
    the expensive reading when the file is beyond ``limits``.
    """
    limits = limits or ImportLimits()
    _check_package(data, limits)
    try:
        document = docx.Document(BytesIO(data))
        paragraphs = [(p.text, (p.style.name if p.style is not None else "") or "") for p in document.paragraphs]
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001  python-docx, zipfile and lxml fail in many ways on damaged files
        raise UnreadableDocument(f"{type(error).__name__}: {error}") from error
    lines: list[str] = []
    in_list = False
    characters = 0
    for raw_text, style in paragraphs:
        text = "\n".join(line.strip() for line in raw_text.split("\n") if line.strip())
        if not text:
            continue
        characters += len(text)
        if characters > limits.max_characters:
            raise ImportRefused("too_long", {"limit": limits.max_characters})
        heading = HEADING_STYLE.match(style)
        is_list_item = style.lower().startswith("list")
        if in_list and not is_list_item:
            lines.append("")  # a blank line ends the Markdown list
        in_list = is_list_item
        if heading:
            # A title is stored and shown as plain text, so it is not escaped; it must stay one line.
            lines.append(f"{'#' * min(int(heading.group(1)), 3)} {' '.join(text.split())}")
        elif style.lower() == "title":
            continue  # the document's own title; the official types the title in the form
        elif is_list_item:
            lines.append(f"* {escape_markdown(text)}")
            continue
        else:
            lines.append(escape_markdown(text))
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders exactly this text, line breaks included."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def _check_package(data: bytes, limits: ImportLimits) -> None:
    """Refuse, from the zip's directory and the raw main part, what would cost too much to read.

    zipfile stops every part at the size its directory gives, so those sizes can be trusted.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            if unpacked > limits.max_uncompressed_bytes:
                raise ImportRefused("too_large_unpacked", {"limit": limits.max_uncompressed_bytes // (1024 * 1024)})
            main = package.read(MAIN_PART)
    except ImportRefused:
        raise
    except Exception as error:  # noqa: BLE001  a damaged zip raises BadZipFile, zlib.error, EOFError, KeyError…
        raise UnreadableDocument(f"{type(error).__name__}: {error}") from error
    for count, _ in enumerate(PARAGRAPH_TAG.finditer(main), start=1):
        if count > limits.max_paragraphs:
            raise ImportRefused("too_many_paragraphs", {"limit": limits.max_paragraphs})
