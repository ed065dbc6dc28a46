"""Every feature's models, imported in one place so Alembic sees the whole schema."""
from consult.accounts.models import Membership, MembershipRole, Role, User  # noqa: F401
from consult.answers.models import Answer, Outcome  # noqa: F401
from consult.audit.models import AuditEvent  # noqa: F401
from consult.consultations.models import Audience, Consultation, ConsultationKind, Phase, Procedure, State  # noqa: F401
from consult.documents.models import Document, DocumentKind, DocumentVersion, Section, Theme  # noqa: F401
from consult.mail.models import OutboxMessage, OutboxStatus  # noqa: F401
from consult.organisations.models import Organisation, OrganisationKind  # noqa: F401
from consult.reactions.models import Attachment, Channel, Publication, Reaction, ReactionStatus  # noqa: F401
