from __future__ import annotations

from dataclasses import dataclass

from consult.audit.services import record_event
from consult.documents.importer import Omission, ParsedSection, parse_markdown
from consult.documents.models import Document, DocumentKind, DocumentVersion, Section
from consult.extensions import db
from consult.organisations.models import Organisation


def add_version(document: Document, sections: list[ParsedSection], author=None, note: str = "",
                omissions: list[Omission] = ()) -> DocumentVersion:
    """Add the next version of ``document`` with these parsed sections (see sources.py for reading them)
    and what their import could not carry over (shown on the version page before anyone publishes it).

    Reactions stay tied to the version and section they were made on; a new version never moves them.
    """
    number = (document.latest_version.number + 1) if document.versions else 1
    version = DocumentVersion(document=document, number=number, note=note, created_by_id=getattr(author, "id", None),
                              omissions=[omission.as_dict() for omission in omissions])
    for position, parsed in enumerate(sections):
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
    if author is not None:
        db.session.flush()
        record_event(author, "document_version_added", version, document.organisation_id, number=number)
    return version


def add_version_from_markdown(document: Document, text: str, author=None, note: str = "") -> DocumentVersion:
    """``add_version`` for a trusted Markdown text (demo data, tests), read without import limits."""
    return add_version(document, parse_markdown(text), author, note)


def create_document(organisation: Organisation, title: str, kind: DocumentKind, sections: list[ParsedSection],
                    author, omissions: list[Omission] = (), submission_key: str | None = None) -> Document:
    """A new document with its first version. ``submission_key``: the form's one-time key
    (``consult.core.submission``)."""
    document = Document(organisation=organisation, title=title, kind=kind, submission_key=submission_key)
    db.session.add(document)
    add_version(document, sections, author, omissions=omissions)
    return document


@dataclass
class SectionChange:
    section: Section
    change: str  # "new", "changed" or "same"


def compare_versions(old: DocumentVersion, new: DocumentVersion) -> tuple[list[SectionChange], list[Section]]:
    """Per section of ``new``: new, changed or the same as in ``old`` (matched by anchor); and the
    sections of ``old`` that are gone."""
    before = {s.anchor: s for s in old.sections}
    changes = []
    for section in new.sections:
        previous = before.pop(section.anchor, None)
        if previous is None:
            changes.append(SectionChange(section, "new"))
        elif (previous.title, previous.body_html) != (section.title, section.body_html):
            changes.append(SectionChange(section, "changed"))
        else:
            changes.append(SectionChange(section, "same"))
    return changes, list(before.values())
