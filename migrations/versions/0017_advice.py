"""advice of advisory councils: advice, numbered advice points with their answers, attachments

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 09:51:45.341262

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('advice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('concept', 'submitted', 'answered', name='advicestate', native_enum=False, length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_advice_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['round_invitations.id'], name=op.f('fk_advice_invitation_id_round_invitations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_advice_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_advice_submitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_advice_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice')),
    sa.UniqueConstraint('consultation_id', 'organisation_id', name=op.f('uq_advice_consultation_id_organisation_id'))
    )
    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('advice_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advice_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verdict', sa.Enum('adopted', 'partly', 'not_adopted', name='verdict', native_enum=False, length=32), nullable=True),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['advice_id'], ['advice.id'], name=op.f('fk_advice_points_advice_id_advice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_advice_points_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_advice_points_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_advice_points_section_id_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_advice_points_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_points')),
    sa.UniqueConstraint('advice_id', 'number', name=op.f('uq_advice_points_advice_id_number'))
    )
    with op.batch_alter_table('advice_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_points_advice_id'), ['advice_id'], unique=False)

    op.create_table('advice_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advice_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['advice_id'], ['advice.id'], name=op.f('fk_advice_attachments_advice_id_advice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_advice_attachments_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_attachments')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_advice_attachments_storage_name'))
    )
    with op.batch_alter_table('advice_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_attachments_advice_id'), ['advice_id'], unique=False)


def downgrade():
    with op.batch_alter_table('advice_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_attachments_advice_id'))

    op.drop_table('advice_attachments')
    with op.batch_alter_table('advice_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_points_advice_id'))

    op.drop_table('advice_points')
    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_advice_consultation_id'))

    op.drop_table('advice')
