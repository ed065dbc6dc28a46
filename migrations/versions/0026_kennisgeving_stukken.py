"""kennisgeving: legal basis, where the stukken lie on paper, the official publication; stukken beside the draft and withheld documents

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 10:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_files_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_files')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_consultation_files_storage_name'))
    )
    with op.batch_alter_table('consultation_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_files_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('withheld_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('ground', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_withheld_documents_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withheld_documents'))
    )
    with op.batch_alter_table('withheld_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withheld_documents_consultation_id'), ['consultation_id'], unique=False)

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_basis', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('inspection_place', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('inspection_hours', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('official_publication', sa.String(length=200), nullable=False, server_default=''))
    # The defaults only filled the existing rows; the models give new rows theirs.
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        for column in ('legal_basis', 'inspection_place', 'inspection_hours', 'official_publication'):
            batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('official_publication')
        batch_op.drop_column('inspection_hours')
        batch_op.drop_column('inspection_place')
        batch_op.drop_column('legal_basis')
    with op.batch_alter_table('withheld_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_withheld_documents_consultation_id'))
    op.drop_table('withheld_documents')
    with op.batch_alter_table('consultation_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_files_consultation_id'))
    op.drop_table('consultation_files')
