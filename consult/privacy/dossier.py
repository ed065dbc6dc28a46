"""The complete dossier of a consultation, for the municipality's document management system.

One zip: a readable PDF, the same data as JSON and as CSV, the document versions, the reactienota and
the files sent with reactions. Made before the personal data is purged, so nothing is lost to the archive.
"""
from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.orm import selectinload

from consult.actions.services import feedback_log
from consult.advice.labels import verdict_label
from consult.advice.models import Advice
from consult.advice.queries import given_advice, requests_of, versions_of
from consult.answers.labels import outcome_label
from consult.answers.models import Answer
from consult.audit.models import AuditEvent
from consult.audit.queries import consultation_events
from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.core.i18n import closing_moment, iso_day, iso_moment, local_datetime
from consult.core.sanitize import plain_text
from consult.core.text import xml_safe, xml_safe_data
from consult.core.uploads import stored_path
from consult.decisions.services import corrections_of, sent_log
from consult.documents.models import DocumentVersion
from consult.exports.formats import csv_text
from consult.exports.rows import in_batches, official_header, official_rows
from consult.extensions import db
from consult.privacy.partners import draft_data, drafts_of_consultation
from consult.reactions.labels import channel_label, moderation_status_label, publication_label
from consult.reactions.models import Attachment, Reaction
from consult.reports.builder import build_report
from consult.reports.exports import blocks_to_plain_pdf, to_pdf
from consult.reports.models import ResponseReport
from consult.reports.notes import entry_notes
from consult.rounds.models import CommentVersion, FeedbackRound, GuidingQuestion, QuestionReaction, ReplyReaction
from consult.workshops.privacy import dossier_registrations


def write_dossier(consultation: Consultation, target: Path, progress=lambda percent: None) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        versions = _versions(consultation)
        answers = db.session.scalars(sa.select(Answer).where(Answer.consultation_id == consultation.id)
                                     .order_by(Answer.id)).all()
        events = consultation_events(consultation)
        notices = sent_log(consultation)
        archive.writestr("dossier.json", json.dumps(xml_safe_data({
            "consultation": _consultation_data(consultation),
            "document_versions": [_version_data(v) for v in versions],
            "reactions": [_reaction_data(r) for r in _reactions(consultation)],
            "answers": [_answer_data(a) for a in answers],
            "advice": [_advice_data(a) for a in given_advice(consultation)],
            # A feedbackronde's drafts not (yet) submitted: the organisations' work in progress.
            "draft_comments": [draft_data(d) for d in drafts_of_consultation(consultation)],
            # Feedbackronde: every text a submitted comment had, and the guiding questions with their answers.
            "comment_versions": [_comment_version_data(reference, v) for reference, v in _comment_versions(consultation)],
            "guiding_questions": [_question_data(g, references) for g, references in _guiding_questions(consultation)],
            # Replies between organisations in a feedbackronde: which comment answers which.
            "replies": [{"reference": reply, "replies_to": target} for reply, target in _replies(consultation)],
            # Advice asked of adviesraden on a ter-inzage, and every version of advice changed after submission.
            "advice_requests": [{"organisation": r.organisation.name, "requested_at": _iso(r.requested_at),
                                 "deadline": _iso(r.deadline)} for r in requests_of(consultation)],
            "advice_versions": [_advice_version_data(a.reference, v) for a in given_advice(consultation)
                                for v in versions_of([a]).get(a.id, [])],
            "audit_log": [_event_data(e, actor) for e, actor in events],
            "decision_notices": notices,
            # Corrections of the recorded decision: each with the facts before and after, and its reason.
            "decision_corrections": [{"corrected_at": _iso(c.corrected_at), "reason": c.reason, "previous": c.previous,
                                      "current": c.current, "notified": c.notified,
                                      "corrected_by": c.corrected_by.name if c.corrected_by else None}
                                     for c in corrections_of(consultation)],
            "workshop_registrations": dossier_registrations(consultation),
            # Terugkoppeling: who heard that their input here led to an action (consult.actions).
            "action_feedback": feedback_log(consultation.id),
        }), ensure_ascii=False, indent=1))
        archive.writestr("besluit-verzendlijst.csv", _notices_csv(notices))
        progress(30)
        archive.writestr("reacties.csv", csv_text(official_header(), official_rows(consultation)))
        archive.writestr("antwoorden.csv", csv_text([_("Number"), _("Outcome"), _("Answer"), _("Date")],
                                                ([a.id, outcome_label(a.outcome), a.body, iso_moment(a.created_at)]
                                                 for a in answers)))
        archive.writestr("logboek.csv", csv_text([_("Moment"), _("Who"), _("Action"), _("About"), _("Details")],
                                             ([iso_moment(e.occurred_at), actor or "", e.action,
                                               f"{e.subject_type} {e.subject_id}", json.dumps(e.details, ensure_ascii=False)]
                                              for e, actor in events)))
        progress(50)
        for version in versions:
            archive.writestr(f"documenten/versie-{version.number}.html", _version_html(version))
        report = build_report(consultation)
        archive.writestr("reactienota.pdf", to_pdf(report))
        progress(70)
        archive.writestr("dossier.pdf", blocks_to_plain_pdf(_dossier_blocks(consultation, versions, answers, events),
                                                            consultation.title))
        progress(90)
        attachments = db.session.execute(sa.select(Attachment, Reaction.reference).join(Attachment.reaction)
                                         .where(Reaction.consultation_id == consultation.id)
                                         .order_by(Reaction.id, Attachment.id))
        for reference, rows in groupby(attachments, key=lambda row: row.reference):
            for number, (attachment, _reference) in enumerate(rows, start=1):
                path = stored_path(attachment.storage_name)
                if path.exists():
                    archive.write(path, _archived_name(reference, number, attachment))
        for advice in given_advice(consultation):
            for number, file in enumerate(advice.attachments, start=1):
                if (path := stored_path(file.storage_name)).exists():
                    archive.write(path, f"bijlagen/advies-{advice.reference}-{number}-{Path(file.filename).name}")


