"""Every route of the app against every role. A route that is not in ROUTES fails the suite, so no
route ships without a decision about who may use it."""
from datetime import timedelta
from io import BytesIO

import pytest
from flask import url_for

from consult.actions.models import Action, ActionScope
from consult.actions.tokens import make_stop_token
from consult.advice.models import Advice, AdviceAttachment, AdvicePoint, AdviceState
from consult.answers.models import Answer, Outcome, Point
from consult.consultations.models import Audience, ConsultationFile, ConsultationKind, State, WithheldDocument
from consult.core.db import utcnow
from consult.core.i18n import local_today
from consult.documents.models import Document, DocumentKind
from consult.documents.services import add_version_from_markdown
from consult.jobs import files
from consult.jobs.models import Job, JobStatus
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.oral_reports.models import OralReport
from consult.oral_reports.tokens import make_oral_report_token
from consult.organisations.models import OrganisationKind
from consult.outcomes.models import OutcomeComment, Verslag, WorkshopOutcome
from consult.privacy.models import ErasureRequest
from consult.privacy.tokens import make_access_token
from consult.reactions.models import Attachment, Channel, Publication, Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from consult.reports import parts
from consult.reports.models import OwnMotionChange
from consult.rounds.models import DraftComment, FeedbackRound, GuidingQuestion, RoundInvitation
from consult.workshops.models import (
    CardKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopTable,
)
from tests.actions.conftest import put_to_public
from tests.conftest import PASSWORD, csrf_token, token_of
from tests.reactions.conftest import MARKDOWN

ROLES = ("anonymous", "resident", "partner_x", "partner_y", "official_a", "official_b", "admin")
OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "forbidden", "not found"

PUBLIC = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
OWNER = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "official_a": OK}
OFFICIAL = {**OWNER, "official_b": OK}
ADMIN = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "admin": OK}
NOWHERE = dict.fromkeys(ROLES, NOT_FOUND)
PASSWORD_FIRST = dict.fromkeys(ROLES, LOGIN)  # the second step, without having given a password
# An invite-only feedbackronde: its owner's officials and the invited organisation's people; 404 for the rest.
ROUND_OWNER = {**NOWHERE, "anonymous": LOGIN, "official_a": OK}
INVITEE = {**NOWHERE, "anonymous": LOGIN, "partner_x": OK}

