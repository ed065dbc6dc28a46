"""feedback rounds: invited organisations and their shared draft comments

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-30 06:53:10.098100

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('partners_see_each_other', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_feedback_rounds_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_rounds')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_feedback_rounds_consultation_id'))
    )
    op.create_table('round_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline_override', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_round_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_round_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['feedback_rounds.id'], name=op.f('fk_round_invitations_round_id_feedback_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_invitations')),
    sa.UniqueConstraint('round_id', 'organisation_id', name=op.f('uq_round_invitations_round_id_organisation_id'))
    )
    with op.batch_alter_table('round_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_invitations_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_invitations_round_id'), ['round_id'], unique=False)

    op.create_table('draft_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_draft_comments_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['round_invitations.id'], name=op.f('fk_draft_comments_invitation_id_round_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_draft_comments_section_id_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_draft_comments_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_comments'))
    )
    with op.batch_alter_table('draft_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_comments_invitation_id'), ['invitation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('draft_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_comments_invitation_id'))

    op.drop_table('draft_comments')
    with op.batch_alter_table('round_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_invitations_round_id'))
        batch_op.drop_index(batch_op.f('ix_round_invitations_organisation_id'))

    op.drop_table('round_invitations')
    op.drop_table('feedback_rounds')
