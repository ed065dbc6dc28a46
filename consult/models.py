"""Every feature's models, imported in one place so Alembic sees the whole schema."""
from consult.accessibility.models import AccessibilityStatement  # noqa: F401
from consult.accounts.models import Membership, MembershipRole, Role, User  # noqa: F401
from consult.actions.models import (  # noqa: F401
    Action,
    ActionSource,
    ActionUpdate,
    FeedbackNotice,
    FeedbackOptOut,
    action_municipalities,
)
from consult.advice.models import Advice, AdviceAttachment, AdvicePoint, AdviceRequest, AdviceVersion  # noqa: F401
from consult.answers.models import Answer, Outcome, Point  # noqa: F401
from consult.audit.models import AuditEvent  # noqa: F401
from consult.coding.models import (  # noqa: F401
    Code,
    GroupKind,
    ReactionGroup,
    ReactionRead,
    reaction_codes,
)
from consult.consultations.models import (  # noqa: F401
    Audience,
    Consultation,
    ConsultationKind,
    Phase,
    Procedure,
    State,
)
from consult.core.kept_forms import KeptForm  # noqa: F401
from consult.decisions.models import DecisionCorrection, DecisionNotice, NoticeWay  # noqa: F401
from consult.documents.models import (  # noqa: F401
    Document,
    DocumentKind,
    DocumentVersion,
    Section,
    Theme,
)
from consult.jobs.models import Job, JobStatus  # noqa: F401
from consult.mail.models import OutboxMessage, OutboxStatus  # noqa: F401
from consult.notifications.models import MailFrequency, PendingNotification  # noqa: F401
from consult.oral_reports.models import OralReport  # noqa: F401
from consult.organisations.models import Organisation, OrganisationKind  # noqa: F401
from consult.outcomes.models import OutcomeComment, OutcomeVote, Verslag, WorkshopOutcome  # noqa: F401
from consult.pagecache.models import PublicVersion  # noqa: F401
from consult.privacy.models import ErasureRequest, RequestStatus  # noqa: F401
from consult.reactions.models import (  # noqa: F401
    Attachment,
    Channel,
    Publication,
    Reaction,
    ReactionStatus,
)
from consult.reports.models import (  # noqa: F401
    OwnMotionChange,
    ResponseReport,
    ResponseReportEntry,
    ResponseReportFile,
    ResponseReportReference,
    ResponseReportVersion,
)
from consult.rounds.models import (  # noqa: F401
    CommentVersion,
    DraftComment,
    FeedbackRound,
    GuidingQuestion,
    QuestionReaction,
    ReplyReaction,
    RoundInvitation,
    RoundReminder,
)
from consult.signin.models import SignInLink  # noqa: F401
from consult.workshops.models import (  # noqa: F401
    CardKind,
    InputCard,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopSession,
    WorkshopTable,
)
