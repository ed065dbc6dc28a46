"""Writes in a feedbackronde. Services flush, never commit; the view commits once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import Membership, User
from consult.answers.models import Answer
from consult.audit.services import record_event
from consult.consultations.models import Audience, Consultation, ConsultationKind, State
from consult.consultations.services import create_public_inspection
from consult.core.collation import dutch_sort_key
from consult.core.links import external_url
from consult.documents.models import DocumentVersion, Section
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.notifications.services import draft_changed, reply_received, submitted_comment_changed
from consult.organisations.models import Organisation, OrganisationKind
from consult.reactions.models import Action, Channel, Publication, Reaction, ReactionStatus
from consult.reactions.services import next_reference
from consult.rounds.models import (
    CommentVersion,
    DraftComment,
    FeedbackRound,
    GuidingQuestion,
    QuestionReaction,
    ReplyReaction,
    RoundInvitation,
)
from consult.rounds.permissions import may_be_replied_to
from consult.rounds.queries import newer_version


class NotARound(ValueError):
    """Only a consultation of kind partner_round has invitations."""


class RoundClosed(Exception):
    """The organisation's deadline has passed (or the round is not open yet): nothing is added or sent."""


class NothingToSubmit(Exception):
    """The organisation's draft is empty."""


class NotLater(ValueError):
    """A new deadline for one organisation must be later than the round's own deadline."""


class NotPastDeadline(Exception):
    """A late comment is for after the organisation's deadline; before it, the organisation adds it."""


class QuestionAnswered(Exception):
    """A guiding question that submitted comments answer stays: the workbench shows it with them."""


class CannotReply(Exception):
    """The round does not allow replies, or the comment is not another organisation's published one."""


class NoNewerVersion(Exception):
    """The document has no version after the consultation's: there is nothing to start a next one on."""


def round_for(consultation: Consultation) -> FeedbackRound:
    """The consultation's round, made on first use. Raises NotARound for other kinds."""
    if consultation.kind is not ConsultationKind.PARTNER_ROUND:
        raise NotARound(consultation.slug)
    feedback_round = db.session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == consultation.id))
    if feedback_round is None:
        feedback_round = FeedbackRound(consultation=consultation)
        db.session.add(feedback_round)
        db.session.flush()
    return feedback_round


@dataclass
class InviteSelection:
    """Who to invite: everyone of a kind, every organisation in a region, and organisations by id.
    The union counts; organisations already invited are left as they are."""

    kind: OrganisationKind | None = None
    region_id: int | None = None
    organisation_ids: list[int] = field(default_factory=list)
    # Everyone invited to this earlier round ("invite the same organisations as round X").
    same_as_round_id: int | None = None


def _selected(selection: InviteSelection) -> list[Organisation]:
    conditions = []
    if selection.kind is not None:
        conditions.append(Organisation.kind == selection.kind)
    if selection.region_id is not None:
        conditions.append(Organisation.region_id == selection.region_id)
    if selection.organisation_ids:
        conditions.append(Organisation.id.in_(selection.organisation_ids))
    if selection.same_as_round_id is not None:
        conditions.append(Organisation.id.in_(
            sa.select(RoundInvitation.organisation_id).where(RoundInvitation.round_id == selection.same_as_round_id)))
    if not conditions:
        return []
    # Municipalities and regions run rounds; they are never invited to one.
    return sorted(db.session.scalars(
        sa.select(Organisation).where(sa.or_(*conditions),
                                      Organisation.kind.not_in([OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]))),
        key=lambda o: dutch_sort_key(o.name))


@dataclass
class Invited:
    """What inviting did: the new invitations, whether their mails went out (not in a concept round:
    its link would lead nowhere until it is published) and the organisations with nobody to mail."""

    invitations: list[RoundInvitation]
    mailed: bool
    unreachable: list[Organisation]


