"""Read-side selects for rounds. Each page runs a fixed number of queries, however many organisations
are invited or comments written: counts come from grouped selects, related rows from selectinload."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from consult.advice.models import Advice, AdvicePoint
from consult.answers.models import Answer, Point
from consult.consultations.models import Consultation, State
from consult.core.collation import dutch_sort_key
from consult.documents.models import DocumentVersion
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.models import Channel, Reaction
from consult.reactions.queries import PAGE_SIZE, Page
from consult.reports.models import ResponseReport
from consult.rounds.models import (
    CommentVersion,
    DraftComment,
    FeedbackRound,
    GuidingQuestion,
    QuestionReaction,
    ReplyReaction,
    RoundInvitation,
    RoundReminder,
)
from consult.rounds.permissions import answer_is_released


def round_of(consultation: Consultation) -> FeedbackRound | None:
    return db.session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == consultation.id))


def invited_organisation_ids(consultation: Consultation) -> set[int]:
    return set(db.session.scalars(
        sa.select(RoundInvitation.organisation_id).join(FeedbackRound)
        .where(FeedbackRound.consultation_id == consultation.id)))


def invitation_for(consultation: Consultation, organisation_slug: str) -> RoundInvitation | None:
    return db.session.scalar(
        sa.select(RoundInvitation).join(FeedbackRound).join(Organisation, RoundInvitation.organisation_id == Organisation.id)
        .where(FeedbackRound.consultation_id == consultation.id, Organisation.slug == organisation_slug))


def invitations_for_member(consultation: Consultation, organisation_ids: set[int]) -> list[RoundInvitation]:
    """The invitations of this round for the organisations a person belongs to."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        sa.select(RoundInvitation).join(FeedbackRound)
        .where(FeedbackRound.consultation_id == consultation.id, RoundInvitation.organisation_id.in_(organisation_ids))))


def _draft_counts(invitation_ids: list[int]) -> dict[int, int]:
    if not invitation_ids:
        return {}
    return dict(db.session.execute(
        sa.select(DraftComment.invitation_id, sa.func.count()).where(DraftComment.invitation_id.in_(invitation_ids))
        .group_by(DraftComment.invitation_id)).all())


def _submitted_counts(consultation_ids: list[int], organisation_ids: list[int]) -> dict[tuple[int, int], int]:
    """Counted reactions from the round, per (consultation, organisation)."""
    if not consultation_ids or not organisation_ids:
        return {}
    rows = db.session.execute(
        sa.select(Reaction.consultation_id, Reaction.organisation_id, sa.func.count())
        .where(Reaction.consultation_id.in_(consultation_ids), Reaction.organisation_id.in_(organisation_ids),
               Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_counted)
        .group_by(Reaction.consultation_id, Reaction.organisation_id)).all()
    return {(c, o): n for c, o, n in rows}


@dataclass
class InvitationRow:
    invitation: RoundInvitation
    draft_count: int
    submitted_count: int
    reminders: list[RoundReminder] = field(default_factory=list)

    @property
    def organisation(self) -> Organisation:
        return self.invitation.organisation

    @property
    def has_responded(self) -> bool:
        return self.invitation.has_responded


def my_invitations(organisation_ids: set[int]) -> list[InvitationRow]:
    """For "Mijn organisatie": every published round these organisations are invited to, soonest
    deadline first, with the size of each organisation's draft and what it submitted."""
    if not organisation_ids:
        return []
    invitations = list(db.session.scalars(
        sa.select(RoundInvitation).join(FeedbackRound).join(Consultation)
        .where(RoundInvitation.organisation_id.in_(organisation_ids), Consultation.state != State.DRAFT)
        .options(selectinload(RoundInvitation.round))
        .order_by(Consultation.closes_at.desc(), RoundInvitation.id)))
    drafts = _draft_counts([i.id for i in invitations])
    submitted = _submitted_counts(list({i.round.consultation_id for i in invitations}), list(organisation_ids))
    return [InvitationRow(i, drafts.get(i.id, 0), submitted.get((i.round.consultation_id, i.organisation_id), 0))
            for i in invitations]


