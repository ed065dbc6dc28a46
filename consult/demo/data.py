"""The demo installation: the Flevoland region, Vijfheerenlanden and Apeldoorn, with accounts for every role."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole, User
from consult.coding.services import seed_coding_scheme
from consult.consultations.models import (
    Audience,
    Consultation,
    ConsultationFile,
    ConsultationKind,
    Procedure,
    State,
    WithheldDocument,
)
from consult.core.i18n import AMSTERDAM
from consult.core.sanitize import clean_rich_text
from consult.demo import actions, apeldoorn, awb, looks, workshop
from consult.demo import outcomes as demo_outcomes
from consult.documents.models import Document, DocumentKind, Theme
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.organisations.models import OrganisationKind as Kind
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.rounds.models import FeedbackRound, RoundInvitation

DOCUMENTS = Path(__file__).parent / "documents"
DEMO_PASSWORD = "consult-demo-2026"

FLEVOLAND_MUNICIPALITIES = ("Almere", "Dronten", "Lelystad", "Noordoostpolder", "Urk", "Zeewolde")
# name, slug, kind; the partners that work in the Flevoland region belong to it, so an official can
# invite them by region.
PARTNERS = (
    ("Stichting Beschermd Thuis Flevoland", "beschermd-thuis-flevoland", Kind.CARE_PROVIDER),
    ("Woningcorporatie Flevowonen", "flevowonen", Kind.HOUSING_CORPORATION),
    ("Cliëntenraad Sociaal Domein Flevoland", "clientenraad-flevoland", Kind.CLIENT_COUNCIL),
    ("Adviesraad Sociaal Domein Vijfheerenlanden", "adviesraad-vijfheerenlanden", Kind.ADVISORY_COUNCIL),
    ("Participatieraad Almere", "participatieraad-almere", Kind.ADVISORY_COUNCIL),
    ("Welzijn Lelystad", "welzijn-lelystad", Kind.WELFARE),
    ("Zorgverzekeraar Midden-Nederland", "zorgverzekeraar-midden-nederland", Kind.HEALTH_INSURER),
    ("Beleidsteam Wmo regio Flevoland", "beleidsteam-wmo-flevoland", Kind.INTERNAL_TEAM),
    ("Zorgplatform Flevoland", "zorgplatform-flevoland", Kind.OTHER),
)
FLEVOLAND_PARTNERS = (
    "beschermd-thuis-flevoland", "flevowonen", "clientenraad-flevoland", "participatieraad-almere", "welzijn-lelystad",
    "beleidsteam-wmo-flevoland", "zorgplatform-flevoland",
)
# Invited to the feedbackronde on the strategic agenda: four Flevoland partners, and the Vijfheerenlanden
# adviesraad as a neighbouring council asked to read along (so both demo partner accounts take part).
ROUND_INVITEES = ("beschermd-thuis-flevoland", "flevowonen", "clientenraad-flevoland", "participatieraad-almere",
                  "adviesraad-vijfheerenlanden")
THEMES = (
    ("Zorglandschap jeugd en jeugdhulp met verblijf", "Wethouders jeugd van Almere en Lelystad"),
    ("Zorglandschap Wmo", "Wethouders Wmo van Almere en Dronten"),
    ("Zorg en Veiligheid", "Wethouders zorg en veiligheid van Lelystad en Noordoostpolder"),
    ("Samenwerking en overleg met partners", "Wethouders van Urk en Zeewolde"),
    ("Samenwerking tussen gemeenten en zorgverzekeraars", "Wethouders van Almere en Zeewolde"),
)

SMA_OPGAVEN = (
    "Inwoners doen mee naar vermogen",
    "Inwoners zijn gezond en vitaal",
    "Inwoners kunnen voor zichzelf zorgen",
    "Inwoners ontwikkelen zich evenwichtig",
)

# role, e-mail, name, organisation slug, membership role (None: no membership)
ACCOUNTS = (
    ("admin", "beheerder@example.org", "Bea Beheer", None, None),
    ("official", "ambtenaar.flevoland@example.org", "Fatima El Amrani", "regio-flevoland", MembershipRole.OFFICIAL),
    ("official", "ambtenaar.almere@example.org", "Arjen de Vries", "almere", MembershipRole.OFFICIAL),
    ("official", "ambtenaar@vijfheerenlanden.example.org", "Vera Jansen", "vijfheerenlanden", MembershipRole.OFFICIAL),
    ("official", "ambtenaar@apeldoorn.example.org", "Pieter Bakker", "apeldoorn", MembershipRole.OFFICIAL),
    ("partner", "zorgaanbieder@example.org", "Sanne Visser", "beschermd-thuis-flevoland", MembershipRole.PARTNER),
    # A colleague at the same care provider, so two people can draft the organisation's comments together.
    ("partner", "zorgaanbieder2@example.org", "Daan Kramer", "beschermd-thuis-flevoland", MembershipRole.PARTNER),
    ("partner", "adviesraad@example.org", "Henk Mulder", "adviesraad-vijfheerenlanden", MembershipRole.PARTNER),
    ("partner", "participatieraad@example.org", "Youssef Amrani", "participatieraad-almere", MembershipRole.PARTNER),
    ("resident", "inwoner@example.org", "Iris de Boer", None, None),
)


def is_loaded() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) > 0


def _start_of_day(day: datetime, days: int) -> datetime:
    """09:00 Amsterdam time, ``days`` from ``day``: consultations open and close on office hours."""
    local = (day.astimezone(AMSTERDAM) + timedelta(days=days)).date()
    return datetime.combine(local, time(9, 0), tzinfo=AMSTERDAM)


def load(now: datetime) -> None:
    """Create the demo installation around ``now``: one consultation open, one planned, one closed."""
    orgs = _organisations()
    for role, email, name, slug, membership in ACCOUNTS:
        user = User(email=email, name=name, is_admin=role == "admin")
        user.set_password(DEMO_PASSWORD)
        if membership:
            user.memberships.append(Membership(organisation=orgs[slug], role=membership))
        db.session.add(user)

    agenda = _document(orgs["regio-flevoland"], "Strategische agenda 2020–2022", DocumentKind.STRATEGIC_AGENDA, "strategische-agenda.md")
    _agenda_second_version(agenda)
    for position, (title, owners) in enumerate(THEMES):
        db.session.add(Theme(organisation=orgs["regio-flevoland"], document=agenda, position=position, title=title, owners=owners))
    sma = _document(orgs["vijfheerenlanden"], "Sociaal Maatschappelijke Agenda Vijfheerenlanden", DocumentKind.SOCIAL_AGENDA, "sociaal-maatschappelijke-agenda.md")
    for position, title in enumerate(SMA_OPGAVEN):
        db.session.add(Theme(organisation=orgs["vijfheerenlanden"], document=sma, position=position, title=title))
    programme = _document(orgs["regio-flevoland"], "Actieprogramma beschermd wonen en maatschappelijke opvang", DocumentKind.ACTION_PROGRAMME, "actieprogramma-bw-mo.md")
    koers = _document(orgs["apeldoorn"], "Koersdocument Sociaal Domein", DocumentKind.POLICY_FRAMEWORK, "koersdocument-apeldoorn.md")

    db.session.add_all([
        Consultation(
            organisation=orgs["vijfheerenlanden"], kind=ConsultationKind.PUBLIC_INSPECTION,
            audience=Audience.PUBLIC, state=State.PUBLISHED, slug="sociaal-maatschappelijke-agenda",
            title="Sociaal Maatschappelijke Agenda Vijfheerenlanden", reference_prefix="SMA",
            document_version=sma.versions[0],
            summary=(
                "De gemeente maakt een agenda voor zorg, welzijn en meedoen. Daarin staat wat we de komende "
                "jaren samen met inwoners en partners willen bereiken. Lees de agenda en zeg wat u ervan vindt. "
                "U kunt reageren op de hele agenda of op één hoofdstuk. Daarna beslist de gemeenteraad."
            ),
            introduction_html=clean_rich_text(
                "<p>De Sociaal Maatschappelijke Agenda ligt zes weken ter inzage. Iedereen kan reageren.</p>"
            ),
            opens_at=_start_of_day(now, -14), closes_at=_start_of_day(now, 28),
            procedure=Procedure.ORDINANCE, decision_body="de gemeenteraad",
            decision_expected_on=_start_of_day(now, 98).date(),
            contact_name="Vera Jansen, beleidsadviseur sociaal domein",
            contact_email="sociaaldomein@vijfheerenlanden.example.org", contact_phone="(0345) 00 00 00",
            postal_address="Gemeente Vijfheerenlanden\nt.a.v. team Sociaal Domein\nPostbus 100\n4130 AC Vianen",
            legal_basis="de Participatie- en inspraakverordening Vijfheerenlanden (voorbeeld)",
            inspection_place="Stadskantoor Vianen\nVoorstraat 30\n4132 AS Vianen",
            inspection_hours="maandag tot en met vrijdag, 9.00 tot 16.30 uur",
            official_publication="het Gemeenteblad van Vijfheerenlanden (voorbeeld: de demo publiceert niets)",
            house_rules=(
                "Blijf bij het onderwerp. Schrijf respectvol over anderen.\n\n"
                "Noem geen namen of gegevens van andere mensen. Reacties die dat wel doen, publiceren we niet."
            ),
        ),
        Consultation(
            organisation=orgs["regio-flevoland"], kind=ConsultationKind.PARTNER_ROUND,
            audience=Audience.INVITED, state=State.PUBLISHED, slug="strategische-agenda-feedbackronde",
            title="Feedbackronde strategische agenda 2020–2022", reference_prefix="SAF",
            document_version=agenda.versions[0],
            summary="De zes gemeenten vragen hun partners om per prioriteit te reageren op de strategische agenda.",
            opens_at=_start_of_day(now, -7), closes_at=_start_of_day(now, 21),
        ),
        Consultation(
            organisation=orgs["regio-flevoland"], kind=ConsultationKind.WORKSHOP,
            audience=Audience.INVITED, state=State.PUBLISHED, slug="werkatelier-beschermd-wonen",
            title="Werkatelier actieprogramma beschermd wonen en maatschappelijke opvang", reference_prefix="WBW",
            document_version=programme.versions[0],
            summary="In het werkatelier werken we de lokale en regionale acties van het actieprogramma uit.",
            opens_at=_start_of_day(now, 3), closes_at=_start_of_day(now, 24),
            event_starts_at=_start_of_day(now, 24) + timedelta(hours=4), location="Stadhuis Almere, Stadhuisplein 1",
            capacity=40,
        ),
        Consultation(
            organisation=orgs["apeldoorn"], kind=ConsultationKind.PUBLIC_INSPECTION,
            audience=Audience.PUBLIC, state=State.PUBLISHED, slug="koersdocument-sociaal-domein",
            title="Koersdocument Sociaal Domein Apeldoorn", reference_prefix="KSD",
            document_version=koers.versions[0],
            summary="Apeldoorn vroeg inwoners en partners om een reactie op de koers voor het sociaal domein. De reactienota is klaar.",
            procedure=Procedure.ORDINANCE, decision_body="de gemeenteraad", contact_name="Pieter Bakker",
            opens_at=_start_of_day(now, -90), closes_at=_start_of_day(now, -48),
        ),
    ])
    db.session.flush()
    for slug, officer in (("vijfheerenlanden", "Functionaris gegevensbescherming Vijfheerenlanden"),
                          ("almere", "Functionaris gegevensbescherming Almere")):
        orgs[slug].privacy_officer = officer
        orgs[slug].privacy_officer_email = f"fg@{slug}.example.org"
    # Codes sort reactions; the werkatelier takes none, so it gets no coding scheme either.
    for consultation in db.session.scalars(sa.select(Consultation).where(Consultation.takes_reactions)):
        seed_coding_scheme(consultation)
    _reactions(db.session.scalar(sa.select(Consultation).where(Consultation.slug == "sociaal-maatschappelijke-agenda")), now)
    _stukken(db.session.scalar(sa.select(Consultation).where(Consultation.slug == "sociaal-maatschappelijke-agenda")))
    _feedback_round(db.session.scalar(sa.select(Consultation).where(Consultation.slug == "strategische-agenda-feedbackronde")),
                    orgs, now)
    workshop.load(now)
    apeldoorn.load(
        db.session.scalar(sa.select(Consultation).where(Consultation.slug == "koersdocument-sociaal-domein")),
        db.session.scalar(sa.select(User).where(User.email == "ambtenaar@apeldoorn.example.org")),
        now,
    )
    awb.load(orgs)
    db.session.flush()
    actions.load(now)
    looks.load(orgs)
    demo_outcomes.load(now)


# author, place, organisation, section anchor (None: whole document), publication, status, text
DEMO_REACTIONS = (
    ("Fatma Yilmaz", "Vianen", "", "opgavegericht-werken", Publication.NAMED, ReactionStatus.APPROVED,
     "Goed dat de inwoners centraal staan. Maar vraag ons dan ook echt mee te denken, niet alleen aan het eind."),
    ("Jan de Groot", "Leerdam", "", "inwoners-kunnen-voor-zichzelf-zorgen", Publication.ANONYMOUS, ReactionStatus.APPROVED,
     "Ik ben mantelzorger voor mijn moeder. Ik mis in deze opgave wat de gemeente doet voor mantelzorgers."),
    ("Stichting Welzijn Lek en Linge", "Leerdam", "Stichting Welzijn Lek en Linge", "inwoners-doen-mee-naar-vermogen",
     Publication.NAMED, ReactionStatus.APPROVED,
     "Wij steunen deze opgave. Denk ook aan vrijwilligerswerk als manier om mee te doen."),
    ("Petra Smit", "Zederik", "", None, Publication.NAMED, ReactionStatus.APPROVED,
     "De agenda is duidelijk, maar de taal is soms moeilijk. Maak ook een versie in eenvoudige taal."),
    ("Karel Bos", "Vianen", "", "planning", Publication.NAMED, ReactionStatus.PENDING,
     "Zes weken is kort in de zomervakantie. Kan de termijn langer?"),
)


def _stukken(consultation: Consultation) -> None:
    """A stuk beside the draft and one that is not made public, so the kennisgeving is complete."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from consult.core.uploads import store

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    lines = ("Raadsvoorstel Sociaal Maatschappelijke Agenda Vijfheerenlanden (voorbeeld)", "",
             "Het college stelt de raad voor de Sociaal Maatschappelijke Agenda vast te stellen",
             "nadat inwoners en partners zes weken konden reageren.")
    for number, line in enumerate(lines):
        canvas.drawString(72, 770 - 18 * number, line)
    canvas.save()
    data = buffer.getvalue()
    consultation.files.append(ConsultationFile(title="Raadsvoorstel (voorbeeld)", filename="raadsvoorstel-sma.pdf",
                                               content_type="application/pdf", size=len(data), storage_name=store(data)))
    consultation.withheld.append(WithheldDocument(title="Ambtelijk advies over de planning",
                                                  ground="art. 5.2 Woo: persoonlijke beleidsopvattingen"))


