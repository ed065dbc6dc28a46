"""werkatelier cards keep whether their writer was told their name would show

Revision ID: 0042
Revises: 0040
Create Date: 2026-11-30 17:35:00

Cards written before this revision get False: nobody can say what their writers were told, so their names
stay hidden (the privacy-safe choice).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0042'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_input_cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_with_name', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('workshop_input_cards', schema=None) as batch_op:
        batch_op.drop_column('written_with_name')
