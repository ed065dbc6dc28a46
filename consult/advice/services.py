"""Writes on advice. Services flush, never commit; the view commits once.

The adviesraad's members draft one advice together (any of them changes the overall advice and the
points; who last did so is kept) and one submits it: it gets a kenmerk from the consultation's series
and the submitter a receipt. The municipality answers every point; when the last point is answered, and
after every later change of an answer, each member of the adviesraad gets the answers in their own
language.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import Membership, User
from consult.advice.models import (
    MAX_ATTACHMENTS,
    Advice,
    AdviceAttachment,
    AdvicePoint,
    AdviceRequest,
    AdviceState,
    AdviceVersion,
    Verdict,
)
from consult.advice.permissions import may_be_asked_for_advice
from consult.audit.services import record_event
from consult.consultations.models import State, TransitionError
from consult.core import uploads
from consult.core.links import external_url
from consult.documents.models import Section
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.notifications.services import advice_arrived, advice_changed
from consult.reactions.services import next_reference


class AdviceClosed(Exception):
    """The advice is given already, or the deadline has passed: nothing is changed or submitted."""


class TooManyFiles(Exception):
    """An advice holds at most MAX_ATTACHMENTS files."""


class NoPoints(Exception):
    """Advice is submitted with at least one point."""


class AnswersClosed(Exception):
    """The reactienota is published: the answers stand as published."""


class CannotAsk(Exception):
    """Advice is asked of an adviesraad, on a published ter-inzage, once, with a deadline in the future."""


def _require_open(advice: Advice, at: datetime) -> None:
    if not advice.accepts_changes(at):
        raise AdviceClosed


def _kept(advice: Advice) -> Advice:
    """A new advice (made on its first write, not when the page is first read) is added to the session."""
    if advice.id is None:
        db.session.add(advice)
        db.session.flush()
    return advice


def _require_changeable(advice: Advice, at: datetime) -> None:
    """A concept until its deadline, or given advice until ``Advice.change_deadline``."""
    if not (advice.accepts_changes(at) or advice.accepts_later_changes(at)):
        raise AdviceClosed


def _snapshot(advice: Advice) -> dict:
    return {"body": advice.body, "points": [
        {"number": p.number, "section": p.section.label if p.section else "", "body": p.body}
        for p in sorted(advice.points, key=lambda p: p.number)]}


def _changed(advice: Advice, editor: User, at: datetime, change: Callable[[], bool]) -> bool:
    """Run ``change`` (which returns whether anything changed). On given advice every resulting text is
    kept as an ``AdviceVersion`` (the first change keeps the submitted text as number 1), the change is
    audited and the officials are told (at once or in the digest, in their language)."""
    if advice.state is AdviceState.CONCEPT:
        return change()
    numbers = list(db.session.scalars(sa.select(AdviceVersion.number).where(AdviceVersion.advice_id == advice.id)))
    before = _snapshot(advice)
    if not change():
        return False
    db.session.flush()
    if not numbers:
        db.session.add(AdviceVersion(advice_id=advice.id, number=1, **before, written_by_id=advice.submitted_by_id,
                                     written_at=advice.submitted_at))
    version = AdviceVersion(advice_id=advice.id, number=max(numbers, default=1) + 1, **_snapshot(advice),
                            written_by_id=editor.id, written_at=at)
    db.session.add(version)
    db.session.flush()
    record_event(editor, "advice_changed", advice, advice.consultation.organisation_id,
                 organisation=advice.organisation.name, reference=advice.reference, version=version.number)
    advice_changed(advice, editor, at)
    return True


def save_overall_advice(advice: Advice, editor: User, body: str, at: datetime) -> None:
    """The overall advice, plain text; given advice until its deadline, every version kept. Raises AdviceClosed."""
    _require_changeable(advice, at)
    _kept(advice)

    def change() -> bool:
        if body == advice.body:
            return False
        advice.body, advice.updated_by_id, advice.updated_at = body, editor.id, at
        return True

    _changed(advice, editor, at, change)


def add_point(advice: Advice, author: User, section: Section | None, body: str, at: datetime,
              submission_key: str | None = None) -> AdvicePoint:
    """The next numbered point, on a section or (``section`` None) the whole document. On given advice the
    new point needs an answer: answered advice is 'ingediend' again. Raises AdviceClosed.
    ``submission_key``: the form's one-time key (``consult.core.submission``)."""
    _require_changeable(advice, at)
    _kept(advice)
    added: list[AdvicePoint] = []

    def change() -> bool:
        point = AdvicePoint(advice=advice, number=len(advice.points) + 1, section=section, body=body,
                            created_by_id=author.id, created_at=at, submission_key=submission_key)
        db.session.add(point)
        db.session.flush()
        advice.reopen_for_answers()
        added.append(point)
        return True

    _changed(advice, author, at, change)
    return added[0]


