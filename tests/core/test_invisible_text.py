"""Text with nothing visible counts as empty in every form (``consult.core.forms.clean_text``): zero-width and
direction characters alone fail "required" with the field's own Dutch message; what the person typed between
visible characters (a joiner in an emoji sequence or a Persian word) stays."""
import pytest
from wtforms import StringField
from wtforms.validators import DataRequired

from consult.core.forms import BaseForm, clean_text
from tests.security.corpora import INVISIBLE_ONLY

KEPT = ["👨\u200d👩\u200d👧", "می\u200cخواهم", "Jan\u00a0de\u00a0Vries", "a\u200bb"]


@pytest.mark.parametrize("text", INVISIBLE_ONLY)
def test_nothing_visible_is_empty(text):
    assert clean_text(text) == ""


@pytest.mark.parametrize("text", KEPT)
def test_joiners_inside_text_stay(text):
    assert clean_text(text) == text
    assert clean_text("\u200b\ufeff " + text + " \u200f\u2060") == text


def test_a_required_field_refuses_it_with_its_own_message(app):
    class NameForm(BaseForm):
        name = StringField("Naam", validators=[DataRequired("Vul uw naam in.")])

    with app.test_request_context(method="POST", data={"name": "\u200b\u200d\u2060\ufeff\u200e"}):
        form = NameForm(meta={"csrf": False})
        assert not form.validate()
        assert form.name.errors == ["Vul uw naam in."]