@dataclass
class KindRate:
    kind: OrganisationKind
    invited: int
    submitted: int

    @property
    def percentage(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0


@dataclass
class Progress:
    rows: list[InvitationRow]
    rates: list[KindRate]

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.has_responded)

    @property
    def not_responded(self) -> list[InvitationRow]:
        return [row for row in self.rows if not row.has_responded]

    def remindable(self, at) -> list[InvitationRow]:
        """Not responded and still able to: the organisations a reminder is for."""
        return [row for row in self.not_responded if not row.invitation.is_past_deadline(at)]


def _reminders_of(invitation_ids: list[int]) -> dict[int, list[RoundReminder]]:
    found: dict[int, list[RoundReminder]] = defaultdict(list)
    if invitation_ids:
        for reminder in db.session.scalars(
                sa.select(RoundReminder).where(RoundReminder.invitation_id.in_(invitation_ids))
                .options(selectinload(RoundReminder.sent_by)).order_by(RoundReminder.sent_at, RoundReminder.id)):
            found[reminder.invitation_id].append(reminder)
    return found


def progress(feedback_round: FeedbackRound) -> Progress:
    """Per invited organisation (in Dutch order of the names): opened, drafted (comments in the draft), submitted, and every
    reminder with who sent it; and the response rate per kind. A fixed number of queries at any size."""
    rows_by_invitation = sorted(db.session.scalars(
        sa.select(RoundInvitation).join(Organisation, RoundInvitation.organisation_id == Organisation.id)
        .where(RoundInvitation.round_id == feedback_round.id).options(contains_eager(RoundInvitation.organisation))),
        key=lambda i: (dutch_sort_key(i.organisation.name), i.id))
    drafts = _draft_counts([i.id for i in rows_by_invitation])
    submitted = _submitted_counts([feedback_round.consultation_id], [i.organisation_id for i in rows_by_invitation])
    reminders = _reminders_of([i.id for i in rows_by_invitation])
    rows = [InvitationRow(i, drafts.get(i.id, 0), submitted.get((feedback_round.consultation_id, i.organisation_id), 0),
                          reminders.get(i.id, [])) for i in rows_by_invitation]
    per_kind: dict[OrganisationKind, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        per_kind[row.organisation.kind][0] += 1
        per_kind[row.organisation.kind][1] += int(row.has_responded)
    rates = [KindRate(kind, invited, done) for kind, (invited, done) in sorted(per_kind.items(), key=lambda kv: kv[0].value)]
    return Progress(rows, rates)


def managed_invitation(feedback_round: FeedbackRound, organisation_slug: str) -> RoundInvitation | None:
    """One organisation's invitation to this round, for its officials' page."""
    return db.session.scalar(
        sa.select(RoundInvitation).join(Organisation, RoundInvitation.organisation_id == Organisation.id)
        .where(RoundInvitation.round_id == feedback_round.id, Organisation.slug == organisation_slug))


def reminders_of(invitation: RoundInvitation) -> list[RoundReminder]:
    return _reminders_of([invitation.id]).get(invitation.id, [])


def drafts_of(invitation: RoundInvitation) -> list[DraftComment]:
    """The organisation's shared draft, with who wrote and who last changed each comment."""
    return list(db.session.scalars(
        sa.select(DraftComment).where(DraftComment.invitation_id == invitation.id)
        .options(selectinload(DraftComment.created_by), selectinload(DraftComment.updated_by),
                 selectinload(DraftComment.section), selectinload(DraftComment.question))
        .order_by(DraftComment.id)))


def submitted_by(invitation: RoundInvitation) -> list[Reaction]:
    """What this organisation submitted in the round (counted reactions, newest last)."""
    return list(db.session.scalars(
        sa.select(Reaction).where(Reaction.consultation_id == invitation.round.consultation_id,
                                  Reaction.organisation_id == invitation.organisation_id,
                                  Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_counted)
        .options(selectinload(Reaction.section)).order_by(Reaction.submitted_at, Reaction.id)))


def published_by_others(invitation: RoundInvitation, number: int = 1) -> Page:
    """One page (newest first, ``PAGE_SIZE`` each) of other organisations' comments that passed
    moderation and are published, with their total: two queries at any size. The caller still passes
    each through ``publication.may_show`` and shows ``public_text`` only."""
    condition = sa.and_(Reaction.consultation_id == invitation.round.consultation_id,
                        Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_published,
                        Reaction.organisation_id != invitation.organisation_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(condition))
    number = max(1, min(number, max(1, math.ceil(total / PAGE_SIZE))))
    items = db.session.scalars(
        sa.select(Reaction).where(condition)
        .options(selectinload(Reaction.section), selectinload(Reaction.consultation))
        .order_by(Reaction.submitted_at.desc(), Reaction.id.desc()).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    return Page(list(items), number, total)


def invitable_organisations() -> list[Organisation]:
    """Partners and internal teams: everyone but municipalities and regions, which run rounds."""
    return sorted(db.session.scalars(
        sa.select(Organisation).where(Organisation.kind.not_in([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]))),
        key=lambda o: dutch_sort_key(o.name))


def regions() -> list[Organisation]:
    return sorted(db.session.scalars(sa.select(Organisation).where(Organisation.kind == OrganisationKind.REGION)),
                  key=lambda o: dutch_sort_key(o.name))


@dataclass
class AnsweredComment:
    """A comment the organisation submitted, with the answers it may read (to the whole comment, or
    to one of its points)."""

    reaction: Reaction
    answers: list[Answer]


def with_released_answers(reactions: list[Reaction]) -> list[AnsweredComment]:
    """Each reaction with the answers released to its organisation (``permissions.answer_is_released``).
    Three queries however many reactions: points, answers and published reactienota's in bulk."""
    ids = [r.id for r in reactions]
    points = list(db.session.scalars(sa.select(Point).where(Point.reaction_id.in_(ids)).order_by(Point.number))) if ids else []
    answer_ids = {r.answer_id for r in reactions if r.answer_id} | {p.answer_id for p in points if p.answer_id}
    answers = {a.id: a for a in db.session.scalars(sa.select(Answer).where(Answer.id.in_(answer_ids)))} if answer_ids else {}
    consultation_ids = {r.consultation_id for r in reactions}
    published = set(db.session.scalars(
        sa.select(ResponseReport.consultation_id).where(ResponseReport.consultation_id.in_(consultation_ids),
                                                        ResponseReport.published_at.is_not(None)))) if ids else set()
    result = []
    for reaction in reactions:
        wanted = [reaction.answer_id] + [p.answer_id for p in points if p.reaction_id == reaction.id]
        shown = []
        for answer_id in wanted:
            answer = answers.get(answer_id)
            if answer_is_released(answer, reaction.consultation_id in published) and answer not in shown:
                shown.append(answer)
        result.append(AnsweredComment(reaction, shown))
    return result


def earlier_comments(invitation: RoundInvitation, version: DocumentVersion) -> list[Reaction]:
    """What the invitation's organisation submitted in feedbackrondes on ``version`` (counted comments)."""
    return list(db.session.scalars(
        sa.select(Reaction).where(Reaction.organisation_id == invitation.organisation_id,
                                  Reaction.document_version_id == version.id,
                                  Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_counted)
        .options(selectinload(Reaction.section)).order_by(Reaction.submitted_at, Reaction.id)))


def earlier_advice(invitation: RoundInvitation, version: DocumentVersion) -> list[Advice]:
    """The formal advice the invitation's organisation submitted on consultations of ``version``, with
    their points (and the municipality's answers on them): two queries."""
    return list(db.session.scalars(
        sa.select(Advice).join(Consultation, Advice.consultation_id == Consultation.id)
        .where(Advice.organisation_id == invitation.organisation_id, Consultation.document_version_id == version.id,
               Advice.submitted_at.is_not(None))
        .options(selectinload(Advice.points).selectinload(AdvicePoint.section))
        .order_by(Advice.submitted_at, Advice.id)))


def comparison_for(invitation: RoundInvitation) -> tuple[DocumentVersion, DocumentVersion] | None:
    """Which two versions an invited organisation compares: (the version it commented on, a later one).

    Once the document has a newer version than the round's, that is the round's version against the
    newest. Otherwise, in a round on a later version, the newest earlier version the organisation
    responded to (submitted comments in a round, or formal advice on a consultation of that version)
    against the round's. None when there is nothing to compare."""
    current = invitation.round.consultation.document_version
    if current is None:
        return None
    latest = current.document.latest_version
    if latest is not None and latest.number > current.number:
        return current, latest
    commented = sa.exists().where(
        Reaction.document_version_id == DocumentVersion.id, Reaction.organisation_id == invitation.organisation_id,
        Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_counted)
    advised = sa.exists().where(
        Advice.consultation_id == Consultation.id, Consultation.document_version_id == DocumentVersion.id,
        Advice.organisation_id == invitation.organisation_id, Advice.submitted_at.is_not(None))
    earlier = db.session.scalar(
        sa.select(DocumentVersion)
        .where(DocumentVersion.document_id == current.document_id, DocumentVersion.number < current.number,
               sa.or_(commented, advised))
        .order_by(DocumentVersion.number.desc()).limit(1))
    return (earlier, current) if earlier is not None else None


def comment_versions(reaction: Reaction) -> list[CommentVersion]:
    """Every text of a submitted comment, oldest first; empty when it was never changed."""
    return list(db.session.scalars(
        sa.select(CommentVersion).where(CommentVersion.reaction_id == reaction.id)
        .options(selectinload(CommentVersion.written_by)).order_by(CommentVersion.number)))


def last_changes(reactions: list[Reaction]) -> dict[int, CommentVersion]:
    """The newest change (who, when) of each of these submitted comments that was changed, by reaction
    id: one query. A comment never changed has none; its submitter is on the reaction."""
    ids = [r.id for r in reactions]
    if not ids:
        return {}
    newest = (sa.select(CommentVersion.reaction_id, sa.func.max(CommentVersion.number).label("number"))
              .where(CommentVersion.reaction_id.in_(ids)).group_by(CommentVersion.reaction_id).subquery())
    return {v.reaction_id: v for v in db.session.scalars(
        sa.select(CommentVersion).join(newest, sa.and_(CommentVersion.reaction_id == newest.c.reaction_id,
                                                       CommentVersion.number == newest.c.number))
        .options(selectinload(CommentVersion.written_by)))}


def earlier_rounds(consultation: Consultation) -> list[FeedbackRound]:
    """The owner's other feedbackrondes on the same document (any version), newest first: the choices
    for "invite the same organisations as round X"."""
    if consultation.document_version is None:
        return []
    return list(db.session.scalars(
        sa.select(FeedbackRound).join(Consultation).join(DocumentVersion, Consultation.document_version_id == DocumentVersion.id)
        .where(DocumentVersion.document_id == consultation.document_version.document_id,
               Consultation.organisation_id == consultation.organisation_id, Consultation.id != consultation.id)
        .order_by(Consultation.opens_at.desc(), FeedbackRound.id.desc())))


def newer_version(consultation: Consultation) -> DocumentVersion | None:
    """The document's newest version when it is later than the consultation's, else None."""
    current = consultation.document_version
    newest = current.document.latest_version if current else None
    return newest if newest is not None and newest.number > current.number else None


def questions_of(feedback_round: FeedbackRound) -> list[GuidingQuestion]:
    """The round's guiding questions: those about the whole draft first, then in the document's order."""
    questions = db.session.scalars(
        sa.select(GuidingQuestion).where(GuidingQuestion.round_id == feedback_round.id)
        .options(selectinload(GuidingQuestion.section)))
    return sorted(questions, key=lambda g: (g.section is not None, g.section.position if g.section else 0, g.position))


def questions_answered_by(reactions: list[Reaction]) -> dict[int, GuidingQuestion]:
    """Per reaction id, the guiding question that submitted comment answers (those that answer one)."""
    if not reactions:
        return {}
    rows = db.session.execute(
        sa.select(QuestionReaction.reaction_id, GuidingQuestion).join(GuidingQuestion)
        .where(QuestionReaction.reaction_id.in_([r.id for r in reactions]))).all()
    return dict(rows)


def published_replies(reactions: list[Reaction]) -> dict[int, list[Reaction]]:
    """Per comment id, the published replies of organisations to it, oldest first: one query. The caller
    still passes each through ``publication.may_show``."""
    ids = [r.id for r in reactions]
    if not ids:
        return {}
    found: dict[int, list[Reaction]] = defaultdict(list)
    for target_id, reply in db.session.execute(
            sa.select(ReplyReaction.replies_to_id, Reaction).join(Reaction, ReplyReaction.reaction_id == Reaction.id)
            .where(ReplyReaction.replies_to_id.in_(ids), Reaction.is_published)
            .options(selectinload(Reaction.consultation)).order_by(Reaction.submitted_at, Reaction.id)):
        found[target_id].append(reply)
    return found


def replied_to(reactions: list[Reaction]) -> dict[int, Reaction]:
    """Per reply id, the comment it replies to (for those of ``reactions`` that are replies): one query."""
    ids = [r.id for r in reactions]
    if not ids:
        return {}
    target = sa.orm.aliased(Reaction)
    return dict(db.session.execute(
        sa.select(ReplyReaction.reaction_id, target).join(target, ReplyReaction.replies_to_id == target.id)
        .where(ReplyReaction.reaction_id.in_(ids))).all())


def public_comments(feedback_round: FeedbackRound, number: int = 1) -> Page:
    """One page of the round's published comments for its public page, in the document's order (the
    whole document first) and by organisation: two queries. The caller passes each through ``may_show``."""
    condition = sa.and_(Reaction.consultation_id == feedback_round.consultation_id,
                        Reaction.channel == Channel.PARTNER_ROUND, Reaction.is_published)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(condition))
    number = max(1, min(number, max(1, math.ceil(total / PAGE_SIZE))))
    from consult.documents.models import Section

    items = db.session.scalars(
        sa.select(Reaction).outerjoin(Section, Reaction.section_id == Section.id).where(condition)
        .options(selectinload(Reaction.section), selectinload(Reaction.consultation))
        .order_by(Section.position.is_not(None), Section.position, Reaction.organisation_name, Reaction.id)
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    return Page(list(items), number, total)


def report_is_published(consultation: Consultation) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(ResponseReport.consultation_id == consultation.id,
                                                         ResponseReport.published_at.is_not(None))))


