"""reactienota versions: every publication is a numbered, frozen version

Revision ID: 0014
Revises: 0010
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # A nota published before this revision has no version yet: it is frozen, as it reads then, the
    # first time its public page or a file is asked for (consult.reports.services.published_version).
    op.create_table('response_report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('correction_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_response_report_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['response_reports.id'], name=op.f('fk_response_report_versions_report_id_response_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_response_report_versions_report_id_number'))
    )
    op.create_table('response_report_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('extension', sa.String(length=8), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['response_report_versions.id'], name=op.f('fk_response_report_files_version_id_response_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_report_files')),
    sa.UniqueConstraint('version_id', 'extension', name=op.f('uq_response_report_files_version_id_extension'))
    )


def downgrade():
    op.drop_table('response_report_files')
    op.drop_table('response_report_versions')
