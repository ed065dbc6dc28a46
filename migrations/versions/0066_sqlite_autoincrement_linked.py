"""Every other table whose ids go into links (pages, mails) and whose rows can be removed gets AUTOINCREMENT
on SQLite, as 0058 did for actions, werkatelier outcomes and stukken: without it SQLite gives a removed
row's id to the next row, so an old link (a removed advice attachment, a draft comment, a purged reaction or
mail) opens another one. PostgreSQL's sequences never reuse an id, so there this does nothing.

A batch rebuild copies a table into a new one, which drops its triggers (the reactions' search index of
0004): every trigger on a rebuilt table is read first and made again afterwards, as it was.

Revision ID: 0066_sqlite_autoincrement_linked
Revises: 0062_publish_job
"""
from alembic import op

revision = "0066_sqlite_autoincrement_linked"
down_revision = "0062_publish_job"
branch_labels = None
depends_on = None

# Each: removed by an official, a partner or a purge, and named by id in a link of a page or a mail.
TABLES = (
    "advice_attachments",  # /advies/…/bijlagen/<id>; removed by the adviesraad while drafting
    "advice_points",  # /beheer/…/advies/punten/<id>; removed while drafting
    "withheld_documents",  # /stukken/niet-openbaar/<id>/verwijderen
    "draft_comments",  # /rondes/…/opmerkingen/<id>; removed by a colleague, purged after the decision
    "guiding_questions",  # /ronde/hulpvragen/<id>/verwijderen
    "own_motion_changes",  # /beheer/ambtshalve-wijzigingen/<id>/verwijderen
    "memberships",  # /beheer/…/rollen/<id>/verwijderen and /mensen/<id>/verwijderen
    "reactions",  # /beheer/reacties/<id>, /reacties/<id>/melden; unconfirmed ones are purged
    "attachments",  # /beheer/bijlagen/<id>; go with a purged reaction
    "points",  # /deelpunten/<id>/code; go with a purged reaction
    "outbox_messages",  # /beheer/mail/<id>/opnieuw; sent mail is purged
    "jobs",  # /beheer/bestanden/<id>; files with personal data are removed
    "erasure_requests",  # /beheer/verzoeken/<id>; purged after the retention period
    "workshop_outcome_comments",  # /uitkomsten/reacties/<id>; removed with a participant's data
)


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        triggers = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", (table,)).scalars().all()
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        for statement in triggers:
            op.execute(statement)


# Without table statistics SQLite chooses among indexes that fit a query equally well by their order in the
# schema, the newest winning; a rebuild makes every index of the table again in another order. The public
# reactions list must keep reading its page from the partial covering indexes of published reactions
# (0040; tests/reactions/test_pages_from_both_ends.py), so these are made again last.
NEWEST_LAST = ("ix_reactions_consultation_id_published", "ix_reactions_section_id_published")


def _published_indexes_last() -> None:
    bind = op.get_bind()
    for name in NEWEST_LAST:
        made_as = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).scalar()
        if made_as:
            op.execute(f"DROP INDEX {name}")
            op.execute(made_as)


def upgrade():
    _rebuild(True)
    if op.get_bind().dialect.name == "sqlite":
        _published_indexes_last()


def downgrade():
    _rebuild(False)
