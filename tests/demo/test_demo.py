import re

import sqlalchemy as sa

from consult.accounts.models import Role, User
from consult.consultations.models import Consultation, ConsultationKind, Phase
from consult.core.db import utcnow
from consult.demo import data
from consult.organisations.models import Organisation, OrganisationKind
from tests.conftest import submit_form


def test_demo_installation_has_every_role_and_the_open_consultation(app, client, session):
    now = utcnow()
    with app.app_context():
        data.load(now)
    session.commit()

    roles = {role for user in session.scalars(sa.select(User)) for role in user.roles}
    assert roles == set(Role)
    kinds = set(session.scalars(sa.select(Organisation.kind)))
    assert kinds == set(OrganisationKind)

    region = session.scalar(sa.select(Organisation).where(Organisation.slug == "regio-flevoland"))
    municipalities = [m for m in region.members if m.kind is OrganisationKind.MUNICIPALITY]
    assert len(municipalities) == 6 and region.central_municipality.name == "Gemeente Almere"

    sma = session.scalar(sa.select(Consultation).where(Consultation.slug == "sociaal-maatschappelijke-agenda"))
    assert sma.phase(now) is Phase.OPEN and sma.kind is ConsultationKind.PUBLIC_INSPECTION
    assert [s.number for s in sma.document_version.sections][:2] == ["1", "2"]
    assert (sma.closes_at - sma.opens_at).days == 42  # six weeks

    home = client.get("/")
    assert "Sociaal Maatschappelijke Agenda Vijfheerenlanden" in home.text

    # A complete kennisgeving (Awb 3:11, 3:12): what, legal basis, where the stukken lie (online and on
    # paper, with opening hours), a stuk not made public with its Woo ground, who may react until when,
    # the ways to react, and where the official publication is.
    notice = client.get(f"/consultaties/{sma.slug}/kennisgeving").text
    for part in ("Waar gaat het over?", "Participatie- en inspraakverordening", "Raadsvoorstel (voorbeeld)",
                 "Stadskantoor Vianen", "Openingstijden", "art. 5.2 Woo", "Iedereen kan reageren.",
                 "U kunt reageren tot", "Per brief", "De officiële bekendmaking staat in"):
        assert part in notice, part


def test_every_demo_account_logs_in_with_the_readme_password(app, client, session):
    with app.app_context():
        data.load(utcnow())
    session.commit()
    for _role, email, name, _org, _membership in data.ACCOUNTS:
        page = submit_form(client, "/inloggen", {"email": email, "password": data.DEMO_PASSWORD})
        assert f"Ingelogd als {name}" in page.text, email
        client.post("/uitloggen", data={"csrf_token": _token(client)})


def test_readme_lists_every_demo_account():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert data.DEMO_PASSWORD in readme
    for role, email, *_ in data.ACCOUNTS:
        assert email in readme, email


def test_loading_twice_does_nothing_the_second_time(app, session):
    runner = app.test_cli_runner()
    with app.app_context():
        data.load(utcnow())
    session.commit()
    result = runner.invoke(args=["demo", "load"])
    assert "already holds data" in result.output


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client.get("/").text)


def test_demo_shows_a_closed_consultation_with_a_published_reactienota(app, client, session):
    from consult.consultations.models import Phase
    from consult.reactions.models import Reaction

    with app.app_context():
        data.load(utcnow())
    session.commit()
    apeldoorn = session.scalar(sa.select(Consultation).where(Consultation.slug == "koersdocument-sociaal-domein"))
    assert apeldoorn.phase(utcnow()) is Phase.PROCESSED
    reactions = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == apeldoorn.id)).all()
    assert len(reactions) >= 300
    assert all(r.is_answered for r in reactions)
    assert sum(1 for r in reactions if r.group_id) >= 50 and any(r.points for r in reactions)

    home = client.get("/").text
    assert "Met een gepubliceerde reactienota" in home and "Koersdocument Sociaal Domein Apeldoorn" in home
    report = client.get("/consultaties/koersdocument-sociaal-domein/reactienota").text
    assert "Brief: behoud keuzevrijheid" in report and re.search(r"<strong>Inwoner \d+</strong>", report)
    assert "example.org" not in report
