"""Findings of the outside test of issue 13 on werkateliers, each fixed as a kind of fault with its rule."""
import importlib
import inspect
import pkgutil
import re
from datetime import timedelta

import sqlalchemy as sa
from wtforms.validators import Optional

import consult
from consult.core.db import utcnow
from consult.core.forms import BaseForm
from consult.mail.models import OutboxMessage
from consult.organisations.models import OrganisationKind
from consult.outcomes.models import OutcomeVote
from consult.outcomes.permissions import may_react
from consult.workshops.models import RegistrationStatus
from consult.workshops.services import cancel_registration, register, set_attendance
from tests.conftest import PASSWORD, csrf_token, token_of
from tests.crawl import crawl
from tests.outcomes.conftest import add_idea, open_verslag
from tests.workshops.conftest import person


def _mails(session, address):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)).all()


def _session_data(**fields):
    return {"day": (utcnow() + timedelta(days=30)).date().isoformat(), "starts": "13:30", "ends": "16:30", "capacity": "20",
            "place": "", "address": "", "route": "", "online_url": "", **fields}


# F4 ---------------------------------------------------------------------------------------------------

def test_a_session_without_a_place_or_an_online_link_is_refused_beside_the_place(client, login, make_user, make_workshop):
    workshop = make_workshop(deadline_in_days=1)
    login(make_user(official_of=workshop.consultation.organisation))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    response = client.post(f"{manage}/sessies", data={"csrf_token": csrf_token(client.get(manage).text), **_session_data()})
    assert response.status_code == 400 and 'id="place-error"' in response.text
    assert "Vul een plaats in, een link om online mee te doen, of allebei." in response.text
    assert len(workshop.sessions) == 1
    # the same on the page that changes a session
    held = workshop.sessions[0]
    changed = client.post(f"{manage}/sessies/{held.id}", data={"csrf_token": csrf_token(client.get(manage).text), **_session_data()})
    assert changed.status_code == 400 and 'id="place-error"' in changed.text
    assert held.place == "Stadhuis"


def test_sending_the_session_form_twice_adds_the_session_once(client, session, login, make_user, make_workshop):
    workshop = make_workshop(deadline_in_days=1)
    login(make_user(official_of=workshop.consultation.organisation))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    data = {"csrf_token": csrf_token(client.get(manage).text), **_session_data(place="Stadhuis", online_url="https://meet.example.org/x")}
    assert client.post(f"{manage}/sessies", data=data).status_code == 302
    again = client.post(f"{manage}/sessies", data=data)
    assert again.status_code == 400 and 'id="day-error"' in again.text and "twee keer verstuurd" in again.text
    session.expire_all()
    assert len(workshop.sessions) == 2
    # another place at the same moment is another session
    assert client.post(f"{manage}/sessies", data={**data, "place": "Bibliotheek"}).status_code == 302