def _reactions(consultation: Consultation, now: datetime) -> None:
    """A few reactions, so the demo shows published reactions and a moderation queue."""
    sections = {s.anchor: s for s in consultation.document_version.sections}
    for number, (name, place, organisation, anchor, publication, status, text) in enumerate(DEMO_REACTIONS, start=1):
        at = now - timedelta(days=12 - 2 * number)
        section = sections.get(anchor) if anchor else None
        db.session.add(Reaction(
            consultation=consultation, document_version_id=consultation.document_version_id, section=section,
            reference=f"{consultation.reference_prefix}-{at.astimezone(AMSTERDAM).year}-{number:04d}",
            channel=Channel.WEB, status=status, publication=publication, author_name=name,
            author_email=f"demo.reactie{number}@example.org", author_place=place, organisation_name=organisation,
            organisation_kind=Kind.WELFARE if organisation else None, body=text,
            submitted_at=at, received_at=at, confirmed_at=at,
        ))
    consultation.last_reference_number = len(DEMO_REACTIONS)
    recount(consultation)


def _feedback_round(consultation: Consultation, orgs: dict[str, Organisation], now: datetime) -> None:
    """The round's invitations, made without mail: the demo's partners find them under "Mijn organisatie"."""
    feedback_round = FeedbackRound(consultation=consultation)
    invited_at = _start_of_day(now, -7)
    feedback_round.invitations = [RoundInvitation(organisation=orgs[slug], invited_at=invited_at) for slug in ROUND_INVITEES]
    db.session.add(feedback_round)