def invite_organisations(feedback_round: FeedbackRound, selection: InviteSelection, official, at: datetime) -> Invited:
    """Invite the selected organisations (none twice). In a published round each of their active people
    gets a mail now, in that person's language; in a concept round the invitations wait for
    ``mail_invitations`` at publication. Audited per invitation either way."""
    known = {i.organisation_id for i in feedback_round.invitations}
    invitations = []
    for organisation in _selected(selection):
        if organisation.id in known:
            continue
        invitation = RoundInvitation(round=feedback_round, organisation=organisation, invited_at=at,
                                     invited_by_id=getattr(official, "id", None))
        db.session.add(invitation)
        invitations.append(invitation)
    db.session.flush()
    people = members_of([i.organisation_id for i in invitations])
    mailed = feedback_round.consultation.state is not State.DRAFT
    for invitation in invitations:
        recipients = people.get(invitation.organisation_id, []) if mailed else []
        for user in recipients:
            _send_invitation(invitation, user)
        record_event(official, "round_invitation_sent", invitation, feedback_round.consultation.organisation_id,
                     organisation=invitation.organisation.name, people=len(recipients), mailed=mailed)
    return Invited(invitations, mailed, [i.organisation for i in invitations if not people.get(i.organisation_id)])


def mail_invitations(consultation: Consultation, official) -> int:
    """At publication of a feedbackronde: the invitations made while it was a concept are mailed now,
    to every active person of each invited organisation, once, in their own language. Returns the
    number of mails; 0 for other kinds of consultation."""
    feedback_round = db.session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == consultation.id))
    if feedback_round is None or not feedback_round.invitations:
        return 0
    people = members_of([i.organisation_id for i in feedback_round.invitations])
    mails = 0
    for invitation in feedback_round.invitations:
        for user in people.get(invitation.organisation_id, []):
            _send_invitation(invitation, user)
            mails += 1
    record_event(official, "round_invitations_mailed", consultation, consultation.organisation_id,
                 organisations=len(feedback_round.invitations), mails=mails)
    return mails


def members_of(organisation_ids: list[int]) -> dict[int, list[User]]:
    """The active accounts of each organisation, by organisation id, in one query."""
    people: dict[int, list[User]] = {}
    if not organisation_ids:
        return people
    rows = db.session.execute(
        sa.select(Membership.organisation_id, User).join(User, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(organisation_ids), User.is_active_account.is_(True))
        .order_by(User.name)).all()
    for organisation_id, user in rows:
        if user not in people.setdefault(organisation_id, []):
            people[organisation_id].append(user)
    return people


def _send_invitation(invitation: RoundInvitation, user: User) -> None:
    consultation = invitation.round.consultation
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("%(organisation)s is invited to comment on %(title)s",
                    organisation=invitation.organisation.name, title=consultation.title)
    link = url_for("rounds.show_round", slug=consultation.slug, organisation=invitation.organisation.slug, _external=True)
    queue_mail(user.email, subject, "round_invitation", locale=locale, user=user, invitation=invitation,
               consultation=consultation, link=link)


def mark_opened(invitation: RoundInvitation, at: datetime) -> bool:
    """The first time someone of the organisation opens the round. True when this was that time."""
    if invitation.opened_at is not None:
        return False
    invitation.opened_at = at
    return True


def _require_open(invitation: RoundInvitation, at: datetime) -> None:
    if not invitation.accepts_comments(at):
        raise RoundClosed


def add_draft_comment(invitation: RoundInvitation, author: User, section: Section | None, quote: str, body: str,
                      at: datetime, question: GuidingQuestion | None = None, submission_key: str | None = None) -> DraftComment:
    """A comment in the organisation's shared draft, on a section or (``section`` None) the whole
    document; as the answer to a guiding question of the round, it is about that question's section.
    Raises RoundClosed after the organisation's deadline. ``submission_key``: the form's one-time key
    (``consult.core.submission``)."""
    _require_open(invitation, at)
    if question is not None:
        section = question.section
    if invitation.opened_at is None:
        invitation.opened_at = at
    draft = DraftComment(invitation=invitation, section=section, quote=quote, body=body, created_by_id=author.id,
                         created_at=at, question=question, submission_key=submission_key)
    db.session.add(draft)
    db.session.flush()
    draft_changed(invitation, author, at)
    return draft


