from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from consult.core import uploads
from consult.core.forms import BaseForm, choices
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Publication

MAX_REACTION_LENGTH = 20_000
MAX_FILES = 5

PUBLICATION_CHOICES = [
    (Publication.NAMED.value, _l("Yes, with my name")),
    (Publication.ANONYMOUS.value, _l("Yes, without my name (anonymous)")),
    (Publication.NOT_PUBLISHED.value, _l("No, do not publish my reaction")),
]

ORGANISATION_KIND_CHOICES = [
    ("", _l("Choose a kind")),
    (OrganisationKind.CARE_PROVIDER.value, _l("Care provider")),
    (OrganisationKind.HOUSING_CORPORATION.value, _l("Housing corporation")),
    (OrganisationKind.CLIENT_COUNCIL.value, _l("Client representation")),
    (OrganisationKind.ADVISORY_COUNCIL.value, _l("Advisory or participation council")),
    (OrganisationKind.WELFARE.value, _l("Welfare organisation")),
    (OrganisationKind.HEALTH_INSURER.value, _l("Health insurer")),
    (OrganisationKind.OTHER.value, _l("Other organisation")),
]


class ReactionTextMixin:
    body = TextAreaField(
        _l("Your reaction"),
        description=_l("Write what you think and why. You can use up to 20,000 characters."),
        validators=[
            DataRequired(_l("Write your reaction.")),
            Length(max=MAX_REACTION_LENGTH, message=_l("Your reaction is too long: use at most 20,000 characters. Nothing was lost: shorten the text or add it as a file.")),
        ],
    )
    publication = RadioField(
        _l("May we publish your reaction on this website?"),
        choices=choices(PUBLICATION_CHOICES),
        validators=[DataRequired(_l("Choose whether we may publish your reaction."))],
    )


class ReactionForm(ReactionTextMixin, BaseForm):
    section = SelectField(_l("What is your reaction about?"), choices=[], validate_choice=True)
    quote = TextAreaField(
        _l("Passage you react on"),
        description=_l("Copy the sentence from the text that your reaction is about."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most 2,000 characters for the passage."))],
    )
    author_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Fill in your name.")), Length(max=200, message=_l("Use at most 200 characters."))]
    )
    author_email = EmailField(
        _l("Your e-mail address"),
        description=_l("We send you a link to confirm your reaction. We never publish your e-mail address."),
        validators=[
            DataRequired(_l("Fill in your e-mail address.")),
            Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
            Length(max=254, message=_l("Use at most 254 characters.")),
        ],
    )
    author_place = StringField(_l("Place of residence"), validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters."))])
    organisation_name = StringField(
        _l("On behalf of an organisation"),
        description=_l("Only fill this in if you react for an organisation."),
        validators=[Optional(), Length(max=200, message=_l("Use at most 200 characters."))],
    )
    organisation_kind = SelectField(_l("Kind of organisation"), choices=choices(ORGANISATION_KIND_CHOICES), validators=[Optional()])
    attachments = MultipleFileField(
        _l("Files"),
        description=_l("Optional. PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG; at most 5 files of 10 MB each."),
    )
    privacy = BooleanField(
        _l("I have read the privacy statement. The municipality may use my data to handle my reaction."),
        validators=[DataRequired(_l("You must agree to the privacy statement to send your reaction."))],
    )
    submission_key = HiddenField()

    def validate_body(self, field):
        if not field.data or not field.data.strip():
            raise ValidationError(_l("Write your reaction."))

    def validate_organisation_kind(self, field):
        if self.organisation_name.data and not field.data:
            raise ValidationError(_l("Choose what kind of organisation it is."))

    def validate_attachments(self, field):
        files = [f for f in field.data or [] if f and f.filename]
        if len(files) > MAX_FILES:
            raise ValidationError(_l("Add at most 5 files."))
        limit = current_app.config["MAX_ATTACHMENT_SIZE"]
        self.uploaded = []
        for storage in files:
            data = storage.read(limit + 1)
            if len(data) > limit:
                raise ValidationError(_l("The file %(name)s is larger than %(max)s MB. Make it smaller, or send it by post.", name=storage.filename, max=limit // 2**20))
            if uploads.detect_type(data) is None:
                raise ValidationError(_l("The file %(name)s is not a PDF, DOCX, ODT, JPG or PNG file. Files are checked by their content, not by their name.", name=storage.filename))
            self.uploaded.append((storage.filename, data))


class ChangeReactionForm(ReactionTextMixin, BaseForm):
    pass