# The second version of the strategic agenda after the partners' first comments: two sections say who
# takes part and how the BOSD reports back (from the DSP process text, seed text 001).
AGENDA_VERSION_2 = (
    ("Stuurgroep jeugd/crisis en Zorgplatform Flevoland.",
     "Stuurgroep jeugd/crisis en Zorgplatform Flevoland. Zorgaanbieders, woningcorporaties, cliënten en hun "
     "vertegenwoordigers, welzijnsorganisaties en participatieraden denken vanaf het begin mee over de uitwerking."),
    ("2. De BOSD-vergaderingen gaan afwisselend over verdieping op de prioritaire thema's en over beleidsvoorstellen "
     "en voortgang op de reguliere uitvoering ('going concern'-onderwerpen).",
     "2. De BOSD-vergaderingen gaan afwisselend over verdieping op de prioritaire thema's en over beleidsvoorstellen "
     "en voortgang op de uitvoering ('going concern'-onderwerpen).\n"
     "3. Eén keer per jaar horen de partners in een werkatelier wat er met hun inbreng is gedaan."),
)


def _agenda_second_version(agenda: Document) -> None:
    """Version 2 of the strategic agenda, with small changes to two sections, so partners of the round
    on version 1 see what changed."""
    text = (DOCUMENTS / "strategische-agenda.md").read_text(encoding="utf-8")
    for before, after in AGENDA_VERSION_2:
        if before not in text:  # the demo text and these changes belong together
            raise ValueError(before)
        text = text.replace(before, after)
    add_version_from_markdown(agenda, text, note="Aangepast na de eerste reacties van partners.")