def test_no_optional_field_checks_its_own_emptiness_in_its_inline_validator():
    """The kind behind F4: WTForms' Optional stops the chain of an empty field, its ``validate_<field>`` too, so
    a check "this or that must be filled in" written there never runs. Such checks go in ``validate()``."""
    for module in pkgutil.walk_packages(consult.__path__, "consult."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    wrong = []
    for form in set(subclasses(BaseForm)):
        for name, unbound in inspect.getmembers(form, lambda v: hasattr(v, "field_class")):
            inline = getattr(form, f"validate_{name}", None)
            validators = unbound.kwargs.get("validators") or ()
            if inline and any(isinstance(v, Optional) for v in validators):
                source = inspect.getsource(inline)
                if re.search(r"not field\.data(?![.\w])|field\.data is None", source):
                    wrong.append(f"{form.__module__}.{form.__name__}.validate_{name}")
    assert not wrong


# F5 ---------------------------------------------------------------------------------------------------

def _held_and_coming(app, session, make_workshop):
    """A werkatelier whose first session was held (two with a place) and whose second is still to come."""
    workshop = make_workshop(capacity=5, sessions=2)
    held, coming = workshop.sessions
    with app.test_request_context():
        present = register(held, person(1), utcnow())
        absent = register(held, person(2), utcnow())
        later = register(coming, person(3, email="deelnemer1+later@example.org"), utcnow())
    held.starts_at = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    held.ends_at = held.starts_at + timedelta(hours=3)
    session.commit()
    return workshop, held, present, absent, later


def test_only_people_who_took_part_in_a_held_session_vote_and_react(app, session, make_workshop, make_user):
    workshop, held, present, absent, later = _held_and_coming(app, session, make_workshop)
    verslag = open_verslag(session, workshop)
    now = utcnow()
    assert may_react(present, verslag, now) and may_react(absent, verslag, now)
    assert not may_react(later, verslag, now)  # a place in a session still to come: reads, does not vote
    set_attendance(held, {present.id}, make_user(official_of=workshop.consultation.organisation), now)
    session.commit()
    assert may_react(present, verslag, now) and not may_react(absent, verslag, now)


def test_the_verslag_page_says_who_votes_and_a_coming_session_cannot_vote(app, client, session, make_workshop):
    workshop, held, present, absent, later = _held_and_coming(app, session, make_workshop)
    idea = add_idea(session, workshop, workshop.tables[0])
    open_verslag(session, workshop)
    page = client.get(f"/werkateliers/deelnemer/{token_of(later)}/verslag")
    assert page.status_code == 200 and idea.text in page.text
    assert f"/stemmen/{idea.id}" not in page.text and "/verslag/reageren" not in page.text
    assert "Wie meedeed aan een sessie" in page.text and "Uw sessie moet nog komen" in page.text
    voter = client.get(f"/werkateliers/deelnemer/{token_of(present)}/verslag")
    assert f"/stemmen/{idea.id}" in voter.text and "Wie meedeed aan een sessie" in voter.text
    # Sent anyway (a crafted request): refused, nothing counted.
    token = csrf_token(voter.text)
    client.post(f"/werkateliers/deelnemer/{token_of(later)}/verslag/stemmen/{idea.id}", data={"csrf_token": token})
    assert client.post(f"/werkateliers/deelnemer/{token_of(later)}/verslag/reageren",
                       data={"csrf_token": token, "outcome": "", "text": "Goed"}).status_code == 409
    assert session.scalar(sa.select(sa.func.count()).select_from(OutcomeVote)) == 0


def test_the_verslag_mail_goes_to_those_who_took_part(app, client, session, login, make_workshop, make_user):
    workshop, held, present, absent, later = _held_and_coming(app, session, make_workshop)
    official = make_user(official_of=workshop.consultation.organisation)
    set_attendance(held, {present.id}, official, utcnow())
    session.commit()
    login(official)
    outcomes = f"/beheer/werkateliers/{workshop.slug}/uitkomsten"
    day = (utcnow() + timedelta(days=14)).date().isoformat()
    response = client.post(f"{outcomes}/verslag", data={"csrf_token": csrf_token(client.get(outcomes).text),
                                                        "votes_per_person": "3", "comments_until": day, "publish": "y"})
    assert response.status_code == 302
    told = {m.recipient for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.body_text.like("%/verslag%")))}
    assert told == {present.email}


# F6, F7 -----------------------------------------------------------------------------------------------

def test_every_link_and_form_on_the_werkatelier_pages_is_allowed_for_whoever_sees_it(app, session, make_organisation,
                                                                                      make_workshop, make_user):
    """F6 and F7: render each management page for each role, and follow every link and send every form on it
    (empty, with the CSRF token): none may answer 403. The pages are found by following links, from the list."""
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio links")
    member = make_organisation(name="Gemeente lid", region=region)
    workshop = make_workshop(organisation=region)
    with app.test_request_context():
        register(workshop.sessions[0], person(1), utcnow())
    session.commit()
    add_idea(session, workshop, workshop.tables[0])
    open_verslag(session, workshop)
    roles = {"owner": make_user(official_of=region), "member": make_user(official_of=member),
             "admin": make_user(is_admin=True)}
    start = "/beheer/werkateliers"
    seen_pages = {}
    for role, user in roles.items():
        client = app.test_client()
        page = client.get("/inloggen")
        client.post("/inloggen", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": csrf_token(page.text)})
        # A form sent empty may answer 400 (or 404 for a job's file not made yet); only a refusal is wrong here.
        found = crawl(client, [start], within=(start,), send_forms=True, is_refused=lambda status: status == 403)
        assert not found.refused, f"{role}: {found.refused}"
        seen_pages[role] = found.seen
    session_page = f"{start}/{workshop.slug}/sessies/{workshop.sessions[0].id}"
    outcomes = f"{start}/{workshop.slug}/uitkomsten"
    assert session_page in seen_pages["member"] and outcomes in seen_pages["member"]
    assert session_page in seen_pages["admin"] and outcomes not in seen_pages["admin"]
    assert f"{start}/nieuw" in seen_pages["owner"] and f"{start}/nieuw" not in seen_pages["admin"]


def test_a_member_official_reads_a_session_without_its_form_and_without_the_names_choice(client, login, make_organisation,
                                                                                         make_workshop, make_user):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio lezen")
    workshop = make_workshop(organisation=region)
    login(make_user(official_of=make_organisation(name="Gemeente lezer", region=region)))
    manage = client.get(f"/beheer/werkateliers/{workshop.slug}")
    assert "Als u de namen toont" not in manage.text and "<form" not in manage.text.split("<main", 1)[1]
    page = client.get(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}")
    assert page.status_code == 200 and "<form" not in page.text.split("<main", 1)[1] and "Stadhuisplein 1" in page.text
    assert client.post(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}",
                       data={"csrf_token": csrf_token(manage.text), **_session_data(place="Elders")}).status_code == 403


