from flask_babel import lazy_gettext as _l
from wtforms import FileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.core.forms import BaseForm, choices, fits
from consult.documents.docx import UnreadableDocument, docx_to_markdown
from consult.documents.importer import parse_markdown
from consult.documents.models import Document, DocumentKind

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

KIND_CHOICES = [
    (DocumentKind.SOCIAL_AGENDA.value, _l("Social agenda")),
    (DocumentKind.STRATEGIC_AGENDA.value, _l("Strategic agenda")),
    (DocumentKind.ACTION_PROGRAMME.value, _l("Action programme")),
    (DocumentKind.POLICY_FRAMEWORK.value, _l("Policy framework")),
    (DocumentKind.OTHER.value, _l("Other document")),
]


class VersionSourceMixin:
    """The text of a version: a Word or Markdown file, or pasted text. Read into ``self.markdown``."""

    source_file = FileField(
        _l("File"),
        description=_l("A Word file (.docx) or a Markdown file (.md). Headings in the file become numbered sections."),
    )
    source_text = TextAreaField(
        _l("Or paste the text"),
        description=_l("Start a chapter with '# ' and a paragraph with '## ' on a new line."),
        validators=[Length(max=500_000, message=_l("The text is too long."))],
    )

    def validate_source_text(self, field):
        upload = self.source_file.data
        if upload and getattr(upload, "filename", ""):
            data = upload.read(MAX_DOCUMENT_SIZE + 1)
            if len(data) > MAX_DOCUMENT_SIZE:
                raise ValidationError(_l("The file is larger than 10 MB."))
            self.markdown = self._read_file(upload.filename, data)
        elif field.data and field.data.strip():
            self.markdown = field.data
        else:
            raise ValidationError(_l("Choose a file or paste the text."))
        if not parse_markdown(self.markdown):
            raise ValidationError(_l("We found no text in it."))

    @staticmethod
    def _read_file(filename: str, data: bytes) -> str:
        if data.startswith(b"PK\x03\x04"):
            try:
                return docx_to_markdown(data)
            except UnreadableDocument:
                raise ValidationError(_l("We cannot read this Word file. Save it again as .docx and try again.")) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_l("This is not a Word (.docx) or Markdown (.md) file.")) from None


class DocumentForm(VersionSourceMixin, BaseForm):
    organisation = SelectField(_l("Municipality or region"), choices=[], validate_choice=True)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")), fits(Document.title, _l("Use at most 300 characters."))])
    kind = SelectField(_l("Kind of document"), choices=choices(KIND_CHOICES))


class VersionForm(VersionSourceMixin, BaseForm):
    note = StringField(_l("What changed?"), validators=[Optional(), Length(max=500, message=_l("Use at most 500 characters."))])
