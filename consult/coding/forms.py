from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Optional

from consult.coding.models import Code, ReactionGroup
from consult.core.forms import BaseForm, fits


class CodeForm(BaseForm):
    """A new code, or the name of a suggested topic accepted as a code (empty: the topic's first words)."""

    title = StringField(_l("New code"), validators=[DataRequired(_l("Give the code a name.")),
                                                    fits(Code.title)])


class TopicForm(BaseForm):
    title = StringField(_l("Name of the code"), validators=[Optional(), fits(Code.title)])


class GroupForm(BaseForm):
    """A suggested campaign group; ``suggestion`` says which one, so a refused form comes back in its place."""

    title = StringField(_l("Name of the group"), validators=[Optional(), fits(ReactionGroup.title)])
    suggestion = IntegerField(validators=[Optional()])
