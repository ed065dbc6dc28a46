"""Removing personal data: after the retention period (``flask privacy purge``) and on a person's request.

What stays is what the public and the reactienota already know: the text as published, without the
author's name, the kenmerk, the section, the codes and the answer. So the reactienota reads the same
before and after.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, selectinload

from consult.accounts.models import User
from consult.accounts.queries import officials_of
from consult.actions.models import FeedbackNotice, FeedbackOptOut
from consult.actions.services import forget_feedback_for_reactions
from consult.audit.models import AuditEvent
from consult.audit.services import record_event
from consult.consultations.models import Consultation, Procedure, State
from consult.core import kept_forms
from consult.core.i18n import iso_moment
from consult.core.links import external_url
from consult.core.uploads import stored_path
from consult.decisions.queries import notices_of
from consult.extensions import db
from consult.jobs import files
from consult.jobs.models import Job
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.mail.services import queue_mail
from consult.moderation.pii import find_personal_data, redaction_suggestion, without_name
from consult.notifications.models import PendingNotification
from consult.organisations.models import Organisation
from consult.privacy.models import ErasureRequest, RequestStatus
from consult.privacy.partners import draft_data, drafts_by, erase_names_from_drafts, purge_partner_data
from consult.reactions.models import Publication, Reaction, ReactionStatus
from consult.rounds.models import CommentVersion
from consult.signin.models import SignInLink
from consult.workshops.privacy import erase_registrations, purge_registrations, registration_data, registrations_of

# Jobs whose files hold personal data: the exports for officials and the dossier.
PERSONAL_FILE_JOBS = ("export_xlsx", "dossier")
# Delivered mail is only a delivery log; its texts name people, so it is not kept long.
SENT_MAIL_DAYS = 30
# A reaction never confirmed by its author does not count; after this it only holds personal data.
UNCONFIRMED_DAYS = 30
PURGE_BATCH = 500
# Texts in the audit log that may quote a reaction, e.g. a redaction's before and after.
QUOTED_TEXT_KEYS = ("before", "after")


def anonymise(reactions: list[Reaction], at: datetime) -> int:
    """Remove the authors' personal data from these reactions; returns how many still had it."""
    todo = [reaction for reaction in reactions if reaction.anonymised_at is None]
    for reaction in todo:
        _anonymise_one(reaction, at)
    _forget_quoted_texts([reaction.id for reaction in todo])
    _anonymise_comment_versions([reaction.id for reaction in todo])
    # The terugkoppeling sent-log names their addresses: it goes with them (the actions stay).
    forget_feedback_for_reactions([reaction.id for reaction in todo])
    return len(todo)


def _anonymise_one(reaction: Reaction, at: datetime) -> None:
    name = reaction.author_name
    is_private_person = not reaction.organisation_name
    public = without_name(reaction.shown_body, name) if is_private_person else reaction.shown_body
    original = without_name(reaction.body, name) if is_private_person else reaction.body
    original = redaction_suggestion(original, find_personal_data(original), _("[removed]"))
    reaction.body, reaction.public_body = original, (None if public == original else public)
    reaction.author_name, reaction.author_email, reaction.author_address, reaction.author_place = "", None, "", ""
    reaction.co_signers, reaction.user_id = "", None
    if reaction.oral_report is not None and reaction.oral_report.correction:
        correction = without_name(reaction.oral_report.correction, name) if is_private_person else reaction.oral_report.correction
        reaction.oral_report.correction = redaction_suggestion(correction, find_personal_data(correction), _("[removed]"))
    if is_private_person and reaction.publication is Publication.NAMED:
        reaction.publication = Publication.ANONYMOUS
    for attachment in list(reaction.attachments):
        stored_path(attachment.storage_name).unlink(missing_ok=True)
        reaction.attachments.remove(attachment)
    reaction.anonymised_at = at


def _anonymise_comment_versions(reaction_ids: list[int]) -> None:
    """Earlier texts of a submitted round comment lose what the scan finds and who wrote them, as the
    comment itself does (the organisation's text stays: it is part of the reactienota's record)."""
    if not reaction_ids:
        return
    for version in db.session.scalars(sa.select(CommentVersion).where(CommentVersion.reaction_id.in_(reaction_ids))):
        version.body = redaction_suggestion(version.body, find_personal_data(version.body), _("[removed]"))
        version.quote = redaction_suggestion(version.quote, find_personal_data(version.quote), _("[removed]"))
        version.written_by_id = None


