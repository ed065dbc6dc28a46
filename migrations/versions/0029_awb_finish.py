"""the Awb procedure finished: accessibility statements per tenant, an organisation's own adopting bodies,
and corrections of a recorded decision

Revision ID: 0029
Revises: 0033
Create Date: 2026-11-30 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'accessibility_statements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=300), nullable=False),
        sa.Column('status', sa.Enum('A', 'B', 'C', 'D', 'E', name='compliancestatus', native_enum=False, length=32),
                  nullable=False),
        sa.Column('statement_date', sa.Date(), nullable=False),
        sa.Column('audits', sa.JSON(), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('response_days', sa.Integer(), nullable=False),
        sa.Column('ombudsman', sa.Enum('national', 'municipal', name='ombudsman', native_enum=False, length=32),
                  nullable=False),
        sa.Column('ombudsman_name', sa.String(length=200), nullable=False),
        sa.Column('ombudsman_url', sa.String(length=500), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_accessibility_statements_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_accessibility_statements_updated_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_statements')),
        sa.UniqueConstraint('organisation_id', name=op.f('uq_accessibility_statements_organisation_id')),
    )
    op.create_table(
        'decision_corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('previous', sa.JSON(), nullable=False),
        sa.Column('current', sa.JSON(), nullable=False),
        sa.Column('notified', sa.Integer(), nullable=False),
        sa.Column('corrected_by_id', sa.Integer(), nullable=True),
        sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'],
                                name=op.f('fk_decision_corrections_consultation_id_consultations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'],
                                name=op.f('fk_decision_corrections_corrected_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_corrections')),
    )
    with op.batch_alter_table('decision_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_corrections_consultation_id'), ['consultation_id'], unique=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adopting_bodies', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('response_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adopted_by_body', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('response_reports', schema=None) as batch_op:
        batch_op.drop_column('adopted_by_body')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('adopting_bodies')
    with op.batch_alter_table('decision_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_corrections_consultation_id'))
    op.drop_table('decision_corrections')
    op.drop_table('accessibility_statements')