def _notices_csv(notices: list[dict]) -> str:
    """The decision's sent-log: per person told, when, how, in which language, and whether the mail went."""
    header = [_("Moment"), _("Reference"), _("Signatory"), _("How"), _("Language"), _("Recipient"), _("Address"),
              _("Mail status"), _("Sent at")]
    keys = ("moment", "reference", "signatory", "way", "locale", "recipient", "address", "mail_status", "sent_at")
    return csv_text(header, ([row[key] if row[key] is not None else "" for key in keys] for row in notices))


def _reactions(consultation: Consultation) -> Iterator[Reaction]:
    return in_batches(sa.select(Reaction).where(Reaction.consultation_id == consultation.id).options(
        selectinload(Reaction.section), selectinload(Reaction.codes), selectinload(Reaction.attachments),
        selectinload(Reaction.points), selectinload(Reaction.group), selectinload(Reaction.oral_report)))


def _archived_name(reference: str, number: int, attachment: Attachment) -> str:
    return f"bijlagen/{reference}-{number}-{Path(attachment.filename).name}"


def _versions(consultation: Consultation) -> list[DocumentVersion]:
    if consultation.document_version is None:
        return []
    return db.session.scalars(sa.select(DocumentVersion).where(
        DocumentVersion.document_id == consultation.document_version.document_id).order_by(DocumentVersion.number)).all()


def _iso(moment) -> str | None:
    """A moment with its Amsterdam offset, a date as it is (``consult.core.i18n``)."""
    return iso_moment(moment) if isinstance(moment, datetime) else iso_day(moment)


def _consultation_data(c: Consultation) -> dict:
    return {
        "title": c.title, "organisation": c.organisation.name, "kind": c.kind.value, "procedure": c.procedure.value,
        "opens_at": _iso(c.opens_at), "closes_at": _iso(c.closes_at), "decision_body": c.decision_body,
        "decision_taken_on": _iso(c.decision_taken_on), "decision_outcome": c.decision_outcome,
        "decision_notice_url": c.decision_notice_url, "nota": _nota_status(c),
        "reaction_count": c.reaction_count, "exported_at": iso_moment(utcnow()),
    }


def _nota_status(c: Consultation) -> dict | None:
    record = db.session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == c.id))
    if record is None:
        return None
    return {"status": record.status.value, "adopted_by": record.adopted_by.value if record.adopted_by else None,
            "adopted_by_body": record.adopted_by_body,
            "adopted_on": _iso(record.adopted_on), "decision_number": record.decision_number}


def _version_data(version: DocumentVersion) -> dict:
    return {"number": version.number, "created_at": _iso(version.created_at), "note": version.note,
            "sections": [{"number": s.number, "title": s.title, "text": plain_text(s.body_html)} for s in version.sections]}


