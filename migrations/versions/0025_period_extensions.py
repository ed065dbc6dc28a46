"""period extensions: a later closing moment for a published period, with the reason and the kennisgeving line

Revision ID: 0025
Revises: 0022
Create Date: 2026-11-30 10:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('period_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('previous_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('notice', sa.String(length=1000), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_period_extensions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_period_extensions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_extensions'))
    )
    with op.batch_alter_table('period_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_extensions_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('period_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_extensions_consultation_id'))
    op.drop_table('period_extensions')
