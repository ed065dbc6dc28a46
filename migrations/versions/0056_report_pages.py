"""reactienota in parts read apart (issue 15): a published version's outline, its entries one row each
and an index of its kenmerken, filled here for the versions published before

Revision ID: 0056_report_pages
Revises: 0054
Create Date: 2026-12-01 00:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0056_report_pages'
down_revision = '0054'
branch_labels = None
depends_on = None

# Rows per INSERT: a version of 100,000 reactions is written in a few hundred statements.
BATCH = 1000

versions = sa.table("response_report_versions", sa.column("id", sa.Integer), sa.column("content", sa.JSON),
                    sa.column("outline", sa.JSON))
entries = sa.table("response_report_entries", sa.column("version_id", sa.Integer), sa.column("part", sa.Integer),
                   sa.column("position", sa.Integer), sa.column("data", sa.JSON))
references = sa.table("response_report_references", sa.column("version_id", sa.Integer), sa.column("key", sa.String),
                      sa.column("reference", sa.String), sa.column("part", sa.Integer), sa.column("position", sa.Integer))


def upgrade():
    op.create_table('response_report_entries',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['response_report_versions.id'], name=op.f('fk_response_report_entries_version_id_response_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'part', 'position', name=op.f('pk_response_report_entries'))
    )
    op.create_table('response_report_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['response_report_versions.id'], name=op.f('fk_response_report_references_version_id_response_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_report_references'))
    )
    op.create_index('ix_response_report_references_version_key', 'response_report_references', ['version_id', 'key'], unique=False)
    op.add_column('response_report_versions', sa.Column('outline', sa.JSON(), nullable=True))
    connection = op.get_bind()
    # One version at a time: each content may be tens of MB.
    for version_id in connection.scalars(sa.select(versions.c.id).order_by(versions.c.id)).all():
        _split(connection, version_id, connection.scalar(sa.select(versions.c.content).where(versions.c.id == version_id)))
    # On SQLite (which copies the table here) the outline goes before the summary and the content: to
    # read a column stored after a value of MBs, SQLite walks that value's overflow pages (20 ms at
    # 100,000 reactions). A new database, migrated through here, gets the same order.
    with op.batch_alter_table('response_report_versions', partial_reordering=[('outline', 'summary', 'content')]) as batch:
        batch.alter_column('outline', existing_type=sa.JSON(), nullable=False)


def _split(connection, version_id: int, content: dict) -> None:
    """As consult.reports.services._store_entries and consult.reports.parts.outline at this revision."""
    sections = content["sections"]
    outline = {**{key: value for key, value in content.items() if key != "sections"},
               "parts": [{"title": section["title"], "entries": len(section["entries"]),
                          "reactions": sum(len(entry["references"]) for entry in section["entries"])}
                         for section in sections]}
    connection.execute(versions.update().where(versions.c.id == version_id).values(outline=outline))
    rows, keys = [], []
    for part, section in enumerate(sections, start=1):
        for position, entry in enumerate(section["entries"]):
            rows.append({"version_id": version_id, "part": part, "position": position, "data": entry})
            keys += [{"version_id": version_id, "key": reference.upper(), "reference": reference, "part": part,
                      "position": position} for reference in entry["references"]]
    for table, values in ((entries, rows), (references, keys)):
        for start in range(0, len(values), BATCH):
            connection.execute(table.insert(), values[start:start + BATCH])


def downgrade():
    with op.batch_alter_table('response_report_versions') as batch:
        batch.drop_column('outline')
    op.drop_index('ix_response_report_references_version_key', table_name='response_report_references')
    op.drop_table('response_report_references')
    op.drop_table('response_report_entries')
