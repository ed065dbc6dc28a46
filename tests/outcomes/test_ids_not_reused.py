"""A removed outcome's id is never given to a new one: links to it (votes, edits) must not open another."""
from tests.outcomes.conftest import add_idea


def test_a_new_outcome_never_gets_a_removed_outcomes_id(session, world):
    removed = add_idea(session, world.workshop, world.workshop.tables[0], text="Verkeerd")
    old_id = removed.id
    session.delete(removed)
    session.commit()
    assert add_idea(session, world.workshop, world.workshop.tables[0], text="Goed").id > old_id
