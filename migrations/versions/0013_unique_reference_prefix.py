"""unique kenmerk letters; forms kept when a session ends

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def upgrade():
    # Two consultations may already share letters (the form never checked). The oldest keeps them; each
    # later one gets a letter added (SMA → SMAB), so its next kenmerken no longer clash. Kenmerken
    # already handed out stay as they are: residents have them on their receipts.
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, reference_prefix FROM consultations ORDER BY id")).all()
    taken, renamed = set(), []
    for consultation_id, prefix in rows:
        new = prefix
        suffixes = iter(f"{a}{b}".strip() for a in " " + LETTERS for b in LETTERS)
        while new in taken:
            new = f"{prefix[:17]}{next(suffixes)}"
        taken.add(new)
        if new != prefix:
            renamed.append({"id": consultation_id, "prefix": new})
    if renamed:
        connection.execute(sa.text("UPDATE consultations SET reference_prefix = :prefix WHERE id = :id"), renamed)
    op.create_index(op.f('ix_consultations_reference_prefix'), 'consultations', ['reference_prefix'], unique=True)

    op.create_table('kept_forms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=2000), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_kept_forms_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_forms')),
    sa.UniqueConstraint('key', name=op.f('uq_kept_forms_key'))
    )
    with op.batch_alter_table('kept_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_forms_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_forms_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('kept_forms')
    op.drop_index(op.f('ix_consultations_reference_prefix'), table_name='consultations')
