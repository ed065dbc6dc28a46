"""The published reactions list reads its later pages from the oldest end, so the last page is as cheap as
the first (issue 15); the pages still show every reaction once, newest first."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.reactions.counters import recount
from consult.reactions.models import Publication, Reaction, ReactionStatus
from consult.reactions.queries import PAGE_SIZE, published_reactions


@pytest.mark.parametrize("count", [PAGE_SIZE * 3, PAGE_SIZE * 4 + 7, 1, 0])
def test_every_page_together_is_every_published_reaction_newest_first(app_context, make_consultation, session, count):
    consultation = make_consultation()
    start = utcnow() - timedelta(days=1)
    for n in range(count):
        session.add(Reaction(consultation=consultation, reference=f"TST-2026-{n + 1:04d}", body=f"Reactie {n}",
                             status=ReactionStatus.APPROVED, publication=Publication.NAMED, author_name="Iris",
                             # pairs share a moment, so the id decides the order between them
                             submitted_at=start + timedelta(minutes=n // 2)))
    recount(consultation)
    session.commit()
    pages = [published_reactions(consultation, None, number) for number in range(1, max(1, -(-count // PAGE_SIZE)) + 1)]
    shown = [r.reference for page in pages for r in page.items]
    assert shown == [f"TST-2026-{n + 1:04d}" for n in reversed(range(count))]
    assert all(len(page.items) == PAGE_SIZE for page in pages[:-1])
    assert [r.reference for r in published_reactions(consultation, None, 10_000).items] == [r.reference for r in pages[-1].items]


@pytest.mark.parametrize("on_section", [False, True])
def test_a_page_finds_its_reactions_in_the_index_of_published_reactions(app, app_context, make_consultation, session, on_section):
    """Page 3,000 of 100,000 skips index entries, not rows: the list reads the page's ids from the partial
    covering index of published reactions (a term that differs from the index's own would not use it)."""
    consultation = make_consultation()
    section = consultation.document_version.sections[0] if on_section else None
    for n in range(3):
        session.add(Reaction(consultation=consultation, section=section, reference=f"TST-2026-{n + 1:04d}",
                             body="Reactie", status=ReactionStatus.APPROVED, publication=Publication.NAMED, author_name="Iris"))
    recount(consultation)
    session.commit()
    statements = []

    def remember(_connection, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    sa.event.listen(session.get_bind(), "before_cursor_execute", remember)
    try:
        published_reactions(consultation, section, 1)
    finally:
        sa.event.remove(session.get_bind(), "before_cursor_execute", remember)
    statement, parameters = next(found for found in statements if "LIMIT" in found[0])
    index = f"ix_reactions_{'section_id' if on_section else 'consultation_id'}_published"
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    else:  # few rows here: make the planner show whether it can use the indexes at all
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters))
        index = "_published"  # without statistics PostgreSQL may take either of the two for a section
    assert index in plan, plan
