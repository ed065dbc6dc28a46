"""What officials read in the audit log for the actions the code records."""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "consultation_created": _l("Consultation made"),
    "consultation_published": _l("Consultation published"),
    "period_extended": _l("Period made longer"),
    "stuk_added": _l("Document added"),
    "stuk_removed": _l("Document removed"),
    "withheld_added": _l("Document listed as not public"),
    "withheld_removed": _l("Document taken off the not-public list"),
    "paper_reaction_entered": _l("Reaction entered"),
    "reaction_approved": _l("Reaction approved"),
    "reaction_rejected": _l("Reaction rejected"),
    "reaction_redacted": _l("Personal data removed from a reaction"),
    "reaction_shown_again": _l("Reaction shown again"),
    "reaction_hidden_after_reports": _l("Reaction hidden after reports"),
    "reaction_assigned": _l("Reaction assigned"),
    "reaction_coded": _l("Codes given"),
    "reactions_coded": _l("Codes given to several reactions"),
    "reactions_listed": _l("Reactions list opened"),
    "personal_data_viewed": _l("Reaction with personal data opened"),
    "attachment_downloaded": _l("Attachment downloaded"),
    "reactions_exported": _l("Reactions exported"),
    "point_added": _l("Point added"),
    "point_coded": _l("Point coded"),
    "answer_given": _l("Answer written"),
    "answer_changed": _l("Answer changed"),
    "code_added": _l("Code added"),
    "group_made": _l("Group made"),
    "report_introduction_changed": _l("Introduction of the response report changed"),
    "report_frozen": _l("Response report version kept"),
    "report_published": _l("Response report published"),
    "decision_recorded": _l("Decision recorded"),
    "decision_corrected": _l("Decision corrected"),
    "house_rules_changed": _l("House rules changed"),
    "accessibility_statement_saved": _l("Accessibility statement saved"),
    "dossier_exported": _l("Dossier exported"),
    "personal_data_purged": _l("Personal data removed"),
    "feedback_round_started": _l("Feedback round made"),
    "round_invitation_sent": _l("Organisation invited"),
    "round_draft_submitted": _l("Comments submitted"),
}


def action_label(action: str) -> str:
    """The Dutch (or English) words for an action; the code itself for one without words yet."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")
