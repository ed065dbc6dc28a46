"""privacy

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erasure_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'refused', name='requeststatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('reactions_anonymised', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_erasure_requests_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_erasure_requests_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_requests'))
    )
    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_requests_email'), ['email'], unique=False)
        batch_op.create_index('ix_erasure_requests_organisation_status', ['organisation_id', 'status'], unique=False)

    # Plain ALTER TABLE: a batch copy of ``reactions`` on SQLite would drop its full-text triggers.
    op.add_column('reactions', sa.Column('co_signer_count', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('reactions', sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    reactions = sa.table('reactions', sa.column('id', sa.Integer), sa.column('co_signers', sa.Text),
                         sa.column('co_signer_count', sa.Integer))
    connection = op.get_bind()
    signed = connection.execute(sa.select(reactions.c.id, reactions.c.co_signers).where(reactions.c.co_signers != '')).all()
    for reaction_id, co_signers in signed:
        count = len([line for line in co_signers.splitlines() if line.strip()])
        connection.execute(reactions.update().where(reactions.c.id == reaction_id).values(co_signer_count=count))


def downgrade():
    for column in ('anonymised_at', 'co_signer_count'):
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f"ALTER TABLE reactions DROP COLUMN {column}")  # SQLite 3.35+, keeps the triggers
        else:
            op.drop_column('reactions', column)

    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_erasure_requests_organisation_status')
        batch_op.drop_index(batch_op.f('ix_erasure_requests_email'))

    op.drop_table('erasure_requests')
