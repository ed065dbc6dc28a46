"""The reactienota is published by a background job (issue 15): a job's arguments (the note), and at
most one publication waiting or running per consultation, guarded by a unique partial index.

Revision ID: 0062_publish_job
Revises: 0058_sqlite_autoincrement
"""
import sqlalchemy as sa
from alembic import op

revision = "0062_publish_job"
down_revision = "0058_sqlite_autoincrement"
branch_labels = None
depends_on = None

# As consult.jobs.models.ONE_AT_A_TIME at this revision.
ONE_AT_A_TIME = "kind = 'report_publish' AND status IN ('queued', 'running')"


def upgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("arguments", sa.JSON(), nullable=True))
    op.create_index("ux_jobs_one_publish", "jobs", ["consultation_id"], unique=True,
                    sqlite_where=sa.text(ONE_AT_A_TIME), postgresql_where=sa.text(ONE_AT_A_TIME))


def downgrade():
    op.drop_index("ux_jobs_one_publish", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("arguments")
