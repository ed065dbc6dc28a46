"""Ids of rows that can be removed while links name them are never given again: actions, werkatelier
outcomes and stukken. SQLite reuses the highest id after a delete unless the table is AUTOINCREMENT
(a removed action 16 made the next action 16, and old mail links opened it); PostgreSQL's sequences never
reuse one, so there this does nothing. On SQLite the tables are rebuilt (batch mode) with AUTOINCREMENT.

Revision ID: 0058_sqlite_autoincrement
Revises: 0056_report_pages
"""
from alembic import op

revision = "0058_sqlite_autoincrement"
down_revision = "0056_report_pages"
branch_labels = None
depends_on = None

TABLES = ("actions", "workshop_outcomes", "consultation_files")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
