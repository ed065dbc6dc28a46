"""A backup restores into an empty database with every reaction in it."""
import os

import flask_migrate
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.demo import data
from consult.extensions import db
from consult.reactions.models import Reaction
from tests.conftest import fresh_database, make_app


def test_backup_and_restore_keep_every_reaction(tmp_path):
    with fresh_database(tmp_path, "original") as original_url, fresh_database(tmp_path, "restored") as restored_url:
        original = make_app(original_url)
        with original.app_context():
            flask_migrate.upgrade()
            data.load(utcnow())
            db.session.commit()
            references = set(db.session.scalars(sa.select(Reaction.reference)))
            db.engine.dispose()
        result = original.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        backup_file = result.output.split("Backup written: ", 1)[1].strip()
        # names and addresses: for the user who made it only (the deployment trial found it world-readable)
        assert os.stat(backup_file).st_mode & 0o777 == 0o600
        assert os.stat(tmp_path / "backups").st_mode & 0o777 == 0o700

        restored = make_app(restored_url)
        result = restored.test_cli_runner().invoke(args=["restore", backup_file])
        assert result.exit_code == 0, result.output
        with restored.app_context():
            assert set(db.session.scalars(sa.select(Reaction.reference))) == references
            assert len(references) > 300
            db.engine.dispose()
        with original.app_context():
            db.engine.dispose()