def change_draft_comment(draft: DraftComment, editor: User, quote: str, body: str, at: datetime) -> None:
    """Any colleague may change the draft; the last one to do so is shown. Raises RoundClosed."""
    _require_open(draft.invitation, at)
    if (quote, body) != (draft.quote, draft.body):
        draft.quote, draft.body = quote, body
        draft.updated_by_id, draft.updated_at = editor.id, at
        draft_changed(draft.invitation, editor, at)


def remove_draft_comment(draft: DraftComment, at: datetime) -> None:
    _require_open(draft.invitation, at)
    db.session.delete(draft)


def submit_draft(invitation: RoundInvitation, submitter: User, at: datetime) -> list[Reaction]:
    """Submit the organisation's whole draft: each comment becomes a Reaction in the consultation's
    workbench (channel feedbackronde, counted at once, waiting for moderation), on behalf of the
    organisation as it is registered, not as typed. The submitter gets one receipt with every kenmerk.

    Raises RoundClosed after the organisation's deadline and NothingToSubmit for an empty draft."""
    _require_open(invitation, at)
    drafts = sorted(invitation.drafts, key=lambda d: d.id)
    if not drafts:
        raise NothingToSubmit
    consultation, organisation = invitation.round.consultation, invitation.organisation
    reactions = []
    for draft in drafts:
        reaction = Reaction(
            consultation=consultation, document_version_id=consultation.document_version_id, section=draft.section,
            reference=next_reference(consultation, at), channel=Channel.PARTNER_ROUND,
            status=ReactionStatus.PENDING, confirmed_at=at,
            # The organisation is named in public; the person who submitted is not.
            publication=Publication.ANONYMOUS,
            author_name=submitter.name, author_email=submitter.email.lower(), user_id=submitter.id,
            organisation_id=organisation.id, organisation_name=organisation.name, organisation_kind=organisation.kind,
            quote=draft.quote, body=draft.body, submitted_at=at, received_at=at,
        )
        db.session.add(reaction)
        reactions.append(reaction)
    db.session.flush()
    for reaction, draft in zip(reactions, drafts, strict=True):
        reaction.count_on_entry()
        if draft.question_id is not None:
            db.session.add(QuestionReaction(reaction_id=reaction.id, question_id=draft.question_id))
    for draft in drafts:
        invitation.drafts.remove(draft)
    invitation.submitted_at = at
    if invitation.opened_at is None:
        invitation.opened_at = at
    _send_receipt(invitation, submitter, reactions)
    record_event(submitter, "round_draft_submitted", invitation, consultation.organisation_id,
                 organisation=organisation.name, references=[r.reference for r in reactions])
    return reactions


