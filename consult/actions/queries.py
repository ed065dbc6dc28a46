"""Read-side selects of the actieprogramma pages and exports: one query per list, relations loaded in bulk.

The overviews never load a whole programme: they count per theme, scope and status in SQL and show the
first few actions of each theme; the theme's own page and the progress view show one page at a time.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import selectinload

from consult.actions.models import (
    Action,
    ActionScope,
    ActionSource,
    ActionStatus,
    ActionUpdate,
    FeedbackNotice,
    action_municipalities,
)
from consult.actions.permissions import VIEW_PROGRAMME, public_programme_clause
from consult.advice.models import Advice, AdvicePoint
from consult.audit.models import AuditEvent
from consult.documents.models import Document, DocumentKind, Theme
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind


def programme_or_404(document_id: int) -> Document:
    """The actieprogramma the current user may read (``VIEW_PROGRAMME``: public, or theirs to keep);
    404 for any other document, so a programme not yet public is not known to exist."""
    programme = db.session.get(Document, document_id)
    if programme is None or not VIEW_PROGRAMME(current_user, programme):
        abort(404)
    return programme


def visible_action_or_none(action_id: int) -> Action | None:
    """The action, when the current user may read its programme (``VIEW_PROGRAMME``); else None."""
    action = action_or_none(action_id)
    return action if action is not None and VIEW_PROGRAMME(current_user, action.programme) else None


def action_or_none(action_id: int) -> Action | None:
    return db.session.scalar(sa.select(Action).where(Action.id == action_id).options(
        selectinload(Action.municipalities), selectinload(Action.updates), selectinload(Action.sources)))


def action_or_404(action_id: int) -> Action:
    action = action_or_none(action_id)
    if action is None:
        abort(404)
    return action


def removed_action(action_id: int) -> tuple[Document, datetime] | None:
    """For the link in a terugkoppeling mail of an action removed since: its programme (None when that
    is gone too) and when it was removed, from the audit log; None for an id that never was an action."""
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.subject_type == Action.__tablename__, AuditEvent.subject_id == action_id,
        AuditEvent.action == "action_removed").order_by(AuditEvent.id.desc()).limit(1))
    if event is None:
        return None
    programme = db.session.get(Document, event.details.get("programme") or 0)
    return (programme if programme is not None and VIEW_PROGRAMME(current_user, programme) else None,
            event.occurred_at)


def programmes() -> list[tuple[Document, int]]:
    """Every public actieprogramma (``public_programme_clause``) with its number of actions, newest first."""
    count = sa.select(sa.func.count(Action.id)).where(Action.programme_id == Document.id).scalar_subquery()
    return list(db.session.execute(sa.select(Document, count).where(public_programme_clause())
                                   .options(selectinload(Document.organisation))
                                   .order_by(Document.created_at.desc(), Document.id.desc())).all())


def _listed():
    """What a card on an overview shows: municipalities, theme and owner (not the updates)."""
    return (selectinload(Action.municipalities), selectinload(Action.theme), selectinload(Action.owner_organisation))


def concerns(municipality: Organisation):
    """SQL: the action names ``municipality``, or is regional and names none (then it concerns every member)."""
    names = sa.select(action_municipalities.c.action_id).where(action_municipalities.c.organisation_id == municipality.id)
    named_any = sa.select(action_municipalities.c.action_id)
    return sa.or_(Action.id.in_(names), sa.and_(Action.scope == ActionScope.REGIONAL, Action.id.not_in(named_any)))


def _by_deadline():
    return (Action.deadline.is_(None), Action.deadline, Action.id)


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


# Overviews ------------------------------------------------------------------------------------------

FIRST_PER_SCOPE = 3  # actions an overview shows per theme and scope; the theme's page has the rest
PAGE_SIZE = 20


@dataclass
class ThemeSummary:
    """One theme on an overview: its numbers (per scope, per status, late) and its first actions.
    ``theme`` None holds the actions without a theme."""

    theme: Theme | None
    local: int = 0
    regional: int = 0
    late: int = 0
    statuses: dict[ActionStatus, int] = field(default_factory=dict)
    first_local: list[Action] = field(default_factory=list)
    first_regional: list[Action] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.local + self.regional

    @property
    def by_status(self) -> list[tuple[ActionStatus, int]]:
        """The statuses that occur, in the order of the lifecycle."""
        return [(status, self.statuses[status]) for status in ActionStatus if self.statuses.get(status)]

    @property
    def slug(self) -> str:
        """The theme's part of its page's URL: its id, or ``zonder-thema``."""
        return str(self.theme.id) if self.theme is not None else NO_THEME


NO_THEME = "zonder-thema"


def theme_summaries(programme: Document, today: date, municipality: Organisation | None = None) -> list[ThemeSummary]:
    """Every theme of the programme (those without actions too, the theme-less group only when it has
    some) with counts per scope and status, the number late on ``today`` (Europe/Amsterdam), and the first
    ``FIRST_PER_SCOPE`` local and regional actions by deadline. With ``municipality``: only what concerns it.

    Four queries however large the programme: themes, counts, first actions, their relations.
    """
    condition = Action.programme_id == programme.id
    if municipality is not None:
        condition = sa.and_(condition, concerns(municipality))
    summaries: OrderedDict[int | None, ThemeSummary] = OrderedDict((t.id, ThemeSummary(t)) for t in themes_of(programme))
    late = sa.func.sum(sa.case((Action.late_clause(today), 1), else_=0))
    counted = db.session.execute(sa.select(Action.theme_id, Action.scope, Action.status, sa.func.count(), late)
                                 .where(condition).group_by(Action.theme_id, Action.scope, Action.status)).all()
    for theme_id, scope, status, count, late_count in counted:
        summary = summaries.setdefault(theme_id, ThemeSummary(None))
        if scope is ActionScope.LOCAL:
            summary.local += count
        else:
            summary.regional += count
        summary.statuses[status] = summary.statuses.get(status, 0) + count
        summary.late += late_count or 0
    rank = sa.func.row_number().over(partition_by=(Action.theme_id, Action.scope), order_by=_by_deadline())
    ranked = sa.select(Action.id, rank.label("rank")).where(condition).subquery()
    first = db.session.scalars(sa.select(Action).join(ranked, ranked.c.id == Action.id)
                               .where(ranked.c.rank <= FIRST_PER_SCOPE).options(*_listed()).order_by(*_by_deadline()))
    for action in first:
        summary = summaries[action.theme_id]
        (summary.first_local if action.scope is ActionScope.LOCAL else summary.first_regional).append(action)
    if None in summaries:
        summaries.move_to_end(None)
        if summaries[None].theme is None and not summaries[None].total:
            del summaries[None]
    return list(summaries.values())


def theme_of(programme: Document, slug: str) -> Theme | None:
    """The theme named in a URL (its id, or ``zonder-thema`` for None); 404 for one of another programme."""
    if slug == NO_THEME:
        return None
    theme = next((t for t in themes_of(programme) if str(t.id) == slug), None)
    if theme is None:
        abort(404)
    return theme


@dataclass
class ActionFilter:
    """The filters of a theme's page, read from the query string; unknown values are ignored, not errors."""

    gemeente: str = ""
    schaal: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args, municipalities: list[Organisation]) -> ActionFilter:
        offered = {
            "gemeente": {m.slug for m in municipalities},
            "schaal": {s.value for s in ActionScope},
            "status": {s.value for s in ActionStatus},
        }
        return cls(**{f.name: value if (value := args.get(f.name, "")) in offered[f.name] else ""
                      for f in fields(cls)})

    def as_args(self, **changes) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {key: value for key, value in values.items() if value}


