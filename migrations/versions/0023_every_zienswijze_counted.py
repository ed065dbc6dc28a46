"""every zienswijze counted: counted on receipt in afdeling 3.4, late ones decided, verslagen of oral ones

Revision ID: 0023
Revises: 0021
Create Date: 2026-11-30 10:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0021'
branch_labels = None
depends_on = None

# On SQLite a batch alter copies the table into a new one, which drops its triggers: the ones that keep
# the search index (reactions_fts, migration 0004) up to date are made again afterwards. The index itself
# is keyed by reaction id, which the copy keeps.
SQLITE_FTS_TRIGGERS = [
    "CREATE TRIGGER reactions_fts_insert AFTER INSERT ON reactions BEGIN "
    "INSERT INTO reactions_fts(rowid, body, author_name, organisation_name, reference) "
    "VALUES (new.id, new.body, new.author_name, new.organisation_name, new.reference); END",
    "CREATE TRIGGER reactions_fts_delete AFTER DELETE ON reactions BEGIN "
    "INSERT INTO reactions_fts(reactions_fts, rowid, body, author_name, organisation_name, reference) "
    "VALUES ('delete', old.id, old.body, old.author_name, old.organisation_name, old.reference); END",
    "CREATE TRIGGER reactions_fts_update AFTER UPDATE OF body, author_name, organisation_name, reference ON reactions BEGIN "
    "INSERT INTO reactions_fts(reactions_fts, rowid, body, author_name, organisation_name, reference) "
    "VALUES ('delete', old.id, old.body, old.author_name, old.organisation_name, old.reference); "
    "INSERT INTO reactions_fts(rowid, body, author_name, organisation_name, reference) "
    "VALUES (new.id, new.body, new.author_name, new.organisation_name, new.reference); END",
]


def _restore_search_triggers():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS reactions_fts_{trigger}")
        for statement in SQLITE_FTS_TRIGGERS:
            op.execute(statement)


def upgrade():
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_awaiting_confirmation', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('is_late_considered', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('late_decision_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('late_decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('late_decided_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reactions_late_decided_by_id_users'), 'users', ['late_decided_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.alter_column('is_awaiting_confirmation', server_default=None)
        batch_op.alter_column('late_decision_reason', server_default=None)
    _restore_search_triggers()

    op.create_table('oral_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_confirmed', sa.Boolean(), nullable=True),
    sa.Column('correction', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_oral_reports_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_oral_reports_reaction_id_reactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oral_reports')),
    sa.UniqueConstraint('reaction_id', name=op.f('uq_oral_reports_reaction_id'))
    )

    # Zienswijzen of a running afdeling 3.4 procedure that wait for confirmation were received: they
    # count from now on, unpublished until confirmed, and the counters follow.
    op.execute(
        "UPDATE reactions SET status = 'pending', is_awaiting_confirmation = true "
        "WHERE status = 'unconfirmed' AND channel = 'web' AND consultation_id IN "
        "(SELECT id FROM consultations WHERE procedure = 'awb_uniform' AND state = 'published')"
    )
    op.execute(
        "UPDATE consultations SET reaction_count = (SELECT COUNT(*) FROM reactions "
        "WHERE reactions.consultation_id = consultations.id AND reactions.status IN ('pending', 'approved', 'rejected')) "
        "WHERE procedure = 'awb_uniform'"
    )


def downgrade():
    op.drop_table('oral_reports')
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reactions_late_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('late_decided_by_id')
        batch_op.drop_column('late_decided_at')
        batch_op.drop_column('late_decision_reason')
        batch_op.drop_column('is_late_considered')
        batch_op.drop_column('is_awaiting_confirmation')
    _restore_search_triggers()