def reply_to_comment(invitation: RoundInvitation, replied_to: Reaction, author: User, body: str,
                     at: datetime) -> Reaction:
    """A reply on behalf of the invitation's organisation to another organisation's published comment.

    It is submitted at once (no shared draft: it answers one comment) as a reaction of the organisation
    as registered, channel feedbackronde, counted and waiting for moderation like any submitted comment;
    ``ReplyReaction`` ties it to the comment it answers. The organisation replied to is told (at once or
    in the daily digest, in each person's language) without the text. The author gets the usual receipt.

    Raises RoundClosed after the organisation's deadline and CannotReply when the round does not allow
    replies or ``replied_to`` is not another organisation's published comment in this round."""
    _require_open(invitation, at)
    if not invitation.round.replies_open or not may_be_replied_to(invitation, replied_to):
        raise CannotReply
    consultation, organisation = invitation.round.consultation, invitation.organisation
    reaction = Reaction(
        consultation=consultation, document_version_id=consultation.document_version_id,
        section_id=replied_to.section_id, reference=next_reference(consultation, at), channel=Channel.PARTNER_ROUND,
        status=ReactionStatus.PENDING, confirmed_at=at, publication=Publication.ANONYMOUS,
        author_name=author.name, author_email=author.email.lower(), user_id=author.id,
        organisation_id=organisation.id, organisation_name=organisation.name, organisation_kind=organisation.kind,
        body=body, submitted_at=at, received_at=at,
    )
    db.session.add(reaction)
    db.session.flush()
    reaction.count_on_entry()
    db.session.add(ReplyReaction(reaction_id=reaction.id, replies_to_id=replied_to.id))
    if invitation.opened_at is None:
        invitation.opened_at = at
    record_event(author, "round_reply_submitted", reaction, consultation.organisation_id,
                 organisation=organisation.name, reference=reaction.reference, replies_to=replied_to.reference)
    _send_receipt(invitation, author, [reaction])
    reply_received(invitation, replied_to, organisation, at)
    return reaction


def make_round_public(feedback_round: FeedbackRound, official, at: datetime) -> None:
    """Open the round's public page (its document and the comments the publication filter allows, under
    their organisation's name). Raises ``NotYetPublic`` (rounds.models) before every deadline has passed
    or when the round's setting keeps it closed. Audited."""
    feedback_round.make_public(official.id, at)
    record_event(official, "round_made_public", feedback_round.consultation, feedback_round.consultation.organisation_id)


def _send_receipt(invitation: RoundInvitation, submitter: User, reactions: list[Reaction]) -> None:
    consultation = invitation.round.consultation
    locale = submitter.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("Receipt of the comments of %(organisation)s on %(title)s",
                    organisation=invitation.organisation.name, title=consultation.title)
    link = url_for("rounds.show_round", slug=consultation.slug, organisation=invitation.organisation.slug, _external=True)
    queue_mail(submitter.email, subject, "round_receipt", locale=locale, user=submitter, invitation=invitation,
               consultation=consultation, reactions=reactions, link=link)


def extend_deadline(invitation: RoundInvitation, new_deadline: datetime, reason: str, official, at: datetime) -> None:
    """Give one organisation a later deadline (UTC-aware ``new_deadline``) with a required reason,
    recorded on the invitation and in the audit log; each active member gets a mail in their language.

    Raises NotLater unless ``new_deadline`` is after the round's deadline (a shorter one would take
    time away that was promised) and after ``at``."""
    round_deadline = invitation.round.deadline
    if round_deadline is None or new_deadline <= round_deadline or new_deadline <= at:
        raise NotLater(new_deadline)
    previous = invitation.deadline
    invitation.deadline_override, invitation.deadline_reason = new_deadline, reason
    record_event(official, "round_deadline_extended", invitation, invitation.round.consultation.organisation_id,
                 organisation=invitation.organisation.name, previous=previous.isoformat() if previous else None,
                 deadline=new_deadline.isoformat(), reason=reason)
    consultation = invitation.round.consultation
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=invitation.organisation.slug)
    for user in members_of([invitation.organisation_id]).get(invitation.organisation_id, []):
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = _("%(organisation)s has more time to comment on %(title)s",
                        organisation=invitation.organisation.name, title=consultation.title)
        queue_mail(user.email, subject, "round_deadline_extended", locale=locale, user=user, invitation=invitation,
                   consultation=consultation, link=link)


