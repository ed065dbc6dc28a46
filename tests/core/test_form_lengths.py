"""Every text field of every form has a length limit, and never a larger one than its column holds.

Before, a form without the limit sent a too-long value on to the database: PostgreSQL refused it with a
500 and the text was lost (SQLite stores it anyway, so the fault showed only in production). The walk
below finds every form class; a new form fails here until its text fields have a limit and, where they
fill a model's column, say which one in COLUMNS.
"""
import importlib
import pkgutil

import pytest
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import Length

import consult
from consult.accessibility.models import AccessibilityStatement
from consult.accounts.models import User
from consult.actions.models import Action
from consult.coding.models import Code, ReactionGroup
from consult.consultations.models import Consultation, ConsultationFile, PeriodExtension, WithheldDocument
from consult.core.forms import BaseForm, column_length, fits
from consult.documents.models import Document
from consult.organisations.models import Organisation
from consult.outcomes.models import OutcomeComment, WorkshopOutcome
from consult.privacy.models import ErasureRequest
from consult.reactions.models import Reaction
from consult.reports.models import ResponseReport
from consult.rounds.models import GuidingQuestion, RoundInvitation
from consult.signin.models import SignInLink
from consult.workshops.models import InputCard, Registration, WorkshopSession, WorkshopTable

