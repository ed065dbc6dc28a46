import shutil
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from consult.extensions import db
from consult.operations.backup import backup as make_backup
from consult.operations.backup import restore as restore_backup
from consult.pagecache.tracking import move_after_restore


@click.command("backup")
@click.option("--to", "folder", default=None, help="Folder for the backup (default: instance/backups).")
@with_appcontext
def backup(folder: str | None) -> None:
    """Write a consistent backup of the database."""
    target = Path(folder) if folder else Path(current_app.instance_path) / "backups"
    path = make_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    click.echo(f"Backup written: {path}")


@click.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore(backup_file: str) -> None:
    """Restore a backup into the (empty) database of DATABASE_URL; then move the public version past every
    number handed out since the backup (the page cache, browsers' ETags) and remove the open data files,
    made from the database the backup replaces."""
    restore_backup(Path(backup_file), current_app.config["SQLALCHEMY_DATABASE_URI"])
    move_after_restore(db.session)
    shutil.rmtree(Path(current_app.config["FILES_FOLDER"]) / "open-data", ignore_errors=True)
    click.echo("Backup restored.")