def change_point(point: AdvicePoint, editor: User, section: Section | None, body: str, at: datetime) -> None:
    """Any member may change a point; the last one to do so is shown. A changed point of given advice
    loses its answer (the municipality answers the new text; the reasons stay as a start).
    Raises AdviceClosed."""
    advice = point.advice
    _require_changeable(advice, at)

    def change() -> bool:
        if (section, body) == (point.section, point.body):
            return False
        point.section, point.body = section, body
        point.updated_by_id, point.updated_at = editor.id, at
        if advice.state is not AdviceState.CONCEPT:
            point.verdict, point.answered_by_id, point.answered_at = None, None, None
            advice.reopen_for_answers()
        return True

    _changed(advice, editor, at, change)


def remove_point(point: AdvicePoint, at: datetime) -> None:
    """Remove a point; the later ones move up, so the points stay numbered 1..n."""
    advice = point.advice
    _require_open(advice, at)
    advice.points.remove(point)
    db.session.flush()
    for later in sorted(advice.points, key=lambda p: p.number):
        if later.number > point.number:
            later.number -= 1
            db.session.flush()  # one row at a time, so (advice, number) stays unique at every step


def add_attachments(advice: Advice, author: User, files: list[tuple[str, bytes]], at: datetime) -> None:
    """Files with the advice, as (name, bytes) pairs the form has checked by content. Raises AdviceClosed,
    and TooManyFiles when the advice would hold more than MAX_ATTACHMENTS."""
    _require_open(advice, at)
    if len(advice.attachments) + len(files) > MAX_ATTACHMENTS:
        raise TooManyFiles
    _kept(advice)
    for name, data in files:
        kind = uploads.detect_type(data)
        if kind is None:  # the form checks this first; this guards every other caller
            raise ValueError("unsupported file type")
        advice.attachments.append(AdviceAttachment(
            filename=name[:255], content_type=kind.content_type, size=len(data), storage_name=uploads.store(data),
            created_by_id=author.id, created_at=at))
    db.session.flush()


def remove_attachment(attachment: AdviceAttachment, at: datetime) -> str:
    """Take a file off the advice; returns its storage name, for the caller to delete once committed."""
    _require_open(attachment.advice, at)
    attachment.advice.attachments.remove(attachment)
    return attachment.storage_name


def submit_advice(advice: Advice, submitter: User, at: datetime) -> str:
    """Submit the advice on behalf of the adviesraad; returns its kenmerk. The submitter gets a receipt.
    Raises AdviceClosed after the deadline or when given already, NoPoints without points."""
    _require_open(advice, at)
    if not advice.points:
        raise NoPoints
    advice.submit(at)
    advice.submitted_by_id = submitter.id
    advice.reference = next_reference(advice.consultation, at)
    locale = submitter.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("Receipt of the advice of %(organisation)s on %(title)s",
                    organisation=advice.organisation.name, title=advice.consultation.title)
    queue_mail(submitter.email, subject, "advice_receipt", locale=locale, user=submitter, advice=advice,
               consultation=advice.consultation, link=_adviser_link(advice))
    record_event(submitter, "advice_submitted", advice, advice.consultation.organisation_id,
                 organisation=advice.organisation.name, reference=advice.reference, points=len(advice.points))
    advice_arrived(advice, at)
    return advice.reference


