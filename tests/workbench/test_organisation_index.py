"""The queue's organisation list and filter read the index of reactions sent on behalf of an organisation
(issue 15): over every reaction the list took 10 ms a view at 100,000, over the named ones 2 ms."""
import sqlalchemy as sa

from consult.moderation.queries import QueueFilter, filter_conditions, organisation_names, organisation_spellings
from consult.reactions.models import Reaction

INDEX = "ix_reactions_consultation_named_org"


def plan(session, run) -> tuple[object, str]:
    """What ``run`` returns, and the query plans of the statements it ran that read reactions."""
    seen = []
    remember = lambda _c, _cur, statement, parameters, _ctx, _many: seen.append((statement, parameters))  # noqa: E731
    sa.event.listen(session.get_bind(), "before_cursor_execute", remember)
    try:
        result = run()
    finally:
        sa.event.remove(session.get_bind(), "before_cursor_execute", remember)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        explain = "EXPLAIN QUERY PLAN"
    else:
        explain = "EXPLAIN"
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # few rows here: can the planner use it at all?
    plans = [" ".join(str(row) for row in connection.exec_driver_sql(f"{explain} {statement}", parameters))
             for statement, parameters in seen if "FROM reactions" in statement]
    return result, " | ".join(plans)


def test_the_organisation_list_and_filter_use_the_index_of_named_organisations(app_context, workbench, make_reaction, session):
    for n in range(3):
        make_reaction(workbench, organisation_name=f"Zorg {n}", author_name=f"Iris {n}")
    make_reaction(workbench, author_name="Ahmed")
    session.commit()

    names, planned = plan(session, lambda: organisation_names(workbench))
    assert names == ["Zorg 0", "Zorg 1", "Zorg 2"]
    assert INDEX in planned

    conditions = filter_conditions(workbench, QueueFilter(status="all", organisation="zorg  1"), 0, {})
    assert organisation_spellings(workbench.id, "zorg  1") == ["Zorg 1"]
    count, planned = plan(session, lambda: session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(*conditions)))
    assert count == 1
    assert INDEX in planned