# endpoint: (method, URL values, expected per role). {names} are filled in from the test's world.
ROUTES = {
    "pages.home": ("GET", {}, PUBLIC),
    "pages.privacy": ("GET", {}, PUBLIC),
    "pages.accessibility": ("GET", {}, PUBLIC),
    "pages.organisation_privacy": ("GET", {"slug": "{municipality}"}, PUBLIC),
    "pages.house_rules": ("GET", {}, PUBLIC),
    "pages.health": ("GET", {}, PUBLIC),
    "jobs.ready": ("GET", {}, PUBLIC),  # counts and ages only, for monitoring
    "pages.security_txt": ("GET", {}, PUBLIC),
    "pages.set_language": ("GET", {"language": "nl"}, PUBLIC),
    "pages.show_organisation": ("GET", {"slug": "{municipality}"}, PUBLIC),
    "accounts.login": ("GET", {}, PUBLIC),
    "accounts.request_reset": ("GET", {}, PUBLIC),
    "accounts.set_new_password": ("GET", {"token": "not-a-token"}, PUBLIC),
    "accounts.confirm_password": ("GET", {}, SIGNED_IN),
    "accounts.continue_pending_action": ("GET", {}, SIGNED_IN),  # only what the session itself asked for
    "accounts.second_factor": ("GET", {}, PASSWORD_FIRST),
    "accounts.set_up_second_factor": ("GET", {}, PASSWORD_FIRST),
    "consultations.show_consultation": ("GET", {"slug": "{open}"}, PUBLIC),
    "consultations.show_notice": ("GET", {"slug": "{open}"}, PUBLIC),
    "consultations.manage_consultation": ("GET", {"slug": "{open}"}, OWNER),
    "consultations.new_consultation": ("GET", {}, OFFICIAL),
    "consultations.publish": ("POST", {"slug": "{open}"}, OWNER),
    "consultations.extend": ("GET", {"slug": "{open}"}, OWNER),
    "audit.consultation_log": ("GET", {"slug": "{open}"}, OWNER),
    "consultations.manage_stukken": ("GET", {"slug": "{open}"}, OWNER),
    "consultations.add_stuk_file": ("POST", {"slug": "{open}"}, OWNER),
    "consultations.add_withheld_document": ("POST", {"slug": "{open}"}, OWNER),
    "consultations.remove_stuk_file": ("POST", {"slug": "{open}", "file_id": "{stuk}"}, OWNER),
    "consultations.remove_withheld_document": ("POST", {"slug": "{open}", "withheld_id": "{withheld}"}, OWNER),
    "consultations.download_stuk": ("GET", {"slug": "{open}", "file_id": "{stuk}"}, PUBLIC),
    "decisions.record": ("GET", {"slug": "{processed}"}, OWNER),
    "decisions.send": ("POST", {"slug": "{processed}"}, OWNER),
    "decisions.download_addresses": ("GET", {"slug": "{decided}", "extension": "csv"}, OWNER),
    "decisions.correct": ("GET", {"slug": "{decided}"}, OWNER),
    "decisions.save_correction": ("POST", {"slug": "{decided}"}, OWNER),
    "consultations.edit_house_rules": ("GET", {"slug": "{open}"}, OWNER),
    "accessibility.show_statement": ("GET", {"slug": "{municipality}"}, PUBLIC),
    "accessibility.edit_statement": ("GET", {"slug": "{municipality}"}, {**OWNER, "admin": OK}),
    "documents.new_document": ("GET", {}, OFFICIAL),
    "documents.show_document": ("GET", {"document_id": "{document}"}, OWNER),
    "documents.new_version": ("GET", {"document_id": "{document}"}, OWNER),
    "reactions.react": ("GET", {"slug": "{open}"}, PUBLIC),
    "reactions.sent": ("GET", {"slug": "{open}"}, PUBLIC),
    "reactions.list_reactions": ("GET", {"slug": "{open}"}, PUBLIC),
    "reactions.confirm": ("GET", {"token": "{confirm_token}"}, PUBLIC),
    "reactions.resend": ("POST", {"token": "{confirm_token}"}, NOWHERE),  # only an expired link gets a new one
    "reactions.manage": ("GET", {"token": "{manage_token}"}, PUBLIC),
    "reactions.ask_reconsideration": ("POST", {"token": "{manage_token}"}, PUBLIC),
    "reactions.withdraw": ("POST", {"token": "{manage_token}"}, PUBLIC),
    "reactions.report": ("POST", {"reaction_id": "{reaction}"}, NOWHERE),  # only published reactions
    "reactions.show_report_form": ("GET", {"reaction_id": "{reaction}"}, NOWHERE),  # only published reactions
    "moderation.show_again": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.dashboard": ("GET", {}, OFFICIAL),
    "moderation.queue": ("GET", {"slug": "{open}"}, OWNER),
    "moderation.show_dashboard": ("GET", {"slug": "{open}"}, OWNER),
    "moderation.bulk": ("POST", {"slug": "{open}"}, OWNER),
    "moderation.show_reaction": ("GET", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.approve": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.reject": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.redact": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.code_reaction": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.assign": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.mark_as_read": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "moderation.enter_reaction": ("GET", {"slug": "{open}"}, OWNER),
    "moderation.decide_late": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "oral_reports.answer": ("GET", {"token": "{oral_report_token}"}, PUBLIC),  # whoever has the link from the mail
    "moderation.download_attachment": ("GET", {"attachment_id": "{attachment}"}, OWNER),
    "coding.list_codes": ("GET", {"slug": "{open}"}, OWNER),
    "coding.create_code": ("POST", {"slug": "{open}"}, OWNER),
    "coding.create_group": ("POST", {"slug": "{open}"}, OWNER),
    "coding.start_analysis": ("POST", {"slug": "{open}", "kind": "topics"}, OWNER),
    "coding.accept": ("POST", {"slug": "{open}", "job_id": "{job}", "index": 0}, OWNER),
    "answers.list_answers": ("GET", {"slug": "{open}"}, OWNER),
    "answers.new_answer": ("GET", {"slug": "{open}", "reactie": "{reaction}"}, OWNER),
    "answers.add_point": ("POST", {"reaction_id": "{reaction}"}, OWNER),
    "answers.code_point": ("POST", {"point_id": "{point}"}, OWNER),
    "answers.edit_answer": ("GET", {"answer_id": "{answer}"}, OWNER),
    "reports.show_report": ("GET", {"slug": "{processed}"}, PUBLIC),
    "reports.download_report": ("GET", {"slug": "{processed}", "extension": "pdf"}, PUBLIC),
    "reports.show_version": ("GET", {"slug": "{processed}", "number": 1}, PUBLIC),
    # the parts of a nota shown in parts (the world's limit is made 0, see ``world``) and the kenmerk search
    "reports.show_part": ("GET", {"slug": "{processed}", "part": 1}, PUBLIC),
    "reports.show_version_part": ("GET", {"slug": "{processed}", "number": 1, "part": 1}, PUBLIC),
    "reports.find_kenmerk": ("GET", {"slug": "{processed}", "kenmerk": "TST-2026-0001"}, PUBLIC),
    "reports.download_version": ("GET", {"slug": "{processed}", "number": 1, "extension": "odt"}, PUBLIC),
    "reports.download_draft": ("GET", {"slug": "{open}", "extension": "docx"}, OWNER),
    "reports.edit_report": ("GET", {"slug": "{open}"}, OWNER),
    "reports.publish": ("POST", {"slug": "{open}"}, OWNER),
    "reports.publication_status": ("GET", {"slug": "{open}"}, OWNER),
    "reports.correct_versions": ("POST", {"slug": "{open}"}, OWNER),
    "reports.change_grouping": ("POST", {"slug": "{open}"}, OWNER),
    "reports.add_own_motion_change": ("POST", {"slug": "{open}"}, OWNER),
    "reports.remove_own_motion_change": ("POST", {"change_id": "{own_change}"}, OWNER),
    "exports.export_reactions": ("GET", {"slug": "{open}"}, OWNER),
    "exports.start_xlsx_export": ("POST", {"slug": "{open}"}, OWNER),
    "reports.make_files": ("POST", {"slug": "{open}"}, OWNER),
    "jobs.download_file": ("GET", {"job_id": "{file_job}"}, OWNER),
    "exports.open_data": ("GET", {"slug": "{open}", "extension": "json"}, PUBLIC),
    "exports.open_data_page": ("GET", {"slug": "{open}", "page": 1}, PUBLIC),
    "privacy.request_access": ("GET", {}, PUBLIC),
    "privacy.my_data": ("GET", {"token": "{access_token}"}, PUBLIC),  # whoever has the link from the mail
    "privacy.download_my_data": ("GET", {"token": "{access_token}"}, PUBLIC),
    "privacy.ask_erasure": ("POST", {"token": "{access_token}"}, PUBLIC),
    "privacy.list_requests": ("GET", {}, OFFICIAL),
    "privacy.show_request": ("GET", {"request_id": "{erasure}"}, OWNER),
    "privacy.start_dossier": ("POST", {"slug": "{open}"}, OWNER),
    "admin.list_users": ("GET", {}, ADMIN),
    "admin.invite_user": ("POST", {}, ADMIN),
    "admin.show_user": ("GET", {"user_id": "{member}"}, ADMIN),
    "admin.add_role": ("POST", {"user_id": "{member}"}, ADMIN),
    "admin.change_admin": ("POST", {"user_id": "{member}"}, ADMIN),
    "admin.change_active": ("POST", {"user_id": "{member}"}, ADMIN),
    "admin.remove_role": ("POST", {"user_id": "{member}", "membership_id": "{membership}"}, ADMIN),
    "mail.list_failed_mail": ("GET", {}, {**OFFICIAL, "admin": OK}),  # each sees their own organisations' mail
    "mail.retry_message": ("POST", {"message_id": "{failed_mail}"}, {**OWNER, "admin": OK}),
    "rounds.manage_round": ("GET", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.invite": ("POST", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.change_settings": ("POST", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.remind_everyone": ("POST", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.export_progress": ("GET", {"slug": "{round}", "extension": "csv"}, ROUND_OWNER),
    "rounds.manage_invitation": ("GET", {"slug": "{round}", "organisation": "{invitee}"}, ROUND_OWNER),
    "rounds.remind": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, ROUND_OWNER),
    "rounds.change_deadline": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, ROUND_OWNER),
    "rounds.add_late": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, ROUND_OWNER),
    "rounds.my_organisation": ("GET", {}, SIGNED_IN),
    "rounds.choose_organisation": ("GET", {"slug": "{round}"}, INVITEE),
    "rounds.show_round": ("GET", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "rounds.add_comment": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "rounds.edit_comment": ("GET", {"slug": "{round}", "organisation": "{invitee}", "comment_id": "{draft}"}, INVITEE),
    "rounds.remove_comment": ("POST", {"slug": "{round}", "organisation": "{invitee}", "comment_id": "{draft}"}, INVITEE),
    "rounds.submit": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    # Formal advice: the invited adviesraad's members (its advice is given already, so the writes are refused
    # with a redirect to its page) and the round owner's officials; 404 for everyone else.
    "advice.show_advice": ("GET", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "advice.save_advice": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "advice.add_advice_point": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "advice.edit_advice_point": ("GET", {"slug": "{round}", "organisation": "{invitee}", "number": 1}, INVITEE),
    "advice.remove_advice_point": ("POST", {"slug": "{round}", "organisation": "{invitee}", "number": 1}, INVITEE),
    "advice.submit": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "advice.add_files": ("POST", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "advice.download_file": ("GET", {"slug": "{round}", "organisation": "{invitee}", "attachment_id": "{advice_file}"}, INVITEE),
    "advice.remove_file": ("POST", {"slug": "{round}", "organisation": "{invitee}", "attachment_id": "{advice_file}"}, INVITEE),
    "advice.download_given_file": ("GET", {"slug": "{round}", "attachment_id": "{advice_file}"}, ROUND_OWNER),
    "advice.manage_advice": ("GET", {"slug": "{round}"}, ROUND_OWNER),
    "advice.answer": ("POST", {"slug": "{round}", "point_id": "{advice_point}"}, ROUND_OWNER),
    "advice.ask_for_advice": ("POST", {"slug": "{open}"}, OWNER),
    "signin.invite_contact": ("POST", {"slug": "{round}"}, ROUND_OWNER),
    # The link from an invitation: whoever has it (a made-up token gets the page that explains itself).
    "signin.show_link": ("GET", {"token": "not-a-token"}, PUBLIC),
    "signin.use_link": ("POST", {"token": "not-a-token"}, PUBLIC),
    "signin.request_new_link": ("POST", {"token": "not-a-token"}, PUBLIC),
    "signin.choose_password": ("GET", {}, SIGNED_IN),
    "notifications.my_account": ("GET", {}, SIGNED_IN),
    "notifications.change_mail_frequency": ("POST", {}, SIGNED_IN),
    "admin.list_organisations": ("GET", {}, ADMIN),
    "admin.new_organisation": ("GET", {}, ADMIN),
    "admin.show_organisation": ("GET", {"organisation_id": "{partner_org}"}, ADMIN),
    "admin.edit_organisation": ("POST", {"organisation_id": "{partner_org}"}, ADMIN),
    "admin.add_organisation_person": ("POST", {"organisation_id": "{partner_org}"}, ADMIN),
    "admin.remove_organisation_person": ("POST", {"organisation_id": "{partner_org}", "membership_id": "{partner_membership}"},
                                         ADMIN),
    "rounds.show_changes": ("GET", {"slug": "{round}", "organisation": "{invitee}"}, INVITEE),
    "rounds.edit_submitted": ("GET", {"slug": "{round}", "organisation": "{invitee}", "reaction_id": "{submitted}"}, INVITEE),
    "rounds.send_answer_to_organisations": ("POST", {"answer_id": "{answer}"}, OWNER),
    "rounds.start_next": ("GET", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.new_round": ("GET", {"document_id": "{document}", "number": 1}, OWNER),
    "rounds.add_question": ("POST", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.remove_question": ("POST", {"slug": "{round}", "question_id": "{question}"}, ROUND_OWNER),
    "rounds.reply": ("GET", {"slug": "{round}", "organisation": "{invitee}", "reaction_id": "{others_comment}"}, INVITEE),
    "rounds.make_public": ("POST", {"slug": "{round}"}, ROUND_OWNER),  # refused with a message before the deadline
    "rounds.compare": ("GET", {"slug": "{round}"}, ROUND_OWNER),
    "rounds.public_round": ("GET", {"slug": "{public_round}"}, PUBLIC),  # an invite-only round made public afterwards
    "mail.list_messages": ("GET", {}, NOWHERE),  # the demo mailbox exists only without a mail server
    "mail.show_message": ("GET", {"message_id": 1}, NOWHERE),
    "mail.download_attachment": ("GET", {"message_id": 1}, NOWHERE),
    # Werkateliers: a published public one of municipality A; the cancel link works without a log-in.
    "workshops.show_workshop": ("GET", {"slug": "{workshop}"}, PUBLIC),
    "workshops.download_calendar": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, PUBLIC),
    "workshops.register_for": ("GET", {"slug": "{workshop}"}, PUBLIC),
    "workshops.cancel": ("GET", {"token": "{registration_token}"}, PUBLIC),
    "workshops.confirm_email": ("GET", {"token": "{registration_token}"}, PUBLIC),  # whoever has the link from the mail
    "workshops.list_workshops": ("GET", {}, {**OFFICIAL, "admin": OK}),  # the admin reads every werkatelier
    "workshops.new_workshop": ("GET", {}, OFFICIAL),
    "workshops.manage_workshop": ("GET", {"slug": "{workshop}"}, {**OWNER, "admin": OK}),  # read only for the admin
    "workshops.publish": ("POST", {"slug": "{workshop}"}, OWNER),
    "workshops.new_session": ("POST", {"slug": "{workshop}"}, OWNER),
    # read only for the admin (no personal data on it); the form only for the owner (REGION_MEMBER below)
    "workshops.edit_session": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, {**OWNER, "admin": OK}),
    "workshops.new_table": ("POST", {"slug": "{workshop}"}, OWNER),
    "workshops.show_registrations": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, OWNER),
    "workshops.export_registrations": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}", "extension": "xlsx"}, OWNER),
    "workshops.sign_in_list": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, OWNER),
    "workshops.badges": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, OWNER),
    "workshops.mark_attendance": ("POST", {"slug": "{workshop}", "session_id": "{workshop_session}"}, OWNER),
    "workshops.mail_session": ("GET", {"slug": "{workshop}", "session_id": "{workshop_session}"}, OWNER),
    # Input cards: whoever has the participant's link (from the mail); the facilitator's choice is the owner's.
    "workshops.table_cards": ("GET", {"token": "{registration_token}", "table_id": "{workshop_table}"}, PUBLIC),
    "workshops.card_list": ("GET", {"token": "{registration_token}", "table_id": "{workshop_table}"}, PUBLIC),
    "workshops.show_names": ("POST", {"slug": "{workshop}", "table_id": "{workshop_table}"}, OWNER),
    "actions.list_programmes": ("GET", {}, PUBLIC),
    "actions.show_programme": ("GET", {"document_id": "{programme}"}, PUBLIC),
    "actions.show_municipality": ("GET", {"document_id": "{programme}", "municipality": "{municipality}"}, PUBLIC),
    "actions.show_theme": ("GET", {"document_id": "{programme}", "theme": "zonder-thema"}, PUBLIC),
    "actions.show_action": ("GET", {"action_id": "{action}"}, PUBLIC),
    "actions.progress": ("GET", {"document_id": "{programme}"}, PUBLIC),
    "actions.export_progress": ("GET", {"document_id": "{programme}", "extension": "csv"}, PUBLIC),
    "actions.stop_feedback_mails": ("GET", {"token": "{stop_token}"}, PUBLIC),  # whoever has the link from the mail
    # From the workbench: only for input the official handles (404 otherwise, so nothing leaks).
    "actions.choose_programme": ("GET", {"bron": "reaction:{reaction}"}, ROUND_OWNER),
    "actions.link_to_action": ("POST", {}, {**NOWHERE, "anonymous": LOGIN}),  # without input named: 404
    "actions.new_action": ("GET", {"document_id": "{programme}"}, OWNER),
    "actions.edit_action": ("GET", {"action_id": "{action}"}, OWNER),
    "actions.add_progress": ("POST", {"action_id": "{action}"}, OWNER),
    "actions.remove_action_page": ("GET", {"action_id": "{action}"}, OWNER),  # the POST: tests/actions/test_remove.py
    "actions.region": ("GET", {}, OFFICIAL),  # officials of the region's member municipalities
    "looks.show_logo": ("GET", {"slug": "{municipality}", "digest": "{logo}", "extension": "svg"}, PUBLIC),
    # Werkatelier outcomes: the officials' page, and the verslag by the participant's registration link.
    "outcomes.manage_outcomes": ("GET", {"slug": "{workshop}"}, OWNER),
    "outcomes.add_outcome_for_table": ("POST", {"slug": "{workshop}", "table_id": "{workshop_table}"}, OWNER),
    "outcomes.save_verslag_settings": ("POST", {"slug": "{workshop}"}, OWNER),
    "outcomes.show_verslag": ("GET", {"token": "{registration_token}"}, PUBLIC),
    "outcomes.comment_on_verslag": ("POST", {"token": "{registration_token}"}, PUBLIC),
    "outcomes.vote": ("POST", {"token": "{registration_token}", "outcome_id": "{workshop_outcome}"}, PUBLIC),
    "outcomes.edit_outcome": ("GET", {"slug": "{workshop}", "outcome_id": "{workshop_outcome}"}, OWNER),
    "outcomes.judge_comment": ("POST", {"slug": "{workshop}", "comment_id": "{verslag_comment}"}, OWNER),
    "outcomes.remove_outcome": ("POST", {"slug": "{workshop}", "outcome_id": "{workshop_outcome}"}, OWNER),
    "accounts.logout": ("POST", {}, SIGNED_IN),  # last: it ends the role's session
}
NOT_CHECKED = {"static"}
# Pages with personal data that a link from a mail opens without a log-in. Every answer to a signed-in
# person is never stored either (Cache-Control: no-store): their name is on it, and officials' pages
# and files hold other people's data.
PERSONAL_WITHOUT_LOG_IN = {"actions.stop_feedback_mails", "privacy.my_data", "privacy.download_my_data", "privacy.ask_erasure", "reactions.confirm",
                           "reactions.manage", "oral_reports.answer",
                           "signin.show_link", "signin.use_link", "signin.request_new_link", "workshops.cancel",
                           "workshops.table_cards", "workshops.card_list", "outcomes.show_verslag",
                           "outcomes.comment_on_verslag", "outcomes.vote"}


