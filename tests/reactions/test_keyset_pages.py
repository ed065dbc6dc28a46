"""The public reactions list pages by keyset: the next and previous links name the reaction their page
starts from, so a page far down the list reads a range of the index, never skips entries (issue 15). The
numbers visitors see stay, and old ``?pagina=N`` links keep working."""
import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.reactions.counters import recount
from consult.reactions.models import Publication, Reaction, ReactionStatus
from consult.reactions.queries import PAGE_SIZE, published_reactions

COUNT = PAGE_SIZE * 3 + 7


@pytest.fixture
def listed(make_consultation, session):
    consultation = make_consultation()
    start = utcnow() - timedelta(days=1)
    for n in range(COUNT):
        session.add(Reaction(consultation=consultation, reference=f"TST-2026-{n + 1:04d}", body=f"Reactie {n}",
                             status=ReactionStatus.APPROVED, publication=Publication.NAMED, author_name="Iris",
                             # pairs share a moment, so the id decides the order between them
                             submitted_at=start + timedelta(minutes=n // 2)))
    recount(consultation)
    session.commit()
    return consultation


def shown(page: str) -> list[str]:
    return re.findall(r"TST-2026-\d{4}", page)


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def test_following_next_and_previous_links_shows_every_reaction_once_with_page_numbers(client, listed):
    newest_first = [f"TST-2026-{n + 1:04d}" for n in reversed(range(COUNT))]
    url, seen, numbers = f"/consultaties/{listed.slug}/reacties", [], []
    while url:
        page = client.get(url).text
        seen += list(dict.fromkeys(shown(page)))
        numbers.append(re.search(r"Pagina (\d+) van (\d+)", page).groups())
        url = link(page, "next")
        assert url is None or ("na=" in url and "pagina=" in url)
    assert seen == newest_first
    assert numbers == [("1", "4"), ("2", "4"), ("3", "4"), ("4", "4")]

    last = client.get(f"/consultaties/{listed.slug}/reacties?pagina=4").text  # the "last page" link
    url, seen = link(last, "prev"), list(dict.fromkeys(shown(last)))
    while url:
        assert "voor=" in url
        page = client.get(url).text
        seen = list(dict.fromkeys(shown(page))) + seen
        url = link(page, "prev")
    assert seen == newest_first


def test_old_page_number_links_keep_working(client, listed):
    page = client.get(f"/consultaties/{listed.slug}/reacties?pagina=2").text
    assert list(dict.fromkeys(shown(page))) == [f"TST-2026-{n + 1:04d}" for n in reversed(range(COUNT))][PAGE_SIZE:2 * PAGE_SIZE]
    assert "Pagina 2 van 4" in page


def test_a_link_from_a_reaction_no_longer_published_falls_back_to_its_page_number(app_context, listed, session):
    first = published_reactions(listed, None, 1)
    gone = session.get(Reaction, first.older_than)
    gone.hide()
    recount(listed)
    session.commit()
    page = published_reactions(listed, None, 2, older_than=gone.id)
    assert page.number == 2 and len(page.items) == PAGE_SIZE and gone not in page.items


@pytest.mark.parametrize("direction", ["older_than", "newer_than"])
def test_a_keyset_page_reads_a_range_of_the_published_index_without_skipping(app_context, listed, session, direction):
    middle = published_reactions(listed, None, 2)
    statements = []

    def remember(_connection, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    sa.event.listen(session.get_bind(), "before_cursor_execute", remember)
    try:
        page = published_reactions(listed, None, 3, **{direction: getattr(middle, direction)})
    finally:
        sa.event.remove(session.get_bind(), "before_cursor_execute", remember)
    assert len(page.items) == PAGE_SIZE
    statement, parameters = next(found for found in statements if "LIMIT" in found[0])
    connection = session.connection()
    if connection.dialect.name == "sqlite":  # SQLAlchemy writes LIMIT ? OFFSET ? there, with 0 when none
        assert tuple(parameters[-2:]) == (PAGE_SIZE + 1, 0), (statement, parameters)  # the subquery's, last
        plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
        assert "ix_reactions_consultation_id_published" in plan and "submitted_at" in plan, plan  # a range
    else:
        assert "OFFSET" not in statement.upper()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters))
        assert "_published" in plan and "submitted_at" in plan, plan


@pytest.mark.parametrize("query", ["na=99999999999999999999999", "voor=-1", "na=abc", "voor=1e9", "na=", "pagina=2&na=0"])
def test_a_link_naming_no_reaction_of_ours_gets_the_numbered_page(client, listed, query):
    page = client.get(f"/consultaties/{listed.slug}/reacties?{query}")
    assert page.status_code == 200 and len(set(shown(page.text))) == PAGE_SIZE, query
