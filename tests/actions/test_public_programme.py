"""Which actieprogramma the public reads: one rule (``public_programme_clause`` / ``is_public_programme``)
as a role × state table, and every public page, export and list asks it. A document an official only
imported stays with the officials of its organisation."""
import pytest
from flask_login import AnonymousUserMixin

from consult.actions.models import Action, ActionScope
from consult.actions.permissions import VIEW_PROGRAMME, is_public_programme
from consult.actions.queries import programmes
from consult.consultations.models import Audience, State
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from tests.actions.conftest import ROLES, put_to_public

# How the programme stands: only imported, or a consultation on it in this state for this audience.
STATES = {
    "imported": None,
    "draft public": (State.DRAFT, Audience.PUBLIC),
    "published invited": (State.PUBLISHED, Audience.INVITED),
    "published internal": (State.PUBLISHED, Audience.INTERNAL),
    "published public": (State.PUBLISHED, Audience.PUBLIC),
    "processed public": (State.PROCESSED, Audience.PUBLIC),
}
PUBLIC = {"published public", "processed public"}


@pytest.fixture
def hidden(session, world):
    """A second programme of the region, just imported, with one action."""
    programme = Document(organisation=world.region, title="Nieuw actieprogramma", kind=DocumentKind.ACTION_PROGRAMME)
    session.add(programme)
    add_version_from_markdown(programme, "# Acties\n\nGeheim.")
    action = Action(programme=programme, title="Geheime actie", scope=ActionScope.REGIONAL)
    session.add(action)
    session.commit()
    return programme, action


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_programme(session, world, hidden, role, state):
    programme, _action = hidden
    if STATES[state]:
        put_to_public(session, programme, *STATES[state])
        session.commit()
    user = world.users.get(role) or AnonymousUserMixin()
    public = state in PUBLIC
    assert is_public_programme(None, programme) is public
    assert VIEW_PROGRAMME(user, programme) is (public or role == "official_r")
    assert (programme in [p for p, _n in programmes()]) is public


def test_another_kind_of_document_is_never_a_public_programme(session, world, make_consultation):
    consultation = make_consultation(organisation=world.region)
    assert not is_public_programme(None, consultation.document_version.document)


def _paths(programme, action, municipality):
    base = f"/actieprogrammas/{programme.id}"
    return [base, f"{base}/themas/zonder-thema", f"{base}/gemeenten/{municipality.slug}", f"{base}/voortgang",
            f"{base}/voortgang.csv", f"{base}/voortgang.xlsx", f"/acties/{action.id}"]


def test_an_imported_programme_is_on_no_public_page(client, login, world, hidden):
    programme, action = hidden
    for path in _paths(programme, action, world.a):
        assert client.get(path).status_code == 404, path
    listed = client.get("/actieprogrammas").get_data(as_text=True)
    assert "Nieuw actieprogramma" not in listed and "Actieprogramma R" in listed
    login(world.users["official_c"])
    for path in _paths(programme, action, world.a):
        assert client.get(path).status_code == 404, path


def test_the_owners_officials_keep_it(client, login, world, hidden):
    programme, action = hidden
    login(world.users["official_r"])
    for path in _paths(programme, action, world.a):
        assert client.get(path).status_code == 200, path
    assert client.get(f"/actieprogrammas/{programme.id}/acties/nieuw").status_code == 200


def test_the_regio_page_lists_only_what_the_member_may_read(client, login, world, hidden):
    login(world.users["official_a"])
    page = client.get("/regio").get_data(as_text=True)
    assert "Actieprogramma R" in page and "Nieuw actieprogramma" not in page and "Geheime actie" not in page


def test_put_to_public_it_shows(session, client, world, hidden):
    programme, action = hidden
    put_to_public(session, programme)
    session.commit()
    for path in _paths(programme, action, world.a):
        assert client.get(path).status_code == 200, path
    assert "Nieuw actieprogramma" in client.get("/actieprogrammas").get_data(as_text=True)
