"""A werkatelier rests on a consultation of kind WORKSHOP, but it is an event with registration, not a reaction
period (tester findings F1, F2, F3). Every consultation route, walked from the app's url_map so that a new
route is covered the moment it exists, must refuse it: 404 for the public and for every change, a redirect to
the werkatelier's own page for an official's GET."""
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from flask import url_for

import tests.security.test_authorization_matrix as matrix
from consult.consultations.models import Consultation, ConsultationKind, TransitionError
from consult.core.db import utcnow
from consult.moderation.queries import managed_consultations
from consult.reactions.models import Reaction
from consult.reactions.services import NotAReactionPeriod, next_reference
from tests.conftest import PASSWORD, csrf_token

world = matrix.world  # the authorization matrix's world: every kind of object a route can name

# Routes whose <slug> names something else than a consultation: the werkatelier's own, and organisations'.
NOT_A_CONSULTATION = ("/werkateliers/", "/beheer/werkateliers/", "/organisaties/", "/beheer/organisaties/")
# What a werkatelier shares with every consultation, offered on its own management page: its logboek (its
# changes are logged on its consultation) and its archive dossier (with its registrations).
SHARED_WITH_A_WERKATELIER = {"audit.consultation_log", "privacy.start_dossier"}


def consultation_routes(app):
    """Every rule of the app whose <slug> names a consultation, with each of its methods."""
    for rule in app.url_map.iter_rules():
        if "slug" in rule.arguments and not rule.rule.startswith(NOT_A_CONSULTATION):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_the_walk_finds_the_reaction_period_routes(app):
    endpoints = {rule.endpoint for rule, _ in consultation_routes(app)}
    for endpoint in ("reactions.react", "consultations.show_notice", "consultations.extend", "moderation.queue",
                     "exports.open_data", "reports.show_report", "advice.manage_advice", "rounds.manage_round"):
        assert endpoint in endpoints
    assert not {e for e in endpoints if e.startswith(("workshops.", "outcomes."))}


@pytest.mark.parametrize("role", ["anonymous", "official_a", "partner_x"])
def test_no_consultation_route_serves_a_werkatelier_as_a_reaction_period(app, world, role, session):
    users, values = world
    workshop_slug = values["workshop"]
    client = app.test_client()
    if role != "anonymous":
        page = client.get("/inloggen")
        client.post("/inloggen", data={"email": users[role].email, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    event_page, management_page = f"/werkateliers/{workshop_slug}", f"/beheer/werkateliers/{workshop_slug}"
    wrong = []
    for rule, method in consultation_routes(app):
        assert rule.endpoint in matrix.ROUTES, f"{rule.endpoint} needs URL values in the authorization matrix"
        arguments = matrix.ROUTES[rule.endpoint][1]
        filled = {k: (v.format(**values) if isinstance(v, str) and "{" in v else v) for k, v in arguments.items()}
        filled["slug"] = workshop_slug
        with app.test_request_context():
            url = url_for(rule.endpoint, **filled)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "file": (BytesIO(b""), ""), "body": "Een reactie",
                                              "author_name": "Iris", "author_email": "iris@example.org"})
        location = response.headers.get("Location", "")
        response.close()
        if response.status_code == 302 and location.startswith("/inloggen") and role == "anonymous":
            continue  # an official's page: the log-in comes first, as for any slug
        if rule.endpoint in SHARED_WITH_A_WERKATELIER and role == "official_a":
            allowed = {(200, "")} if method == "GET" else {(302, management_page)}
        elif rule.endpoint == "consultations.show_consultation":
            allowed = {(302, event_page)}  # the event's own page, which decides who may see it
        elif rule.rule.startswith("/beheer/") and role == "partner_x":
            # Not an official: the route's own rule refuses first, or the werkatelier's management page will.
            allowed = {(403, ""), (302, management_page) if method == "GET" else (404, "")}
        elif method == "GET" and rule.rule.startswith("/beheer/"):
            allowed = {(302, management_page)}
        else:
            allowed = {(404, "")}
        if (response.status_code, location) not in allowed:
            wrong.append(f"{method} {url}: {response.status_code} {location}, expected one of {allowed}")
    assert not wrong, "\n".join(wrong)
    workshop = session.scalar(sa.select(Consultation).where(Consultation.slug == workshop_slug))
    session.refresh(workshop)
    assert workshop.last_reference_number == 0, "a kenmerk was handed out for a werkatelier"
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(Reaction.consultation_id == workshop.id)) == 0


def test_a_werkatelier_takes_no_reaction_and_keeps_its_period_whatever_the_path(app_context, make_consultation):
    """F1 and F3 below the routes: the model and the one place that hands out kenmerken refuse it too."""
    now = utcnow()
    workshop = make_consultation(kind=ConsultationKind.WORKSHOP, opens_in_days=-1, closes_in_days=10)
    inspection = make_consultation(opens_in_days=-1, closes_in_days=10)
    assert not workshop.takes_reactions and inspection.takes_reactions
    assert not workshop.accepts_reactions(now) and inspection.accepts_reactions(now)
    closes_at = workshop.closes_at
    with pytest.raises(TransitionError):
        workshop.extend_period(closes_at + timedelta(days=30), now)
    assert workshop.closes_at == closes_at
    with pytest.raises(NotAReactionPeriod):
        next_reference(workshop, now)
    assert next_reference(inspection, now).endswith("-0001")


def test_beheer_lists_a_werkatelier_as_a_werkatelier(app, client, login, make_user, make_consultation, session):
    """F2: not under Consultaties with reactions to moderate, but in its own list with its own link."""
    from consult.workshops.models import Workshop

    official = make_user()
    workshop_consultation = make_consultation(kind=ConsultationKind.WORKSHOP, title="Werkatelier wonen")
    official_of = workshop_consultation.organisation
    inspection = make_consultation(organisation=official_of, title="Ontwerp ter inzage")
    session.add(Workshop(consultation=workshop_consultation))
    official = make_user(official_of=official_of)
    session.commit()
    assert [c for c, _ in managed_consultations([official_of.id])] == [inspection]
    login(official)
    page = client.get("/beheer/").text
    assert f'href="/beheer/werkateliers/{workshop_consultation.slug}"' in page
    assert f"/beheer/consultaties/{workshop_consultation.slug}" not in page
    assert f'href="/beheer/consultaties/{inspection.slug}"' in page


def test_the_werkatelier_page_offers_what_it_shares_with_every_consultation(app, client, login, make_user,
                                                                            make_consultation, session):
    """Its logboek and its dossier stay reachable, from the werkatelier's own page and back to it."""
    from consult.jobs.models import Job
    from consult.workshops.models import Workshop

    workshop_consultation = make_consultation(kind=ConsultationKind.WORKSHOP)
    session.add(Workshop(consultation=workshop_consultation))
    official = make_user(official_of=workshop_consultation.organisation)
    session.commit()
    login(official)
    slug = workshop_consultation.slug
    page = client.get(f"/beheer/werkateliers/{slug}").text
    assert f'href="/beheer/consultaties/{slug}/logboek"' in page and f'action="/beheer/consultaties/{slug}/dossier"' in page
    log = client.get(f"/beheer/consultaties/{slug}/logboek").text
    assert f'href="/beheer/werkateliers/{slug}"' in log
    response = client.post(f"/beheer/consultaties/{slug}/dossier", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.headers["Location"] == f"/beheer/werkateliers/{slug}"
    assert session.scalar(sa.select(Job).where(Job.kind == "dossier", Job.consultation_id == workshop_consultation.id))
