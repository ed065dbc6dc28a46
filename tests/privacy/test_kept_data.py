"""One list of what consult keeps about an address (``HOLDERS``): for each holder, the access link is
sent and the own-data page and download show what it holds (tester F15: a werkatelier registrant was told
nothing is kept). A holder added to the list without a case here fails ``test_every_holder_has_a_case``."""
from datetime import timedelta

import pytest

from consult.actions.models import Action, ActionScope, ActionStatus, FeedbackEvent, FeedbackNotice, FeedbackOptOut
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind
from consult.notifications.models import PendingNotification
from consult.privacy.models import ErasureRequest
from consult.privacy.services import HOLDERS, kept_about
from consult.rounds.models import CommentVersion
from consult.rounds.services import add_draft_comment
from consult.signin.models import SignInLink
from consult.workshops.models import CardKind
from consult.workshops.services import add_card, register
from tests.privacy.test_data_requests import access_link
from tests.workshops.conftest import during, make_workshop, person  # noqa: F401  (the fixture, shared)

ADDRESS = "wim.wachtlijst@example.org"


def _reaction(f):
    f.make_reaction(f.make_consultation(), body="Meer bankjes bij het station.", author_email=ADDRESS)
    return ADDRESS, "Meer bankjes bij het station."


def _draft(f):
    world = f.request.getfixturevalue("round_world")
    partner = world.users["partner_x"]
    add_draft_comment(world.invitation_x, partner, None, "", "Ons concept over de wachttijden.", utcnow())
    return partner.email, "Ons concept over de wachttijden."


def _registration(f):
    workshop = f.request.getfixturevalue("make_workshop")()
    registration = register(workshop.sessions[0], person(1, email=ADDRESS), utcnow())
    add_card(registration, workshop.tables[0], CardKind.IDEA, "Een inloophuis in de wijk.", during(workshop.sessions[0]))
    return ADDRESS, "Een inloophuis in de wijk."


def _comment_version(f):
    user = f.make_user(email=ADDRESS, name="Wim Wachtlijst")
    reaction = f.make_reaction(f.make_consultation())
    f.session.add(CommentVersion(reaction_id=reaction.id, number=1, body="Eerdere tekst van Wim.", written_by_id=user.id,
                                 written_at=utcnow()))
    return ADDRESS, "Eerdere tekst van Wim."


def _invitation_link(f):
    organisation = f.make_organisation(name="Zorg Uitnodiger")
    f.session.add(SignInLink(token_hash="x" * 64, email=ADDRESS, organisation_id=organisation.id,
                             expires_at=utcnow() + timedelta(days=7)))
    return ADDRESS, "Zorg Uitnodiger"


def _waiting_line(f):
    user = f.make_user(email=ADDRESS)
    f.session.add(PendingNotification(user_id=user.id, kind="test", text="Er is een nieuwe ronde.", link="/"))
    return ADDRESS, "wacht op uw volgende samenvatting"


def _action(f, title):
    programme = Document(organisation=f.make_organisation(), title="Actieprogramma", kind=DocumentKind.ACTION_PROGRAMME)
    action = Action(programme=programme, title=title, scope=ActionScope.LOCAL)
    f.session.add(action)
    f.session.flush()
    return action


def _feedback_notice(f):
    action = _action(f, "Een loket voor beschermd wonen")
    f.session.add(FeedbackNotice(action_id=action.id, event=FeedbackEvent.CREATED, status=ActionStatus.PLANNED,
                                 recipient=ADDRESS, locale="nl"))
    return ADDRESS, "Een loket voor beschermd wonen"


def _feedback_stop(f):
    f.session.add(FeedbackOptOut(email=ADDRESS))
    return ADDRESS, "deze e-mails te stoppen"


def _request(f):
    organisation = f.make_organisation(name="Gemeente Verzoeker")
    f.session.add(ErasureRequest(organisation=organisation, email=ADDRESS, message="Graag weg.", created_at=utcnow()))
    return ADDRESS, "Gemeente Verzoeker"


def _account(f):
    f.make_user(email=ADDRESS, name="Wim Wachtlijst")
    return ADDRESS, "Wim Wachtlijst"


CASES = {"reactions": _reaction, "draft_comments": _draft, "workshop_registrations": _registration,
         "comment_versions": _comment_version, "invitation_links": _invitation_link,
         "waiting_for_digest": _waiting_line, "action_feedback": _feedback_notice, "feedback_stop": _feedback_stop,
         "requests": _request, "account": _account}


def test_every_holder_has_a_case():
    assert set(CASES) == {holder.key for holder in HOLDERS}


class Fixtures:
    def __init__(self, request, session):
        self.request, self.session = request, session

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)


@pytest.mark.parametrize("key", [holder.key for holder in HOLDERS])
def test_the_link_is_sent_and_the_page_shows_what_each_holder_keeps(key, request, app, client, session):
    with app.test_request_context():
        email, shown = CASES[key](Fixtures(request, session))
    session.commit()
    assert kept_about(email.upper()).items[key]

    link = access_link(client, session, email)
    assert link is not None, f"no link for an address only known from {key}"
    page = client.get(link)
    assert page.status_code == 200 and shown in page.text
    assert client.get(f"{link}/gegevens.json").status_code == 200


def test_an_unknown_address_gets_no_link(client, session):
    assert access_link(client, session, "niemand@example.org") is None


def test_a_registrant_can_ask_the_organiser_to_remove_the_registration(request, app, client, session):
    from tests.conftest import csrf_token
    with app.test_request_context():
        _registration(Fixtures(request, session))
    session.commit()
    link = access_link(client, session, ADDRESS)
    page = client.get(link).text
    assert "Uw aanmeldingen voor werkateliers" in page
    done = client.post(f"{link}/verwijderen", data={"csrf_token": csrf_token(page)}, follow_redirects=True).text
    assert "Uw verzoek is gestuurd naar" in done
    assert [r.email for r in kept_about(ADDRESS).items["requests"]] == [ADDRESS]


def test_the_official_sees_the_registration_a_request_is_about(request, app, client, session, login, make_user):
    from consult.privacy.services import request_erasure
    with app.test_request_context():
        _registration(Fixtures(request, session))
        erasure, = request_erasure(ADDRESS, "", utcnow())
    session.commit()
    login(make_user(official_of=erasure.organisation))
    page = client.get(f"/beheer/verzoeken/{erasure.id}").text
    assert "Aanmeldingen voor werkateliers van dit adres" in page and "Werkatelier" in page