# The same bytes for everyone, no personal data, named by their content: kept a year by any cache.
SAME_FOR_EVERYONE = {"looks.show_logo"}


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - NOT_CHECKED
    assert endpoints - set(ROUTES) == set(), "new routes need an entry in ROUTES"
    assert set(ROUTES) - endpoints == set(), "ROUTES names routes that no longer exist"


@pytest.fixture
def world(app, session, make_organisation, make_user, make_consultation, monkeypatch):
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 0)  # the processed consultation's nota is in parts
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    a = make_organisation(name="Gemeente A", region=region)
    b = make_organisation(name="Gemeente B", region=region)
    # X is an adviesraad: invited to the round, it comments and gives formal advice.
    x = make_organisation(kind=OrganisationKind.ADVISORY_COUNCIL, name="Adviesraad X")
    y = make_organisation(kind=OrganisationKind.HOUSING_CORPORATION, name="Wonen Y")
    users = {
        "resident": make_user(), "partner_x": make_user(partner_of=x), "partner_y": make_user(partner_of=y),
        "official_a": make_user(official_of=a), "official_b": make_user(official_of=b), "admin": make_user(is_admin=True),
    }
    consultation = make_consultation(organisation=a, markdown=MARKDOWN)
    processed = make_consultation(organisation=a, opens_in_days=-60, closes_in_days=-10)
    processed.state = State.PROCESSED
    session.add(Reaction(consultation=processed, reference="TST-2026-0001", channel=Channel.WEB, status=ReactionStatus.APPROVED,
                         publication=Publication.NAMED, author_name="Iris", body="Tekst", submitted_at=utcnow() - timedelta(days=20)))
    decided = make_consultation(organisation=a, opens_in_days=-60, closes_in_days=-10)
    decided.state = State.DECIDED
    decided.decision_taken_on = local_today()  # recorded, so it can be corrected
    now = utcnow()
    reactions = [Reaction(consultation=consultation, reference=f"TST-2026-90{n}", channel=Channel.WEB,
                          status=ReactionStatus.PENDING, publication=Publication.NAMED, author_name="Iris",
                          author_email="iris@example.org", body="Tekst", submitted_at=now - timedelta(days=1)) for n in (1, 2)]
    session.add_all(reactions)
    session.flush()
    from consult.core import uploads

    with app.app_context():
        attachment = Attachment(reaction=reactions[0], filename="brief.pdf", content_type="application/pdf", size=9,
                                storage_name=uploads.store(b"%PDF-1.4\n"))
        stuk = ConsultationFile(consultation_id=consultation.id, title="Raadsvoorstel", filename="raadsvoorstel.pdf",
                                content_type="application/pdf", size=9, storage_name=uploads.store(b"%PDF-1.4\n"))
        confirm, manage = make_token(reactions[1].id, Purpose.CONFIRM), make_token(reactions[1].id, Purpose.MANAGE)
        access_token = make_access_token("iris@example.org")
        file_job = Job(kind="export_xlsx", consultation_id=consultation.id, status=JobStatus.DONE,
                       result={"file": files.save(b"PK", "xlsx"), "extension": "xlsx"})
    withheld = WithheldDocument(consultation_id=consultation.id, title="Advies", ground="art. 5.1 lid 2 sub e Woo")
    session.add_all([attachment, stuk, withheld])
    oral_report = OralReport(reaction=reactions[1], author_name="Vera Jansen", held_on=now.date())
    session.add(oral_report)
    session.flush()
    with app.app_context():
        oral_report_token = make_oral_report_token(oral_report.id)
    point = Point(reaction=reactions[0], number=1, summary="Punt")
    session.add(point)
    answer = Answer(consultation_id=consultation.id, body="Antwoord", outcome=Outcome.NOTED)
    session.add(answer)
    job = Job(kind="topics", consultation_id=consultation.id, status=JobStatus.DONE,
              result={"topics": [{"words": ["tekst"], "representatives": [reactions[0].id],
                                  "reactions": [reactions[0].id], "accepted": False}]})
    erasure = ErasureRequest(organisation=a, email="iris@example.org")
    failed_mail = OutboxMessage(recipient="iris@example.org", subject="Ontvangst", body_text="Tekst", organisation=a,
                                status=OutboxStatus.FAILED, last_error="SMTPRecipientsRefused: 550")
    own_change = OwnMotionChange(consultation_id=consultation.id, body="Ambtshalve")
    session.add_all([job, file_job, erasure, failed_mail, own_change])
    partner_round = make_consultation(organisation=a, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED)
    invitation = RoundInvitation(round=FeedbackRound(consultation=partner_round), organisation=x)
    question = GuidingQuestion(round=invitation.round, text="Missen we iets?")
    draft = DraftComment(invitation=invitation, body="Concept van X")
    with app.app_context():
        advice_file = AdviceAttachment(filename="advies.pdf", content_type="application/pdf", size=9,
                                       storage_name=uploads.store(b"%PDF-1.4\n"))
    advice = Advice(consultation=partner_round, organisation=x, invitation=invitation, state=AdviceState.SUBMITTED,
                    reference="TSTX-2026-0001", submitted_at=now, points=[AdvicePoint(number=1, body="Punt")],
                    attachments=[advice_file])
    submitted = Reaction(consultation=partner_round, reference="TST-2026-950", channel=Channel.PARTNER_ROUND,
                         status=ReactionStatus.PENDING, publication=Publication.ANONYMOUS, author_name="Sanne",
                         organisation_id=x.id, organisation_name=x.name, body="Ingediend door X",
                         document_version_id=partner_round.document_version_id)
    # Y's published comment in the round, which X may reply to (the round allows replies).
    invitation.round.partners_see_each_other = invitation.round.allows_replies = True
    partner_round.publishes_reactions = True
    others_comment = Reaction(consultation=partner_round, reference="TST-2026-951", channel=Channel.PARTNER_ROUND,
                              status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Yara",
                              organisation_id=y.id, organisation_name=y.name, body="Gepubliceerd door Y",
                              document_version_id=partner_round.document_version_id)
    public_round = make_consultation(organisation=a, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED,
                                     opens_in_days=-30, closes_in_days=-2)
    session.add(FeedbackRound(consultation=public_round, is_public_afterwards=True, made_public_at=now))
    # A second version of the round's document, so its people have something to compare.
    add_version_from_markdown(partner_round.document_version.document, "# Nieuw\n\nAnders.")
    session.add_all([invitation, draft, advice, submitted, question, others_comment])
    workshop_consultation = make_consultation(organisation=a, kind=ConsultationKind.WORKSHOP)
    meeting = WorkshopSession(starts_at=now + timedelta(days=60), ends_at=now + timedelta(days=60, hours=2), capacity=5,
                              place="Stadhuis")
    registration = Registration(session=meeting, status=RegistrationStatus.CONFIRMED, name="Iris", email="iris@example.org",
                                consented_at=now)
    workshop_table = WorkshopTable(title="Wonen")
    workshop = Workshop(consultation=workshop_consultation, sessions=[meeting], tables=[workshop_table])
    session.add_all([workshop, registration])
    session.flush()
    workshop_outcome = WorkshopOutcome(workshop_id=workshop.id, table=workshop_table, kind=CardKind.IDEA,
                                       text="Een regionaal meldpunt", scope=ActionScope.REGIONAL)
    session.add_all([workshop_outcome, Verslag(workshop_id=workshop.id, votes_per_person=3, published_at=now,
                                               comments_until=now + timedelta(days=14))])
    session.flush()
    verslag_comment = OutcomeComment(workshop_id=workshop.id, registration_id=registration.id, text="Goed verslag")
    session.add(verslag_comment)
    programme = Document(organisation=a, title="Actieprogramma A", kind=DocumentKind.ACTION_PROGRAMME)
    add_version_from_markdown(programme, "# Acties")
    action = Action(programme=programme, title="Een actie", scope=ActionScope.LOCAL, municipalities=[a])
    session.add_all([programme, action])
    put_to_public(session, programme)
    a.logo, a.logo_type, a.logo_hash = b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml", "0123456789abcdef"
    session.commit()
    with app.app_context():
        stop_token = make_stop_token("iris@example.org")
    values = {"municipality": a.slug, "open": consultation.slug, "processed": processed.slug, "decided": decided.slug,
              "own_change": own_change.id,
              "document": consultation.document_version.document_id, "reaction": reactions[0].id,
              "attachment": attachment.id, "job": job.id, "file_job": file_job.id, "point": point.id, "answer": answer.id, "confirm_token": confirm, "manage_token": manage,
              "access_token": access_token, "erasure": erasure.id, "failed_mail": failed_mail.id, "member": users["official_b"].id,
              "membership": users["official_b"].memberships[0].id,
              "round": partner_round.slug, "invitee": x.slug, "draft": draft.id,
              "stuk": stuk.id, "withheld": withheld.id,
              "advice_point": advice.points[0].id, "advice_file": advice_file.id, "oral_report_token": oral_report_token,
              "partner_org": y.id, "partner_membership": users["partner_y"].memberships[0].id, "submitted": submitted.id,
              "question": question.id, "others_comment": others_comment.id, "public_round": public_round.slug,
              "workshop": workshop_consultation.slug, "workshop_session": meeting.id,
              "registration_token": token_of(registration), "workshop_table": workshop_table.id,
              "workshop_outcome": workshop_outcome.id, "verslag_comment": verslag_comment.id,
              "programme": programme.id, "action": action.id, "stop_token": stop_token,
              "logo": a.logo_hash}
    return users, values


