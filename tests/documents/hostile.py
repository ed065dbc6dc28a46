"""Hostile import sources, built here so the tests and bench/docimport.py use the same files."""
from __future__ import annotations

import io
import zipfile

import docx


def word_file(*paragraphs: tuple[str, str | None]) -> bytes:
    """A .docx with (text, style) paragraphs; style None is a normal paragraph, 0–3 a heading level."""
    document = docx.Document()
    for text, style in paragraphs:
        if isinstance(style, int):
            document.add_heading(text, style)
        else:
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """The same .docx with one part's bytes replaced, compressed as hard as zip can."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return buffer.getvalue()


def docx_bomb(paragraphs: int = 1_500_000) -> bytes:
    """A small .docx whose word/document.xml unpacks to megabytes of empty paragraphs."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b'<w:p><w:r><w:t>Inleiding</w:t></w:r></w:p>')
    return replace_part(word_file(("x", None)), "word/document.xml", head + b"<w:p/>" * paragraphs + b"</w:body></w:document>")


def identical_headings(count: int) -> str:
    return "".join("# Inleiding\n\nTekst.\n\n" for _ in range(count))


def nested_list(depth: int) -> str:
    """Markdown list items, each one level (four spaces) deeper than the one before."""
    return "# Acties\n\n" + "\n".join("    " * level + f"* niveau {level}" for level in range(depth)) + "\n"


def truncated_docx() -> bytes:
    data = word_file(("Inleiding", 1), ("De regio werkt samen.", None))
    return data[: len(data) // 2]


def brackets(count: int) -> str:
    """Pasted text that Python-Markdown's link pattern takes minutes over: thousands of '[' in a row."""
    return "# Inleiding\n\n" + "[" * count + "x" + "]" * count + "\n"


def allocate(megabytes: int) -> int:
    """Run in the import's child process: asks for more memory than it may have."""
    return len(bytearray(megabytes * 1024 * 1024))
