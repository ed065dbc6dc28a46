"""versions of submitted round comments; when an answer was sent to the organisations

Revision ID: 0020
Revises: 0016
Create Date: 2026-11-30 10:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_comment_versions_reaction_id_reactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_comment_versions_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_versions')),
    sa.UniqueConstraint('reaction_id', 'number', name=op.f('uq_comment_versions_reaction_id_number'))
    )
    with op.batch_alter_table('comment_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_versions_reaction_id'), ['reaction_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('sent_at')

    with op.batch_alter_table('comment_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_versions_reaction_id'))

    op.drop_table('comment_versions')