def outcome(response) -> str:
    if response.status_code == 500:
        raise AssertionError("500 Internal Server Error")
    if response.status_code == 302 and response.headers["Location"].startswith("/inloggen"):
        return LOGIN
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(response.status_code, OK)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_every_role_as_the_rules_say(app, world, role):
    users, values = world
    client = app.test_client()
    if role != "anonymous":
        page = client.get("/inloggen")
        client.post("/inloggen", data={"email": users[role].email, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    wrong, stored = [], []
    for endpoint, (method, arguments, expected) in ROUTES.items():
        filled = {k: (v.format(**values) if isinstance(v, str) and "{" in v else v) for k, v in arguments.items()}
        with app.test_request_context():
            url = url_for(endpoint, **filled)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "file": (BytesIO(b""), "")})
        got = outcome(response)
        response.close()
        if got != expected[role]:
            wrong.append(f"{method} {url}: expected {expected[role]}, got {got} ({response.status_code})")
        private = endpoint in PERSONAL_WITHOUT_LOG_IN or (role != "anonymous" and endpoint != "accounts.logout"
                                                          and endpoint not in SAME_FOR_EVERYONE)
        if private and response.headers.get("Cache-Control") != "no-store":
            stored.append(f"{method} {url}: Cache-Control {response.headers.get('Cache-Control')}")
    assert not wrong, "\n".join(wrong)
    assert not stored, "\n".join(stored)


