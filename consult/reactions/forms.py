from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from consult.consultations.forms import ExistingLocalTime
from consult.core import uploads
from consult.core.forms import BaseForm, HumanCheck, at_most, choices, fits
from consult.core.submission import SubmissionKey
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.reactions.models import Channel, Publication, Reaction

MAX_REACTION_LENGTH = 20_000
MAX_FILES = 5

PUBLICATION_CHOICES = [
    (Publication.NAMED.value, _l("Yes, with my name")),
    (Publication.ANONYMOUS.value, _l("Yes, without my name (anonymous)")),
    (Publication.NOT_PUBLISHED.value, _l("No, do not publish my reaction")),
]
# The same choice as the official enters it for someone else: in the official's voice, not the sender's.
PAPER_PUBLICATION_CHOICES = [
    (Publication.NAMED.value, _l("Yes, publish with the name")),
    (Publication.ANONYMOUS.value, _l("Yes, publish without the name (anonymous)")),
    (Publication.NOT_PUBLISHED.value, _l("No, do not publish")),
]

# On the public-task ground the name is a separate opt-in (``ReactionForm.for_public_task``).
PUBLIC_TASK_PUBLICATION_CHOICES = [
    (Publication.ANONYMOUS.value, _l("Yes, publish my reaction")),
    (Publication.NOT_PUBLISHED.value, _l("No, do not publish my reaction")),
]

ORGANISATION_KIND_CHOICES = [("", _l("Choose a kind"))] + [(kind.value, label) for kind, label in STAKEHOLDER_LABELS.items()]


class ReactionTextMixin:
    body = TextAreaField(
        _l("Your reaction"),
        description=_l("Write what you think and why. You can use up to 20,000 characters."),
        validators=[
            DataRequired(_l("Write your reaction.")),
            at_most(MAX_REACTION_LENGTH, extra=_l("Nothing was lost: shorten the text or add it as a file.")),
        ],
    )
    publication = RadioField(
        _l("May we publish your reaction on this website?"),
        choices=choices(PUBLICATION_CHOICES),
        validators=[DataRequired(_l("Choose whether we may publish your reaction."))],
    )


class ReactionForm(HumanCheck, ReactionTextMixin, BaseForm):
    section = SelectField(_l("What is your reaction about?"), choices=[], validate_choice=True)
    quote = TextAreaField(
        _l("Passage you are reacting to"),
        description=_l("Copy the sentence from the text that your reaction is about."),
        validators=[Optional(), at_most(2000)],
    )
    author_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Fill in your name.")), fits(Reaction.author_name)]
    )
    author_email = EmailField(
        _l("Your e-mail address"),
        description=_l("We send you a link to confirm your reaction. We never publish your e-mail address."),
        validators=[
            DataRequired(_l("Fill in your e-mail address.")),
            Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
            fits(Reaction.author_email),
        ],
    )
    author_place = StringField(_l("Place of residence"), validators=[Optional(), fits(Reaction.author_place)])
    organisation_name = StringField(
        _l("On behalf of an organisation"),
        description=_l("Only fill this in if you react for an organisation."),
        validators=[Optional(), fits(Reaction.organisation_name)],
    )
    # No Optional(): it would stop the chain before validate_organisation_kind, and an organisation without a
    # kind would be counted as a resident in the per-stakeholder figures.
    organisation_kind = SelectField(_l("Kind of organisation"), choices=choices(ORGANISATION_KIND_CHOICES), default="")
    attachments = MultipleFileField(
        _l("Files"),
        description=_l("PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG; at most 5 files of 10 MB each."),
    )
    privacy = BooleanField(
        _l("I have read the privacy statement. The municipality may use my data to handle my reaction."),
        validators=[DataRequired(_l("You must agree to the privacy statement to send your reaction."))],
    )
    publish_name = BooleanField(
        _l("Publish my name with my reaction"),
        description=_l("Without a tick we publish your reaction without your name."),
    )
    submission_key = HiddenField()

    def for_public_task(self, public_task: bool) -> None:
        """Shape the form to the legal ground. On the public task (AVG 6(1)(e)) no consent is asked,
        and the name is published only when the author ticks it (an opt-in, unticked at first);
        otherwise the form asks consent and offers the three publication choices."""
        if public_task:
            del self.privacy
            self.publication.choices = choices(PUBLIC_TASK_PUBLICATION_CHOICES)
        else:
            del self.publish_name

    def chosen_publication(self) -> Publication:
        chosen = Publication(self.publication.data)
        if chosen is Publication.ANONYMOUS and self.publish_name is not None and self.publish_name.data:
            return Publication.NAMED
        return chosen

    def validate_body(self, field):
        if not field.data or not field.data.strip():
            raise ValidationError(_l("Write your reaction."))
        if self.was_too_fast():
            raise ValidationError(_l("That went very fast. Check your reaction, then send it again."))

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


