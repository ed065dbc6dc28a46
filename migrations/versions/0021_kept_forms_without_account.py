"""kept forms: a form kept from a POST whose session had gone has no account yet

Revision ID: 0021
Revises: 0026
Create Date: 2026-11-30 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kept_forms', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM kept_forms WHERE user_id IS NULL")
    with op.batch_alter_table('kept_forms', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
