"""rounds: replies between organisations, public afterwards

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30 13:08:41.820082

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reply_reactions',
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('replies_to_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_reply_reactions_reaction_id_reactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replies_to_id'], ['reactions.id'], name=op.f('fk_reply_reactions_replies_to_id_reactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reaction_id', name=op.f('pk_reply_reactions'))
    )
    with op.batch_alter_table('reply_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_reactions_replies_to_id'), ['replies_to_id'], unique=False)

    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allows_replies', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('is_public_afterwards', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('made_public_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('made_public_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_feedback_rounds_made_public_by_id_users'), 'users', ['made_public_by_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_feedback_rounds_made_public_by_id_users'), type_='foreignkey')
        batch_op.drop_column('made_public_by_id')
        batch_op.drop_column('made_public_at')
        batch_op.drop_column('is_public_afterwards')
        batch_op.drop_column('allows_replies')

    with op.batch_alter_table('reply_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_reactions_replies_to_id'))

    op.drop_table('reply_reactions')