def _forget_quoted_texts(reaction_ids: list[int]) -> None:
    if not reaction_ids:
        return
    events = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.subject_type == Reaction.__tablename__, AuditEvent.subject_id.in_(reaction_ids)))
    for event in events:
        if any(key in event.details for key in QUOTED_TEXT_KEYS):
            event.details = {**{k: v for k, v in event.details.items() if k not in QUOTED_TEXT_KEYS}, "text_removed": True}


def retention_days() -> int:
    return current_app.config["PERSONAL_DATA_RETENTION_DAYS"]


def purge_date(consultation: Consultation) -> datetime | None:
    """When the personal data of this consultation's reactions goes: a set time after the decision."""
    if consultation.decided_at is None:
        return None
    return consultation.decided_at + timedelta(days=retention_days())


@dataclass
class PurgeReport:
    reactions: dict[str, int] = field(default_factory=dict)  # per consultation title
    files: int = 0
    unconfirmed: int = 0
    mails: int = 0
    requests: int = 0
    kept_forms: int = 0
    partner: dict[str, int] = field(default_factory=dict)  # drafts, invitation links, digest lines
    workshop_registrations: int = 0

    @property
    def total(self) -> int:
        return sum(self.reactions.values())


def purge(now: datetime, dry_run: bool = False) -> PurgeReport:
    """Remove what is past its retention period. The caller commits (or, for a dry run, rolls back)."""
    report = PurgeReport()
    cutoff = now - timedelta(days=retention_days())
    due = db.session.scalars(sa.select(Consultation).where(Consultation.decided_at <= cutoff).order_by(Consultation.id)).all()
    for consultation in due:
        still_personal = sa.and_(Reaction.consultation_id == consultation.id, Reaction.anonymised_at.is_(None))
        if dry_run:
            report.reactions[consultation.title] = db.session.scalar(
                sa.select(sa.func.count()).select_from(Reaction).where(still_personal))
            report.files += _count_personal_files(consultation)
            continue
        done = 0
        # In batches: once flushed, the session holds a batch only weakly, so memory stays small.
        while batch := db.session.scalars(sa.select(Reaction).where(still_personal).order_by(Reaction.id)
                                          .options(selectinload(Reaction.attachments), selectinload(Reaction.oral_report)).limit(PURGE_BATCH)).all():
            done += anonymise(batch, now)
            db.session.flush()
        report.reactions[consultation.title] = done
        report.files += _delete_personal_files(consultation)
        if done:
            record_event(None, "personal_data_purged", consultation, consultation.organisation_id, reactions=done)
    report.unconfirmed = _old_unconfirmed(now, dry_run)
    report.mails = _old_sent_mail(now, dry_run)
    report.requests = _old_requests(cutoff, dry_run)
    report.kept_forms = kept_forms.remove_expired(now, dry_run)
    report.partner = purge_partner_data(now, cutoff, dry_run)
    report.workshop_registrations = purge_registrations(now, retention_days(), dry_run)
    return report


def _personal_jobs(consultation: Consultation):
    return sa.select(Job).where(Job.consultation_id == consultation.id, Job.kind.in_(PERSONAL_FILE_JOBS))


def _count_personal_files(consultation: Consultation) -> int:
    return len(db.session.scalars(_personal_jobs(consultation)).all())


def _delete_personal_files(consultation: Consultation) -> int:
    jobs = db.session.scalars(_personal_jobs(consultation)).all()
    for job in jobs:
        if "file" in job.result:
            files.path_of(job.result["file"]).unlink(missing_ok=True)
        db.session.delete(job)
    return len(jobs)


