from flask import current_app
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from wtforms import FileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, StopValidation, ValidationError

from consult.core.forms import BaseForm, at_most, choices, fits
from consult.core.submission import SubmissionKey
from consult.documents.importer import ImportLimits, ImportRefused
from consult.documents.models import Document, DocumentKind
from consult.documents.sources import import_file, import_text

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

KIND_CHOICES = [
    (DocumentKind.SOCIAL_AGENDA.value, _l("Social agenda")),
    (DocumentKind.STRATEGIC_AGENDA.value, _l("Strategic agenda")),
    (DocumentKind.ACTION_PROGRAMME.value, _l("Action programme")),
    (DocumentKind.POLICY_FRAMEWORK.value, _l("Policy framework")),
    (DocumentKind.OTHER.value, _l("Other document")),
]


# What the official reads beside the field when an import is refused; figures come with the refusal.
REFUSALS = {
    "not_text": _l("This is not a Word (.docx) or Markdown (.md) file."),
    "unreadable_docx": _l("We cannot read this Word file. Save it again as .docx and try again."),
    "too_large_unpacked": _l("This Word file unpacks to more than %(limit)s MB. "
                             "Make it smaller, for example by taking out pictures."),
    "too_many_paragraphs": _l("This Word file has more than %(limit)s paragraphs. Split it into parts."),
    "too_long": _l("The text has more than %(limit)s characters. Split it into parts."),
    "too_deep": _l("Line %(line)s is nested %(depth)s levels deep. At most %(limit)s levels are possible."),
    "too_many_sections": _l("The text has more than %(limit)s headings. Split it into parts."),
    "heading_too_long": _l("The heading that starts with '%(start)s' is longer than %(limit)s characters. "
                           "Make it shorter."),
    "too_slow": _l("Reading the text took longer than %(limit)s seconds, so we stopped. "
                   "Split it into parts, or paste the text without its layout."),
    "too_much_memory": _l("Reading the text needed more than %(limit)s MB of memory, so we stopped. "
                          "Split it into parts."),
    "failed": _l("We could not read this text. Try again, or paste the text without its layout."),
}


class VersionSourceMixin:
    """The text of a version: a Word or Markdown file, or pasted text, read into ``self.sections`` and
    ``self.omissions`` (what the import could not carry over).

    Every import is bounded by the DOCUMENT_* settings; a refused one gets a message beside the field
    it came from, and the pasted text stays in the form.
    """

    source_file = FileField(
        _l("File"),
        description=_l("A Word file (.docx) or a Markdown file (.md). Headings in the file become numbered sections. "
                       "Tables, lists, footnotes and links stay. After saving you see what could not be carried over."),
    )
    source_text = TextAreaField(
        _l("Or paste the text"),
        description=_l("Start a chapter with '# ' and a paragraph with '## ' on a new line."),
    )

    def validate_source_text(self, field):
        limits = ImportLimits.from_config(current_app.config)
        upload = self.source_file.data
        if upload and getattr(upload, "filename", ""):
            data = upload.read(MAX_DOCUMENT_SIZE + 1)
            if len(data) > MAX_DOCUMENT_SIZE:
                raise self._file_error(_l("The file is larger than 10 MB."))
            read, source, source_field = import_file, data, self.source_file
        elif field.data and field.data.strip():
            read, source, source_field = import_text, field.data, field
        else:
            raise ValidationError(_l("Choose a file or paste the text."))
        try:
            imported = read(source, limits)
        except ImportRefused as refusal:
            figures = {key: format_number(value) if isinstance(value, int) else value
                       for key, value in refusal.figures.items()}
            raise self._refusal(REFUSALS[refusal.reason] % figures, source_field) from None
        self.sections, self.omissions = imported.sections, imported.omissions
        if not self.sections:
            raise self._refusal(_l("We found no text in it."), source_field)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return valid and not self.source_file.errors

    def _refusal(self, message, source_field) -> ValidationError:
        return self._file_error(message) if source_field is self.source_file else ValidationError(message)

    def _file_error(self, message) -> StopValidation:
        """A problem with the file: shown beside the file field; the text field stays without error."""
        self.source_file.errors.append(message)
        return StopValidation()


class DocumentForm(SubmissionKey, VersionSourceMixin, BaseForm):
    organisation = SelectField(_l("Municipality or region"), choices=[], validate_choice=True)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Fill in a title.")), fits(Document.title)])
    kind = SelectField(_l("Kind of document"), choices=choices(KIND_CHOICES))


class VersionForm(VersionSourceMixin, BaseForm):
    note = StringField(_l("What changed?"), validators=[Optional(), at_most(500)])
