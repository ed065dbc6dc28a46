"""Werkatelier registrations: the address confirmed by the link in the mail, and until when an unconfirmed
place is held. Registrations made before this are counted as confirmed (they were accepted as such).

Revision ID: 0054
Revises: 0052
"""
import sqlalchemy as sa
from alembic import op

revision = "0054"
down_revision = "0052"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop_registrations") as batch:
        batch.add_column(sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("confirm_by", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE workshop_registrations SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table("workshop_registrations") as batch:
        batch.drop_column("confirm_by")
        batch.drop_column("email_confirmed_at")
