"""Who may read and keep an actieprogramma and its actions.

An actieprogramma is public once it is put to the public: a consultation on one of its versions is
public (``consultations.permissions.is_public``: published, for everyone) — as the demo's programme is,
through its werkatelier. A document an official only imported stays with the officials of its
organisation. The actions of a public programme are public: everyone reads them. The officials of the organisation that owns the actieprogramma
add and change actions. For a region's actieprogramma, the officials of a member municipality keep the
progress of the actions that concern their municipality when the region grants its members that
(``Organisation.members_may_moderate``); their regio page shows the region's programmes once public,
like everyone's pages: before that a programme stays with the region's own officials.
"""
from __future__ import annotations

import sqlalchemy as sa

from consult.accounts.models import MembershipRole
from consult.actions.models import Action, ActionScope, ActionSource
from consult.consultations.models import Audience, Consultation, State
from consult.consultations.permissions import is_public
from consult.core.permissions import rule
from consult.documents.models import Document, DocumentKind, DocumentVersion
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.organisations.permissions import is_official_of


def official_organisation_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return {m.organisation_id for m in user.memberships if m.role is MembershipRole.OFFICIAL}


def is_member_of_region(organisation: Organisation, region: Organisation | None) -> bool:
    return region is not None and region.kind is OrganisationKind.REGION and organisation.region_id == region.id


def member_regions(user) -> list[Organisation]:
    """The regions of the municipalities this person is an official of (not of regions they work for)."""
    regions = {}
    for membership in getattr(user, "memberships", []) if user is not None and user.is_authenticated else []:
        organisation = membership.organisation
        if membership.role is MembershipRole.OFFICIAL and organisation.region is not None:
            regions[organisation.region.id] = organisation.region
    return list(regions.values())


@rule
def is_action_programme(_user, programme: Document) -> bool:
    return programme.kind is DocumentKind.ACTION_PROGRAMME


def public_programme_clause():
    """SQL, on ``Document``: an actieprogramma that is public — a consultation on one of its versions is
    published and for everyone (the same rule as ``consultations.permissions.is_public``). The one place
    this is decided: every public list, page, export and the regio page ask it, in SQL or through
    ``is_public_programme``."""
    put_to_public = (sa.select(Consultation.id).join(DocumentVersion, DocumentVersion.id == Consultation.document_version_id)
                     .where(DocumentVersion.document_id == Document.id, Consultation.state != State.DRAFT,
                            Consultation.audience == Audience.PUBLIC))
    return sa.and_(Document.kind == DocumentKind.ACTION_PROGRAMME, sa.exists(put_to_public))


@rule
def is_public_programme(_user, programme: Document) -> bool:
    """In: a document. Out: whether the public may read it as an actieprogramma (``public_programme_clause``)."""
    if programme.id is None:
        return False
    return bool(db.session.scalar(sa.select(sa.literal(True)).where(Document.id == programme.id, public_programme_clause())))


@rule
def is_official_of_programme_owner(user, programme: Document) -> bool:
    return is_official_of(user, programme.organisation)


@rule
def is_official_of_action_owner(user, action: Action) -> bool:
    return is_official_of(user, action.programme.organisation)


@rule
def source_is_public(_user, source: ActionSource) -> bool:
    """Whether the public may read where an action's input was given: the name of the consultation,
    feedbackronde or werkatelier and, for a werkatelier outcome, its table and text. Only when that
    consultation is one the public sees (``consultations.permissions.is_public``: published, for everyone)
    and a werkatelier is open to everyone. The kind of input is always shown, the kenmerk never
    (officials only). The one place this is decided for every kind of source."""
    consultation = source.consultation
    if consultation is None or not is_public(None, consultation):
        return False
    return source.outcome is None or (source.outcome.workshop.is_published and source.outcome.workshop.is_public)


@rule
def is_official_of_source_owner(user, source: ActionSource) -> bool:
    """An official of the organisation whose consultation the input was given in, or of the action's owner."""
    consultation = source.consultation
    return ((consultation is not None and is_official_of(user, consultation.organisation))
            or is_official_of(user, source.action.programme.organisation))


@rule
def region_grants_members(_user, action: Action) -> bool:
    owner = action.programme.organisation
    return owner.kind is OrganisationKind.REGION and owner.members_may_moderate


@rule
def is_official_of_concerned_member(user, action: Action) -> bool:
    """An official of a member municipality of the programme's region that the action concerns. A
    regional action that names no municipality concerns them all."""
    region = action.programme.organisation
    concerned = action.municipalities or (region.members if action.scope is ActionScope.REGIONAL else [])
    ids = official_organisation_ids(user)
    return any(m.id in ids and is_member_of_region(m, region) for m in concerned)


@rule
def is_official_in_a_region(user, _obj=None) -> bool:
    return bool(member_regions(user))


MANAGE_PROGRAMME = is_action_programme & is_official_of_programme_owner
VIEW_PROGRAMME = is_public_programme | MANAGE_PROGRAMME
# Where an action's input came from (its consultation's name, a werkatelier's table and outcome text).
SEE_SOURCE = source_is_public | is_official_of_source_owner
EDIT_ACTION = is_official_of_action_owner
UPDATE_PROGRESS = is_official_of_action_owner | (region_grants_members & is_official_of_concerned_member)
VIEW_REGION = is_official_in_a_region