def answer_point(point: AdvicePoint, official: User, verdict: Verdict, reasons: str, at: datetime) -> int:
    """Answer one point: overgenomen, deels or niet overgenomen, with the reasons. When this answers the
    advice's last open point, or changes an answer of advice already answered, every member of the
    adviesraad gets the answers. Returns the number of mails. Raises AnswersClosed once the reactienota
    is published, TransitionError for advice that is not submitted."""
    advice = point.advice
    if advice.consultation.state is not State.PUBLISHED:
        raise AnswersClosed
    if advice.state is AdviceState.CONCEPT:
        raise TransitionError("a concept is not answered")
    if (verdict, reasons) == (point.verdict, point.reasons):
        return 0
    before = (point.verdict.value if point.verdict else None, point.reasons)
    point.verdict, point.reasons, point.answered_by_id, point.answered_at = verdict, reasons, official.id, at
    record_event(official, "advice_point_answered", point, advice.consultation.organisation_id,
                 reference=advice.reference, number=point.number, before=list(before), after=[verdict.value, reasons])
    if advice.state is AdviceState.SUBMITTED:
        if advice.open_points:
            return 0
        advice.mark_answered(at)
        return _mail_answers(advice, changed=None)
    return _mail_answers(advice, changed=point)


def _mail_answers(advice: Advice, changed: AdvicePoint | None) -> int:
    people = list(dict.fromkeys(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == advice.organisation_id, User.is_active_account.is_(True))
        .order_by(User.id))))
    for user in people:
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = (_("A changed answer to the advice of %(organisation)s (%(reference)s)",
                         organisation=advice.organisation.name, reference=advice.reference) if changed else
                       _("The answers to the advice of %(organisation)s (%(reference)s)",
                         organisation=advice.organisation.name, reference=advice.reference))
        queue_mail(user.email, subject, "advice_answered", locale=locale, user=user, advice=advice, changed=changed,
                   consultation=advice.consultation, link=_adviser_link(advice))
    return len(people)


def _adviser_link(advice: Advice) -> str:
    return external_url("advice.show_advice", slug=advice.consultation.slug, organisation=advice.organisation.slug)


def request_advice(consultation, organisation, deadline: datetime, official: User, at: datetime) -> AdviceRequest:
    """Ask an adviesraad for formal advice on a published ter-inzage, with a deadline (UTC) after ``at``:
    its advice becomes solicited (a concept it began already too). Each active member gets a mail in
    their own language with the link to the advice page. Audited.

    Raises CannotAsk for another kind of organisation or consultation, a deadline not in the future, or
    an adviesraad asked already."""
    if not may_be_asked_for_advice(consultation, organisation) or deadline <= at:
        raise CannotAsk
    if db.session.scalar(sa.select(AdviceRequest.id).where(AdviceRequest.consultation_id == consultation.id,
                                                            AdviceRequest.organisation_id == organisation.id)):
        raise CannotAsk
    request = AdviceRequest(consultation=consultation, organisation=organisation, deadline=deadline, requested_at=at,
                            requested_by_id=official.id)
    db.session.add(request)
    db.session.flush()
    begun = db.session.scalar(sa.select(Advice).where(Advice.consultation_id == consultation.id,
                                                      Advice.organisation_id == organisation.id))
    if begun is not None and begun.invitation_id is None:
        begun.request = request
    record_event(official, "advice_requested", consultation, consultation.organisation_id,
                 organisation=organisation.name, deadline=deadline.isoformat())
    link = external_url("advice.show_advice", slug=consultation.slug, organisation=organisation.slug)
    for user in db.session.scalars(
            sa.select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id, User.is_active_account.is_(True)).order_by(User.id)):
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = _("%(owner)s asks %(organisation)s for advice on %(title)s",
                        owner=consultation.organisation.name, organisation=organisation.name, title=consultation.title)
        queue_mail(user.email, subject, "advice_requested", locale=locale, user=user, request=request,
                   consultation=consultation, link=link)
    return request
