"""Word files (.docx) to the Markdown our importer reads: Word's headings become sections."""
from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.opc.exceptions import PackageNotFoundError

HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


class UnreadableDocument(ValueError):
    pass


def docx_to_markdown(data: bytes) -> str:
    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableDocument(str(error)) from error
    lines: list[str] = []
    in_list = False
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = HEADING_STYLE.match(style)
        is_list_item = style.lower().startswith("list")
        if in_list and not is_list_item:
            lines.append("")  # a blank line ends the Markdown list
        in_list = is_list_item
        if heading:
            lines.append(f"{'#' * min(int(heading.group(1)), 3)} {text}")
        elif style.lower() == "title":
            continue  # the document's own title; the official types the title in the form
        elif is_list_item:
            lines.append(f"* {_escape(text)}")
            continue
        else:
            lines.append(_escape(text))
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _escape(text: str) -> str:
    # Word text is plain text: keep Markdown from reading a leading '#', '*' or '1.' as structure.
    return re.sub(r"^([#*+\-]|\d+\.)", r"\\\1", text)
