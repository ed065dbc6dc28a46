"""An action title of nothing visible (zero-width and direction characters only) is refused beside the field:
the public h1, the link text and the mail subject are never empty (``consult.core.forms.clean_text``)."""
import pytest
import sqlalchemy as sa

from consult.actions.models import Action
from tests.actions.test_views import new_action
from tests.security.corpora import INVISIBLE_ONLY


@pytest.mark.parametrize("text", INVISIBLE_ONLY[:4])
def test_an_action_title_of_nothing_visible_is_refused(session, world, client, login, text):
    login(world.users["official_r"])
    response = new_action(client, world, title=text)
    assert response.status_code == 400 and "Schrijf een korte titel." in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0