def _old_unconfirmed(now: datetime, dry_run: bool) -> int:
    """Unconfirmed reactions older than UNCONFIRMED_DAYS, except in an afdeling 3.4 Awb procedure that
    has not been decided: there a zienswijze counts when received (``counts_on_receipt``), so it stays."""
    old = sa.and_(Reaction.status == ReactionStatus.UNCONFIRMED, Reaction.submitted_at < now - timedelta(days=UNCONFIRMED_DAYS))
    running_awb = sa.select(Consultation.id).where(Consultation.procedure == Procedure.AWB_UNIFORM,
                                                   Consultation.state != State.DECIDED)
    reactions = db.session.scalars(sa.select(Reaction).where(old, Reaction.consultation_id.not_in(running_awb))).all()
    if not dry_run:
        for reaction in reactions:  # one by one, so that their files go too
            for attachment in reaction.attachments:
                stored_path(attachment.storage_name).unlink(missing_ok=True)
            db.session.delete(reaction)
    return len(reactions)


def _old_sent_mail(now: datetime, dry_run: bool) -> int:
    old = sa.and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < now - timedelta(days=SENT_MAIL_DAYS))
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(old))
    return db.session.execute(sa.delete(OutboxMessage).where(old)).rowcount


def _old_requests(cutoff: datetime, dry_run: bool) -> int:
    """A handled request is kept as long as the reactions would have been: proof that it was handled."""
    old = sa.and_(ErasureRequest.status != RequestStatus.OPEN, ErasureRequest.handled_at < cutoff)
    if dry_run:
        return db.session.scalar(sa.select(sa.func.count()).select_from(ErasureRequest).where(old))
    return db.session.execute(sa.delete(ErasureRequest).where(old)).rowcount


# A person's own data and their requests.

def reactions_of(email: str, organisation_id: int | None = None) -> list[Reaction]:
    """Every reaction sent from this address that still holds personal data."""
    query = (sa.select(Reaction).join(Reaction.consultation)
             .where(Reaction.author_email == email.lower(), Reaction.anonymised_at.is_(None))
             .options(contains_eager(Reaction.consultation), selectinload(Reaction.attachments),
                      selectinload(Reaction.section))
             .order_by(Reaction.submitted_at))
    if organisation_id is not None:
        query = query.where(Consultation.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def comment_versions_written_by(user: User) -> list[tuple[str, CommentVersion]]:
    return list(db.session.execute(
        sa.select(Reaction.reference, CommentVersion).join(Reaction, CommentVersion.reaction_id == Reaction.id)
        .where(CommentVersion.written_by_id == user.id).order_by(CommentVersion.written_at)).all())


def requests_of(email: str) -> list[ErasureRequest]:
    return list(db.session.scalars(sa.select(ErasureRequest).where(ErasureRequest.email == email.lower())
                                   .order_by(ErasureRequest.created_at)))


def _user_of(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))


def _account(email: str) -> list[User]:
    user = _user_of(email)
    return [] if user is None else [user]


def _comment_versions(email: str) -> list[tuple[str, CommentVersion]]:
    user = _user_of(email)
    return [] if user is None else comment_versions_written_by(user)


def _invitation_links(email: str) -> list[SignInLink]:
    return list(db.session.scalars(sa.select(SignInLink).where(SignInLink.email == email.lower())
                                   .order_by(SignInLink.created_at)))


def _waiting_for_digest(email: str) -> list[PendingNotification]:
    user = _user_of(email)
    return [] if user is None else list(db.session.scalars(
        sa.select(PendingNotification).where(PendingNotification.user_id == user.id, PendingNotification.sent_at.is_(None))
        .order_by(PendingNotification.id)))


def _feedback_notices(email: str) -> list[FeedbackNotice]:
    return list(db.session.scalars(sa.select(FeedbackNotice).where(sa.func.lower(FeedbackNotice.recipient) == email.lower())
                                   .order_by(FeedbackNotice.id)))


def _feedback_stop(email: str) -> list[FeedbackOptOut]:
    return list(db.session.scalars(sa.select(FeedbackOptOut).where(FeedbackOptOut.email == email.lower())))


@dataclass(frozen=True)
class Holder:
    """One kind of personal data consult keeps about an e-mail address (AVG art. 15, 17 and 20).

    ``find`` gives the items kept about an address. ``organisation_of`` names the municipality or region
    that removes an item on request, and ``erase`` removes the address's items in one organisation
    (``(email, organisation_id, at) -> how many``); both None for what is not removed per organisation:
    the account (the person removes it), the stop wish (kept so it is honoured), the requests themselves
    and short-lived logs that the purge removes."""

    key: str
    find: Callable[[str], list]
    organisation_of: Callable[[Any], Organisation] | None = None
    erase: Callable[[str, int, datetime], int] | None = None


