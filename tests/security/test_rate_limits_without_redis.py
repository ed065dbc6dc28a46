"""Rate limits in Redis (RATELIMIT_STORAGE_URI) while Redis is down: the forms keep working and the limits
are counted per process in memory until it is back (before: every form with a limit answered 500)."""
import flask_migrate

from consult.extensions import db
from tests.conftest import csrf_token, fresh_database, make_app


def test_the_log_in_form_works_and_is_still_limited_while_redis_is_down(tmp_path):
    with fresh_database(tmp_path, "limits") as url:
        app = make_app(url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", PAGE_CACHE_ENABLED=False)
        app.testing = False  # as in production: an error is a 500, not raised into the test
        with app.app_context():
            flask_migrate.upgrade()
        client = app.test_client()
        answers = []
        for _ in range(12):
            token = csrf_token(client.get("/inloggen").text)
            answers.append(client.post("/inloggen", data={"csrf_token": token, "email": "niemand@example.org",
                                                          "password": "fout"}).status_code)
        assert 500 not in answers
        assert answers[0] != 429 and 429 in answers  # counted in memory meanwhile
        with app.app_context():
            db.engine.dispose()
