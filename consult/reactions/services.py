"""Writes on reactions. Services flush, never commit; the view commits once."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from consult.accounts.queries import officials_of
from consult.audit.services import record_event
from consult.consultations.models import Consultation
from consult.core import uploads
from consult.core.i18n import AMSTERDAM
from consult.core.links import external_url
from consult.extensions import db
from consult.mail.services import queue_mail, queue_mail_to_many
from consult.oral_reports.services import write_oral_report
from consult.organisations.models import OrganisationKind
from consult.reactions.models import (
    Action,
    Attachment,
    Channel,
    Publication,
    Reaction,
    ReactionReport,
    ReactionStatus,
    count_co_signers,
    counts_on_receipt,
)
from consult.reactions.tokens import Purpose, make_token


class NotAReactionPeriod(ValueError):
    """A reaction or advice for a werkatelier: an event with registration, not a reaction period."""


class PeriodClosed(Exception):
    """The consultation does not take reactions at this moment."""


@dataclass
class UploadedFile:
    filename: str
    data: bytes


@dataclass
class ReactionInput:
    body: str
    author_name: str
    author_email: str
    publication: Publication
    section_id: int | None = None
    quote: str = ""
    author_place: str = ""
    organisation_name: str = ""
    organisation_kind: OrganisationKind | None = None
    files: list[UploadedFile] = field(default_factory=list)
    locale: str | None = None


_NEXT_NUMBER = (sa.update(Consultation).where(Consultation.id == sa.bindparam("consultation_id"))
                .values(last_reference_number=Consultation.last_reference_number + 1)
                .returning(Consultation.last_reference_number))
_NEXT_NUMBER_UNLESS_STORED = _NEXT_NUMBER.where(~sa.exists().where(Reaction.submission_key == sa.bindparam("key")))


def next_reference(consultation: Consultation, at: datetime, unless_stored: str | None = None) -> str | None:
    """The next kenmerk, e.g. SMA-2026-0042. One UPDATE hands out the number, so it is never shared.

    With ``unless_stored`` (a web form's submission key) the same UPDATE first looks whether a reaction
    with that key is stored already, and then hands out nothing and returns None: a double click costs
    no number, and a new submission no separate look-up (issue 15).

    Every reaction and advice gets its kenmerk here, so this is where a werkatelier, which takes no
    reactions (``Consultation.takes_reactions``), refuses one whatever the path: NotAReactionPeriod."""
    if not consultation.takes_reactions:
        raise NotAReactionPeriod(consultation.slug)
    # Core, not the ORM: no public page shows the counter (the page cache need not hear of it) and
    # nothing in the session reads it again; the ORM's bookkeeping was most of this UPDATE's cost.
    connection = db.session.connection()
    if unless_stored:
        number = connection.execute(_NEXT_NUMBER_UNLESS_STORED, {"consultation_id": consultation.id, "key": unless_stored}).scalar()
        if number is None:
            return None
    else:
        # The consultation's row must be there (NoResultFound otherwise).
        number = connection.execute(_NEXT_NUMBER, {"consultation_id": consultation.id}).scalar_one()
    return f"{consultation.reference_prefix}-{at.astimezone(AMSTERDAM).year}-{number:04d}"


def submit_reaction(consultation: Consultation, data: ReactionInput, at: datetime, submission_key: str | None) -> Reaction:
    """A reaction from the web form. The server's clock decides whether the period is open.

    In an afdeling 3.4 Awb procedure it counts at once (``counts_on_receipt``) and the e-mail check only
    holds back its publication; elsewhere it counts once the author confirms the address. With
    confirmation switched off it is confirmed at once. The same ``submission_key`` twice (a double
    click, a reload) returns the first reaction.
    """
    if not consultation.accepts_reactions(at):
        if (existing := _stored(submission_key)) is not None:
            return existing  # sent before the period closed; the page only came back after it
        raise PeriodClosed
    reference = next_reference(consultation, at, unless_stored=submission_key)
    if reference is None:
        return _stored(submission_key)
    reaction = Reaction(
        consultation=consultation,
        document_version_id=consultation.document_version_id,
        section_id=data.section_id,
        reference=reference,
        channel=Channel.WEB,
        status=ReactionStatus.PENDING if counts_on_receipt(consultation) else ReactionStatus.UNCONFIRMED,
        is_awaiting_confirmation=counts_on_receipt(consultation),
        publication=data.publication,
        author_name=data.author_name,
        author_email=data.author_email.lower(),
        author_place=data.author_place,
        organisation_name=data.organisation_name,
        organisation_kind=data.organisation_kind if data.organisation_name else None,
        quote=data.quote,
        body=data.body,
        submission_key=submission_key,
        submitted_at=at,
        received_at=at,
        locale=data.locale,
    )
    for upload in data.files:
        _attach(reaction, upload)
    db.session.add(reaction)
    db.session.flush()
    if reaction.is_counted:
        reaction.count_on_entry()
    if consultation.requires_email_confirmation:
        _send_confirmation(reaction)
    else:
        confirm_reaction(reaction, at)
    return reaction


def _stored(submission_key: str | None) -> Reaction | None:
    """The reaction stored with this submission key, if any."""
    if not submission_key:
        return None
    return db.session.scalar(sa.select(Reaction).where(Reaction.submission_key == submission_key))


@dataclass
class PaperReactionInput(ReactionInput):
    channel: Channel = Channel.LETTER
    received_at: datetime | None = None
    postmarked_at: datetime | None = None
    author_address: str = ""
    co_signers: str = ""


def enter_paper_reaction(consultation: Consultation, data: PaperReactionInput, official, at: datetime,
                         submission_key: str | None = None) -> Reaction:
    """A reaction that came in by letter, e-mail or orally, typed in by an official. ``submission_key``: the
    form's one-time key (``consult.core.submission``).

    It counts at once (the official saw it arrive). Whether it was on time follows the Awb: received
    before closing, or a letter posted before closing that arrives within a week after it.
    """
    received_at = data.received_at or at
    reaction = Reaction(
        consultation=consultation,
        document_version_id=consultation.document_version_id,
        section_id=data.section_id,
        reference=next_reference(consultation, received_at),
        channel=data.channel,
        status=ReactionStatus.PENDING,
        confirmed_at=at,
        publication=data.publication,
        author_name=data.author_name,
        author_email=data.author_email.lower() or None,
        author_address=data.author_address,
        author_place=data.author_place,
        organisation_name=data.organisation_name,
        organisation_kind=data.organisation_kind if data.organisation_name else None,
        body=data.body,
        co_signers=data.co_signers,
        co_signer_count=count_co_signers(data.co_signers),
        locale=data.locale,  # the sender's language, chosen by the official (None: the site's default)
        is_late=not consultation.counts_as_on_time(received_at, data.postmarked_at),
        received_at=received_at,
        postmarked_at=data.postmarked_at,
        submitted_at=received_at,
        submission_key=submission_key,
    )
    for upload in data.files:
        _attach(reaction, upload)
    db.session.add(reaction)
    db.session.flush()
    reaction.count_on_entry()
    if data.channel is Channel.ORAL:
        # The verslag mail is the receipt too: it holds the kenmerk and asks to confirm or correct.
        write_oral_report(reaction, official, at)
    elif reaction.author_email:
        _send_receipt(reaction)
    record_event(official, "paper_reaction_entered", reaction, consultation.organisation_id,
                 channel=data.channel.value, is_late=reaction.is_late)
    return reaction


def _attach(reaction: Reaction, upload: UploadedFile) -> None:
    kind = uploads.detect_type(upload.data)
    if kind is None:  # the form checks this first; this guards every other caller
        raise ValueError("unsupported file type")
    reaction.attachments.append(
        Attachment(filename=upload.filename[:255], content_type=kind.content_type, size=len(upload.data),
                   storage_name=uploads.store(upload.data))
    )


def _send_confirmation(reaction: Reaction) -> None:
    link = external_url("reactions.confirm", token=make_token(reaction.id, Purpose.CONFIRM))
    queue_mail(
        reaction.author_email,
        _l("Confirm your reaction to %(title)s", title=reaction.consultation.title),
        "reaction_confirm",
        locale=reaction.author_locale,
        reaction=reaction,
        link=link,
    )


def resend_confirmation(reaction: Reaction, at: datetime) -> None:
    if not reaction.can(Action.CONFIRM) or not reaction.consultation.accepts_reactions(at):
        raise PeriodClosed
    _send_confirmation(reaction)


def confirm_reaction(reaction: Reaction, at: datetime) -> bool:
    """Count the reaction (or, counted on receipt, free it for publication) and send the receipt.
    False when it was confirmed before (a second click)."""
    if not reaction.can(Action.CONFIRM):
        return False
    reaction.confirm(at)
    _send_receipt(reaction)
    return True


def _send_receipt(reaction: Reaction) -> None:
    queue_mail(
        reaction.author_email,
        _l("Receipt of your reaction %(reference)s", reference=reaction.reference),
        "reaction_receipt",
        locale=reaction.author_locale,
        reaction=reaction,
        link=manage_link(reaction),
    )


def manage_link(reaction: Reaction) -> str:
    return external_url("reactions.manage", token=make_token(reaction.id, Purpose.MANAGE))


def change_reaction(reaction: Reaction, body: str, publication: Publication, at: datetime) -> None:
    """The author changes the text; a published reaction goes back to moderation. A changed publication
    choice (with or without name, or not at all) is recorded in the audit log, which officials see.

    Raises PeriodClosed outside the period, TransitionNotAllowed for a withdrawn or unconfirmed one."""
    if not reaction.consultation.accepts_reactions(at):
        raise PeriodClosed
    before = reaction.publication
    reaction.change(body, publication)
    if publication is not before:
        record_event(None, "publication_choice_changed", reaction, reaction.consultation.organisation_id,
                     by="author", from_choice=before.value, to_choice=publication.value)


def decide_on_late(reaction: Reaction, official, considered: bool, reason: str, at: datetime) -> None:
    """Record whether a late zienswijze is still considered, and why (Awb 6:9 and 6:11 leave that to
    the municipality when the lateness is excusable). Raises TransitionNotAllowed when it is not late
    or no longer counts."""
    before = reaction.is_late_considered
    reaction.decide_on_late(considered, reason, official.id, at)
    record_event(official, "late_reaction_decided", reaction, reaction.consultation.organisation_id,
                 considered=considered, reason=reason, previously=before)


def withdraw_reaction(reaction: Reaction, at: datetime) -> None:
    """Raises PeriodClosed outside the period, TransitionNotAllowed when already withdrawn."""
    if not reaction.consultation.accepts_reactions(at):
        raise PeriodClosed
    reaction.withdraw()


def notify_redaction(reaction: Reaction) -> None:
    if reaction.author_email:
        queue_mail(
            reaction.author_email,
            _l("Your reaction %(reference)s is published with changes", reference=reaction.reference),
            "reaction_redacted",
            locale=reaction.author_locale,
            reaction=reaction,
            link=manage_link(reaction),
        )


def request_reconsideration(reaction: Reaction, at: datetime) -> None:
    """Once per reaction: a rejected or redacted reaction goes back to the moderation queue.
    Raises TransitionNotAllowed when asked before, or when there is nothing to reconsider."""
    reaction.request_reconsideration(at)


def reporter_key(identity: str) -> str:
    """A keyed hash of who reports: ``account:<id>`` for a signed-in person, the address otherwise.
    One report per person counts, and no address is kept."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), identity.encode(), hashlib.sha256).hexdigest()


def report_reaction(reaction: Reaction, reason: str, key: str, by_account: bool, at: datetime) -> bool:
    """Count a report. Returns whether the reaction is hidden now.

    Anyone may report, but only signed-in accounts can hide: REPORTS_TO_HIDE reports from different
    accounts hide the reaction until an official decides. Anonymous reports are counted per address
    and ask officials to look (one mail when they reach REPORTS_TO_HIDE), so nobody with a few
    addresses can take a reaction off the site."""
    known = db.session.scalar(sa.select(ReactionReport).where(
        ReactionReport.reaction_id == reaction.id, ReactionReport.reporter_key == key))
    if known is not None:
        return reaction.is_hidden
    db.session.add(ReactionReport(reaction_id=reaction.id, reason=reason, reporter_key=key, by_account=by_account,
                                  created_at=at))
    db.session.flush()
    threshold = current_app.config["REPORTS_TO_HIDE"]
    reports, by_accounts = db.session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(ReactionReport.by_account.is_(True)))
        .where(ReactionReport.reaction_id == reaction.id)).one()
    hides = by_account and by_accounts >= threshold and reaction.can(Action.HIDE)
    if hides:
        reaction.hide()
        record_event(None, "reaction_hidden_after_reports", reaction, reaction.consultation.organisation_id, reports=reports)
    if hides or reports == threshold:
        link = external_url("moderation.show_reaction", reaction_id=reaction.id)
        queue_mail_to_many(
            [(u.email, u.locale) for u in officials_of(reaction.consultation.organisation)],
            _l("Reaction %(reference)s is hidden after reports", reference=reaction.reference) if hides
            else _l("Reaction %(reference)s was reported", reference=reaction.reference),
            "reaction_hidden", reaction=reaction, reports=reports, link=link, hidden=hides,
        )
    return reaction.is_hidden
