"""Rows for exports, streamed from the database in batches so memory stays flat at any size."""
from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from consult.answers.labels import outcome_label
from consult.consultations.models import Consultation
from consult.core.i18n import iso_day, iso_moment
from consult.extensions import db
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.reactions.labels import (
    channel_label,
    moderation_status_label,
    publication_label,
)
from consult.reactions.models import Reaction
from consult.reactions.publication import open_data_sender, open_data_text

BATCH = 1000


def in_batches(query) -> Iterator[Reaction]:
    """Keyset pagination by id: each batch is a fresh, small query; nothing accumulates."""
    last_id = 0
    while True:
        batch = db.session.scalars(query.where(Reaction.id > last_id).order_by(Reaction.id).limit(BATCH)).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        for reaction in batch:  # let go of what was written; shared objects (sections, codes) stay
            db.session.expunge(reaction)


def official_header() -> list[str]:
    return [_("Reference"), _("Status"), _("Received"), _("Channel"), _("Late"), _("Name"), _("E-mail address"),
            _("Place of residence"), _("Address"), _("Organisation"), _("Kind of organisation"), _("Section"),
            _("Publication"), _("Codes"), _("Group"), _("Outcome"), _("Answer"), _("Text as sent"), _("Text to publish")]


def official_rows(consultation: Consultation) -> Iterator[list]:
    """Every reaction with its metadata and personal data: for officials of the owner only. The writers
    (``consult.exports.formats``) neutralise formulas."""
    query = sa.select(Reaction).where(Reaction.consultation_id == consultation.id).options(
        selectinload(Reaction.section), selectinload(Reaction.codes), selectinload(Reaction.group), selectinload(Reaction.answer))
    for r in in_batches(query):
        yield [
            r.reference, moderation_status_label(r.status), iso_moment(r.received_at) or "",
            channel_label(r.channel), _("yes") if r.is_late else _("no"), r.author_name, r.author_email or "",
            r.author_place, r.author_address, r.organisation_name,
            str(STAKEHOLDER_LABELS.get(r.organisation_kind, "")) if r.organisation_kind else "",
            r.section.label if r.section else "", publication_label(r.publication),
            ", ".join(c.title for c in r.codes), r.group.title if r.group else "",
            outcome_label(r.answer.outcome) if r.answer else "", r.answer.body if r.answer else "", r.body,
            r.public_body or "",
        ]


OPEN_FIELDS = ("reference", "date", "section", "sender", "text", "outcome", "answer")


def open_rows(consultation: Consultation) -> Iterator[dict]:
    """Published reactions and their answers, as consult.reactions.publication allows for open data:
    organisations named, persons never, direct identifiers and the author's name out of the text. The
    caller checks that the consultation publishes reactions."""
    query = sa.select(Reaction).where(Reaction.consultation_id == consultation.id, Reaction.is_published).options(
        selectinload(Reaction.section), selectinload(Reaction.answer))
    for r in in_batches(query):
        yield {
            "reference": r.reference,
            "date": iso_day(r.received_at or r.submitted_at),
            "section": r.section.label if r.section else "",
            "sender": open_data_sender(r),
            "text": open_data_text(r),
            "outcome": r.answer.outcome.value if r.answer else "",
            "answer": r.answer.body if r.answer else "",
        }