def add_late_comment(invitation: RoundInvitation, official, section: Section | None, quote: str, body: str,
                     at: datetime) -> Reaction:
    """A comment an official adds for an organisation after its deadline (it came in by mail or phone):
    a Reaction of the organisation as registered, channel feedbackronde, marked late, counted at once and
    waiting for moderation, like a late paper reaction. The organisation counts as having responded.

    Raises NotPastDeadline while the organisation can still add it itself."""
    if not invitation.is_past_deadline(at):
        raise NotPastDeadline
    consultation, organisation = invitation.round.consultation, invitation.organisation
    reaction = Reaction(
        consultation=consultation, document_version_id=consultation.document_version_id, section=section,
        reference=next_reference(consultation, at), channel=Channel.PARTNER_ROUND, status=ReactionStatus.PENDING,
        confirmed_at=at, publication=Publication.ANONYMOUS, is_late=True,
        # Entered by the official on the organisation's behalf: no person of the organisation is named.
        author_name=organisation.name, author_email=None,
        organisation_id=organisation.id, organisation_name=organisation.name, organisation_kind=organisation.kind,
        quote=quote, body=body, submitted_at=at, received_at=at,
    )
    db.session.add(reaction)
    db.session.flush()
    reaction.count_on_entry()
    if invitation.submitted_at is None:
        invitation.submitted_at = at
    record_event(official, "round_late_comment_added", reaction, consultation.organisation_id,
                 organisation=organisation.name, reference=reaction.reference)
    return reaction


def change_submitted_comment(invitation: RoundInvitation, reaction: Reaction, editor: User, quote: str, body: str,
                             at: datetime) -> CommentVersion | None:
    """A member changes a comment the organisation submitted, until the organisation's deadline. Every
    text is kept (``CommentVersion``); the reaction holds the newest and goes back to moderation
    (``Reaction.change``, Action.CHANGE). The editor gets a receipt naming the kenmerk. Returns the new
    version, or None when nothing changed.

    Raises RoundClosed after the deadline and TransitionNotAllowed for a withdrawn comment."""
    _require_open(invitation, at)
    reaction.ensure_can(Action.CHANGE)
    if (quote, body) == (reaction.quote, reaction.body):
        return None
    numbers = list(db.session.scalars(sa.select(CommentVersion.number).where(CommentVersion.reaction_id == reaction.id)))
    if not numbers:  # the first change keeps the text as it was submitted
        db.session.add(CommentVersion(reaction_id=reaction.id, number=1, quote=reaction.quote, body=reaction.body,
                                      written_by_id=reaction.user_id, written_at=reaction.submitted_at))
    version = CommentVersion(reaction_id=reaction.id, number=max(numbers, default=1) + 1, quote=quote, body=body,
                             written_by_id=editor.id, written_at=at)
    db.session.add(version)
    reaction.change(body, reaction.publication)
    reaction.quote = quote
    db.session.flush()
    record_event(editor, "round_comment_changed", reaction, invitation.round.consultation.organisation_id,
                 organisation=invitation.organisation.name, version=version.number)
    _send_change_receipt(invitation, reaction, editor)
    submitted_comment_changed(invitation, reaction.reference, editor, at)
    return version


def _send_change_receipt(invitation: RoundInvitation, reaction: Reaction, editor: User) -> None:
    consultation = invitation.round.consultation
    locale = editor.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("Receipt of your change to %(reference)s on %(title)s", reference=reaction.reference,
                    title=consultation.title)
    link = external_url("rounds.show_round", slug=consultation.slug, organisation=invitation.organisation.slug) + "#ingediend"
    queue_mail(editor.email, subject, "round_comment_changed", locale=locale, user=editor, invitation=invitation,
               consultation=consultation, reaction=reaction, link=link)


def send_answer(answer: Answer, official, at: datetime) -> int:
    """Send an answer to the organisations of a feedbackronde whose submitted comments it answers (as a
    whole or one of their points): from now on their people read it on the round's page, and each of
    them gets a mail in their own language. Sending again (after a change) mails again.
    Returns the number of mails."""
    reactions = {r.id: r for r in answer.reactions}
    reactions.update({p.reaction.id: p.reaction for p in answer.points})
    by_organisation: dict[int, list[Reaction]] = {}
    for reaction in sorted(reactions.values(), key=lambda r: r.id):
        if reaction.channel is Channel.PARTNER_ROUND and reaction.organisation_id and reaction.is_counted:
            by_organisation.setdefault(reaction.organisation_id, []).append(reaction)
    answer.sent_at = at
    people = members_of(list(by_organisation))
    mails = 0
    for organisation_id, answered in by_organisation.items():
        for user in people.get(organisation_id, []):
            _send_answer_mail(answer, answered, user)
            mails += 1
    record_event(official, "answer_sent_to_organisations", answer, answer_consultation(answer).organisation_id,
                 organisations=sorted(by_organisation), mails=mails)
    return mails


