"""Counts for a consultation's dashboard, and a bar chart of them as SVG (no JavaScript needed)."""
from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup, escape

from consult.coding.models import Code, reaction_codes
from consult.consultations.models import Consultation
from consult.core.i18n import AMSTERDAM, local_date
from consult.extensions import db
from consult.organisations.labels import STAKEHOLDER_LABELS
from consult.reactions.models import Reaction


@dataclass
class Chart:
    key: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)


def dashboard_charts(consultation: Consultation) -> list[Chart]:
    counted = sa.and_(Reaction.consultation_id == consultation.id, Reaction.is_counted)
    per_week: dict[date, int] = defaultdict(int)
    for day, count in db.session.execute(
        sa.select(sa.func.date(Reaction.submitted_at), sa.func.count()).where(counted).group_by(sa.func.date(Reaction.submitted_at))
    ):
        day = day if isinstance(day, date) else date.fromisoformat(day)
        per_week[day - timedelta(days=day.weekday())] += count
    weeks = [(_("week of %(date)s", date=local_date(_midday(week))), per_week[week]) for week in sorted(per_week)]

    sections = {s.id: s.label for s in (consultation.document_version.sections if consultation.document_version else [])}
    by_section = dict(db.session.execute(sa.select(Reaction.section_id, sa.func.count()).where(counted).group_by(Reaction.section_id)).all())
    section_rows = [(_("The whole document"), by_section.get(None, 0))] + [(label, by_section.get(i, 0)) for i, label in sections.items()]

    kinds = dict(db.session.execute(sa.select(Reaction.organisation_kind, sa.func.count()).where(counted).group_by(Reaction.organisation_kind)).all())
    kind_rows = [(_("Private persons"), kinds.pop(None, 0))] + [(str(STAKEHOLDER_LABELS.get(k, k.value)), n) for k, n in kinds.items()]

    code_rows = db.session.execute(
        sa.select(Code.title, sa.func.count(reaction_codes.c.reaction_id))
        .outerjoin(reaction_codes, reaction_codes.c.code_id == Code.id)
        .outerjoin(Reaction, sa.and_(Reaction.id == reaction_codes.c.reaction_id, Reaction.is_counted))
        .where(Code.consultation_id == consultation.id).group_by(Code.id, Code.title, Code.position).order_by(Code.position)
    ).all()
    return [
        Chart("tijd", _("Reactions per week"), weeks),
        Chart("hoofdstuk", _("Reactions per section"), [r for r in section_rows if r[1]]),
        Chart("indiener", _("Reactions per kind of stakeholder"), [r for r in kind_rows if r[1]]),
        Chart("code", _("Reactions per code"), [(title, count) for title, count in code_rows]),
    ]


def _midday(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=AMSTERDAM)


LABEL_CHARACTERS = 34  # what fits in the label column at 16 px
LABEL_LINES = 3


def label_lines(label: str) -> list[str]:
    """A bar's label broken on spaces into at most three lines; a longer label ends in "…" after a whole
    word, never inside one."""
    lines = textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] += " …"
    return lines


def bar_chart(chart: Chart) -> Markup:
    """Horizontal bars; the table beside it carries the same numbers for screen readers."""
    if not chart.rows:
        return Markup("")
    widest = max(count for _, count in chart.rows) or 1
    line_height, label_width, bar_width = 20, 330, 260
    rows, y = [], 0
    for label, count in chart.rows:
        lines = label_lines(label)
        height = max(32, line_height * len(lines) + 12)
        middle = y + height // 2
        width = round(bar_width * count / widest)
        spans = "".join(f'<tspan x="0" y="{middle + 6 + line_height * (n - (len(lines) - 1) / 2):g}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        rows.append(f'<text font-size="16" fill="#1a1a1a">{spans}</text>'
                    f'<rect x="{label_width}" y="{middle - 8}" width="{width}" height="16" fill="#0f3a66"></rect>'
                    f'<text x="{label_width + width + 6}" y="{middle + 6}" font-size="16" fill="#1a1a1a">{count}</text>')
        y += height
    return Markup(f'<svg class="consult-chart" viewBox="0 0 {label_width + bar_width + 60} {y}" '
                  f'width="100%" role="img" aria-labelledby="grafiek-{chart.key}" focusable="false">'
                  + "".join(rows) + "</svg>")
