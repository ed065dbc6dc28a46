"""Read-side selects for the outcomes pages."""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from consult.actions.models import ActionSource
from consult.core.web import as_ids
from consult.documents.models import Theme
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.outcomes.models import CommentStatus, OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome
from consult.workshops.models import (
    InputCard,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopTable,
)
from consult.workshops.queries import of_session


def verslag_of(workshop: Workshop) -> Verslag | None:
    return db.session.scalar(sa.select(Verslag).where(Verslag.workshop_id == workshop.id))


def outcomes_of(workshop: Workshop, with_details: bool = True) -> list[WorkshopOutcome]:
    """The werkatelier's outcomes in table order; ``with_details``: with their cards, municipalities and
    proposed owner, which the officials' page shows and the participants' verslag does not."""
    query = (sa.select(WorkshopOutcome).join(WorkshopTable, WorkshopOutcome.table_id == WorkshopTable.id)
             .where(WorkshopOutcome.workshop_id == workshop.id)
             .order_by(WorkshopTable.position, WorkshopTable.id, WorkshopOutcome.id))
    if with_details:
        query = query.options(selectinload(WorkshopOutcome.cards), selectinload(WorkshopOutcome.municipalities),
                              selectinload(WorkshopOutcome.proposed_owner_organisation),
                              selectinload(WorkshopOutcome.proposed_duo_theme))
    return list(db.session.scalars(query))


def outcome_of(workshop: Workshop, outcome_id: int) -> WorkshopOutcome:
    outcome = db.session.get(WorkshopOutcome, outcome_id)
    if outcome is None or outcome.workshop_id != workshop.id:
        abort(404)
    return outcome


@dataclass
class TableOutcomes:
    table: WorkshopTable
    outcomes: list[WorkshopOutcome]
    card_count: int = 0


def per_table(workshop: Workshop, outcomes: list[WorkshopOutcome], with_counts: bool = False) -> list[TableOutcomes]:
    """The werkatelier's tables in order, each with its outcomes and (``with_counts``) how many cards it has:
    one grouped count, so the page does not grow with the cards."""
    counts: dict[int, int] = {}
    if with_counts:
        counts = dict(db.session.execute(
            sa.select(InputCard.table_id, sa.func.count(InputCard.id)).join(WorkshopTable, InputCard.table_id == WorkshopTable.id)
            .where(WorkshopTable.workshop_id == workshop.id).group_by(InputCard.table_id)).all())
    return [TableOutcomes(t, [o for o in outcomes if o.table_id == t.id], counts.get(t.id, 0)) for t in workshop.tables]


def table_of(workshop: Workshop, table_id: int) -> WorkshopTable:
    table = db.session.get(WorkshopTable, table_id)
    if table is None or table.workshop_id != workshop.id:
        abort(404)
    return table


CARDS_PER_PAGE = 50


@dataclass
class CardPage:
    """One page of a table's cards in one session, for the ``pager`` macro."""
    session: WorkshopSession
    items: list[InputCard]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / CARDS_PER_PAGE))


def cards_of_table(table: WorkshopTable, session: WorkshopSession, number: int) -> CardPage:
    """Page ``number`` (kept within the pages there are) of the cards written at ``table`` in ``session``,
    oldest first: what an official picks an outcome's cards from. Two queries whatever the page. The order
    is by id, so a card written meanwhile joins the last page and the pages before stay as they were."""
    condition = sa.and_(InputCard.table_id == table.id, of_session(session))
    total = db.session.scalar(sa.select(sa.func.count(InputCard.id)).where(condition))
    number = max(1, min(number, max(1, math.ceil(total / CARDS_PER_PAGE))))
    items = db.session.scalars(sa.select(InputCard).where(condition).order_by(InputCard.id)
                               .limit(CARDS_PER_PAGE).offset((number - 1) * CARDS_PER_PAGE))
    return CardPage(session, list(items), number, total)


def cards_by_id(workshop: Workshop, ids: list[str]) -> dict[str, InputCard]:
    """The werkatelier's cards among ``ids`` (form values), by id as text; ids of other werkateliers or
    that are no number are left out, so a form can tell they were not offered."""
    numbers = as_ids(str(i) for i in ids)
    if not numbers:
        return {}
    return {str(c.id): c for c in db.session.scalars(
        sa.select(InputCard).join(WorkshopTable, InputCard.table_id == WorkshopTable.id)
        .where(WorkshopTable.workshop_id == workshop.id, InputCard.id.in_(numbers)))}


