"""covering partial indexes of published reactions, for the public list's page numbers (issue 15)

Revision ID: 0040
Revises: 0038
Create Date: 2026-11-30 17:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0040'
down_revision = '0038'
branch_labels = None
depends_on = None

# As consult.reactions.models.PUBLISHED_ONLY at this revision.
PUBLISHED_ONLY = "publication != 'not_published' AND is_hidden IS {false} AND is_awaiting_confirmation IS {false}"


def upgrade():
    for lead in ("consultation_id", "section_id"):
        op.create_index(f"ix_reactions_{lead}_published", "reactions", [lead, "status", "submitted_at", "id"],
                        sqlite_where=sa.text(PUBLISHED_ONLY.format(false="0")),
                        postgresql_where=sa.text(PUBLISHED_ONLY.format(false="false")))


def downgrade():
    for lead in ("consultation_id", "section_id"):
        op.drop_index(f"ix_reactions_{lead}_published", table_name="reactions")
