"""organisations as controllers: the data protection officer and the organisation's own accessibility statement

Revision ID: 0027
Revises: 0020
Create Date: 2026-11-30 11:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_officer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('privacy_officer_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('accessibility_statement_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('accessibility_statement_url')
        batch_op.drop_column('privacy_officer_email')
        batch_op.drop_column('privacy_officer')
