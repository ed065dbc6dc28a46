"""What the public reads of an action's source (``consult.actions.permissions.SEE_SOURCE``): the name of a
werkatelier, its table and the outcome text only for a published werkatelier open to everyone; an invite-only
or concept werkatelier (and an invite-only round or internal consultation) shows only the kind of input.
A role × state table, and the action's page as a visitor and as an official."""
import pytest
from flask_login import AnonymousUserMixin

from consult.actions.models import Action, ActionScope, ActionSource, ActionSourceKind
from consult.actions.permissions import SEE_SOURCE, source_is_public
from consult.consultations.models import Audience, State
from consult.workshops.models import WorkshopAudience
from tests.outcomes.conftest import add_idea

# (consultation state, workshop audience) → the public reads the source
STATES = {
    ("published", WorkshopAudience.PUBLIC): True,
    ("published", WorkshopAudience.BOTH): True,
    ("published", WorkshopAudience.INVITED): False,
    ("draft", WorkshopAudience.PUBLIC): False,
}


def _action_from_outcome(session, world, state, audience):
    workshop = world.workshop
    workshop.audience = audience
    workshop.consultation.audience = Audience.INVITED if audience is WorkshopAudience.INVITED else Audience.PUBLIC
    workshop.consultation.state = State.PUBLISHED if state == "published" else State.DRAFT
    outcome = add_idea(session, workshop, workshop.tables[0], "Geheime uitkomst aan tafel")
    action = Action(programme=world.programme, title="Kleine woningen", scope=ActionScope.LOCAL,
                    sources=[ActionSource(kind=ActionSourceKind.OUTCOME, outcome=outcome)])
    session.add(action)
    session.commit()
    return action


@pytest.mark.parametrize(("state", "audience"), list(STATES))
def test_who_reads_a_werkatelier_source(session, world, make_user, make_organisation, state, audience):
    action = _action_from_outcome(session, world, state, audience)
    source = action.sources[0]
    public = STATES[(state, audience)]
    assert source_is_public(None, source) is public
    assert SEE_SOURCE(AnonymousUserMixin(), source) is public
    assert SEE_SOURCE(make_user(), source) is public
    assert SEE_SOURCE(make_user(official_of=make_organisation(name="Elders")), source) is public
    assert SEE_SOURCE(make_user(official_of=world.municipality), source)


@pytest.mark.parametrize(("state", "audience"), list(STATES))
def test_the_action_page_shows_the_source_by_that_rule(session, world, client, login, make_user, state, audience):
    action = _action_from_outcome(session, world, state, audience)
    page = client.get(f"/acties/{action.id}").get_data(as_text=True)
    for private in (world.workshop.title, world.workshop.tables[0].title, "Geheime uitkomst aan tafel"):
        assert (private in page) is STATES[(state, audience)], private
    assert "Werkatelier" in page or "werkatelier" in page
    login(make_user(official_of=world.municipality))
    page = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert world.workshop.title in page and "Geheime uitkomst aan tafel" in page
