"""One form sent twice makes one row (consult.core.submission): every table a form adds rows to keeps
the form's one-time key in a unique column, as reactions did already. On SQLite the tables are rebuilt
(batch mode) to add the constraint; those made AUTOINCREMENT in 0058 stay so.
And a mail's stop link for the List-Unsubscribe header (RFC 8058 one-click unsubscribe).

Revision ID: 0070_submission_keys
Revises: 0062_publish_job
"""
import sqlalchemy as sa
from alembic import op

revision = "0070_submission_keys"
down_revision = "0062_publish_job"
branch_labels = None
depends_on = None

TABLES = ("actions", "action_updates", "workshop_outcomes", "workshop_outcome_comments", "workshop_input_cards", "advice_points",
          "draft_comments", "answers", "points", "consultation_files", "withheld_documents", "documents")
AUTOINCREMENT = {"actions", "workshop_outcomes", "consultation_files"}  # as 0058_sqlite_autoincrement


def _batch(table: str):
    return op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True} if table in AUTOINCREMENT else {})


def upgrade():
    for table in TABLES:
        with _batch(table) as batch:
            batch.add_column(sa.Column("submission_key", sa.String(64), nullable=True))
            batch.create_unique_constraint(f"uq_{table}_submission_key", ["submission_key"])
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("unsubscribe_url", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("unsubscribe_url")
    for table in TABLES:
        with _batch(table) as batch:
            batch.drop_constraint(f"uq_{table}_submission_key", type_="unique")
            batch.drop_column("submission_key")
