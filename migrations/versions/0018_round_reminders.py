"""round reminders: reminder moments per round and every reminder sent

Revision ID: 0018
Revises: 0024
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        # Rounds made before reminders existed get the default moments: 7 and 2 days before the deadline.
        batch_op.add_column(sa.Column('reminder_days', sa.JSON(), nullable=False, server_default='[7, 2]'))

    op.create_table('round_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('automatic', 'manual', name='reminderkind', native_enum=False, length=32), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['round_invitations.id'], name=op.f('fk_round_reminders_invitation_id_round_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_round_reminders_sent_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_reminders')),
    sa.UniqueConstraint('invitation_id', 'days_before', 'deadline', name=op.f('uq_round_reminders_invitation_id_days_before_deadline'))
    )
    with op.batch_alter_table('round_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_reminders_invitation_id'), ['invitation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('round_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_reminders_invitation_id'))

    op.drop_table('round_reminders')
    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')
