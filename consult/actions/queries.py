"""Read-side selects of the actieprogramma pages and exports: one query per list, relations loaded in bulk."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from consult.actions.models import (
    Action,
    ActionScope,
    ActionSource,
    ActionUpdate,
    FeedbackNotice,
    action_municipalities,
)
from consult.advice.models import Advice, AdvicePoint
from consult.documents.models import Document, DocumentKind, Theme
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind


def programme_or_404(document_id: int) -> Document:
    programme = db.session.get(Document, document_id)
    if programme is None or programme.kind is not DocumentKind.ACTION_PROGRAMME:
        abort(404)
    return programme


def action_or_404(action_id: int) -> Action:
    action = db.session.scalar(sa.select(Action).where(Action.id == action_id).options(
        selectinload(Action.municipalities), selectinload(Action.updates), selectinload(Action.sources)))
    if action is None:
        abort(404)
    return action


def programmes() -> list[tuple[Document, int]]:
    """Every actieprogramma with its number of actions, newest first."""
    count = sa.select(sa.func.count(Action.id)).where(Action.programme_id == Document.id).scalar_subquery()
    return list(db.session.execute(sa.select(Document, count).where(Document.kind == DocumentKind.ACTION_PROGRAMME)
                                   .options(selectinload(Document.organisation))
                                   .order_by(Document.created_at.desc(), Document.id.desc())).all())


def _loaded():
    return (selectinload(Action.municipalities), selectinload(Action.theme), selectinload(Action.owner_organisation),
            selectinload(Action.updates))


def actions_of(programme: Document, municipality: Organisation | None = None, theme: Theme | None = None) -> list[Action]:
    """The programme's actions, by deadline (none last). With ``municipality``: the actions that name it,
    and the regional ones that name no municipality (those concern every member)."""
    query = sa.select(Action).where(Action.programme_id == programme.id).options(*_loaded())
    if municipality is not None:
        names = sa.select(action_municipalities.c.action_id).where(
            action_municipalities.c.organisation_id == municipality.id)
        named_any = sa.select(action_municipalities.c.action_id)
        query = query.where(sa.or_(Action.id.in_(names),
                                   sa.and_(Action.scope == ActionScope.REGIONAL, Action.id.not_in(named_any))))
    if theme is not None:
        query = query.where(Action.theme_id == theme.id)
    return list(db.session.scalars(query.order_by(Action.deadline.is_(None), Action.deadline, Action.id)))


def themes_of(programme: Document) -> list[Theme]:
    """The themes an action of this programme can have: those of the owner's documents (a region's
    themes are its strategic agenda's priorities)."""
    return list(db.session.scalars(sa.select(Theme).where(Theme.organisation_id == programme.organisation_id)
                                   .order_by(Theme.document_id, Theme.position, Theme.id)))


def municipalities_of(programme: Document) -> list[Organisation]:
    """The municipalities an action can concern: a region's members, or the owning municipality itself."""
    owner = programme.organisation
    if owner.kind is OrganisationKind.REGION:
        return [m for m in owner.members if m.kind is OrganisationKind.MUNICIPALITY]
    return [owner]


def owners_of(programme: Document) -> list[Organisation]:
    """Who can own an action: the programme's owner, its member municipalities, and the partners of its region."""
    owner = programme.organisation
    if owner.kind is OrganisationKind.REGION:
        return [owner, *owner.members]
    return [owner]


@dataclass
class ThemeGroup:
    theme: Theme | None
    local: list[Action]
    regional: list[Action]


def by_theme(actions: list[Action], themes: list[Theme]) -> list[ThemeGroup]:
    """Actions grouped per theme in the themes' order (those without one last), local apart from regional."""
    groups: OrderedDict[int | None, ThemeGroup] = OrderedDict((t.id, ThemeGroup(t, [], [])) for t in themes)
    for action in actions:
        group = groups.setdefault(action.theme_id, ThemeGroup(action.theme, [], []))
        (group.local if action.scope is ActionScope.LOCAL else group.regional).append(action)
    if None in groups:
        groups.move_to_end(None)
    return list(groups.values())


@dataclass
class Progress:
    late: list[Action]
    changed: list[tuple[Action, list[ActionUpdate]]]
    created: list[Action]


def progress(programme: Document, since: datetime, today: date) -> Progress:
    """For the bestuurlijk overleg: what is late on ``today`` (Europe/Amsterdam), which actions were
    added since ``since``, and the updates of every action changed since ``since`` (UTC)."""
    late = list(db.session.scalars(sa.select(Action).where(Action.programme_id == programme.id, Action.late_clause(today))
                                   .options(*_loaded()).order_by(Action.deadline, Action.id)))
    created = list(db.session.scalars(sa.select(Action).where(Action.programme_id == programme.id, Action.created_at >= since)
                                      .options(*_loaded()).order_by(Action.created_at, Action.id)))
    updates = db.session.scalars(sa.select(ActionUpdate).join(Action).where(
        Action.programme_id == programme.id, ActionUpdate.created_at >= since)
        .options(selectinload(ActionUpdate.action).options(*_loaded()))
        .order_by(ActionUpdate.action_id, ActionUpdate.created_at)).all()
    changed: OrderedDict[int, tuple[Action, list[ActionUpdate]]] = OrderedDict()
    for update in updates:
        changed.setdefault(update.action_id, (update.action, []))[1].append(update)
    return Progress(late, list(changed.values()), created)


def actions_from_reactions(reaction_ids: list[int]) -> dict[int, list[Action]]:
    """Per reaction id, the actions it led to (for the workbench)."""
    if not reaction_ids:
        return {}
    rows = db.session.execute(sa.select(ActionSource.reaction_id, Action).join(Action)
                              .where(ActionSource.reaction_id.in_(reaction_ids))).all()
    out: dict[int, list[Action]] = {}
    for reaction_id, action in rows:
        out.setdefault(reaction_id, []).append(action)
    return out


def actions_from_advice(advice: list[Advice]) -> dict[int, list[Action]]:
    """Per advice point id of ``advice``, the actions it led to."""
    point_ids = [p.id for a in advice for p in a.points]
    if not point_ids:
        return {}
    rows = db.session.execute(sa.select(ActionSource.advice_point_id, Action).join(Action)
                              .where(ActionSource.advice_point_id.in_(point_ids))).all()
    out: dict[int, list[Action]] = {}
    for point_id, action in rows:
        out.setdefault(point_id, []).append(action)
    return out


def managed_programmes(organisation_ids: set[int]) -> list[Document]:
    """The actieprogramma's of these organisations, for the choice of where a new action goes."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(sa.select(Document).where(
        Document.kind == DocumentKind.ACTION_PROGRAMME, Document.organisation_id.in_(organisation_ids))
        .order_by(Document.title)))


def advice_point_or_none(point_id: int | None) -> AdvicePoint | None:
    return db.session.get(AdvicePoint, point_id) if point_id else None


def actions_of_programmes(programmes: list[Document]) -> list[Action]:
    """Every action of these programmes, by programme and title: the choice to link input to."""
    if not programmes:
        return []
    return list(db.session.scalars(sa.select(Action).where(Action.programme_id.in_([p.id for p in programmes]))
                                   .order_by(Action.programme_id, Action.title, Action.id)))


def feedback_locale(email: str) -> str | None:
    """The language of the last terugkoppeling mail to ``email`` (None: none was sent)."""
    return db.session.scalar(sa.select(FeedbackNotice.locale).where(sa.func.lower(FeedbackNotice.recipient) == email.lower())
                             .order_by(FeedbackNotice.id.desc()).limit(1))
