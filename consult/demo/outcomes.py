"""Outcomes of the demo werkatelier: cards at two tables, what came out of them, the participants' votes
and reactions on the verslag, and the top idea turned into an action of the Flevoland actieprogramma
(its card writers get the terugkoppeling, as they would live)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.actions.models import ActionScope
from consult.actions.services import ActionInput, create_action, source_for_outcome
from consult.consultations.models import Consultation
from consult.documents.models import Document, DocumentKind, Theme
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.outcomes.models import OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
from consult.workshops.models import CardKind, InputCard, Registration, Workshop

# table number, writer's e-mail, kind, text
CARDS = (
    (0, "marloes.dewit@example.org", CardKind.PROBLEM, "Wie uitstroomt uit beschermd wonen, vindt geen betaalbare woning."),
    (0, "kees.smit@example.org", CardKind.IDEA, "Reserveer in elke gemeente woningen voor mensen die uitstromen."),
    (0, "linda.mulder@example.org", CardKind.IDEA, "Spreek per gemeente een vast aantal woningen per jaar af met de corporaties."),
    (0, "gerrit.hoekstra@example.org", CardKind.IDEA, "Laat ervaringsdeskundigen meepraten over de verdeling van woningen."),
    (1, "aylin.demir@example.org", CardKind.PROBLEM, "Bij verward gedrag weten buren niet wie ze moeten bellen."),
    (1, "bart.visser@example.org", CardKind.IDEA, "Eén regionaal telefoonnummer voor zorgen over een buurtbewoner."),
    (1, "hassan.elidrissi@example.org", CardKind.ACTION, "Train wijkagenten en wijkteams samen in de aanpak van verward gedrag."),
)
# table number, kind, scope, municipality slugs, proposed owner, text, card numbers
OUTCOMES = (
    (0, CardKind.IDEA, ActionScope.LOCAL, ("almere", "lelystad"), "Gemeenten met de woningcorporaties",
     "Afspraken per gemeente met de corporaties over woningen voor mensen die uitstromen uit beschermd wonen.", (1, 2)),
    (0, CardKind.PROBLEM, ActionScope.REGIONAL, (), "",
     "Er zijn te weinig betaalbare woningen voor mensen die uitstromen.", (0,)),
    (0, CardKind.IDEA, ActionScope.REGIONAL, (), "Bestuurlijk duo Zorglandschap Wmo",
     "Ervaringsdeskundigen praten mee over de verdeling van woningen.", (3,)),
    (1, CardKind.IDEA, ActionScope.REGIONAL, (), "Bestuurlijk duo Zorg en Veiligheid",
     "Eén regionaal telefoonnummer voor zorgen over een buurtbewoner.", (4, 5)),
    (1, CardKind.ACTION, ActionScope.LOCAL, ("almere", "lelystad", "dronten"), "Gemeenten met de politie",
     "Wijkagenten en wijkteams volgen samen een training over verward gedrag.", (6,)),
)
# voter's e-mail, outcome numbers
VOTES = (
    ("marloes.dewit@example.org", (0, 3)), ("kees.smit@example.org", (0, 2)), ("linda.mulder@example.org", (0,)),
    ("gerrit.hoekstra@example.org", (2, 0, 3)), ("aylin.demir@example.org", (3,)), ("bart.visser@example.org", (3, 0)),
)
COMMENTS = (
    ("noor.jansen@example.org", 0, "Denk ook aan jongeren die uit de jeugdzorg komen."),
    ("hassan.elidrissi@example.org", None, "Een helder verslag. Fijn dat alle tafels erin staan."),
)


def load(now: datetime) -> None:
    workshop = db.session.scalar(sa.select(Workshop).join(Workshop.consultation)
                                 .where(Consultation.slug == "werkatelier-beschermd-wonen"))
    people = {r.email: r for r in db.session.scalars(sa.select(Registration).join(Registration.session)
                                                     .where(Registration.session.has(workshop_id=workshop.id)))}
    orgs = {o.slug: o for o in db.session.scalars(sa.select(Organisation))}
    at = now - timedelta(days=1)
    cards = []
    for table, email, kind, text in CARDS:
        card = InputCard(table_id=workshop.tables[table].id, registration_id=people[email].id, kind=kind, text=text, created_at=at)
        db.session.add(card)
        cards.append(card)
    outcomes = []
    for table, kind, scope, places, owner, text, card_numbers in OUTCOMES:
        outcome = WorkshopOutcome(workshop_id=workshop.id, table=workshop.tables[table], kind=kind, scope=scope, text=text,
                                  proposed_owner=owner, municipalities=[orgs[s] for s in places if s in orgs],
                                  cards=[cards[n] for n in card_numbers], created_at=at)
        db.session.add(outcome)
        outcomes.append(outcome)
    verslag = Verslag(workshop_id=workshop.id, votes_per_person=3, published_at=at, comments_until=now + timedelta(days=14))
    db.session.add(verslag)
    db.session.flush()
    for email, numbers in VOTES:
        for slot, n in enumerate(numbers, start=1):
            db.session.add(OutcomeVote(workshop_id=workshop.id, outcome_id=outcomes[n].id, registration_id=people[email].id,
                                       slot=slot, max_votes=3, created_at=at))
    for email, n, text in COMMENTS:
        db.session.add(OutcomeComment(workshop_id=workshop.id, outcome_id=outcomes[n].id if n is not None else None,
                                      registration_id=people[email].id, text=text, created_at=at))
    db.session.flush()
    _top_idea_into_action(workshop, outcomes[0], now)


def _top_idea_into_action(workshop: Workshop, outcome: WorkshopOutcome, now: datetime) -> None:
    programme = db.session.scalar(sa.select(Document).where(Document.kind == DocumentKind.ACTION_PROGRAMME,
                                                             Document.title.like("Actieprogramma beschermd wonen%")))
    theme_id = outcome.table.theme_id
    create_action(programme, ActionInput(
        title="Woningen voor uitstroom uit beschermd wonen per gemeente",
        description=("Elke gemeente maakt met de woningcorporaties afspraken over een vast aantal woningen per jaar "
                     "voor mensen die uitstromen uit beschermd wonen. Dit idee kreeg de meeste stemmen in het werkatelier."),
        scope=ActionScope.LOCAL, theme=db.session.get(Theme, theme_id) if theme_id else None,
        municipalities=list(outcome.municipalities)), None, now, source=source_for_outcome(outcome))
