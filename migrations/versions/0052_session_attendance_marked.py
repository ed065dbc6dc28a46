"""werkatelier sessions keep when attendance was marked

Revision ID: 0052
Revises: 0042
Create Date: 2026-11-30 21:00:00

Once officials mark who came, only those present vote and react on the verslag; before (and for sessions
from before this revision, NULL), everyone with a place does.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0052'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_marked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.drop_column('attendance_marked_at')
