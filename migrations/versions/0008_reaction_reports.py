"""reaction reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reaction_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('reporter_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_reaction_reports_reaction_id_reactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reaction_reports')),
    sa.UniqueConstraint('reaction_id', 'reporter_key', name=op.f('uq_reaction_reports_reaction_id_reporter_key'))
    )
    with op.batch_alter_table('reaction_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reaction_reports_reaction_id'), ['reaction_id'], unique=False)

    # A plain ADD COLUMN: a batch operation would rebuild the table on SQLite and drop the full-text
    # triggers of 0004.
    op.add_column('reactions', sa.Column('is_hidden', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE reactions DROP COLUMN is_hidden")  # SQLite 3.35+, keeps the triggers
    else:
        op.drop_column('reactions', 'is_hidden')

    with op.batch_alter_table('reaction_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reaction_reports_reaction_id'))

    op.drop_table('reaction_reports')
