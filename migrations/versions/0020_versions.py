"""versions of submitted round comments; when an answer was sent to the organisations; guiding questions

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 10:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('guiding_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['feedback_rounds.id'], name=op.f('fk_guiding_questions_round_id_feedback_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_guiding_questions_section_id_sections'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guiding_questions'))
    )
    with op.batch_alter_table('guiding_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guiding_questions_round_id'), ['round_id'], unique=False)

    with op.batch_alter_table('draft_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_draft_comments_question_id_guiding_questions'), 'guiding_questions', ['question_id'], ['id'], ondelete='SET NULL')

    op.create_table('question_reactions',
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['guiding_questions.id'], name=op.f('fk_question_reactions_question_id_guiding_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_question_reactions_reaction_id_reactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reaction_id', name=op.f('pk_question_reactions'))
    )
    with op.batch_alter_table('question_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_reactions_question_id'), ['question_id'], unique=False)

    op.create_table('comment_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reaction_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reaction_id'], ['reactions.id'], name=op.f('fk_comment_versions_reaction_id_reactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_comment_versions_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_versions')),
    sa.UniqueConstraint('reaction_id', 'number', name=op.f('uq_comment_versions_reaction_id_number'))
    )
    with op.batch_alter_table('comment_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_versions_reaction_id'), ['reaction_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('sent_at')

    with op.batch_alter_table('comment_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_versions_reaction_id'))

    op.drop_table('comment_versions')

    with op.batch_alter_table('question_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_reactions_question_id'))

    op.drop_table('question_reactions')

    with op.batch_alter_table('draft_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_comments_question_id_guiding_questions'), type_='foreignkey')
        batch_op.drop_column('question_id')

    with op.batch_alter_table('guiding_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guiding_questions_round_id'))

    op.drop_table('guiding_questions')
