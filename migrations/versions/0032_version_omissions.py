"""document versions remember what their import could not carry over from the file

Revision ID: 0032
Revises: 0035
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('omissions', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.drop_column('omissions')
