"""Writes on consultations. Services flush, never commit."""
from __future__ import annotations

from datetime import datetime

import markdown
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from consult.audit.services import record_event
from consult.coding.services import seed_coding_scheme
from consult.consultations.models import (
    Audience,
    Consultation,
    ConsultationFile,
    ConsultationKind,
    PeriodExtension,
    Procedure,
    State,
    TransitionError,
    WithheldDocument,
)
from consult.core.links import external_url
from consult.core.sanitize import clean_rich_text
from consult.core.uploads import detect_type, store, stored_path
from consult.documents.importer import slugify
from consult.documents.models import DocumentVersion
from consult.extensions import db
from consult.mail.services import queue_mail_to_many
from consult.reactions.models import Reaction
from consult.reactions.queries import author_locale_column, with_author_locale


def unique_slug(title: str) -> str:
    base = slugify(title, max_length=100)
    taken = set(db.session.scalars(sa.select(Consultation.slug).where(Consultation.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_public_inspection(version: DocumentVersion, form, author) -> Consultation:
    """A ter-inzage consultation on ``version``, saved as a concept until it is published."""
    opens_at, closes_at = form.period()
    consultation = Consultation(
        organisation=version.document.organisation,
        kind=ConsultationKind.PUBLIC_INSPECTION,
        audience=Audience.PUBLIC,
        state=State.DRAFT,
        slug=unique_slug(form.title.data),
        title=form.title.data,
        reference_prefix=form.reference_prefix.data,
        summary=form.summary.data,
        introduction_html=clean_rich_text(markdown.markdown(form.introduction.data or "")),
        document_version=version,
        procedure=Procedure(form.procedure.data),
        opens_at=opens_at,
        closes_at=closes_at,
        publishes_reactions=form.publishes_reactions.data,
        requires_email_confirmation=form.requires_email_confirmation.data,
        decision_body=form.decision_body.data or "",
        decision_expected_on=form.decision_expected_on.data,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        postal_address=form.postal_address.data or "",
        house_rules=form.house_rules.data or "",
        publication_url=form.publication_url.data or "",
        legal_basis=form.legal_basis.data or "",
        inspection_place=form.inspection_place.data or "",
        inspection_hours=form.inspection_hours.data or "",
        official_publication=form.official_publication.data or "",
    )
    db.session.add(consultation)
    db.session.flush()
    seed_coding_scheme(consultation)
    record_event(author, "consultation_created", consultation, consultation.organisation_id)
    return consultation


def publish_consultation(consultation: Consultation, author, at: datetime, move_closing: bool = False) -> None:
    """Publish at ``at`` (UTC); with ``move_closing`` a late Awb period gets its lawful six weeks.
    A feedbackronde's invitations, made while it was a concept, are mailed now (rounds.services.mail_invitations);
    so is the terugkoppeling held while an actieprogramma under it was not public (actions.services.send_held_feedback).
    Raises TermTooShort or TransitionError (see Consultation.publish). A moved period is in the log."""
    # Imported here: the rounds and actions packages build on this one (a next round starts as a
    # consultation; an actieprogramma is public once a consultation on it is).
    from consult.actions.services import send_held_feedback
    from consult.rounds.services import mail_invitations

    planned = consultation.opens_at, consultation.closes_at
    consultation.publish(at, current_app.config["ATW_EXTRA_DAYS"], move_closing=move_closing)
    moved = {"planned_opens_at": planned[0].isoformat(), "planned_closes_at": planned[1].isoformat()}
    record_event(author, "consultation_published", consultation, consultation.organisation_id,
                 **(moved if (consultation.opens_at, consultation.closes_at) != planned else {}))
    if consultation.kind is ConsultationKind.PARTNER_ROUND:
        mail_invitations(consultation, author)
    if consultation.document_version is not None:
        send_held_feedback(consultation.document_version.document, at)


def extend_period(consultation: Consultation, closes_at: datetime, reason: str, notice: str, author,
                  at: datetime) -> int:
    """Give a published period a later closing moment (never an earlier one), record why with the line
    for the kennisgeving, and mail that line to everyone who reacted so far (each address once).
    Returns the number of people mailed. Raises TermTooShort or TransitionError (Consultation.extend_period)."""
    previous = consultation.extend_period(closes_at, at)
    consultation.extensions.append(PeriodExtension(previous_closes_at=previous, closes_at=closes_at,
                                   reason=reason, notice=notice, created_by_id=author.id, created_at=at))
    rows = db.session.execute(with_author_locale(
        sa.select(Reaction.author_email, author_locale_column())
        .where(Reaction.consultation_id == consultation.id, Reaction.author_email.is_not(None), Reaction.is_counted)
        .order_by(Reaction.id))).all()
    recipients = dict(rows)  # each address once, in the language of its latest reaction
    queue_mail_to_many(
        recipients.items(),
        _l("The period for %(title)s is longer", title=consultation.title),
        "period_extended",
        consultation=consultation, notice=notice, previous=previous,
        link=external_url("consultations.show_notice", slug=consultation.slug),
    )
    record_event(author, "period_extended", consultation, consultation.organisation_id,
                 previous_closes_at=previous.isoformat(), closes_at=closes_at.isoformat(), reason=reason,
                 recipients=len(recipients))
    return len(recipients)


def _require_stukken_can_change(consultation: Consultation) -> None:
    if not consultation.stukken_can_change:
        raise TransitionError("the stukken lie unchanged for the whole term; they are set while a concept")


def add_stuk(consultation: Consultation, title: str, upload: FileStorage, author,
             submission_key: str | None = None) -> ConsultationFile:
    """Store an uploaded stuk (already checked by StukForm) beside the draft. Raises TransitionError
    once the consultation is published: the stukken lie unchanged for the whole term (Awb 3:11)."""
    _require_stukken_can_change(consultation)
    data = upload.read()
    file_type = detect_type(data)
    stuk = ConsultationFile(title=title, filename=(upload.filename or f"stuk.{file_type.extension}")[:255],
                            content_type=file_type.content_type, size=len(data), storage_name=store(data),
                            position=len(consultation.files), submission_key=submission_key)
    consultation.files.append(stuk)
    record_event(author, "stuk_added", consultation, consultation.organisation_id, title=title, size=len(data))
    return stuk


def remove_stuk(stuk: ConsultationFile, author) -> None:
    """Remove a stuk from a concept (the file goes with it). Raises TransitionError after publication."""
    consultation = db.session.get(Consultation, stuk.consultation_id)
    _require_stukken_can_change(consultation)
    consultation.files.remove(stuk)
    stored_path(stuk.storage_name).unlink(missing_ok=True)
    record_event(author, "stuk_removed", consultation, consultation.organisation_id, title=stuk.title)


def add_withheld(consultation: Consultation, title: str, ground: str, author,
                 submission_key: str | None = None) -> WithheldDocument:
    """List a stuk that is not made public, with its Woo ground. Raises TransitionError after publication."""
    _require_stukken_can_change(consultation)
    withheld = WithheldDocument(title=title, ground=ground, submission_key=submission_key)
    consultation.withheld.append(withheld)
    record_event(author, "withheld_added", consultation, consultation.organisation_id, title=title, ground=ground)
    return withheld


def remove_withheld(withheld: WithheldDocument, author) -> None:
    consultation = db.session.get(Consultation, withheld.consultation_id)
    _require_stukken_can_change(consultation)
    consultation.withheld.remove(withheld)
    record_event(author, "withheld_removed", consultation, consultation.organisation_id, title=withheld.title)


def change_house_rules(consultation: Consultation, text: str, author) -> bool:
    """Give the consultation its own house rules ("" for the default ones). The change and the earlier
    text are in the audit log, so a moderation decision can be read against the rules of its day.
    Returns whether anything changed."""
    before = consultation.house_rules
    if before == text:
        return False
    consultation.house_rules = text
    record_event(author, "house_rules_changed", consultation, consultation.organisation_id, before=before, after=text)
    return True
