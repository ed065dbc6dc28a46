"""Recording the decision and telling every indiener about it. Services flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

import docx
import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.accounts.models import User
from consult.audit.services import record_event
from consult.consultations.models import Consultation, TransitionError
from consult.core.i18n import iso_moment
from consult.core.links import external_url
from consult.core.text import xml_safe
from consult.decisions.models import DecisionCorrection, DecisionNotice, NoticeWay
from consult.decisions.rules import Plan, SendingOptions, Signatory, co_signer, plan_sending
from consult.extensions import db
from consult.mail.services import queue_mail
from consult.reactions.models import Channel, Reaction
from consult.reports.models import Adopter
from consult.reports.services import published_version, report_record


@dataclass(frozen=True)
class DecisionInput:
    taken_on: date
    adopted_by: Adopter
    decision_number: str
    outcome: str
    decision_url: str = ""
    notice_url: str = ""
    options: SendingOptions = SendingOptions()
    adopted_by_body: str = ""  # with Adopter.OWN_BODY: the organisation's own body, by name


def signatories_of(reaction: Reaction, account_locale: str | None = None) -> list[Signatory]:
    """The people who signed a reaction, its sender first, then each co-signer's line in order. The
    sender's language is the one they wrote in, else their account's (a feedbackronde's submitter)."""
    common = {"reaction_id": reaction.id, "reference": reaction.reference}
    sender = Signatory(number=0, name=reaction.author_name, email=reaction.author_email or None,
                       address=reaction.author_address, locale=reaction.locale or account_locale,
                       wrote_by_letter=reaction.channel is Channel.LETTER, **common)
    lines = [line for line in reaction.co_signers.splitlines() if line.strip()]
    others = [Signatory(number=n, name=co_signer(line)[0], address=co_signer(line)[1], wrote_by_letter=True, **common)
              for n, line in enumerate(lines, start=1)]
    return [sender, *others]


def _counted_reactions(consultation: Consultation) -> list[Reaction]:
    return list(db.session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id,
                                                             Reaction.is_counted).order_by(Reaction.id)))


def sending_plan(consultation: Consultation, options: SendingOptions) -> Plan:
    """Who would get the decision how, for every counted reaction (see ``rules.plan_sending``)."""
    reactions = _counted_reactions(consultation)
    accounts = {r.user_id for r in reactions if r.user_id and not r.locale}
    locales = dict(db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(accounts))).all()) if accounts else {}
    return plan_sending([signatories_of(r, locales.get(r.user_id)) for r in reactions], options)


def record_decision(consultation: Consultation, data: DecisionInput, official, at: datetime) -> Plan:
    """Record the decision, mark the nota vastgesteld and tell every indiener; returns who was told how.

    The published nota is not touched: its frozen version stays as it was (one is frozen now if none
    was published yet). Raises consult.consultations.models.TransitionError when the consultation
    cannot be decided now or the nota was adopted before. Every e-mail goes in the recipient's
    language; each person told gets a line in the sent-log (``DecisionNotice``).
    """
    consultation.record_decision(at)
    consultation.decision_taken_on, consultation.decision_outcome = data.taken_on, data.outcome
    consultation.decision_url = data.decision_url
    plan = sending_plan(consultation, data.options)
    consultation.decision_notice_url = data.notice_url if plan.public_notice else ""
    version = published_version(consultation, at)
    record = report_record(consultation)
    if record.published_at is None:
        record.published_at = version.published_at
    record.adopt(data.adopted_by, data.taken_on, data.decision_number, at, body=data.adopted_by_body)
    _send(consultation, data, plan, official, at)
    record_event(official, "decision_recorded", consultation, consultation.organisation_id,
                 decision_number=record.decision_number, adopted_by=data.adopted_by.value, emails=len(plan.emails),
                 letters=len(plan.letters), public_notice=len(plan.public_notice), unreachable=len(plan.unreachable),
                 first_five_only=data.options.first_five_only)
    return plan


def _mail_context(consultation: Consultation, data: DecisionInput, person: Signatory, plan: Plan) -> dict:
    """What the decision mail says to ``person``: the answer to each reaction of their address."""
    nota = external_url("reports.show_report", slug=consultation.slug)
    references = plan.references.get(person.email.lower(), [person.reference]) if person.email else [person.reference]
    return {"consultation": consultation, "decision": data, "name": person.name, "nota": nota,
            "answers": [(reference, f"{nota}#{reference}") for reference in references],
            "link": external_url("consultations.show_consultation", slug=consultation.slug)}


def _subject(consultation: Consultation, locale: str) -> str:
    with force_locale(locale):
        return _("Decision on %(title)s", title=consultation.title)


