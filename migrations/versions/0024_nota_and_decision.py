"""the nota and the besluit: Awb answer outcomes, ambtshalve wijzigingen, grouping, vaststelling, sent-log

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

# The answers' outcomes in the words of a nota van beantwoording. "Draft changed" becomes
# "overgenomen" (the reaction led to the change); "draft not changed" becomes "niet overgenomen";
# noted (kennisgenomen) and out of scope (buiten de orde) keep their value. Nothing said "in part"
# before, so no answer becomes "gedeeltelijk overgenomen" by itself. Published nota versions keep
# the label they were published with: they hold text, not these values.
OUTCOMES = (('draft_changed', 'adopted'), ('not_changed', 'not_adopted'))


def upgrade():
    for old, new in OUTCOMES:
        op.execute(sa.text("UPDATE answers SET outcome = :new WHERE outcome = :old").bindparams(old=old, new=new))
    # Plain add_column, not a batch rebuild: rebuilding reactions on SQLite would drop its search triggers.
    op.add_column('reactions', sa.Column('locale', sa.String(length=8), nullable=True))
    op.add_column('consultations', sa.Column('decision_notice_url', sa.String(length=500), nullable=False, server_default=''))
    op.add_column('response_reports', sa.Column('grouping', sa.Enum('section', 'theme', name='grouping', native_enum=False, length=32),
                                                nullable=False, server_default='section'))
    op.add_column('response_reports', sa.Column('adopted_by', sa.Enum('college', 'council', name='adopter', native_enum=False, length=32), nullable=True))
    op.add_column('response_reports', sa.Column('adopted_on', sa.Date(), nullable=True))
    op.add_column('response_reports', sa.Column('decision_number', sa.String(length=60), nullable=False, server_default=''))
    op.add_column('response_reports', sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('own_motion_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_own_motion_changes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_own_motion_changes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_own_motion_changes_section_id_sections'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_own_motion_changes'))
    )
    op.create_index(op.f('ix_own_motion_changes_consultation_id'), 'own_motion_changes', ['consultation_id'], unique=False)
    op.create_table('decision_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('reaction_id', sa.Integer(), nullable=True),
    sa.Column('signatory', sa.Integer(), nullable=False),
    sa.Column('way', sa.Enum('email', 'letter', 'public_notice', name='noticeway', native_enum=False, length=32), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_decision_notices_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_decision_notices_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name=op.f('fk_decision_notices_outbox_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_decision_notices_reaction_id_reactions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_notices'))
    )
    op.create_index(op.f('ix_decision_notices_consultation_id'), 'decision_notices', ['consultation_id'], unique=False)
    op.create_index(op.f('ix_decision_notices_reaction_id'), 'decision_notices', ['reaction_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_decision_notices_reaction_id'), table_name='decision_notices')
    op.drop_index(op.f('ix_decision_notices_consultation_id'), table_name='decision_notices')
    op.drop_table('decision_notices')
    op.drop_index(op.f('ix_own_motion_changes_consultation_id'), table_name='own_motion_changes')
    op.drop_table('own_motion_changes')
    for column in ('adopted_at', 'decision_number', 'adopted_on', 'adopted_by', 'grouping'):
        op.drop_column('response_reports', column)
    op.drop_column('consultations', 'decision_notice_url')
    op.drop_column('reactions', 'locale')
    for old, new in OUTCOMES:
        op.execute(sa.text("UPDATE answers SET outcome = :old WHERE outcome = :new").bindparams(old=old, new=new))
    # "Gedeeltelijk overgenomen" had no value before: the draft did change.
    op.execute(sa.text("UPDATE answers SET outcome = 'draft_changed' WHERE outcome = 'partly_adopted'"))
