"""reaction lifecycle: published counts per consultation and section; reports by account

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_section_counts',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('published_reaction_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_section_counts_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_consultation_section_counts_section_id_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'section_id', name=op.f('pk_consultation_section_counts'))
    )
    with op.batch_alter_table('reaction_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_account', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('reaction_reports', schema=None) as batch_op:
        batch_op.alter_column('by_account', server_default=None)

    # The counts move from the shared document version to each consultation, counted anew from the rows.
    op.execute(
        "INSERT INTO consultation_section_counts (consultation_id, section_id, published_reaction_count) "
        "SELECT consultation_id, section_id, COUNT(*) FROM reactions "
        "WHERE status = 'approved' AND publication <> 'not_published' AND is_hidden = false AND section_id IS NOT NULL "
        "GROUP BY consultation_id, section_id"
    )

    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_column('published_reaction_count')



def downgrade():
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_reaction_count', sa.INTEGER(), server_default=sa.text("'0'"), nullable=False))

    with op.batch_alter_table('reaction_reports', schema=None) as batch_op:
        batch_op.drop_column('by_account')

    op.drop_table('consultation_section_counts')