@dataclass
class ComparedSection:
    """One row of the comparison: a section (None: the whole document), each organisation's submitted
    comments on it, and the advice points about it."""

    section: object | None
    by_organisation: dict[str, list[Reaction]]
    advice_points: list[AdvicePoint]


# ``comparison(only=WHOLE_DOCUMENT)``: only the comments on the document as a whole.
WHOLE_DOCUMENT = "geheel"


def comparison(feedback_round: FeedbackRound, kind: OrganisationKind | None = None,
               only: str | None = None) -> list[ComparedSection]:
    """For officials: per section of the round's document (the whole document first), every
    organisation's submitted comments side by side (by organisation name) and the points of submitted
    advice tied to that section; only organisations of ``kind`` when given, and only the section with
    anchor ``only`` (or ``WHOLE_DOCUMENT``) when given. Three queries at any size."""
    consultation = feedback_round.consultation
    sections = list(consultation.document_version.sections) if consultation.document_version else []
    condition = [Reaction.consultation_id == consultation.id, Reaction.channel == Channel.PARTNER_ROUND,
                 Reaction.is_counted]
    advice_condition = [Advice.consultation_id == consultation.id, Advice.submitted_at.is_not(None)]
    if only is not None:
        chosen = next((s for s in sections if s.anchor == only), None)
        sections = [chosen] if chosen else []
        chosen_id = chosen.id if chosen else None
        condition.append(Reaction.section_id == chosen_id if chosen_id else Reaction.section_id.is_(None))
        advice_condition.append(AdvicePoint.section_id == chosen_id if chosen_id else AdvicePoint.section_id.is_(None))
    if kind is not None:
        condition.append(Reaction.organisation_kind == kind)
    comments = db.session.scalars(sa.select(Reaction).where(*condition)
                                  .order_by(Reaction.organisation_name, Reaction.submitted_at, Reaction.id))
    if kind is not None:
        advice_condition.append(Organisation.kind == kind)
    points = db.session.scalars(
        sa.select(AdvicePoint).join(Advice).join(Organisation, Advice.organisation_id == Organisation.id)
        .where(*advice_condition).options(selectinload(AdvicePoint.advice))
        .order_by(Organisation.name, AdvicePoint.number))
    rows = {None: ComparedSection(None, {}, [])}
    rows.update({s.id: ComparedSection(s, {}, []) for s in sections})
    for comment in comments:
        row = rows.get(comment.section_id, rows[None])
        row.by_organisation.setdefault(comment.organisation_name, []).append(comment)
    for point in points:
        rows.get(point.section_id, rows[None]).advice_points.append(point)
    if only is not None and only != WHOLE_DOCUMENT:
        rows.pop(None)
    return list(rows.values())
