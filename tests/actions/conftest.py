"""A region R with municipalities A (centrumgemeente) and B, and C outside it; the region's
actieprogramma with two themes (one with its bestuurlijk duo), a public consultation of R with two
reactions (one in English), and officials of R, A, B and C, a partner, a resident and an admin."""
from dataclasses import dataclass
from datetime import timedelta

import pytest

from consult.accounts.models import User
from consult.actions.models import Action, ActionScope
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.core.db import utcnow
from consult.documents.models import Document, DocumentKind, Theme
from consult.documents.services import add_version_from_markdown
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus

ROLES = ("official_r", "official_a", "official_b", "official_c", "partner", "resident", "admin", "anonymous")


@dataclass
class ActionWorld:
    region: Organisation
    a: Organisation
    b: Organisation
    c: Organisation
    programme: Document
    themes: list[Theme]
    consultation: Consultation
    reactions: list[Reaction]
    users: dict[str, User]


def reaction(consultation, number, name, email, locale="nl", status=ReactionStatus.APPROVED, body="Tekst"):
    at = utcnow() - timedelta(days=2)
    return Reaction(consultation=consultation, reference=f"{consultation.reference_prefix}-2026-{number:04d}",
                    channel=Channel.WEB, status=status, publication=Publication.ANONYMOUS, author_name=name,
                    author_email=email, locale=locale, body=body, submitted_at=at, confirmed_at=at)


@pytest.fixture
def world(session, make_organisation, make_user, make_consultation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio R")
    a = make_organisation(name="Gemeente A", region=region, is_central_municipality=True)
    b = make_organisation(name="Gemeente B", region=region)
    c = make_organisation(name="Gemeente C")
    partner_org = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X", region=region)
    users = {
        "official_r": make_user(official_of=region, name="Rik Regio"),
        "official_a": make_user(official_of=a, name="Anna A"),
        "official_b": make_user(official_of=b, name="Bert B"),
        "official_c": make_user(official_of=c, name="Cor C"),
        "partner": make_user(partner_of=partner_org, name="Sanne X"),
        "resident": make_user(name="Iris Inwoner"),
        "admin": make_user(is_admin=True, name="Bea Beheer"),
    }
    programme = Document(organisation=region, title="Actieprogramma R", kind=DocumentKind.ACTION_PROGRAMME)
    session.add(programme)
    add_version_from_markdown(programme, "# Acties\n\nTekst.")
    put_to_public(session, programme)
    themes = [Theme(organisation=region, title="Zorglandschap Wmo", owners="Wethouders van A en B", position=0),
              Theme(organisation=region, title="Zorg en Veiligheid", owners="", position=1)]
    session.add_all(themes)
    consultation = make_consultation(organisation=region, title="Strategische agenda R", reference_prefix="SAR")
    reactions = [reaction(consultation, 1, "Fatma Yilmaz", "fatma@example.org"),
                 reaction(consultation, 2, "John Smith", "john@example.org", locale="en", body="Geheime tekst van John")]
    session.add_all(reactions)
    session.commit()
    return ActionWorld(region, a, b, c, programme, themes, consultation, reactions, users)


def put_to_public(session, programme: Document, state=State.PUBLISHED, audience=Audience.PUBLIC) -> Consultation:
    """A consultation on the programme's first version: published and public, it makes the programme
    public (``consult.actions.permissions.public_programme_clause``)."""
    at = utcnow()
    consultation = Consultation(organisation=programme.organisation, kind=ConsultationKind.PUBLIC_INSPECTION,
                                audience=audience, state=state, slug=f"actieprogramma-{id(programme)}-{len(programme.versions)}",
                                title=f"Ter inzage: {programme.title}", reference_prefix=f"AP{id(programme) % 100000}",
                                document_version=programme.versions[0], opens_at=at - timedelta(days=7),
                                closes_at=at + timedelta(days=35))
    session.add(consultation)
    session.flush()
    return consultation


def make_action(session, world: ActionWorld, **fields) -> Action:
    fields.setdefault("title", "Eén loket beschermd wonen")
    fields.setdefault("scope", ActionScope.REGIONAL)
    fields.setdefault("theme", world.themes[0])
    action = Action(programme=world.programme, **fields)
    session.add(action)
    session.commit()
    return action