# A werkatelier of the region, for an official of a member municipality (finding 7 of issue 13): the pages
# that read it answer, every change is the region's. (method, path under the werkatelier, expected)
REGION_MEMBER = [
    ("GET", "", OK), ("GET", "/sessies/{session}", OK), ("GET", "/sessies/{session}/aanmeldingen", OK),
    ("GET", "/sessies/{session}/aanmeldingen.csv", OK), ("GET", "/sessies/{session}/presentielijst.pdf", OK),
    ("GET", "/uitkomsten", OK), ("GET", "/uitkomsten/tafels/{table}", OK),
    ("POST", "", FORBIDDEN), ("POST", "/publiceren", FORBIDDEN), ("POST", "/sessies", FORBIDDEN),
    ("POST", "/sessies/{session}", FORBIDDEN), ("POST", "/tafels", FORBIDDEN), ("POST", "/sessies/{session}/aanwezig", FORBIDDEN),
    ("GET", "/sessies/{session}/mail", FORBIDDEN), ("POST", "/tafels/{table}/namen", FORBIDDEN),
    ("POST", "/uitkomsten/tafels/{table}", FORBIDDEN), ("POST", "/uitkomsten/verslag", FORBIDDEN),
]


def test_a_member_municipality_reads_the_regions_werkatelier_and_changes_nothing(app, session, make_organisation, make_user,
                                                                                  make_consultation):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Matrix")
    member = make_organisation(name="Gemeente Matrix", region=region)
    consultation = make_consultation(organisation=region, kind=ConsultationKind.WORKSHOP)
    now = utcnow()
    meeting = WorkshopSession(starts_at=now + timedelta(days=60), ends_at=now + timedelta(days=60, hours=2), capacity=5,
                              place="Stadhuis")
    table = WorkshopTable(title="Wonen")
    session.add(Workshop(consultation=consultation, sessions=[meeting], tables=[table]))
    session.commit()
    client = app.test_client()
    page = client.get("/inloggen")
    client.post("/inloggen", data={"email": make_user(official_of=member).email, "password": PASSWORD,
                                   "csrf_token": csrf_token(page.text)})
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    wrong = []
    for method, path, expected in REGION_MEMBER:
        url = f"/beheer/werkateliers/{consultation.slug}" + path.format(session=meeting.id, table=table.id)
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        if outcome(response) != expected:
            wrong.append(f"{method} {url}: expected {expected}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)