# F9, F10 ----------------------------------------------------------------------------------------------

def test_only_a_place_gets_the_online_link(app, session, make_workshop):
    workshop = make_workshop(capacity=1)
    workshop.sessions[0].online_url = "https://meet.example.org/geheim"
    session.commit()
    with app.test_request_context():
        first = register(workshop.sessions[0], person(1), utcnow())
        waiting = register(workshop.sessions[0], person(2), utcnow())
        session.commit()
    assert "meet.example.org/geheim" in _mails(session, first.email)[0].body_text
    waiting_mail = _mails(session, waiting.email)[0]
    assert waiting.status is RegistrationStatus.WAITING and "meet.example.org" not in waiting_mail.body_text
    assert b"meet.example.org" not in (waiting_mail.attachment_data or b"")
    with app.test_request_context():
        cancel_registration(first, utcnow())
        session.commit()
    assert "meet.example.org/geheim" in _mails(session, waiting.email)[-1].body_text  # moved up: now it has a place
    public = app.test_client().get(f"/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/agenda.ics")
    assert b"meet.example.org" not in public.data


def _registration_form(client, workshop):
    url = f"/werkateliers/{workshop.slug}/aanmelden"
    page = client.get(url)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page.text).group(1)
    return url, {"csrf_token": csrf_token(page.text), "started": started, "session": workshop.sessions[0].id,
                 "name": "Olga Ivanova", "email": "olga@example.org", "consent": "y"}


def test_registering_again_from_the_waiting_list_says_so(app, client, session, make_workshop):
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        register(workshop.sessions[0], person(1), utcnow())
        register(workshop.sessions[0], person(2, email="olga@example.org"), utcnow())
        session.commit()
    url, data = _registration_form(client, workshop)
    response = client.post(url, data=data)
    assert "U staat al op de wachtlijst voor deze sessie." in response.text
    assert "Kijk in uw mailbox voor de bevestiging" not in response.text


# F11 --------------------------------------------------------------------------------------------------

def test_every_participant_page_explains_a_link_without_a_place(app, client, session, make_workshop):
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        first = register(workshop.sessions[0], person(1), utcnow())
        waiting = register(workshop.sessions[0], person(2), utcnow())
        gone = register(workshop.sessions[0], person(3), utcnow())
        session.commit()
        cancel_registration(gone, utcnow())
        session.commit()
    open_verslag(session, workshop)
    table = workshop.tables[0]
    for registration, says in ((waiting, "U staat op de wachtlijst"), (gone, "U heeft zich afgemeld voor")):
        for url in (f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{table.id}",
                    f"/werkateliers/deelnemer/{token_of(registration)}/verslag"):
            response = client.get(url)
            assert response.status_code == 403 and says in response.text, url
            assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/werkateliers/deelnemer/{token_of(first)}/verslag").status_code == 200


# F12 --------------------------------------------------------------------------------------------------

def test_a_signed_in_partner_is_not_held_to_the_minimum_fill_time(app, client, session, login, monkeypatch, make_workshop,
                                                                   make_user, make_organisation):
    workshop = make_workshop()
    monkeypatch.setitem(app.config, "MINIMUM_FILL_SECONDS", 60)
    partner = make_user(partner_of=make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg Flevo"))
    login(partner)
    url = f"/werkateliers/{workshop.slug}/aanmelden"
    page = client.get(url)
    assert f'value="{partner.email}"' in page.text  # prefilled: the partner only checks it
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post(url, data={"csrf_token": csrf_token(page.text), "started": started, "session": workshop.sessions[0].id,
                                      "name": partner.name, "email": partner.email, "consent": "y"})
    assert response.status_code == 302 and workshop.sessions[0].confirmed_count == 1


# F14 --------------------------------------------------------------------------------------------------

def test_the_mail_preview_shows_no_registrant_and_no_real_cancel_link(app, client, session, login, make_workshop, make_user):
    workshop = make_workshop(capacity=5)
    with app.test_request_context():
        first = register(workshop.sessions[0], person(1, name="Fatima El Amrani"), utcnow())
        session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/mail"
    preview = client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "subject": "Parkeren", "body": "P1."})
    assert preview.status_code == 200
    assert "Fatima" not in preview.text and token_of(first) not in preview.text
    assert "[naam van de deelnemer]" in preview.text and "/werkateliers/afmelden/voorbeeld" in preview.text


