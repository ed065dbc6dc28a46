from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Optional, Regexp, ValidationError

from consult.accounts.models import MembershipRole, User
from consult.core.forms import BaseForm, at_most, choices, fits, one_line
from consult.looks.logos import MAX_BYTES, LogoRefused, check_logo
from consult.organisations.models import Organisation, OrganisationKind

ROLE_CHOICES = [
    ("", _l("Choose a role")),
    (MembershipRole.OFFICIAL.value, _l("Official (municipality or region)")),
    (MembershipRole.PARTNER.value, _l("Partner (organisation that takes part)")),
]


class MembershipForm(BaseForm):
    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=True,
                               validators=[DataRequired(_l("Choose an organisation."))])
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), validators=[DataRequired(_l("Choose a role."))])


class InviteForm(MembershipForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in the name.")),
                                              fits(User.name)])
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Fill in the e-mail address.")),
        Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(User.email),
    ])

    def __init__(self, *args, taken=lambda email: False, **kwargs):
        super().__init__(*args, **kwargs)
        self._taken = taken

    def validate_email(self, field):
        if self._taken(field.data):
            raise ValidationError(_l("There is already an account with this e-mail address."))


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class OrganisationForm(BaseForm):
    """An organisation as the admin keeps it. The view fills in the kinds and regions."""

    # The name goes into mail subjects (an invitation to a round, a receipt of advice): one line.
    name = StringField(_l("Name"), validators=[DataRequired(_l("Fill in the name.")),
                                              fits(Organisation.name), one_line])
    slug = StringField(_l("Short name in web addresses"),
                       description=_l("Small letters, digits and hyphens, e.g. zorg-flevoland."),
                       validators=[DataRequired(_l("Fill in a short name.")),
                                   fits(Organisation.slug),
                                   Regexp(SLUG_PATTERN, message=_l("Use only small letters, digits and hyphens, e.g. zorg-flevoland."))])
    kind = SelectField(_l("Kind"), choices=[], validate_choice=True, validators=[DataRequired(_l("Choose a kind."))])
    region = SelectField(_l("Region"), description=_l("For a municipality or partner in a region."), choices=[],
                         validate_choice=True)
    website = StringField(_l("Website"), validators=[Optional(), fits(Organisation.website),
                                                    URL(message=_l("This is not a web address. Example: https://www.voorbeeld.nl"))])

    privacy_officer = StringField(_l("Data protection officer (FG)"), description=_l("For a municipality or region: name or team."),
                                  validators=[Optional(), fits(Organisation.privacy_officer)])
    privacy_officer_email = EmailField(_l("E-mail address of the data protection officer"), validators=[
        Optional(), Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(Organisation.privacy_officer_email)])
    accessibility_statement_url = StringField(
        _l("Accessibility statement"), description=_l("The web address of this organisation's own statement."),
        validators=[Optional(), fits(Organisation.accessibility_statement_url),
                    URL(message=_l("This is not a web address. Example: https://www.voorbeeld.nl"))])

    adopting_bodies = TextAreaField(
        _l("Own bodies that adopt decisions"),
        description=_l("Besides the college and the council, one per line. For example: het bestuurlijk overleg sociaal domein."),
        validators=[Optional(), at_most(2000)])
    members_may_moderate = BooleanField(
        _l("For a region: officials of its municipalities may also moderate and answer the region's consultations"),
        description=_l("They always read them. With this, they also moderate, answer and keep the progress of the "
                       "region's actions that concern their municipality."))

    theme = SelectField(_l("Own look (NL Design System theme)"),
                        description=_l("The colours and letters of this organisation's pages. Without a choice, its pages look like the rest of the site."),
                        choices=[], validate_choice=True, default="")
    logo = FileField(_l("Logo"), description=_l("An SVG or PNG file, at most %(kb)s KB. It is shown beside the name on this organisation's pages.",
                                                kb=MAX_BYTES // 1024))
    remove_logo = BooleanField(_l("Remove the logo"))

    LOGO_ERRORS = {
        "size": _l("The logo is too large. Use a file of at most %(kb)s KB and at most 4000 by 4000 pixels.", kb=MAX_BYTES // 1024),
        "type": _l("This file is not an SVG or PNG image. Choose an SVG or PNG file."),
        "broken": _l("This file cannot be read as an image. Save it again as SVG or PNG and try once more."),
        "script": _l("This SVG contains scripts, links or embedded parts. Save it as a plain SVG or as a PNG."),
    }

    def __init__(self, *args, slug_taken=lambda slug: False, **kwargs):
        super().__init__(*args, **kwargs)
        self._slug_taken = slug_taken
        self.checked_logo = None

    def validate_logo(self, field):
        """Check the upload by its content (consult.looks.logos); keep the result for the view."""
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return
        data = upload.read(MAX_BYTES + 1)
        try:
            self.checked_logo = check_logo(data)
        except LogoRefused as refused:
            raise ValidationError(self.LOGO_ERRORS[str(refused)]) from refused

    def validate_slug(self, field):
        if self._slug_taken(field.data):
            raise ValidationError(_l("Another organisation has this short name. Choose another one."))

    def validate_adopting_bodies(self, field):
        if any(len(line.strip()) > 200 for line in (field.data or "").splitlines()):
            raise ValidationError(_l("Use at most 200 characters per line."))

    def validate_region(self, field):
        if field.data and self.kind.data == OrganisationKind.REGION.value:
            raise ValidationError(_l("A region cannot belong to another region."))


class PersonForm(BaseForm):
    """A person added to an organisation by e-mail: an existing account gets the role, a new one is invited."""

    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Fill in the e-mail address.")),
        Email(_l("This is not a valid e-mail address. Example: naam@voorbeeld.nl")),
        fits(User.email),
    ])
    name = StringField(_l("Name"), description=_l("Needed for someone who has no account yet."),
                       validators=[Optional(), fits(User.name)])
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), validators=[DataRequired(_l("Choose a role."))])