def preview_mails(consultation: Consultation, data: DecisionInput, plan: Plan) -> list[tuple[str, str, str]]:
    """The e-mail as its first recipient in each language will read it: (locale, subject, body). Writes nothing."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    first: dict[str, Signatory] = {}
    for person in plan.emails:
        first.setdefault(person.locale or default, person)
    out = []
    for locale, person in sorted(first.items(), key=lambda item: item[0] != default):
        with force_locale(locale):
            out.append((locale, _subject(consultation, locale),
                        render_template("mail/decision.txt", **_mail_context(consultation, data, person, plan))))
    return out


def _send(consultation: Consultation, data: DecisionInput, plan: Plan, official, at: datetime) -> None:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    common = {"consultation_id": consultation.id, "created_by_id": getattr(official, "id", None), "created_at": at}
    for person in plan.emails:
        locale = person.locale or default
        message_id = queue_mail(person.email, _subject(consultation, locale), "decision", locale=locale,
                             **_mail_context(consultation, data, person, plan))
        db.session.add(DecisionNotice(reaction_id=person.reaction_id, signatory=person.number, way=NoticeWay.EMAIL,
                                      locale=locale, outbox_message_id=message_id, **common))
    for way, people in ((NoticeWay.LETTER, plan.letters), (NoticeWay.PUBLIC_NOTICE, plan.public_notice)):
        for person in people:
            db.session.add(DecisionNotice(reaction_id=person.reaction_id, signatory=person.number, way=way,
                                          locale=person.locale or default, **common))
    db.session.flush()


@dataclass
class AddressRow:
    reference: str
    name: str
    lines: list[str]


ADDRESS_LINES = 3


def address_lines(address: str) -> list[str]:
    """An address as at most three lines for a label: its own lines, or else its comma-separated parts."""
    parts = [p.strip() for p in (address.splitlines() if "\n" in address else address.split(",")) if p.strip()]
    if len(parts) > ADDRESS_LINES:
        parts = [*parts[:ADDRESS_LINES - 1], ", ".join(parts[ADDRESS_LINES - 1:])]
    return parts + [""] * (ADDRESS_LINES - len(parts))


def address_list(consultation: Consultation) -> list[AddressRow]:
    """The people to send the decision by post, as the sent-log has them, with names and addresses
    read from the reactions now (so a purged reaction no longer shows up with its address)."""
    notices = db.session.scalars(sa.select(DecisionNotice).where(
        DecisionNotice.consultation_id == consultation.id, DecisionNotice.way == NoticeWay.LETTER,
        DecisionNotice.reaction_id.is_not(None)).order_by(DecisionNotice.id)).all()
    rows = []
    for notice in notices:
        signed = signatories_of(notice.reaction)
        if notice.signatory < len(signed) and signed[notice.signatory].address:
            person = signed[notice.signatory]
            rows.append(AddressRow(person.reference, person.name, address_lines(person.address)))
    return rows


def address_header() -> list[str]:
    return [_("Reference"), _("Name"), *(_("Address line %(number)s", number=n) for n in range(1, ADDRESS_LINES + 1))]


def address_docx(consultation: Consultation, rows: list[AddressRow]) -> bytes:
    """The address list as a Word table, ready to print or to use as a mail merge source."""
    document = docx.Document()
    document.add_heading(xml_safe(_("Addresses for the decision on %(title)s", title=consultation.title)), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Reference"), _("Name"), _("Address"))):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.reference, row.name, "\n".join(line for line in row.lines if line))):
            cell.text = xml_safe(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sent_log(consultation: Consultation) -> list[dict]:
    """The sent-log for the dossier: per person told, when, how, in which language and (for an
    e-mail) whether it went."""
    notices = db.session.scalars(sa.select(DecisionNotice).where(DecisionNotice.consultation_id == consultation.id)
                                 .order_by(DecisionNotice.id)).all()
    out = []
    for notice in notices:
        person = None
        if notice.reaction is not None:
            signed = signatories_of(notice.reaction)
            person = signed[notice.signatory] if notice.signatory < len(signed) else None
        message = notice.outbox_message
        out.append({
            "moment": iso_moment(notice.created_at), "reference": notice.reaction.reference if notice.reaction else None,
            "signatory": notice.signatory, "way": notice.way.value, "locale": notice.locale,
            "recipient": (message.recipient if message else "") or (person.name if person else ""),
            "address": person.address if person and notice.way is not NoticeWay.EMAIL else "",
            "mail_status": message.status.value if message else None,
            "sent_at": iso_moment(message.sent_at) if message else None,
        })
    return out


def notice_counts(consultation: Consultation) -> dict[str, int]:
    """Per way (email, letter, public_notice) how many people the sent-log holds."""
    rows = db.session.execute(sa.select(DecisionNotice.way, sa.func.count()).where(
        DecisionNotice.consultation_id == consultation.id).group_by(DecisionNotice.way)).all()
    return {way.value: count for way, count in rows}


class NothingChanged(ValueError):
    """A correction that would leave the decision as it is."""


FACTS = ("taken_on", "adopted_by", "adopted_by_body", "decision_number", "outcome", "decision_url")


def decision_facts(consultation: Consultation) -> dict:
    """The recorded decision as plain data: what a correction changes and what DecisionCorrection keeps."""
    record = report_record(consultation)
    return {"taken_on": consultation.decision_taken_on.isoformat() if consultation.decision_taken_on else None,
            "adopted_by": record.adopted_by.value if record.adopted_by else None,
            "adopted_by_body": record.adopted_by_body, "decision_number": record.decision_number,
            "outcome": consultation.decision_outcome, "decision_url": consultation.decision_url}


def facts_of(data: DecisionInput) -> dict:
    return {"taken_on": data.taken_on.isoformat(), "adopted_by": data.adopted_by.value,
            "adopted_by_body": data.adopted_by_body if data.adopted_by is Adopter.OWN_BODY else "",
            "decision_number": data.decision_number.strip(), "outcome": data.outcome, "decision_url": data.decision_url}


def correction_changes(consultation: Consultation, data: DecisionInput) -> dict[str, tuple]:
    """Per fact that would change: (before, after). Empty when the correction changes nothing."""
    before, after = decision_facts(consultation), facts_of(data)
    return {key: (before[key], after[key]) for key in FACTS if before[key] != after[key]}


def correction_recipients(consultation: Consultation) -> list[tuple[str, str]]:
    """Who got the decision by e-mail, as (address, language), each address once: read from the
    reactions now, so a purged reaction is no longer mailed."""
    notices = db.session.scalars(sa.select(DecisionNotice).where(
        DecisionNotice.consultation_id == consultation.id, DecisionNotice.way == NoticeWay.EMAIL,
        DecisionNotice.signatory == 0, DecisionNotice.reaction_id.is_not(None)).order_by(DecisionNotice.id)).all()
    seen: dict[str, str] = {}
    for notice in notices:
        email = notice.reaction.author_email
        if email and email.lower() not in seen:
            seen[email.lower()] = notice.locale
    return list(seen.items())


def _correction_subject(consultation: Consultation, locale: str) -> str:
    with force_locale(locale):
        return _("Correction of the decision on %(title)s", title=consultation.title)


def _correction_context(consultation: Consultation, data: DecisionInput, reason: str) -> dict:
    return {"consultation": consultation, "decision": data, "reason": reason,
            "nota": external_url("reports.show_report", slug=consultation.slug),
            "link": external_url("consultations.show_consultation", slug=consultation.slug)}


def preview_correction_mails(consultation: Consultation, data: DecisionInput, reason: str) -> list[tuple[str, str, str]]:
    """The correction e-mail per language of its recipients: (locale, subject, body). Writes nothing."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    locales = sorted({locale or default for _email, locale in correction_recipients(consultation)},
                     key=lambda locale: locale != default)
    out = []
    for locale in locales:
        with force_locale(locale):
            out.append((locale, _correction_subject(consultation, locale), render_template(
                "mail/decision_correction.txt", **_correction_context(consultation, data, reason))))
    return out