def _version_html(version: DocumentVersion) -> str:
    # The sections' HTML was cleaned by the sanitiser when it was stored.
    body = "\n".join(f"<h2>{escape(s.label)}</h2>\n{s.body_html}" for s in version.sections)
    title = escape(f"{version.document.title}, {_('version %(number)s', number=version.number)}")
    return xml_safe(f'<!doctype html>\n<html lang="nl"><meta charset="utf-8"><title>{title}</title>\n<h1>{title}</h1>\n{body}\n</html>\n')


def _reaction_data(r: Reaction) -> dict:
    return {
        "reference": r.reference, "status": r.status.value, "channel": r.channel.value, "is_late": r.is_late,
        "submitted_at": _iso(r.submitted_at), "received_at": _iso(r.received_at), "postmarked_at": _iso(r.postmarked_at),
        "confirmed_at": _iso(r.confirmed_at), "moderated_at": _iso(r.moderated_at), "anonymised_at": _iso(r.anonymised_at),
        "section": r.section.label if r.section else None, "publication": r.publication.value,
        "name": r.author_name, "email": r.author_email, "place": r.author_place, "address": r.author_address,
        "organisation": r.organisation_name, "organisation_kind": r.organisation_kind.value if r.organisation_kind else None,
        "signatories": r.signatory_count, "co_signers": r.co_signers, "quote": r.quote, "text": r.body,
        "published_text": r.public_body, "rejection_reason": r.rejection_reason,
        "codes": [c.title for c in r.codes], "group": r.group.title if r.group else None, "answer": r.answer_id,
        "points": [{"number": p.number, "summary": p.summary, "answer": p.answer_id} for p in r.points],
        "files": [_archived_name(r.reference, n, a) for n, a in enumerate(r.attachments, start=1)],
        "late_decision": None if r.is_late_considered is None else {
            "considered": r.is_late_considered, "reason": r.late_decision_reason, "decided_at": _iso(r.late_decided_at)},
        "oral_report": None if r.oral_report is None else {
            "author": r.oral_report.author_name, "held_on": r.oral_report.held_on.isoformat(),
            "answered_at": _iso(r.oral_report.answered_at), "confirmed": r.oral_report.is_confirmed,
            "correction": r.oral_report.correction},
    }


def _answer_data(answer: Answer) -> dict:
    return {"number": answer.id, "outcome": answer.outcome.value, "text": answer.body,
            "changed_section": answer.changed_section.label if answer.changed_section else None,
            "created_at": _iso(answer.created_at), "updated_at": _iso(answer.updated_at),
            "sent_to_organisations_at": _iso(answer.sent_at)}


def _comment_versions(consultation: Consultation) -> list[tuple[str, CommentVersion]]:
    return list(db.session.execute(
        sa.select(Reaction.reference, CommentVersion).join(Reaction, CommentVersion.reaction_id == Reaction.id)
        .where(Reaction.consultation_id == consultation.id)
        .options(selectinload(CommentVersion.written_by)).order_by(Reaction.id, CommentVersion.number)).all())


def _comment_version_data(reference: str, version: CommentVersion) -> dict:
    return {"reference": reference, "number": version.number, "written_at": _iso(version.written_at),
            "written_by": version.written_by.name if version.written_by else None, "quote": version.quote,
            "text": version.body}


def _replies(consultation: Consultation) -> list[tuple[str, str]]:
    target = sa.orm.aliased(Reaction)
    return list(db.session.execute(
        sa.select(Reaction.reference, target.reference).join(ReplyReaction, ReplyReaction.reaction_id == Reaction.id)
        .join(target, ReplyReaction.replies_to_id == target.id)
        .where(Reaction.consultation_id == consultation.id).order_by(Reaction.id)).all())


def _advice_version_data(reference: str | None, version) -> dict:
    return {"reference": reference, "number": version.number, "written_at": _iso(version.written_at),
            "written_by": version.written_by.name if version.written_by else None, "advice": version.body,
            "points": version.points}


def _guiding_questions(consultation: Consultation) -> list[tuple[GuidingQuestion, list[str]]]:
    questions = db.session.scalars(
        sa.select(GuidingQuestion).join(FeedbackRound).where(FeedbackRound.consultation_id == consultation.id)
        .options(selectinload(GuidingQuestion.section)).order_by(GuidingQuestion.position, GuidingQuestion.id)).all()
    answered = db.session.execute(
        sa.select(QuestionReaction.question_id, Reaction.reference).join(Reaction, QuestionReaction.reaction_id == Reaction.id)
        .where(Reaction.consultation_id == consultation.id).order_by(Reaction.id)).all()
    return [(g, [reference for question_id, reference in answered if question_id == g.id]) for g in questions]