def test_a_title_that_goes_into_mail_subjects_is_one_line(client, login, make_user, make_workshop):
    workshop = make_workshop()
    login(make_user(official_of=workshop.consultation.organisation))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    deadline = (utcnow() + timedelta(days=3)).date().isoformat()
    response = client.post(manage, data={"csrf_token": csrf_token(client.get(manage).text), "title": "Wonen\r\nBcc: x@example.org",
                                         "summary": "Kort.", "audience": "public", "deadline_on": deadline})
    assert 'id="title-error"' in response.text and "Schrijf dit op één regel, zonder regeleinden." in response.text
    assert workshop.consultation.title != "Wonen Bcc: x@example.org"


def test_where_the_region_grants_it_member_officials_judge_the_reactions_on_the_verslag(app, client, session, login,
                                                                                        make_organisation, make_workshop,
                                                                                        make_user):
    """F7, "where the region grants it, moderate": the region's setting that lets its members moderate its
    consultations lets them judge the participants' reactions too; the outcomes themselves stay the region's."""
    from consult.outcomes.models import CommentStatus, OutcomeComment

    region = make_organisation(kind=OrganisationKind.REGION, name="Regio moderatie")
    workshop = make_workshop(organisation=region)
    with app.test_request_context():
        participant = register(workshop.sessions[0], person(1), utcnow())
    session.commit()
    comment = OutcomeComment(workshop_id=workshop.id, registration_id=participant.id, text="Graag meer woningen.")
    session.add(comment)
    session.commit()
    login(make_user(official_of=make_organisation(name="Gemeente moderatie", region=region)))
    outcomes = f"/beheer/werkateliers/{workshop.slug}/uitkomsten"
    page = client.get(outcomes)
    assert "Graag meer woningen." not in page.text and f"/uitkomsten/reacties/{comment.id}" not in page.text
    judge = f"{outcomes}/reacties/{comment.id}"
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    assert client.post(judge, data={"csrf_token": token, "besluit": "goedkeuren"}).status_code == 403
    region.members_may_moderate = True
    session.commit()
    page = client.get(outcomes)
    assert "Graag meer woningen." in page.text and judge in page.text
    assert 'action="/beheer/werkateliers/' + workshop.slug + '/uitkomsten/verslag' not in page.text  # the settings stay the region's
    assert client.post(judge, data={"csrf_token": token, "besluit": "goedkeuren"}).status_code == 302
    session.expire_all()
    assert comment.status is CommentStatus.APPROVED


def test_every_title_and_organisation_name_that_goes_into_a_mail_subject_is_one_line():
    """The kind behind F14: a field whose text becomes part of a mail subject refuses a line break beside the
    field, instead of the mail flattening it without a word."""
    from consult.actions.forms import ActionForm
    from consult.admin.forms import OrganisationForm
    from consult.consultations.forms import ConsultationForm
    from consult.core.forms import one_line, plain_line
    from consult.workshops.forms import MessageForm, WorkshopForm

    for form, name in ((WorkshopForm, "title"), (ConsultationForm, "title"), (ActionForm, "title"),
                       (OrganisationForm, "name"), (MessageForm, "subject")):
        validators = getattr(form, name).kwargs["validators"]
        assert one_line in validators or plain_line in validators, f"{form.__name__}.{name}"


def test_an_organisation_name_with_a_line_break_is_refused(client, login, make_user):
    from tests.conftest import submit_form

    login(make_user(is_admin=True))
    response = submit_form(client, "/beheer/organisaties/nieuw", {"name": "Zorg\r\nBcc: x@example.org", "slug": "zorg-regel",
                                                                  "kind": "welfare"})
    assert response.status_code == 400 and 'id="name-error"' in response.text
    assert "Schrijf dit op één regel, zonder regeleinden." in response.text