# (form, field) → the column it fills. A text field that fills no column with a length is listed in
# FREE_TEXT; both lists together must name every text field of every form.
COLUMNS = {
    ("ConsultationForm", "title"): Consultation.title,
    ("ConsultationForm", "reference_prefix"): Consultation.reference_prefix,
    ("ConsultationForm", "decision_body"): Consultation.decision_body,
    ("ConsultationForm", "contact_name"): Consultation.contact_name,
    ("ConsultationForm", "contact_email"): Consultation.contact_email,
    ("ConsultationForm", "contact_phone"): Consultation.contact_phone,
    ("ConsultationForm", "publication_url"): Consultation.publication_url,
    ("ConsultationForm", "legal_basis"): Consultation.legal_basis,
    ("ConsultationForm", "inspection_place"): Consultation.inspection_place,
    ("ConsultationForm", "inspection_hours"): Consultation.inspection_hours,
    ("ConsultationForm", "official_publication"): Consultation.official_publication,
    ("ExtensionForm", "reason"): PeriodExtension.reason,
    ("ExtensionForm", "notice"): PeriodExtension.notice,
    ("StukForm", "title"): ConsultationFile.title,
    ("WithheldForm", "withheld_title"): WithheldDocument.title,
    ("WithheldForm", "ground"): WithheldDocument.ground,
    ("DecisionForm", "decision_url"): Consultation.decision_url,
    ("DecisionForm", "decision_number"): ResponseReport.decision_number,
    ("DecisionForm", "notice_url"): Consultation.decision_notice_url,
    ("ConfirmationForm", "decision_url"): Consultation.decision_url,
    ("ConfirmationForm", "decision_number"): ResponseReport.decision_number,
    ("ConfirmationForm", "notice_url"): Consultation.decision_notice_url,
    # The next consultation on a newer version has the same fields as a new one.
    ("RoundForm", "title"): Consultation.title,
    ("RoundForm", "reference_prefix"): Consultation.reference_prefix,
    ("RoundForm", "decision_body"): Consultation.decision_body,
    ("RoundForm", "contact_name"): Consultation.contact_name,
    ("RoundForm", "contact_email"): Consultation.contact_email,
    ("RoundForm", "contact_phone"): Consultation.contact_phone,
    ("RoundForm", "publication_url"): Consultation.publication_url,
    ("RoundForm", "legal_basis"): Consultation.legal_basis,
    ("RoundForm", "inspection_place"): Consultation.inspection_place,
    ("RoundForm", "inspection_hours"): Consultation.inspection_hours,
    ("RoundForm", "official_publication"): Consultation.official_publication,
    ("NextConsultationForm", "title"): Consultation.title,
    ("NextConsultationForm", "reference_prefix"): Consultation.reference_prefix,
    ("NextConsultationForm", "decision_body"): Consultation.decision_body,
    ("NextConsultationForm", "contact_name"): Consultation.contact_name,
    ("NextConsultationForm", "contact_email"): Consultation.contact_email,
    ("NextConsultationForm", "contact_phone"): Consultation.contact_phone,
    ("NextConsultationForm", "publication_url"): Consultation.publication_url,
    ("NextConsultationForm", "legal_basis"): Consultation.legal_basis,
    ("NextConsultationForm", "inspection_place"): Consultation.inspection_place,
    ("NextConsultationForm", "inspection_hours"): Consultation.inspection_hours,
    ("NextConsultationForm", "official_publication"): Consultation.official_publication,
    ("GuidingQuestionForm", "text"): GuidingQuestion.text,
    ("ReactionForm", "author_name"): Reaction.author_name,
    ("ReactionForm", "author_email"): Reaction.author_email,
    ("ReactionForm", "author_place"): Reaction.author_place,
    ("ReactionForm", "organisation_name"): Reaction.organisation_name,
    ("PaperReactionForm", "author_name"): Reaction.author_name,
    ("PaperReactionForm", "author_email"): Reaction.author_email,
    ("PaperReactionForm", "author_place"): Reaction.author_place,
    ("PaperReactionForm", "organisation_name"): Reaction.organisation_name,
    ("BulkForm", "group_title"): ReactionGroup.title,
    ("CodeForm", "title"): Code.title,
    ("TopicForm", "title"): Code.title,
    ("GroupForm", "title"): ReactionGroup.title,
    ("DocumentForm", "title"): Document.title,
    ("InviteForm", "name"): User.name,
    ("InviteForm", "email"): User.email,
    ("AccessForm", "email"): ErasureRequest.email,
    ("LoginForm", "email"): User.email,
    ("PasswordResetRequestForm", "email"): User.email,
    ("DeadlineForm", "reason"): RoundInvitation.deadline_reason,
    ("ContactForm", "name"): SignInLink.name,
    ("ContactForm", "email"): SignInLink.email,
    ("OrganisationForm", "name"): Organisation.name,
    ("OrganisationForm", "slug"): Organisation.slug,
    ("OrganisationForm", "privacy_officer"): Organisation.privacy_officer,
    ("OrganisationForm", "privacy_officer_email"): Organisation.privacy_officer_email,
    ("OrganisationForm", "accessibility_statement_url"): Organisation.accessibility_statement_url,
    ("AdoptionFields", "decision_url"): Consultation.decision_url,
    ("AdoptionFields", "decision_number"): ResponseReport.decision_number,
    ("DecisionCorrectionForm", "decision_url"): Consultation.decision_url,
    ("DecisionCorrectionForm", "decision_number"): ResponseReport.decision_number,
    ("DecisionCorrectionConfirmationForm", "decision_url"): Consultation.decision_url,
    ("DecisionCorrectionConfirmationForm", "decision_number"): ResponseReport.decision_number,
    ("StatementForm", "scope"): AccessibilityStatement.scope,
    ("StatementForm", "contact_email"): AccessibilityStatement.contact_email,
    ("StatementForm", "contact_phone"): AccessibilityStatement.contact_phone,
    ("StatementForm", "ombudsman_name"): AccessibilityStatement.ombudsman_name,
    ("StatementForm", "ombudsman_url"): AccessibilityStatement.ombudsman_url,
    ("PersonForm", "email"): User.email,
    ("PersonForm", "name"): User.name,
    ("WorkshopForm", "title"): Consultation.title,
    ("RegistrationForm", "name"): Registration.name,
    ("RegistrationForm", "email"): Registration.email,
    ("RegistrationForm", "organisation_name"): Registration.organisation_name,
    ("RegistrationForm", "role"): Registration.role,
    ("SessionForm", "place"): WorkshopSession.place,
    ("SessionForm", "address"): WorkshopSession.address,
    ("SessionForm", "online_url"): WorkshopSession.online_url,
    ("TableForm", "title"): WorkshopTable.title,
    ("TableForm", "facilitator"): WorkshopTable.facilitator,
    ("CardForm", "text"): InputCard.text,
    ("OutcomeForm", "text"): WorkshopOutcome.text,
    ("VerslagCommentForm", "text"): OutcomeComment.text,
    ("ActionForm", "title"): Action.title,
}
# Pasted documents: limited by DOCUMENT_MAX_CHARACTERS (a setting) in the import's own check, which
# refuses before anything is parsed and keeps the text in the form.
LIMITED_BY_SETTING = {("DocumentForm", "source_text"), ("VersionForm", "source_text")}
FREE_TEXT = {
    ("ActionForm", "description"), ("UpdateForm", "body"),
    ("ConsultationForm", "summary"), ("ConsultationForm", "introduction"), ("ConsultationForm", "postal_address"),
    ("ConsultationForm", "house_rules"), ("DecisionForm", "outcome"), ("ConfirmationForm", "outcome"),
    ("OwnChangeForm", "body"),
    ("RoundForm", "summary"), ("RoundForm", "introduction"), ("RoundForm", "postal_address"), ("RoundForm", "house_rules"),
    ("NextConsultationForm", "summary"), ("NextConsultationForm", "introduction"),
    ("NextConsultationForm", "postal_address"), ("NextConsultationForm", "house_rules"),
    ("ReactionForm", "body"), ("ReactionForm", "quote"), ("ChangeReactionForm", "body"),
    ("PaperReactionForm", "body"), ("PaperReactionForm", "author_address"), ("PaperReactionForm", "co_signers"),
    ("RejectForm", "message"), ("RedactForm", "public_body"), ("AnswerForm", "body"), ("PointForm", "summary"),
    ("IntroductionForm", "introduction"), ("DocumentForm", "source_text"), ("VersionForm", "source_text"),
    ("VersionForm", "note"), ("NewVersionForm", "note"), ("CorrectionForm", "correction_note"),
    ("CommentForm", "quote"), ("CommentForm", "body"), ("ReplyForm", "body"), ("RoundSettingsForm", "reminder_days"), ("ErasureForm", "message"), ("HandleErasureForm", "reason"), ("CodeForm", "code"),
    ("OverallAdviceForm", "overall"), ("AdvicePointForm", "body"), ("AdviceAnswerForm", "reasons"),
    ("LateDecisionForm", "reason"), ("OralReportAnswerForm", "correction"),
    ("AdoptionFields", "outcome"), ("DecisionCorrectionForm", "outcome"), ("DecisionCorrectionForm", "reason"),
    ("DecisionCorrectionConfirmationForm", "outcome"), ("DecisionCorrectionConfirmationForm", "reason"),
    ("HouseRulesForm", "house_rules"), ("OrganisationForm", "adopting_bodies"),  # per line at most 200: validate_adopting_bodies
    ("WorkshopForm", "summary"), ("WorkshopForm", "introduction"), ("WorkshopForm", "accessibility"),
    ("RegistrationForm", "needs"), ("SessionForm", "route"), ("MessageForm", "subject"), ("MessageForm", "body"),
}
# The honeypot of public forms: only robots fill it, and anything in it already refuses the form.
NOT_CHECKED = {"website"}


