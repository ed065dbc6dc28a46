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
    assert len(reactions) > 250  # the decision page offers a kennisgeving instead of letters
    assert all(r.is_answered for r in reactions)
    assert sum(1 for r in reactions if r.group_id) >= 50 and any(r.points for r in reactions)

    home = client.get("/").text
    assert "Met een gepubliceerde reactienota" in home and "Koersdocument Sociaal Domein Apeldoorn" in home
    report = client.get("/consultaties/koersdocument-sociaal-domein/reactienota").text
    assert "Brief: behoud keuzevrijheid" in report and re.search(r"<strong>Inwoner \d+</strong>", report)
    assert "example.org" not in report


def _apeldoorn(app, session):
    with app.app_context():
        data.load(utcnow())
    session.commit()
    return session.scalar(sa.select(Consultation).where(Consultation.slug == "koersdocument-sociaal-domein"))


def test_demo_reactions_lie_in_the_period_with_kenmerken_in_order_of_receipt(app, session):
    from babel.dates import format_date

    from consult.core.i18n import AMSTERDAM
    from consult.reactions.models import Reaction
    from consult.reports.models import ResponseReport

    apeldoorn = _apeldoorn(app, session)
    reactions = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == apeldoorn.id)
                                .order_by(Reaction.reference)).all()
    assert all(apeldoorn.opens_at <= r.received_at <= apeldoorn.closes_at for r in reactions)
    moments = [r.received_at for r in reactions]
    assert moments == sorted(moments), "kenmerken follow the order of receipt"
    introduction = session.scalar(sa.select(ResponseReport.introduction).where(ResponseReport.consultation_id == apeldoorn.id))
    for moment in (apeldoorn.opens_at, apeldoorn.closes_at):
        assert format_date(moment.astimezone(AMSTERDAM).date(), "d MMMM yyyy", locale="nl") in introduction


def test_demo_answered_reactions_are_read_and_partners_write_from_their_own_address(app, session):
    from consult.accounts.models import User
    from consult.coding.models import ReactionRead
    from consult.reactions.models import Reaction

    apeldoorn = _apeldoorn(app, session)
    official = session.scalar(sa.select(User).where(User.email == "ambtenaar@apeldoorn.example.org"))
    reactions = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == apeldoorn.id)).all()
    read = set(session.scalars(sa.select(ReactionRead.reaction_id).where(ReactionRead.user_id == official.id)))
    assert all(r.id in read for r in reactions if r.is_answered)
    partners = [r for r in reactions if r.organisation_name]
    residents = {r.author_email for r in reactions if not r.organisation_name}
    assert partners and all(r.author_email not in residents for r in partners)
    assert all(r.author_email.split("@")[1] != "example.org" for r in partners), "an organisation's own domain"
    assert len({r.author_email for r in reactions}) == len(reactions), "every person writes from their own address"


def test_demo_grouping_finds_the_two_campaign_letters_and_nothing_else(app, session):
    from consult.coding.grouping import near_duplicate_groups
    from consult.reactions.models import Reaction

    apeldoorn = _apeldoorn(app, session)
    reactions = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == apeldoorn.id)).all()
    groups = near_duplicate_groups([(r.id, r.body) for r in reactions])
    campaigns = {}
    for r in reactions:
        if r.group_id:
            campaigns.setdefault(r.group_id, set()).add(r.id)
    assert sorted(map(frozenset, groups), key=len) == sorted(map(frozenset, campaigns.values()), key=len)


def test_the_demo_werkatelier_is_an_event_without_reactions(app, client, session):
    """The tester's F3 on the demo: the werkatelier takes no reactions, has no kennisgeving, no open data,
    and the demo itself makes no reactions, kenmerken or reaction codes for it."""
    from consult.coding.models import Code
    from consult.reactions.models import Reaction

    with app.app_context():
        data.load(utcnow())
    session.commit()
    workshop = session.scalar(sa.select(Consultation).where(Consultation.slug == "werkatelier-beschermd-wonen"))
    assert workshop.kind is ConsultationKind.WORKSHOP and workshop.last_reference_number == 0
    for model in (Reaction, Code):
        assert session.scalar(sa.select(sa.func.count()).select_from(model).where(model.consultation_id == workshop.id)) == 0
    for path in ("reageren", "kennisgeving", "reacties", "open-data.json", "reactienota"):
        assert client.get(f"/consultaties/{workshop.slug}/{path}").status_code == 404, path