def correct_decision(consultation: Consultation, data: DecisionInput, reason: str, official, at: datetime,
                     notify: bool = False) -> DecisionCorrection:
    """Correct a recorded decision (Awb 3:44 decision details typed wrong): the consultation's decision
    and the nota's vaststelling change, the earlier facts are kept in a DecisionCorrection with the
    reason, and the audit log records it. The published nota versions and their files stay as they are.
    Nobody is mailed unless ``notify``: then each address that got the decision by e-mail gets one
    correction mail in its language.

    Raises TransitionError when no decision is recorded, NothingChanged when nothing would change.
    """
    if consultation.decision_taken_on is None:
        raise TransitionError("there is no recorded decision to correct")
    changes = correction_changes(consultation, data)
    if not changes:
        raise NothingChanged()
    previous = decision_facts(consultation)
    report_record(consultation).correct_adoption(data.adopted_by, data.taken_on, data.decision_number,
                                                 body=data.adopted_by_body if data.adopted_by is Adopter.OWN_BODY else "")
    consultation.decision_taken_on, consultation.decision_outcome = data.taken_on, data.outcome
    consultation.decision_url = data.decision_url
    correction = DecisionCorrection(consultation_id=consultation.id, reason=reason, previous=previous,
                                    current=decision_facts(consultation), corrected_by_id=getattr(official, "id", None),
                                    corrected_at=at)
    if notify:
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        recipients = correction_recipients(consultation)
        for email, locale in recipients:
            queue_mail(email, _correction_subject(consultation, locale or default), "decision_correction",
                       locale=locale or default, **_correction_context(consultation, data, reason))
        correction.notified = len(recipients)
    db.session.add(correction)
    db.session.flush()
    record_event(official, "decision_corrected", consultation, consultation.organisation_id, correction=correction.id,
                 reason=reason, changes={key: list(pair) for key, pair in changes.items()}, notified=correction.notified)
    return correction


def corrections_of(consultation: Consultation) -> list[DecisionCorrection]:
    """The corrections of a consultation's decision, oldest first."""
    return list(db.session.scalars(sa.select(DecisionCorrection).where(
        DecisionCorrection.consultation_id == consultation.id).order_by(DecisionCorrection.id)))