@dataclass
class ActionPage:
    items: list[Action]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """The position of the page's first action in the whole list (1-based)."""
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def by_scope(self) -> list[tuple[ActionScope, list[Action]]]:
        """The page's actions per scope, in the page's order (local first on a theme's page)."""
        groups: OrderedDict[ActionScope, list[Action]] = OrderedDict()
        for action in self.items:
            groups.setdefault(action.scope, []).append(action)
        return list(groups.items())


def _one_page(query, number: int, size: int = PAGE_SIZE) -> ActionPage:
    """A page of ``query`` (ordered), with the total: two queries, and the relations of the page's actions."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, min(number, max(1, math.ceil(total / size))))
    items = db.session.scalars(query.options(*_listed()).limit(size).offset((number - 1) * size)).all()
    return ActionPage(list(items), number, total, size)


def theme_page(programme: Document, theme: Theme | None, filters: ActionFilter,
               municipalities: list[Organisation], number: int) -> ActionPage:
    """One page of a theme's actions, local tasks first and then the regional ones, each by deadline."""
    query = sa.select(Action).where(Action.programme_id == programme.id,
                                    Action.theme_id == theme.id if theme is not None else Action.theme_id.is_(None))
    if filters.gemeente:
        query = query.where(concerns(next(m for m in municipalities if m.slug == filters.gemeente)))
    if filters.schaal:
        query = query.where(Action.scope == ActionScope(filters.schaal))
    if filters.status:
        query = query.where(Action.status == ActionStatus(filters.status))
    # 'local' sorts before 'regional': the stored values keep local tasks apart, and first.
    return _one_page(query.order_by(Action.scope, *_by_deadline()), number)


