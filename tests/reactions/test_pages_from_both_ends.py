"""The published reactions list reads its later pages from the oldest end, so the last page is as cheap as
the first (issue 15); the pages still show every reaction once, newest first."""
from datetime import timedelta

import pytest

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