def _question_data(question: GuidingQuestion, references: list[str]) -> dict:
    return {"question": question.text, "section": question.section.label if question.section else None,
            "answered_by": references}


def _advice_data(advice: Advice) -> dict:
    """Given advice as the archive keeps it: the council, who submitted it, every point and its answer."""
    return {"reference": advice.reference, "organisation": advice.organisation.name, "kind": advice.kind.value,
            "state": advice.state.value, "requested_at": _iso(advice.requested_at), "deadline": _iso(advice.deadline),
            "submitted_at": _iso(advice.submitted_at),
            "submitted_by": advice.submitted_by.name if advice.submitted_by else None, "advice": advice.body,
            "attachments": [file.filename for file in advice.attachments],
            "points": [{"number": p.number, "section": p.section.label if p.section else None, "text": p.body,
                        "verdict": p.verdict.value if p.verdict else None, "reasons": p.reasons,
                        "answered_at": _iso(p.answered_at),
                        "answered_by": p.answered_by.name if p.answered_by else None} for p in advice.points]}


def _event_data(event: AuditEvent, actor: str | None) -> dict:
    return {"moment": _iso(event.occurred_at), "who": actor, "action": event.action,
            "about": {"type": event.subject_type, "id": event.subject_id}, "details": event.details}


def _dossier_blocks(c: Consultation, versions, answers, events) -> list[tuple[str, str]]:
    out = [("h1", _("Dossier: %(title)s", title=c.title)),
           ("p", _("%(organisation)s. Open for reactions from %(start)s to %(end)s. Made on %(now)s.",
                   organisation=c.organisation.name, start=local_datetime(c.opens_at), end=closing_moment(c.closes_at),
                   now=local_datetime(utcnow())))]
    out.append(("p", _("The response report is the file reactienota.pdf in this archive.")))
    if c.decision_taken_on:
        out.append(("p", _("Decision by %(body)s on %(date)s: %(outcome)s", body=c.decision_body,
                           date=c.decision_taken_on.isoformat(), outcome=c.decision_outcome)))
    for version in versions:
        out.append(("h2", _("Document, version %(number)s", number=version.number)))
        for section in version.sections:
            out += [("h3", section.label), ("p", plain_text(section.body_html))]
    out.append(("h2", _("All reactions")))
    answer_text = {a.id: f"{outcome_label(a.outcome)}: {a.body}" for a in answers}
    for r in _reactions(c):
        sender = ", ".join(part for part in (r.author_name, r.author_email or "", r.author_place, r.author_address,
                                             r.organisation_name) if part) or _("personal data removed")
        out += [("h3", r.reference),
                ("p", f"{local_datetime(r.received_at or r.submitted_at)} · {channel_label(r.channel)} · "
                      f"{moderation_status_label(r.status)} · {publication_label(r.publication)}"
                      + (f" · {_('late')}" if r.is_late else "")),
                ("p", sender), ("quote", r.body)]
        if r.public_body is not None:
            out.append(("p", _("Text to publish: %(text)s", text=r.public_body)))
        out += [("p", note) for note in entry_notes(r)]
        if r.answer_id:
            out.append(("p", _("Answer: %(text)s", text=answer_text.get(r.answer_id, ""))))
        out += [("p", f"{r.reference}.{p.number}: {p.summary} → {answer_text.get(p.answer_id, _('not answered'))}")
                for p in r.points]
    advice = given_advice(c)
    if advice:
        out.append(("h2", _("Advice of the advisory council")))
    for a in advice:
        out += [("h3", f"{a.organisation.name} · {a.reference}"),
                ("p", f"{local_datetime(a.submitted_at)} · {a.submitted_by.name if a.submitted_by else ''}"), ("quote", a.body)]
        out += [("p", f"{a.reference}.{p.number}: {p.body} → "
                      + (f"{verdict_label(p.verdict)}: {p.reasons}" if p.verdict else _("not answered")))
                for p in a.points]
    drafts = drafts_of_consultation(c)
    if drafts:
        out.append(("h2", _("Draft comments not submitted")))
        for draft in drafts:
            data = draft_data(draft)
            out += [("h3", f"{data['organisation']} · {data['section'] or _('The whole document')}"),
                    ("p", _("Written by %(name)s on %(date)s", name=data["written_by"] or _("a colleague"),
                            date=local_datetime(draft.created_at))), ("quote", draft.body)]
    out.append(("h2", _("Audit log")))
    out += [("p", f"{local_datetime(e.occurred_at)} · {actor or _('the system')} · {e.action} · {e.subject_type} {e.subject_id}")
            for e, actor in events]
    return out