def vote_counts(workshop: Workshop) -> dict[int, int]:
    """Votes per outcome id. A vote of a registration cancelled since no longer counts: that person gave up
    their place, and their link no longer opens the verslag (``permissions.is_participant``)."""
    return dict(db.session.execute(
        sa.select(OutcomeVote.outcome_id, sa.func.count(OutcomeVote.id))
        .join(Registration, Registration.id == OutcomeVote.registration_id)
        .where(OutcomeVote.workshop_id == workshop.id, Registration.status != RegistrationStatus.CANCELLED)
        .group_by(OutcomeVote.outcome_id)).all())


def voted_by(registration_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(OutcomeVote.outcome_id).where(OutcomeVote.registration_id == registration_id)))


def comments_of(workshop: Workshop, registration_id: int | None = None, status: CommentStatus | None = None,
                published_only: bool = False) -> list[OutcomeComment]:
    """The reactions on the verslag, oldest first: all, one participant's, those in one moderation
    ``status``, or only those the participants may see (``OutcomeComment.is_published``)."""
    query = (sa.select(OutcomeComment).where(OutcomeComment.workshop_id == workshop.id).order_by(OutcomeComment.id)
             .options(selectinload(OutcomeComment.outcome), selectinload(OutcomeComment.registration)))
    if registration_id is not None:
        query = query.where(OutcomeComment.registration_id == registration_id)
    if status is not None:
        query = query.where(OutcomeComment.status == status)
    if published_only:
        query = query.where(OutcomeComment.is_published)
    return list(db.session.scalars(query))


def pending_comment_count(workshop: Workshop) -> int:
    """How many reactions on the verslag wait for an official."""
    return db.session.scalar(sa.select(sa.func.count(OutcomeComment.id)).where(
        OutcomeComment.workshop_id == workshop.id, OutcomeComment.status == CommentStatus.PENDING))


def comment_of(workshop: Workshop, comment_id: int) -> OutcomeComment:
    comment = db.session.get(OutcomeComment, comment_id)
    if comment is None or comment.workshop_id != workshop.id:
        abort(404)
    return comment


def _region_of(workshop: Workshop) -> Organisation | None:
    owner = workshop.consultation.organisation
    return owner if owner.kind is OrganisationKind.REGION else owner.region


def owners_for(workshop: Workshop) -> list[Organisation]:
    """Who can be proposed as owner, as for an action (consult.actions.queries.owners_of): the werkatelier's
    organisation, and the region and its members when it works in one."""
    owner, region = workshop.consultation.organisation, _region_of(workshop)
    return [region, *region.members] if region is not None else [owner]


def duo_themes_for(workshop: Workshop) -> list[Theme]:
    """The themes whose bestuurlijk duo can be proposed: those of the werkatelier's organisation and its region."""
    ids = {workshop.consultation.organisation_id} | ({_region_of(workshop).id} if _region_of(workshop) else set())
    return list(db.session.scalars(sa.select(Theme).where(Theme.organisation_id.in_(ids))
                                   .order_by(Theme.organisation_id, Theme.document_id, Theme.position, Theme.id)))


def actions_from(workshop: Workshop) -> dict[int, list]:
    """The actions made from each outcome, by outcome id."""
    found: dict[int, list] = {}
    for source in db.session.scalars(sa.select(ActionSource).join(WorkshopOutcome, ActionSource.outcome_id == WorkshopOutcome.id)
                                     .where(WorkshopOutcome.workshop_id == workshop.id).options(selectinload(ActionSource.action))):
        found.setdefault(source.outcome_id, []).append(source.action)
    return found


def municipalities_for(workshop: Workshop) -> list[Organisation]:
    """The municipalities an outcome can concern: the owner's region's members, or the owner itself."""
    owner, region = workshop.consultation.organisation, _region_of(workshop)
    if region is not None:
        return [m for m in region.members if m.kind is OrganisationKind.MUNICIPALITY]
    return [owner] if owner.kind is OrganisationKind.MUNICIPALITY else []


def verslag_shown_to(registration) -> bool:
    """Whether the participant's pages link to the verslag (consult.outcomes.permissions.may_see_verslag)."""
    from consult.outcomes.permissions import may_see_verslag

    return may_see_verslag(registration, verslag_of(registration.session.workshop))


def top_ideas(outcomes: list[WorkshopOutcome], votes: dict[int, int], limit: int = 10) -> list[WorkshopOutcome]:
    """The ideas with votes, most votes first (ties: the earliest recorded first)."""
    voted = [o for o in outcomes if o.is_idea and votes.get(o.id)]
    return sorted(voted, key=lambda o: (-votes[o.id], o.id))[:limit]
