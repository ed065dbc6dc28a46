"""``flask restore`` takes the database back to the backup, and with it the public version: the version
never comes back to a number handed out since the backup, so no kept page, browser copy (ETag) or open
data file of the lost timeline is served again; every sign moves (issue 15, tester finding 3)."""
import os
import socket
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind
from consult.pagecache import tracking
from consult.pagecache.models import PublicVersion
from tests.conftest import fresh_database, make_app

REDIS = "redis://127.0.0.1:6379/12"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _version() -> int:
    return db.session.scalar(sa.select(PublicVersion.version))


@pytest.mark.parametrize("store", ["file", "redis"])
def test_flask_restore_moves_the_version_past_the_lost_timeline_and_the_sign(tmp_path, monkeypatch, store):
    if store == "file" and os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("the sign is a file beside a SQLite database only")
    if store == "redis" and not _redis_answers():
        pytest.skip("needs Redis")
    # the signs of these two apps only (create_app adds one per app to the process's list)
    monkeypatch.setattr(tracking, "after_move", {})
    settings = {"FILES_FOLDER": str(tmp_path / "files"), "CACHE_REDIS_URL": REDIS if store == "redis" else ""}
    with fresh_database(tmp_path, "original") as original_url, fresh_database(tmp_path, "restored") as restored_url:
        original = make_app(original_url, **settings)
        with original.app_context():
            flask_migrate.upgrade()
            signal = original.wsgi_app.signal
            if store == "redis":
                signal.client.delete(signal.NAME)
            db.session.add(Organisation(kind=OrganisationKind.MUNICIPALITY, name="Gemeente Voor", slug="voor"))
            db.session.commit()
            backed_up = _version()
        result = original.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        backup_file = result.output.split("Backup written: ", 1)[1].strip()
        with original.app_context():  # the lost timeline: changes after the backup, and a file made at them
            for n in range(3):
                db.session.add(Organisation(kind=OrganisationKind.MUNICIPALITY, name=f"Gemeente {n}", slug=f"na-{n}"))
                db.session.commit()
            lost = _version()
            db.engine.dispose()
        assert lost > backed_up
        lost_file = Path(settings["FILES_FOLDER"]) / "open-data" / f"1-1-{lost}.json"
        lost_file.parent.mkdir(parents=True)
        lost_file.write_text("{}")

        restored = make_app(restored_url, **settings)
        sign = restored.wsgi_app.signal
        before = sign.read()
        result = restored.test_cli_runner().invoke(args=["restore", backup_file])
        assert result.exit_code == 0, result.output
        with restored.app_context():
            assert db.session.scalar(sa.select(Organisation.slug).where(Organisation.slug == "voor")) == "voor"
            assert _version() > lost, "a number of the lost timeline could come back"
            db.engine.dispose()
        assert sign.read() != before, "the processes that serve pages are told"
        assert not lost_file.exists(), "an open data file of the lost timeline is gone"
        if store == "redis":
            sign.client.delete(sign.NAME)
