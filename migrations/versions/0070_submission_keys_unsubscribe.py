"""One form sent twice makes one row (consult.core.submission): every table a form adds rows to keeps
the form's one-time key in a unique column, as reactions did already. On SQLite the tables are rebuilt
(batch mode) to add the constraint; those made AUTOINCREMENT in 0058 and 0066 stay so.
And a mail's stop link for the List-Unsubscribe header (RFC 8058 one-click unsubscribe).

Revision ID: 0070_submission_keys
Revises: 0066_sqlite_autoincrement_linked
"""
import sqlalchemy as sa
from alembic import op

revision = "0070_submission_keys"
down_revision = "0066_sqlite_autoincrement_linked"
branch_labels = None
depends_on = None

TABLES = ("actions", "action_updates", "workshop_outcomes", "workshop_outcome_comments", "workshop_input_cards", "advice_points",
          "draft_comments", "answers", "points", "consultation_files", "withheld_documents", "documents")


def _batch(table: str):
    # A rebuild makes the table as the metadata given here says: read from the table itself whether it is
    # AUTOINCREMENT (0058, 0066), so the rebuild keeps it and no removed id is given again.
    bind = op.get_bind()
    made_as = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar() \
        if bind.dialect.name == "sqlite" else None
    autoincrement = "AUTOINCREMENT" in (made_as or "").upper()
    return op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True} if autoincrement else {})


def upgrade():
    for table in TABLES:
        with _batch(table) as batch:
            batch.add_column(sa.Column("submission_key", sa.String(64), nullable=True))
            batch.create_unique_constraint(f"uq_{table}_submission_key", ["submission_key"])
    with _batch("outbox_messages") as batch:
        batch.add_column(sa.Column("unsubscribe_url", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with _batch("outbox_messages") as batch:
        batch.drop_column("unsubscribe_url")
    for table in TABLES:
        with _batch(table) as batch:
            batch.drop_constraint(f"uq_{table}_submission_key", type_="unique")
            batch.drop_column("submission_key")