CHANNEL_CHOICES = [
    (Channel.LETTER.value, _l("Letter")),
    (Channel.EMAIL.value, _l("E-mail")),
    (Channel.ORAL.value, _l("Orally or by phone (report)")),
]


class AttachmentsMixin:
    attachments = MultipleFileField(
        _l("Scan or files"),
        description=_l("PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG; at most 5 files of 10 MB each."),
    )
    validate_attachments = ReactionForm.validate_attachments


# The language the sender wrote in, so the mails to them (receipt, answer, decision) go out in it. The
# codes are the site's LANGUAGES; an online reaction gets the language of the page it was sent from.
SENDER_LANGUAGE_CHOICES = [("nl", _l("Dutch")), ("en", _l("English"))]


class PaperReactionForm(SubmissionKey, AttachmentsMixin, BaseForm):
    channel = RadioField(_l("How did the reaction come in?"), choices=choices(CHANNEL_CHOICES),
                         validators=[DataRequired(_l("Choose how the reaction came in."))])
    received_on = DateField(_l("Received on"), validators=[DataRequired(_l("Fill in the date of receipt."))])
    received_time = TimeField(_l("Received at (time)"), validators=[DataRequired(_l("Fill in a time.")),
                                                                    ExistingLocalTime("received_on", refuse_ambiguous=False)])
    postmarked_on = DateField(_l("Postmark date"), description=_l("For a letter: the date of the postmark."), validators=[Optional()])
    section = SelectField(_l("What is the reaction about?"), choices=[], validate_choice=True)
    author_name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in the name.")), fits(Reaction.author_name)])
    author_email = EmailField(
        _l("E-mail address"), description=_l("If known: the sender gets a receipt with the reference."),
        validators=[Optional(), Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
                    fits(Reaction.author_email)],
    )
    author_address = TextAreaField(_l("Address"), validators=[Optional(), at_most(500)])
    author_place = StringField(_l("Place of residence"), validators=[Optional(), fits(Reaction.author_place)])
    organisation_name = StringField(_l("On behalf of an organisation"), validators=[Optional(), fits(Reaction.organisation_name)])
    # No Optional(): it would stop the chain before validate_organisation_kind, and an organisation without a
    # kind would be counted as a resident in the per-stakeholder figures.
    organisation_kind = SelectField(_l("Kind of organisation"), choices=choices(ORGANISATION_KIND_CHOICES), default="")
    co_signers = TextAreaField(
        _l("Co-signers"), description=_l("One name on each line. Every person who signed counts."),
        validators=[Optional(), at_most(100_000)],
    )
    language = RadioField(
        _l("Language of the sender"), description=_l("E-mails to the sender about this reaction go out in this language."),
        choices=choices(SENDER_LANGUAGE_CHOICES), default="nl",
        validators=[DataRequired(_l("Choose the language of the sender."))],
    )
    body = TextAreaField(
        _l("Text of the reaction"),
        description=_l("Type the letter or e-mail, or the report of what was said."),
        validators=[
            DataRequired(_l("Type the text of the reaction.")),
            at_most(MAX_REACTION_LENGTH, extra=_l("Add the rest as a scan.")),
        ],
    )
    publication = RadioField(
        _l("May the reaction be published on the website?"),
        choices=choices(PAPER_PUBLICATION_CHOICES),
        default=Publication.NOT_PUBLISHED.value,
        validators=[DataRequired(_l("Choose whether the reaction may be published."))],
    )

    def validate_body(self, field):
        if not field.data or not field.data.strip():
            raise ValidationError(_l("Type the text of the reaction."))

    validate_organisation_kind = ReactionForm.validate_organisation_kind


REPORT_REASONS = [
    ("", _l("Choose what is wrong")),
    ("offensive", _l("It is offensive or discriminating")),
    ("personal_data", _l("It names or describes other people")),
    ("spam", _l("It is spam or advertising")),
    ("off_topic", _l("It is not about this plan")),
]


class ReportForm(BaseForm):
    reason = SelectField(_l("What is wrong with this reaction?"), choices=choices(REPORT_REASONS),
                         validators=[DataRequired(_l("Choose what is wrong."))])