# Every holder of personal data, in one list: the access link, the own-data page, the download and the
# erasure request all read it, so they cannot disagree about whether an address is known (tester F15).
HOLDERS: tuple[Holder, ...] = (
    Holder("reactions", reactions_of, lambda r: r.consultation.organisation,
           lambda email, organisation_id, at: anonymise(reactions_of(email, organisation_id), at)),
    Holder("draft_comments", drafts_by, lambda d: d.invitation.round.consultation.organisation,
           lambda email, organisation_id, at: erase_names_from_drafts(email, organisation_id)),
    # A registration carries the person's cards, votes and verslag comments (``registration_data``).
    Holder("workshop_registrations", registrations_of, lambda r: r.session.workshop.consultation.organisation,
           erase_registrations),
    Holder("comment_versions", _comment_versions),
    Holder("invitation_links", _invitation_links),
    Holder("waiting_for_digest", _waiting_for_digest),
    Holder("action_feedback", _feedback_notices),
    Holder("feedback_stop", _feedback_stop),
    Holder("requests", requests_of),
    Holder("account", _account),
)


@dataclass
class KeptData:
    """What consult keeps about one address: the items of each holder in ``HOLDERS``, by its key."""

    email: str
    items: dict[str, list]

    @property
    def is_empty(self) -> bool:
        return not any(self.items.values())

    def organisations(self) -> set[Organisation]:
        """The municipalities and regions that can remove some of it on request."""
        return {holder.organisation_of(item) for holder in HOLDERS if holder.organisation_of
                for item in self.items[holder.key]}


    def removable_in(self, organisation_id: int) -> dict[str, list]:
        """Per holder that removes per organisation, the items ``organisation_id`` removes when it grants a request."""
        return {holder.key: [item for item in self.items[holder.key] if holder.organisation_of(item).id == organisation_id]
                for holder in HOLDERS if holder.organisation_of}


def kept_about(email: str) -> KeptData:
    """Everything consult keeps about ``email`` (any case), per holder. The one answer to "is this address
    known", for the access link, the own-data page and download, and erasure requests."""
    return KeptData(email.lower(), {holder.key: holder.find(email.lower()) for holder in HOLDERS})


def send_access_link(email: str, link: str, locale: str | None) -> None:
    """Always a mail, so that the page never tells a stranger whether an address is known to us; with the
    link when anything is kept about the address (``kept_about``); in ``locale``, the language the person
    asked in."""
    known = not kept_about(email).is_empty
    queue_mail(email, _l("Your data on consult"), "data_access", locale=locale, link=link, known=known)


def request_erasure(email: str, message: str, at: datetime, locale: str | None = None) -> list[ErasureRequest]:
    """One request for each organisation that holds removable data of this address (``KeptData.organisations``:
    reactions, draft comments, werkatelier registrations) and has none open. ``locale``: the language the
    person asked in, for the answer; each official is told in their own."""
    kept = kept_about(email)
    open_for = {r.organisation_id for r in kept.items["requests"] if r.is_open}
    made = []
    for organisation in sorted(kept.organisations(), key=lambda o: o.name):
        if organisation.id in open_for:
            continue
        erasure = ErasureRequest(organisation=organisation, email=email.lower(), message=message, created_at=at,
                                 locale=locale)
        db.session.add(erasure)
        db.session.flush()
        record_event(None, "erasure_requested", erasure, organisation.id)
        link = external_url("privacy.show_request", request_id=erasure.id)
        for official in officials_of(organisation):
            queue_mail(official.email, _l("A request to remove personal data"), "erasure_requested",
                       locale=official.locale, erasure=erasure, link=link)
        made.append(erasure)
    return made


def grant_erasure(erasure: ErasureRequest, official, at: datetime) -> int:
    """Remove what each holder in ``HOLDERS`` keeps of this address in the organisation's consultations and
    werkateliers: the personal data of reactions and registrations, the person's name from the shared drafts
    in its feedbackrondes (their text stays the organisation's). Returns how many reactions."""
    counts = {holder.key: holder.erase(erasure.email, erasure.organisation_id, at) for holder in HOLDERS if holder.erase}
    erasure.reactions_anonymised = counts["reactions"]
    _close(erasure, official, at, RequestStatus.DONE, "")
    record_event(official, "erasure_granted", erasure, erasure.organisation_id, reactions=counts["reactions"],
                 drafts=counts["draft_comments"], workshop_registrations=counts["workshop_registrations"])
    return erasure.reactions_anonymised


