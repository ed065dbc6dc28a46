"""The closed Apeldoorn consultation: a few hundred reactions, a campaign letter, codes, points,
answers and a published reactienota, so a new user sees the whole result at once."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from consult.accounts.models import User
from consult.answers.models import Outcome
from consult.answers.services import add_point, answer
from consult.coding.models import GroupKind
from consult.coding.services import add_code, make_group
from consult.consultations.models import Consultation
from consult.core.i18n import AMSTERDAM
from consult.extensions import db
from consult.organisations.models import OrganisationKind
from consult.privacy.models import ErasureRequest
from consult.reactions.counters import recount
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reports.models import ResponseReport

CAMPAIGN = (
    "Geachte college, ik maak mij zorgen over het loslaten van de keuzevrijheid. Ik wil zelf kunnen kiezen "
    "welke zorgaanbieder mij helpt. Mijn vaste begeleider kent mij en mijn situatie. Ik vraag u de "
    "keuzevrijheid voor inwoners te behouden. Met vriendelijke groet, {name}"
)
# code, sentences a reaction on that subject is made of
SUBJECTS = {
    "Keuzevrijheid": (
        "Ik ben bang dat ik mijn eigen hulpverlener kwijtraak.",
        "Minder aanbieders betekent minder keus voor inwoners.",
        "Leg uit hoe u de kwaliteit bewaakt als er minder keuze is.",
    ),
    "Strategisch partnerschap": (
        "Samenwerken met een paar vaste partners kan de zorg rustiger maken.",
        "Maak duidelijke afspraken met de partners over resultaten.",
        "Betrek ook kleine aanbieders bij het partnerschap.",
    ),
    "Financiën": (
        "De tekorten in jeugdhulp en Wmo mogen niet ten koste gaan van kwetsbare inwoners.",
        "Bezuinig niet op de huishoudelijke hulp.",
        "Investeer eerst in preventie, dat bespaart later geld.",
    ),
    "Inclusie": (
        "Zorg dat mensen met een beperking overal mee kunnen doen.",
        "Maak de informatie ook begrijpelijk voor mensen die moeilijk lezen.",
        "Vraag inwoners zelf wat zij nodig hebben om mee te doen.",
    ),
}
ANSWERS = {
    "Keuzevrijheid": ("Inwoners houden een vaste hulpverlener. Bij de overstap naar strategische partners "
                      "zorgen we dat niemand zonder hulp komt te zitten.", Outcome.NOT_ADOPTED),
    "Strategisch partnerschap": ("We maken met de partners afspraken over resultaten en betrekken ook kleine "
                                 "aanbieders via onderaanneming.", Outcome.NOTED),
    "Financiën": ("De maatregelen gaan niet ten koste van de zorg die inwoners echt nodig hebben. Preventie "
                  "krijgt een eigen plek in de kadernota.", Outcome.NOTED),
    "Inclusie": ("We voegen een paragraaf toe over begrijpelijke informatie en over meedoen met een beperking.",
                 Outcome.ADOPTED),
}
NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz", "Bos",
         "Vos", "Peters", "Hendriks", "van Dijk", "Kok", "Jacobs")
ORGANISATIONS = (("Zorggroep Apeldoorn", OrganisationKind.CARE_PROVIDER), ("Cliëntenraad Apeldoorn", OrganisationKind.CLIENT_COUNCIL),
                 ("Woonstichting De Veluwe", OrganisationKind.HOUSING_CORPORATION))


def load(consultation: Consultation, official: User, now: datetime) -> None:
    rng = random.Random(1971)
    sections = consultation.document_version.sections
    reactions: list[tuple[Reaction, str | None]] = []
    start = consultation.opens_at
    for n in range(1, 321):
        at = start + timedelta(minutes=rng.randint(0, int((consultation.closes_at - start).total_seconds() // 60) - 1))
        name = f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(NAMES)}"
        organisation, kind = (rng.choice(ORGANISATIONS) if n > 80 and n % 40 == 0 else ("", None))
        if n <= 80:
            body, subject = CAMPAIGN.format(name=name), None
        else:
            subject = rng.choice(list(SUBJECTS))
            body = " ".join(rng.sample(SUBJECTS[subject], 2))
        reaction = Reaction(
            consultation=consultation, document_version_id=consultation.document_version_id,
            section=rng.choice(sections) if subject else sections[-1],
            reference=f"{consultation.reference_prefix}-{at.astimezone(AMSTERDAM).year}-{n:04d}",
            channel=Channel.LETTER if n % 15 == 0 else Channel.WEB, status=ReactionStatus.APPROVED,
            publication=Publication.ANONYMOUS if n % 3 else Publication.NAMED, author_name=name,
            author_email=f"apeldoorn.inwoner{n}@example.org", author_place="Apeldoorn",
            organisation_name=organisation, organisation_kind=kind, body=body,
            submitted_at=at, received_at=at, confirmed_at=at, moderated_at=at, moderated_by_id=official.id,
        )
        db.session.add(reaction)
        reactions.append((reaction, subject))
    db.session.flush()

    codes = {title: add_code(consultation, title, official) for title in SUBJECTS}
    campaign = [r for r, subject in reactions if subject is None]
    for reaction in campaign:
        reaction.codes.append(codes["Keuzevrijheid"])
    make_group(consultation, campaign, GroupKind.CAMPAIGN, "Brief: behoud keuzevrijheid", official)
    answer(consultation, ANSWERS["Keuzevrijheid"][0], Outcome.NOT_ADOPTED, None, campaign, [], official)

    for subject, (text, outcome) in ANSWERS.items():
        group = [r for r, s in reactions if s == subject and not r.organisation_name]
        for reaction in group:
            reaction.codes.append(codes[subject])
        changed = sections[0] if outcome is Outcome.ADOPTED else None
        answer(consultation, text, outcome, changed, group, [], official)

    for reaction, subject in reactions:
        if reaction.organisation_name:  # a partner's letter: split into points, each answered
            points = [add_point(reaction, section, f"Indiener vraagt aandacht voor: {sentence}", official)
                      for section, sentence in zip(sections, SUBJECTS[subject])]
            text, outcome = ANSWERS[subject]
            answer(consultation, text, outcome, sections[0] if outcome is Outcome.ADOPTED else None, [], points, official)

    consultation.last_reference_number = len(reactions)
    recount(consultation)
    consultation.mark_processed(now)
    db.session.add(ResponseReport(
        consultation_id=consultation.id, published_at=now, published_by_id=official.id,
        introduction=("Van 27 augustus tot 8 oktober konden inwoners en partners reageren op het koersdocument. "
                      "Dank aan iedereen die reageerde. In deze nota leest u onze antwoorden."),
    ))
    # One resident asked to remove their data, so the workbench shows how such a request is handled.
    db.session.add(ErasureRequest(organisation=consultation.organisation, email="apeldoorn.inwoner7@example.org",
                                  message="Ik wil niet dat mijn naam nog bij mijn reactie staat.",
                                  created_at=now - timedelta(days=3)))
