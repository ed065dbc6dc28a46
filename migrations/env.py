"""Alembic environment: the app's engine and the metadata of every model (consult.models)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from consult.core.db import UTCDateTime, include_in_model_comparison

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):
    # Our UTC wrapper is a plain timestamptz in the database; migrations need no app import for it.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure(**kwargs):
    context.configure(
        target_metadata=db.metadata,
        render_item=render_item,
        include_object=include_in_model_comparison,
        **current_app.extensions["migrate"].configure_args,
        **kwargs,
    )


if context.is_offline_mode():
    configure(url=db.engine.url.render_as_string(hide_password=False), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # SQLite alters a table by copying it into a new one and dropping the old (Alembic's batch
            # mode). With foreign keys enforced, dropping a parent such as consultations or reactions
            # would delete every row that refers to it (ON DELETE CASCADE). The pragma only takes effect
            # outside a transaction, so it goes to the driver's connection before the migration's own
            # transaction begins (a statement through SQLAlchemy would begin one first).
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        if connection.dialect.name == "sqlite":
            # The connection goes back to the pool: whoever gets it next (the bench, a server started after
            # upgrading) must have its foreign keys enforced again, ON DELETE CASCADE included.
            connection.commit()
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