# The progress view for the bestuurlijk overleg ---------------------------------------------------------

PROGRESS_LISTS = ("te-laat", "nieuw", "gewijzigd")
PROGRESS_FIRST = 10  # per list on the progress view; "show all" pages through the rest


@dataclass
class Progress:
    """The three lists of the progress view: ``late`` and ``created`` hold actions, ``changed`` holds
    (action, its updates since the chosen day); each an ``ActionPage``."""

    late: ActionPage
    created: ActionPage
    changed: ActionPage
    updates: dict[int, list[ActionUpdate]]


def _late(programme: Document, today: date):
    return sa.select(Action).where(Action.programme_id == programme.id, Action.late_clause(today)).order_by(
        Action.deadline, Action.id)


def _created(programme: Document, since: datetime):
    return sa.select(Action).where(Action.programme_id == programme.id, Action.created_at >= since).order_by(
        Action.created_at, Action.id)


def _changed(programme: Document, since: datetime):
    updated = sa.select(ActionUpdate.action_id).where(ActionUpdate.created_at >= since)
    return sa.select(Action).where(Action.programme_id == programme.id, Action.id.in_(updated)).order_by(
        Action.changed_at.desc(), Action.id)


def progress(programme: Document, since: datetime, today: date, show: str | None = None, number: int = 1) -> Progress:
    """For the bestuurlijk overleg: what is late on ``today`` (Europe/Amsterdam), which actions were
    added since ``since`` (UTC), and which changed since then, with those updates. Without ``show`` each
    list holds its first ``PROGRESS_FIRST``; with ``show`` (one of ``PROGRESS_LISTS``) that list holds page
    ``number`` of ``PAGE_SIZE`` and the others none (their totals still count). A fixed number of queries."""
    size = PAGE_SIZE if show else PROGRESS_FIRST
    lists = {"te-laat": _late(programme, today), "nieuw": _created(programme, since),
             "gewijzigd": _changed(programme, since)}
    pages = {}
    for name, query in lists.items():
        if show in (None, name):
            pages[name] = _one_page(query, number if show else 1, size)
        else:
            total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
            pages[name] = ActionPage([], 1, total, size)
    changed_ids = [a.id for a in pages["gewijzigd"].items]
    updates: dict[int, list[ActionUpdate]] = {}
    if changed_ids:
        for update in db.session.scalars(sa.select(ActionUpdate).where(
                ActionUpdate.action_id.in_(changed_ids), ActionUpdate.created_at >= since)
                .order_by(ActionUpdate.action_id, ActionUpdate.created_at)):
            updates.setdefault(update.action_id, []).append(update)
    return Progress(pages["te-laat"], pages["nieuw"], pages["gewijzigd"], updates)


