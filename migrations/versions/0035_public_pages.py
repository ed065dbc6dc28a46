"""public pages: the public version counter of the page cache; rich text stored cleaned

Revision ID: 0035
Revises: 0031
Create Date: 2026-11-30 13:20:00

Pages no longer clean rich text when they show it (issue 15): the models clean it when it is written.
Rows written before were cleaned by the importer and the services already; this cleans them once more,
so every stored row is known clean whatever wrote it.
"""
from alembic import op
import sqlalchemy as sa

from consult.core.sanitize import clean_rich_text

# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0031'
branch_labels = None
depends_on = None

BATCH = 500


def _clean(table: str, column: str) -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}"),
                            {"last": last}).all()
        if not rows:
            return
        for row_id, html in rows:
            clean = clean_rich_text(html or "")
            if clean != (html or ""):
                bind.execute(sa.text(f"UPDATE {table} SET {column} = :clean WHERE id = :id"), {"clean": clean, "id": row_id})
        last = rows[-1][0]


def upgrade():
    versions = op.create_table(
        'public_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_versions')),
    )
    op.bulk_insert(versions, [{'id': 1, 'version': 0}])
    _clean('sections', 'body_html')
    _clean('consultations', 'introduction_html')


def downgrade():
    op.drop_table('public_versions')
