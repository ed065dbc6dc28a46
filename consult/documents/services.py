from __future__ import annotations

from consult.documents.importer import parse_markdown
from consult.documents.models import Document, DocumentVersion, Section
from consult.extensions import db


def add_version_from_markdown(document: Document, text: str, author=None, note: str = "") -> DocumentVersion:
    """Add the next version of ``document`` with sections parsed from Markdown."""
    number = (document.latest_version.number + 1) if document.versions else 1
    version = DocumentVersion(document=document, number=number, note=note, created_by_id=getattr(author, "id", None))
    for position, parsed in enumerate(parse_markdown(text)):
        version.sections.append(
            Section(
                position=position,
                number=parsed.number,
                level=parsed.level,
                anchor=parsed.anchor,
                title=parsed.title,
                body_html=parsed.body_html,
            )
        )
    db.session.add(version)
    return version