def answer_consultation(answer: Answer) -> Consultation:
    return db.session.get(Consultation, answer.consultation_id)


def _send_answer_mail(answer: Answer, reactions: list[Reaction], user: User) -> None:
    consultation = answer_consultation(answer)
    organisation = db.session.get(Organisation, reactions[0].organisation_id)
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("The municipality answered %(organisation)s on %(title)s",
                    organisation=organisation.name, title=consultation.title)
    link = url_for("rounds.show_round", slug=consultation.slug, organisation=organisation.slug, _external=True) + "#ingediend"
    queue_mail(user.email, subject, "round_answer", locale=locale, user=user, organisation=organisation,
               consultation=consultation, answer=answer, reactions=reactions, link=link)


def start_feedback_round(version: DocumentVersion, form, author) -> Consultation:
    """A feedbackronde on ``version``, saved as a concept: invite-only, with the title, period (entered in
    Europe/Amsterdam, stored in UTC) and contact person of ``form``, a RoundForm. Organisations are invited
    afterwards on the round's page. Raises IntegrityError at flush when another consultation took the
    reference letters a moment ago."""
    consultation = create_public_inspection(version, form, author)
    consultation.kind, consultation.audience = ConsultationKind.PARTNER_ROUND, Audience.INVITED
    round_for(consultation)
    record_event(author, "feedback_round_started", consultation, consultation.organisation_id, version=version.number)
    return consultation


def start_next_consultation(previous: Consultation, kind: ConsultationKind, form, author) -> Consultation:
    """A new consultation, saved as a concept, on the newest version of ``previous``'s document: a
    feedbackronde (invite-only; the round's settings carried over) or a ter-inzage. ``form`` is a
    NextConsultationForm. Invitations are sent from the new round's page, where "the same organisations
    as an earlier round" is one of the choices. Raises NoNewerVersion."""
    newest = newer_version(previous)
    if newest is None:
        raise NoNewerVersion(previous.slug)
    if kind is ConsultationKind.PARTNER_ROUND:
        consultation = start_feedback_round(newest, form, author)
        earlier = db.session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == previous.id))
        if earlier is not None:
            round_for(consultation).partners_see_each_other = earlier.partners_see_each_other
    else:
        consultation = create_public_inspection(newest, form, author)
    record_event(author, "next_consultation_started", consultation, consultation.organisation_id,
                 previous=previous.slug, version=newest.number, kind=kind.value)
    return consultation


def add_guiding_question(feedback_round: FeedbackRound, section: Section | None, text: str, official) -> GuidingQuestion:
    """A guiding question about ``section`` or (None) the whole draft, after the round's others."""
    position = max((question.position for question in feedback_round.questions), default=0) + 1
    question = GuidingQuestion(round=feedback_round, section=section, text=text, position=position)
    db.session.add(question)
    db.session.flush()
    record_event(official, "guiding_question_added", question, feedback_round.consultation.organisation_id, text=text)
    return question


def remove_guiding_question(question: GuidingQuestion, official) -> None:
    """Draft comments that answered it become ordinary comments. Raises QuestionAnswered once submitted
    comments answer it."""
    if db.session.scalar(sa.select(QuestionReaction.reaction_id).where(QuestionReaction.question_id == question.id).limit(1)):
        raise QuestionAnswered
    record_event(official, "guiding_question_removed", question, question.round.consultation.organisation_id,
                 text=question.text)
    db.session.delete(question)