def region_glance(programme: Document, municipality: Organisation, today: date, first: int = 5) -> tuple[dict, list[Action]]:
    """For the regio page: the number of local, regional and late actions that concern ``municipality``
    and the first ``first`` of them by deadline. Three queries."""
    condition = sa.and_(Action.programme_id == programme.id, concerns(municipality))
    local, regional, late = db.session.execute(sa.select(
        sa.func.sum(sa.case((Action.scope == ActionScope.LOCAL, 1), else_=0)),
        sa.func.sum(sa.case((Action.scope == ActionScope.REGIONAL, 1), else_=0)),
        sa.func.sum(sa.case((Action.late_clause(today), 1), else_=0))).where(condition)).one()
    actions = db.session.scalars(sa.select(Action).where(condition).options(*_listed())
                                 .order_by(*_by_deadline()).limit(first)).all()
    return {"local": local or 0, "regional": regional or 0, "late": late or 0}, list(actions)


@dataclass
class ExportedAction:
    """The public facts of one action for the progress export, read as plain columns."""

    id: int
    title: str
    theme: str
    duo: str
    scope: ActionScope
    owner: str  # the owning organisation's name; "" when the theme's bestuurlijk duo owns it (see labels.owner_label)
    deadline: date | None
    status: ActionStatus
    is_late: bool
    changed_at: datetime
    municipalities: list[str]
    last_update: tuple[datetime, str] | None


def exported_actions(programme: Document, today: date) -> list[ExportedAction]:
    """Every action of the programme by deadline, as columns (no ORM objects, no updates but the last):
    three queries, about 10 ms per 1,000 actions on SQLite, however many updates each has."""
    theme, owner = sa.orm.aliased(Theme), sa.orm.aliased(Organisation)
    rows = db.session.execute(
        sa.select(Action.id, Action.title, theme.title, theme.owners, Action.scope, owner.name, Action.deadline,
                  Action.status, Action.late_clause(today), Action.changed_at)
        .outerjoin(theme, theme.id == Action.theme_id).outerjoin(owner, owner.id == Action.owner_organisation_id)
        .where(Action.programme_id == programme.id).order_by(*_by_deadline())).all()
    names: dict[int, list[str]] = {}
    for action_id, name in db.session.execute(
            sa.select(action_municipalities.c.action_id, Organisation.name)
            .join(Organisation, Organisation.id == action_municipalities.c.organisation_id)
            .join(Action, Action.id == action_municipalities.c.action_id)
            .where(Action.programme_id == programme.id).order_by(Organisation.name)):
        names.setdefault(action_id, []).append(name)
    newest = sa.func.row_number().over(partition_by=ActionUpdate.action_id,
                                       order_by=(ActionUpdate.created_at.desc(), ActionUpdate.id.desc()))
    ranked = (sa.select(ActionUpdate.action_id, ActionUpdate.created_at, ActionUpdate.body, newest.label("rank"))
              .join(Action, Action.id == ActionUpdate.action_id).where(Action.programme_id == programme.id).subquery())
    last = {action_id: (at, body) for action_id, at, body in db.session.execute(
        sa.select(ranked.c.action_id, ranked.c.created_at, ranked.c.body).where(ranked.c.rank == 1))}
    return [ExportedAction(row[0], row[1], row[2] or "", row[3] or "", row[4], row[5] or "", row[6], row[7],
                           bool(row[8]), row[9], names.get(row[0], []), last.get(row[0])) for row in rows]


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


def actions_of_outcome(outcome_id: int) -> list[Action]:
    """The actions made from (or linked to) a werkatelier outcome, oldest first."""
    return list(db.session.scalars(sa.select(Action).join(ActionSource, ActionSource.action_id == Action.id)
                                   .where(ActionSource.outcome_id == outcome_id).order_by(Action.id)))
