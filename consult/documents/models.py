from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.core.sanitize import clean_rich_text
from consult.core.submission import HasSubmissionKey
from consult.extensions import db
from consult.organisations.models import Organisation


class DocumentKind(enum.Enum):
    STRATEGIC_AGENDA = "strategic_agenda"
    SOCIAL_AGENDA = "social_agenda"
    ACTION_PROGRAMME = "action_programme"
    POLICY_FRAMEWORK = "policy_framework"
    OTHER = "other"


class Document(HasSubmissionKey, db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number", cascade="all, delete-orphan"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="document", order_by="Theme.position"
    )

    @property
    def latest_version(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None


class DocumentVersion(db.Model):
    __tablename__ = "document_versions"
    __table_args__ = (sa.UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # What the import could not carry over from the file: [{"kind", "detail", "count"}] (sectioning.Omission).
    omissions: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    document: Mapped[Document] = relationship(back_populates="versions")
    sections: Mapped[list[Section]] = relationship(
        back_populates="version", order_by="Section.position", cascade="all, delete-orphan"
    )


class Section(db.Model):
    """A numbered heading of one version. ``anchor`` stays the same across versions."""

    __tablename__ = "sections"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "anchor"),
        sa.Index("ix_sections_version_position", "version_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("document_versions.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    number: Mapped[str] = mapped_column(sa.String(20))
    level: Mapped[int] = mapped_column(default=1)
    anchor: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(300))
    body_html: Mapped[str] = mapped_column(sa.Text, default="")

    version: Mapped[DocumentVersion] = relationship(back_populates="sections")

    @validates("body_html")
    def _clean_body_html(self, _key: str, html: str | None) -> str:
        """Cleaned once, when written: pages show the stored HTML as it is (``stored_html``)."""
        return clean_rich_text(html or "")

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()  # the text before the first heading has no number


class Theme(db.Model):
    """A priority or opgave; the coding scheme of a consultation starts from these."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # The bestuurlijk duo: the two portfolio holders who steer this priority.
    owners: Mapped[str] = mapped_column(sa.String(300), default="")

    organisation: Mapped[Organisation] = relationship()
    document: Mapped[Document | None] = relationship(back_populates="themes")
