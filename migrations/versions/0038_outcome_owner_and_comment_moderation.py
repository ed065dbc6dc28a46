"""werkatelier outcomes: the proposed owner is an organisation or a theme's bestuurlijk duo; reactions on
the verslag are moderated

Revision ID: 0038
Revises: 0036
Create Date: 2026-11-30 16:45:00

The free-text proposed owner becomes a choice, as an action's owner is. Existing text is kept: a text that
names an organisation (its name) becomes that organisation; one that names a theme of the werkatelier's
organisation or its region (its title, its duo's names, or "Bestuurlijk duo" and the title) becomes that
theme's duo; any other text is added to the outcome's text, so nothing the official wrote is lost.
Reactions on the verslag written before this change were never moderated: they wait for an official.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0036'
branch_labels = None
depends_on = None

MAX_OUTCOME_TEXT = 2000
DUO = "bestuurlijk duo"


def _key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _theme_keys(title: str, owners: str) -> set[str]:
    keys = {_key(title), _key(f"{DUO} {title}"), _key(f"{DUO} van {title}"), _key(f"{DUO} {owners}")}
    if owners.strip():
        keys.add(_key(owners))
    return keys


def _carry_over_owners(connection) -> None:
    organisations = {_key(name): id_ for id_, name in connection.execute(sa.text("SELECT id, name FROM organisations"))}
    outcomes = connection.execute(sa.text(
        "SELECT o.id, o.text, o.proposed_owner, c.organisation_id, org.region_id FROM workshop_outcomes o"
        " JOIN workshops w ON w.id = o.workshop_id JOIN consultations c ON c.id = w.consultation_id"
        " JOIN organisations org ON org.id = c.organisation_id WHERE o.proposed_owner <> ''")).all()
    for outcome_id, text, owner, organisation_id, region_id in outcomes:
        themes = connection.execute(sa.text(
            "SELECT id, title, owners FROM themes WHERE organisation_id IN (:own, :region) ORDER BY id"),
            {"own": organisation_id, "region": region_id or organisation_id}).all()
        duo = next((id_ for id_, title, owners in themes if _key(owner) in _theme_keys(title, owners or "")), None)
        if _key(owner) in organisations:
            connection.execute(sa.text("UPDATE workshop_outcomes SET proposed_owner_organisation_id = :o WHERE id = :id"),
                               {"o": organisations[_key(owner)], "id": outcome_id})
        elif duo is not None:
            connection.execute(sa.text("UPDATE workshop_outcomes SET proposed_duo_theme_id = :t WHERE id = :id"),
                               {"t": duo, "id": outcome_id})
        else:
            kept = f"{text}\n\nVoorgestelde eigenaar: {owner}"[:MAX_OUTCOME_TEXT]
            connection.execute(sa.text("UPDATE workshop_outcomes SET text = :text WHERE id = :id"),
                               {"text": kept, "id": outcome_id})


def upgrade():
    with op.batch_alter_table('workshop_outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_owner_organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposed_duo_theme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_workshop_outcomes_proposed_owner_organisation_id_organisations'),
                                    'organisations', ['proposed_owner_organisation_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_workshop_outcomes_proposed_duo_theme_id_themes'),
                                    'themes', ['proposed_duo_theme_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            batch_op.f('ck_workshop_outcomes_one_proposed_owner'),
            'proposed_owner_organisation_id IS NULL OR proposed_duo_theme_id IS NULL')
    _carry_over_owners(op.get_bind())
    with op.batch_alter_table('workshop_outcomes', schema=None) as batch_op:
        batch_op.drop_column('proposed_owner')

    with op.batch_alter_table('workshop_outcome_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('pending', 'approved', 'rejected', name='commentstatus',
                                                        native_enum=False, length=32),
                                      server_default='pending', nullable=False))
        batch_op.add_column(sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('moderated_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_workshop_outcome_comments_moderated_by_id_users'), 'users',
                                    ['moderated_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('workshop_outcome_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshop_outcome_comments_moderated_by_id_users'), type_='foreignkey')
        batch_op.drop_column('moderated_by_id')
        batch_op.drop_column('moderated_at')
        batch_op.drop_column('status')

    with op.batch_alter_table('workshop_outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_owner', sa.String(length=200), server_default='', nullable=False))
    op.execute("UPDATE workshop_outcomes SET proposed_owner = (SELECT substr(name, 1, 200) FROM organisations"
               " WHERE organisations.id = workshop_outcomes.proposed_owner_organisation_id)"
               " WHERE proposed_owner_organisation_id IS NOT NULL")
    op.execute("UPDATE workshop_outcomes SET proposed_owner = (SELECT substr('Bestuurlijk duo ' || title, 1, 200)"
               " FROM themes WHERE themes.id = workshop_outcomes.proposed_duo_theme_id)"
               " WHERE proposed_duo_theme_id IS NOT NULL")
    with op.batch_alter_table('workshop_outcomes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshop_outcomes_one_proposed_owner'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_workshop_outcomes_proposed_duo_theme_id_themes'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_workshop_outcomes_proposed_owner_organisation_id_organisations'),
                                 type_='foreignkey')
        batch_op.drop_column('proposed_duo_theme_id')
        batch_op.drop_column('proposed_owner_organisation_id')
