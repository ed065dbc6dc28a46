"""Read-side selects for advice. Lists load points and sections with selectinload, so a page runs
the same number of queries however much advice there is."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.advice.models import Advice, AdvicePoint, AdviceRequest, AdviceState, AdviceVersion
from consult.consultations.models import Audience, Consultation, State
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.rounds.models import FeedbackRound, RoundInvitation


def advice_of(consultation: Consultation, organisation: Organisation) -> Advice | None:
    """The organisation's advice on the consultation, in any state, with its points and files."""
    return db.session.scalar(sa.select(Advice).where(Advice.consultation_id == consultation.id,
                                                     Advice.organisation_id == organisation.id)
                             .options(selectinload(Advice.points).selectinload(AdvicePoint.section),
                                      selectinload(Advice.points).selectinload(AdvicePoint.created_by),
                                      selectinload(Advice.points).selectinload(AdvicePoint.updated_by),
                                      selectinload(Advice.updated_by), selectinload(Advice.attachments)))


def invitation_of(consultation: Consultation, organisation: Organisation) -> RoundInvitation | None:
    """The organisation's invitation to the consultation's round: its advice is solicited when there is one."""
    return db.session.scalar(sa.select(RoundInvitation).join(FeedbackRound).where(
        FeedbackRound.consultation_id == consultation.id, RoundInvitation.organisation_id == organisation.id))


def given_advice(consultation: Consultation) -> list[Advice]:
    """Submitted and answered advice on the consultation, oldest first, with points and sections."""
    return list(db.session.scalars(
        sa.select(Advice).where(Advice.consultation_id == consultation.id, Advice.state != AdviceState.CONCEPT)
        .options(selectinload(Advice.points).selectinload(AdvicePoint.section),
                 selectinload(Advice.points).selectinload(AdvicePoint.answered_by),
                 selectinload(Advice.points).selectinload(AdvicePoint.created_by),
                 selectinload(Advice.points).selectinload(AdvicePoint.updated_by),
                 selectinload(Advice.submitted_by), selectinload(Advice.updated_by), selectinload(Advice.invitation),
                 selectinload(Advice.attachments))
        .order_by(Advice.submitted_at, Advice.id)))


def open_points(consultation: Consultation) -> list[AdvicePoint]:
    """Points of submitted advice without an answer, in the order of the advice and its numbers."""
    return list(db.session.scalars(
        sa.select(AdvicePoint).join(Advice)
        .where(Advice.consultation_id == consultation.id, Advice.state != AdviceState.CONCEPT,
               AdvicePoint.verdict.is_(None))
        .options(selectinload(AdvicePoint.advice))
        .order_by(Advice.submitted_at, Advice.id, AdvicePoint.number)))


def advice_of_organisations(organisation_ids: set[int]) -> list[Advice]:
    """For "Mijn organisatie": every advice these organisations drafted or gave, newest first."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        sa.select(Advice).where(Advice.organisation_id.in_(organisation_ids))
        .options(selectinload(Advice.consultation), selectinload(Advice.points))
        .order_by(Advice.created_at.desc(), Advice.id.desc())))


def advisable_consultations(organisations: list[Organisation]) -> list[tuple[Organisation, Consultation]]:
    """Published public consultations, not yet processed, on which these adviesraden may give
    unsolicited advice: those of their region and of the region's municipalities."""
    pairs = []
    councils = [o for o in organisations if o.kind is OrganisationKind.ADVISORY_COUNCIL and o.region_id is not None]
    if not councils:
        return pairs
    regions = {o.region_id for o in councils}
    owners = sa.select(Organisation.id).where(sa.or_(Organisation.id.in_(regions), Organisation.region_id.in_(regions)))
    consultations = list(db.session.scalars(
        sa.select(Consultation).where(Consultation.organisation_id.in_(owners), Consultation.state == State.PUBLISHED,
                                      Consultation.audience == Audience.PUBLIC, Consultation.takes_reactions)
        .options(selectinload(Consultation.organisation)).order_by(Consultation.closes_at)))
    for council in councils:
        pairs += [(council, c) for c in consultations if council.region_id in (c.organisation_id, c.organisation.region_id)]
    return pairs


def request_of(consultation: Consultation, organisation: Organisation) -> AdviceRequest | None:
    """The municipality's request to the organisation for advice on the consultation, if it asked."""
    return db.session.scalar(sa.select(AdviceRequest).where(AdviceRequest.consultation_id == consultation.id,
                                                            AdviceRequest.organisation_id == organisation.id))


def requests_of(consultation: Consultation) -> list[AdviceRequest]:
    """Every adviesraad asked for advice on the consultation, soonest deadline first."""
    return list(db.session.scalars(sa.select(AdviceRequest).where(AdviceRequest.consultation_id == consultation.id)
                                   .options(selectinload(AdviceRequest.advice))
                                   .order_by(AdviceRequest.deadline, AdviceRequest.id)))


def requested_of_organisations(organisation_ids: set[int]) -> list[AdviceRequest]:
    """For "Mijn organisatie": the requests for advice to these organisations on consultations still open
    for it (published), soonest deadline first."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        sa.select(AdviceRequest).join(Consultation, AdviceRequest.consultation_id == Consultation.id)
        .where(AdviceRequest.organisation_id.in_(organisation_ids), Consultation.state == State.PUBLISHED)
        .options(selectinload(AdviceRequest.consultation)).order_by(AdviceRequest.deadline, AdviceRequest.id)))


def advisory_councils() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.kind == OrganisationKind.ADVISORY_COUNCIL)
                                   .order_by(Organisation.name)))


def versions_of(advice: list[Advice]) -> dict[int, list[AdviceVersion]]:
    """Per advice id, every version of given advice that was changed after submission, oldest first: one query."""
    found: dict[int, list[AdviceVersion]] = {}
    ids = [a.id for a in advice]
    if ids:
        for version in db.session.scalars(sa.select(AdviceVersion).where(AdviceVersion.advice_id.in_(ids))
                                          .options(selectinload(AdviceVersion.written_by))
                                          .order_by(AdviceVersion.advice_id, AdviceVersion.number)):
            found.setdefault(version.advice_id, []).append(version)
    return found
