"""rounds: replies between organisations, public afterwards; advice: requests on a ter-inzage, versions of given advice

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30 13:23:54.185677

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('advice_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_advice_requests_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_advice_requests_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_advice_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_requests')),
    sa.UniqueConstraint('consultation_id', 'organisation_id', name=op.f('uq_advice_requests_consultation_id_organisation_id'))
    )
    with op.batch_alter_table('advice_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_requests_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_requests_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('reply_reactions',
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('replies_to_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_reply_reactions_reaction_id_reactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replies_to_id'], ['reactions.id'], name=op.f('fk_reply_reactions_replies_to_id_reactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reaction_id', name=op.f('pk_reply_reactions'))
    )
    with op.batch_alter_table('reply_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_reactions_replies_to_id'), ['replies_to_id'], unique=False)

    op.create_table('advice_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advice_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['advice_id'], ['advice.id'], name=op.f('fk_advice_versions_advice_id_advice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_advice_versions_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_versions')),
    sa.UniqueConstraint('advice_id', 'number', name=op.f('uq_advice_versions_advice_id_number'))
    )
    with op.batch_alter_table('advice_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_versions_advice_id'), ['advice_id'], unique=False)

    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_advice_request_id_advice_requests'), 'advice_requests', ['request_id'], ['id'], ondelete='SET NULL')

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

    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_advice_request_id_advice_requests'), type_='foreignkey')
        batch_op.drop_column('request_id')

    with op.batch_alter_table('advice_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_versions_advice_id'))

    op.drop_table('advice_versions')
    with op.batch_alter_table('reply_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_reactions_replies_to_id'))

    op.drop_table('reply_reactions')
    with op.batch_alter_table('advice_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_requests_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_advice_requests_consultation_id'))

    op.drop_table('advice_requests')
