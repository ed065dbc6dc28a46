"""Outcomes of the demo werkatelier's session held last week (consult.demo.workshop): cards written at two
tables during it, what came out of them the day after, the verslag published three days after the session
and open for reactions and votes until some days after the demo is loaded, the participants' votes, their
reactions (one approved, one waiting for an official), and the top idea turned into an action of the
Flevoland actieprogramma with its proposed owner (its card writers get the terugkoppeling, as they would live)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.accounts.models import User
from consult.actions.models import ActionScope
from consult.actions.services import ActionInput, create_action, source_for_outcome
from consult.consultations.models import Consultation
from consult.consultations.term import end_of_day
from consult.core.i18n import AMSTERDAM
from consult.documents.models import Document, DocumentKind, Theme
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.outcomes.models import CommentStatus, OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
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
# table number, kind, scope, municipality slugs, proposed owner (an organisation's slug, or the theme whose
# bestuurlijk duo), text, card numbers
OUTCOMES = (
    (0, CardKind.IDEA, ActionScope.LOCAL, ("almere", "lelystad"), ("organisation", "flevowonen"),
     "Afspraken per gemeente met de corporaties over woningen voor mensen die uitstromen uit beschermd wonen.", (1, 2)),
    (0, CardKind.PROBLEM, ActionScope.REGIONAL, (), None,
     "Er zijn te weinig betaalbare woningen voor mensen die uitstromen.", (0,)),
    (0, CardKind.IDEA, ActionScope.REGIONAL, (), ("duo", "Zorglandschap Wmo"),
     "Ervaringsdeskundigen praten mee over de verdeling van woningen.", (3,)),
    (1, CardKind.IDEA, ActionScope.REGIONAL, (), ("duo", "Zorg en Veiligheid"),
     "Eén regionaal telefoonnummer voor zorgen over een buurtbewoner.", (4, 5)),
    (1, CardKind.ACTION, ActionScope.LOCAL, ("almere", "lelystad", "dronten"), ("organisation", "regio-flevoland"),
     "Wijkagenten en wijkteams volgen samen een training over verward gedrag.", (6,)),
)
# voter's e-mail, outcome numbers
VOTES = (
    ("marloes.dewit@example.org", (0, 3)), ("kees.smit@example.org", (0, 2)), ("linda.mulder@example.org", (0,)),
    ("gerrit.hoekstra@example.org", (2, 0, 3)), ("aylin.demir@example.org", (3,)), ("bart.visser@example.org", (3, 0)),
)
# writer's e-mail, outcome number (None: the whole verslag), text, approved by the official yet
COMMENTS = (
    ("noor.jansen@example.org", 0, "Denk ook aan jongeren die uit de jeugdzorg komen.", True),
    ("hassan.elidrissi@example.org", None, "Een helder verslag. Fijn dat alle tafels erin staan.", False),
)


def load(now: datetime) -> None:
    workshop = db.session.scalar(sa.select(Workshop).join(Workshop.consultation)
                                 .where(Consultation.slug == "werkatelier-beschermd-wonen"))
    people = {r.email: r for r in db.session.scalars(sa.select(Registration).join(Registration.session)
                                                     .where(Registration.session.has(workshop_id=workshop.id)))}
    orgs = {o.slug: o for o in db.session.scalars(sa.select(Organisation))}
    themes = {t.title: t for t in db.session.scalars(sa.select(Theme).where(
        Theme.organisation_id == workshop.consultation.organisation_id))}
    official = db.session.scalar(sa.select(User).where(User.email == "ambtenaar.flevoland@example.org"))
    held = workshop.sessions[0]
    written, recorded = held.starts_at + timedelta(hours=1), held.starts_at + timedelta(days=1)
    published = held.starts_at + timedelta(days=3)
    cards = []
    for table, email, kind, text in CARDS:
        card = InputCard(table_id=workshop.tables[table].id, registration_id=people[email].id, kind=kind, text=text,
                         created_at=written)
        db.session.add(card)
        cards.append(card)
    outcomes = []
    for table, kind, scope, places, owner, text, card_numbers in OUTCOMES:
        outcome = WorkshopOutcome(workshop_id=workshop.id, table=workshop.tables[table], kind=kind, scope=scope, text=text,
                                  municipalities=[orgs[s] for s in places if s in orgs],
                                  proposed_owner_organisation=orgs[owner[1]] if owner and owner[0] == "organisation" else None,
                                  proposed_duo_theme=themes.get(owner[1]) if owner and owner[0] == "duo" else None,
                                  cards=[cards[n] for n in card_numbers], created_at=recorded)
        db.session.add(outcome)
        outcomes.append(outcome)
    # Two weeks to react and vote from the day it was published: still open on the day the demo is loaded.
    closes = end_of_day(published.astimezone(AMSTERDAM).date() + timedelta(days=14))
    verslag = Verslag(workshop_id=workshop.id, votes_per_person=3, published_at=published, comments_until=max(
        closes, end_of_day(now.astimezone(AMSTERDAM).date() + timedelta(days=3))))
    db.session.add(verslag)
    db.session.flush()
    for email, numbers in VOTES:
        for slot, n in enumerate(numbers, start=1):
            db.session.add(OutcomeVote(workshop_id=workshop.id, outcome_id=outcomes[n].id, registration_id=people[email].id,
                                       slot=slot, max_votes=3, created_at=published + timedelta(days=1)))
    for email, n, text, approved in COMMENTS:
        db.session.add(OutcomeComment(
            workshop_id=workshop.id, outcome_id=outcomes[n].id if n is not None else None, registration_id=people[email].id,
            text=text, created_at=published + timedelta(days=2),
            status=CommentStatus.APPROVED if approved else CommentStatus.PENDING,
            moderated_at=published + timedelta(days=2, hours=2) if approved else None,
            moderated_by_id=official.id if approved and official else None))
    db.session.flush()
    _top_idea_into_action(workshop, outcomes[0], min(now, published + timedelta(days=3)))


def _top_idea_into_action(workshop: Workshop, outcome: WorkshopOutcome, at: datetime) -> None:
    programme = db.session.scalar(sa.select(Document).where(Document.kind == DocumentKind.ACTION_PROGRAMME,
                                                             Document.title.like("Actieprogramma beschermd wonen%")))
    theme_id = outcome.proposed_duo_theme_id or outcome.table.theme_id
    create_action(programme, ActionInput(
        title="Woningen voor uitstroom uit beschermd wonen per gemeente",
        description=("Elke gemeente maakt met de woningcorporaties afspraken over een vast aantal woningen per jaar "
                     "voor mensen die uitstromen uit beschermd wonen. Dit idee kreeg de meeste stemmen in het werkatelier."),
        scope=ActionScope.LOCAL, theme=db.session.get(Theme, theme_id) if theme_id else None,
        owner=outcome.proposed_owner_organisation,
        municipalities=list(outcome.municipalities)), None, at, source=source_for_outcome(outcome))