def every_form_class():
    for module in pkgutil.walk_packages(consult.__path__, "consult."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = set(), [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("consult.") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=lambda c: c.__name__)


def text_fields(form_class):
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        field_class = getattr(unbound, "field_class", None)
        if (field_class and issubclass(field_class, StringField) and not issubclass(field_class, (HiddenField, PasswordField))
                and name not in NOT_CHECKED):
            yield name, unbound


def maximum(unbound) -> int | None:
    validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
    limits = [v.max for v in validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    return min(limits) if limits else None


def test_every_text_field_has_a_limit_that_fits_its_column():
    forms = every_form_class()
    assert len(forms) > 15
    problems, seen = [], set()
    for form_class in forms:
        for name, unbound in text_fields(form_class):
            key = (form_class.__name__, name)
            seen.add(key)
            limit = maximum(unbound)
            if key in LIMITED_BY_SETTING:
                continue
            if limit is None:
                problems.append(f"{key}: no Length(max=…): a long value reaches the database")
            elif key in COLUMNS and limit > column_length(COLUMNS[key]):
                problems.append(f"{key}: allows {limit}, the column {COLUMNS[key]} holds {column_length(COLUMNS[key])}")
            elif key not in COLUMNS and key not in FREE_TEXT:
                problems.append(f"{key}: not in COLUMNS or FREE_TEXT: say which column it fills")
    assert not problems, "\n".join(problems)
    assert set(COLUMNS) | FREE_TEXT <= seen  # no stale entries


def test_the_limit_is_read_from_the_column(app_context):
    assert fits(Reaction.author_name).max == 200
    assert fits(Consultation.reference_prefix).max == 20
    with pytest.raises(ValueError):
        column_length(Reaction.body)  # Text: no length to claim


def test_a_too_long_value_is_refused_beside_the_field_and_kept(client, login, make_user, make_consultation, session):
    """The paper-entry form's e-mail address had no limit: 300 characters gave a 500 on PostgreSQL."""
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/reactie-invoeren"
    from tests.conftest import csrf_token
    from tests.moderation.test_paper_and_decision import paper

    address = "a" * 290 + "@example.org"
    page = client.get(url)
    response = client.post(url, data={**paper(author_email=address), "csrf_token": csrf_token(page.text)},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    error = response.text.split('id="author_email-error"', 1)[1].split("</div>", 1)[0]
    assert "Gebruik maximaal 254 tekens." in error
    assert f'value="{address}"' in response.text
    assert consultation.reaction_count == 0