def refuse_erasure(erasure: ErasureRequest, official, at: datetime, reason: str) -> None:
    _close(erasure, official, at, RequestStatus.REFUSED, reason)
    record_event(official, "erasure_refused", erasure, erasure.organisation_id)


def _close(erasure: ErasureRequest, official, at: datetime, status: RequestStatus, reply: str) -> None:
    erasure.status, erasure.handled_at, erasure.handled_by_id, erasure.reply = status, at, official.id, reply
    queue_mail(erasure.email, _l("Your request to remove your data"), "erasure_handled", locale=erasure.locale,
               erasure=erasure)


def personal_data(email: str) -> dict:
    """Everything consult holds about this address (``kept_about``), as the person may download it (AVG art. 15
    and 20)."""
    kept = kept_about(email)
    items = kept.items
    user = items["account"][0] if items["account"] else None
    return {
        "email": kept.email,
        "account": None if user is None else {
            "name": user.name, "email": user.email, "created_at": iso_moment(user.created_at),
            "last_login_at": iso_moment(user.last_login_at),
            "organisations": [m.organisation.name for m in user.memberships],
        },
        "reactions": [_reaction_data(reaction) for reaction in items["reactions"]],
        "partner": {
            "mail_frequency": user.mail_frequency.value if user else None,
            "draft_comments": [draft_data(d) for d in items["draft_comments"]],
            "invitation_links": [{"organisation": link.organisation.name, "sent_at": iso_moment(link.created_at),
                                  "expires_at": iso_moment(link.expires_at), "used_at": iso_moment(link.used_at)}
                                 for link in items["invitation_links"]],
            "waiting_for_digest": [{"text": n.text, "at": iso_moment(n.created_at)} for n in items["waiting_for_digest"]],
        },
        # Versions of an organisation's submitted comments that this person wrote (feedbackronde).
        "comment_versions": [{"reference": reference, "number": v.number, "written_at": iso_moment(v.written_at),
                              "quote": v.quote, "text": v.body} for reference, v in items["comment_versions"]],
        "workshop_registrations": [registration_data(r) for r in items["workshop_registrations"]],
        # Terugkoppeling: mails about actions their input led to, and whether they stopped them.
        "action_feedback": {
            "notices": [{"moment": n.created_at.isoformat(), "action": n.action.title, "event": n.event.value,
                         "status": n.status.value, "locale": n.locale} for n in items["action_feedback"]],
            "stopped_at": items["feedback_stop"][0].created_at.isoformat() if items["feedback_stop"] else None},
        "requests": [{"organisation": r.organisation.name, "made_at": iso_moment(r.created_at), "status": r.status.value,
                      "message": r.message, "reply": r.reply} for r in items["requests"]],
    }


def _reaction_data(reaction: Reaction) -> dict:
    return {
        "reference": reaction.reference,
        "consultation": reaction.consultation.title,
        "organisation": reaction.consultation.organisation.name,
        "section": reaction.section.label if reaction.section else None,
        "channel": reaction.channel.value,
        "status": reaction.status.value,
        "publication": reaction.publication.value,
        "submitted_at": iso_moment(reaction.submitted_at),
        "name": reaction.author_name,
        "email": reaction.author_email,
        "place": reaction.author_place,
        "address": reaction.author_address,
        "on_behalf_of": reaction.organisation_name,
        "co_signers": [line.strip() for line in reaction.co_signers.splitlines() if line.strip()],
        "quote": reaction.quote,
        "text": reaction.body,
        "published_text": reaction.shown_body if reaction.is_published else None,
        "files": [{"name": a.filename, "size": a.size} for a in reaction.attachments],
        "received_at": iso_moment(reaction.received_at),
        "correction_of_report": reaction.oral_report.correction if reaction.oral_report else None,
        "told_about_the_decision": [{"how": n.way.value, "signatory": n.signatory, "at": iso_moment(n.created_at)}
                                    for n in notices_of(reaction)],
    }
