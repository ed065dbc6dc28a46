"""search and filter indexes

An index per workbench filter, an is_answered flag kept by the answer services, and full-text
search: FTS5 on SQLite, a GIN index on a Dutch tsvector on PostgreSQL. The search structures are
not in the models (neither dialect can express the other's); migrations/env.py leaves them out of
the model comparison.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# The reference's hyphens become spaces, or PostgreSQL reads "-2026" as a signed number.
SEARCHED = "body || ' ' || author_name || ' ' || organisation_name || ' ' || translate(reference, '-', ' ')"
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE reactions_fts USING fts5(body, author_name, organisation_name, reference, "
    "content='reactions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
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
    "INSERT INTO reactions_fts(reactions_fts) VALUES ('rebuild')",
]


def upgrade():
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_answered', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_reactions_consultation_answered', ['consultation_id', 'is_answered', 'status', 'assigned_to_id'], unique=False)
        batch_op.create_index('ix_reactions_consultation_channel', ['consultation_id', 'channel'], unique=False)
        batch_op.create_index('ix_reactions_consultation_late', ['consultation_id', 'is_late'], unique=False)
        batch_op.create_index('ix_reactions_consultation_org_kind', ['consultation_id', 'organisation_kind'], unique=False)
        batch_op.create_index('ix_reactions_consultation_org_name', ['consultation_id', 'organisation_name'], unique=False)
        batch_op.create_index('ix_reactions_consultation_submitted', ['consultation_id', 'submitted_at'], unique=False)
    op.execute(
        "UPDATE reactions SET is_answered = (answer_id IS NOT NULL OR ("
        "EXISTS (SELECT 1 FROM points WHERE points.reaction_id = reactions.id) AND "
        "NOT EXISTS (SELECT 1 FROM points WHERE points.reaction_id = reactions.id AND points.answer_id IS NULL)))"
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_reactions_search ON reactions USING gin (to_tsvector('dutch', {SEARCHED}))")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS reactions_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS reactions_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_reactions_search")
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.drop_index('ix_reactions_consultation_submitted')
        batch_op.drop_index('ix_reactions_consultation_org_name')
        batch_op.drop_index('ix_reactions_consultation_org_kind')
        batch_op.drop_index('ix_reactions_consultation_late')
        batch_op.drop_index('ix_reactions_consultation_channel')
        batch_op.drop_index('ix_reactions_consultation_answered')
        batch_op.drop_column('is_answered')