def _organisations() -> dict[str, Organisation]:
    region = Organisation(name="Regio Flevoland", slug="regio-flevoland", kind=Kind.REGION)
    orgs = {"regio-flevoland": region}
    for name in FLEVOLAND_MUNICIPALITIES:
        slug = name.lower()
        orgs[slug] = Organisation(
            name=f"Gemeente {name}", slug=slug, kind=Kind.MUNICIPALITY, region=region,
            is_central_municipality=name == "Almere",
        )
    orgs["vijfheerenlanden"] = Organisation(name="Gemeente Vijfheerenlanden", slug="vijfheerenlanden", kind=Kind.MUNICIPALITY)
    orgs["apeldoorn"] = Organisation(name="Gemeente Apeldoorn", slug="apeldoorn", kind=Kind.MUNICIPALITY)
    for name, slug, kind in PARTNERS:
        orgs[slug] = Organisation(name=name, slug=slug, kind=kind, region=region if slug in FLEVOLAND_PARTNERS else None)
    db.session.add_all(orgs.values())
    return orgs


def _document(owner: Organisation, title: str, kind: DocumentKind, filename: str) -> Document:
    document = Document(organisation=owner, title=title, kind=kind)
    db.session.add(document)
    add_version_from_markdown(document, (DOCUMENTS / filename).read_text(encoding="utf-8"))
    return document
