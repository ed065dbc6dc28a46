"""The demo actieprogramma of the Flevoland region: twelve actions over the five priorities, local tasks
and regional responsibilities, with statuses and progress; three come from partners' comments in the
feedbackronde, and those partners got the terugkoppeling mail (see the demo mailbox)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.actions.models import Action, ActionScope, ActionStatus, ActionUpdate, FeedbackEvent
from consult.actions.services import send_feedback, source_for_reaction
from consult.consultations.models import Consultation
from consult.core.i18n import local_today
from consult.documents.models import Document, DocumentKind, Theme
from consult.extensions import db
from consult.organisations.models import Organisation
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reactions.services import next_reference
from consult.rounds.models import FeedbackRound, RoundInvitation

L, R = ActionScope.LOCAL, ActionScope.REGIONAL
P, RUN, LATE, DONE, GONE = (ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.DELAYED, ActionStatus.DONE,
                            ActionStatus.CANCELLED)

# theme position, scope, municipalities (slugs; none: all of the region), owner slug (None: the duo),
# deadline in days from now, status, title, description, progress notes (days ago, text)
ACTIONS = (
    (1, R, (), "almere", 120, RUN, "Eén regionale toegang tot beschermd wonen",
     "Almere als centrumgemeente en de vijf andere gemeenten maken één loket voor de aanvraag van beschermd wonen.",
     ((40, "De werkgroep toegang is gestart."), (10, "Het werkproces is beschreven; de gemeenten lezen mee."))),
    (1, L, ("lelystad",), "lelystad", 60, P, "Wijkteams Lelystad leren signaleren",
     "Medewerkers van de wijkteams krijgen training in het herkennen van psychische kwetsbaarheid.", ()),
    (1, L, ("dronten",), "dronten", -14, LATE, "Woonplekken voor uitstroom in Dronten",
     "Dronten zoekt met de corporatie tien woningen voor mensen die uit beschermd wonen komen.",
     ((30, "Twee woningen gevonden; de rest vraagt meer tijd."),)),
    (0, R, (), None, 200, P, "Regionaal plan jeugdhulp met verblijf",
     "De gemeenten maken samen een plan voor de plekken voor jeugdhulp met verblijf in de regio.", ()),
    (0, L, ("almere", "zeewolde"), "almere", 90, RUN, "Gezinshuizen dichter bij huis",
     "Almere en Zeewolde werven samen gezinshuizen, zodat kinderen in hun eigen omgeving kunnen blijven.",
     ((20, "De wervingscampagne loopt."),)),
    (2, R, (), None, -30, LATE, "Afspraken zorg en veiligheid met politie en GGZ",
     "De regio maakt afspraken over verward gedrag: wie doet wat, en wie is 24 uur per dag bereikbaar.",
     ((45, "Eerste overleg met politie en GGZ gehouden."), (5, "De afspraken wachten op het besluit van de GGZ."))),
    (2, L, ("noordoostpolder",), "noordoostpolder", 45, P, "Meldpunt zorgwekkend gedrag in Noordoostpolder",
     "Inwoners kunnen zorgen over een buurtgenoot melden bij één telefoonnummer.", ()),
    (3, R, (), "zorgplatform-flevoland", -60, DONE, "Zorgplatform Flevoland twee keer per jaar",
     "Gemeenten, aanbieders en cliëntenraden overleggen twee keer per jaar in het Zorgplatform.",
     ((70, "De eerste bijeenkomst was op 12 maart."), (61, "Afgerond: de vergaderdata staan vast."))),
    (3, L, ("urk",), "urk", 150, P, "Cliëntenraad Urk meer betrekken",
     "Urk vraagt de cliëntenraad vooraf mee te denken over nieuw beleid.", ()),
    (4, R, (), "almere", 180, RUN, "Samen inkopen met de zorgverzekeraar",
     "De gemeenten en de zorgverzekeraar kopen de GGZ-zorg in de wijk samen in.",
     ((15, "De eerste gesprekken met de zorgverzekeraar zijn gevoerd."),)),
    (4, L, ("zeewolde",), None, 30, GONE, "Eigen contract Zeewolde met de zorgverzekeraar",
     "Zeewolde zou een eigen contract sluiten. Dat gebeurt nu regionaal.",
     ((8, "Vervallen: deze actie valt onder het regionale inkoopcontract."),)),
    (1, L, ("almere", "lelystad", "dronten", "noordoostpolder", "urk", "zeewolde"), None, 240, P,
     "Ervaringsdeskundigen in elke gemeente",
     "Elke gemeente zet ervaringsdeskundigen in bij de ondersteuning in de wijk.", ()),
)
# Comments two invited partners submitted in the feedbackronde; the actions above (by index) came from them.
ROUND_COMMENTS = (
    ("flevowonen", "Marieke de Jong", "m.dejong@flevowonen.example.org", 2,
     "Wij kunnen meer woningen bieden voor uitstroom, als de begeleiding in de wijk geregeld is."),
    ("clientenraad-flevoland", "Ahmed Bouzid", "secretaris@clientenraad-flevoland.example.org", 11,
     "Zet ervaringsdeskundigen in. Zij worden beter gehoord dan hulpverleners."),
    ("clientenraad-flevoland", "Ahmed Bouzid", "secretaris@clientenraad-flevoland.example.org", 0,
     "Maak één plek waar je beschermd wonen aanvraagt, voor de hele regio."),
)


def load(now: datetime) -> None:
    programme = db.session.scalar(sa.select(Document).where(Document.kind == DocumentKind.ACTION_PROGRAMME,
                                                             Document.title.like("Actieprogramma beschermd wonen%")))
    region = programme.organisation
    themes = list(db.session.scalars(sa.select(Theme).where(Theme.organisation_id == region.id).order_by(Theme.position)))
    orgs = {o.slug: o for o in db.session.scalars(sa.select(Organisation))}
    today = local_today(now)
    actions = []
    for position, scope, places, owner, days, status, title, text, notes in ACTIONS:
        created = now - timedelta(days=90)
        action = Action(programme=programme, theme=themes[position], scope=scope, title=title, description=text,
                        municipalities=[orgs[s] for s in places], owner_organisation=orgs[owner] if owner else None,
                        deadline=today + timedelta(days=days), status=status, created_at=created,
                        changed_at=now - timedelta(days=notes[-1][0]) if notes else created)
        previous = ActionStatus.PLANNED
        for number, (ago, note) in enumerate(notes, start=1):
            last = number == len(notes) and status is not previous
            action.updates.append(ActionUpdate(body=note, created_at=now - timedelta(days=ago),
                                               status_from=previous if last else None, status_to=status if last else None))
        db.session.add(action)
        actions.append(action)
    db.session.flush()
    _round_comments(actions, now)


def _round_comments(actions: list[Action], now: datetime) -> None:
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == "strategische-agenda-feedbackronde"))
    feedback_round = db.session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == consultation.id))
    invitations = {i.organisation.slug: i for i in db.session.scalars(
        sa.select(RoundInvitation).where(RoundInvitation.round_id == feedback_round.id))}
    at = now - timedelta(days=3)
    for slug, name, email, index, text in ROUND_COMMENTS:
        organisation = invitations[slug].organisation
        reaction = Reaction(consultation=consultation, document_version_id=consultation.document_version_id,
                            reference=next_reference(consultation, at), channel=Channel.PARTNER_ROUND,
                            status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, confirmed_at=at,
                            author_name=name, author_email=email, organisation_id=organisation.id,
                            organisation_name=organisation.name, organisation_kind=organisation.kind, body=text,
                            submitted_at=at, received_at=at, locale="nl")
        db.session.add(reaction)
        db.session.flush()
        reaction.count_on_entry()
        invitations[slug].submitted_at = invitations[slug].opened_at = at
        action = actions[index]
        action.sources.append(source_for_reaction(reaction))
        db.session.flush()
        send_feedback(action, FeedbackEvent.CREATED, at, only=[action.sources[-1]])
