"""Rate limits in Redis (RATELIMIT_STORAGE_URI) while Redis is down: the forms keep working and the limits
are counted per process in memory until it is back (before: every form with a limit answered 500). It runs
in a process of its own: the limiter is one object per process, set up by the app made last."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys, flask_migrate
from tests.conftest import csrf_token, make_app
app = make_app(sys.argv[1], RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", PAGE_CACHE_ENABLED=False)
app.testing = False  # as in production: an error is a 500, not raised into the caller
with app.app_context():
    flask_migrate.upgrade()
client = app.test_client()
answers = []
for _ in range(12):
    token = csrf_token(client.get("/inloggen").text)
    answers.append(client.post("/inloggen", data={"csrf_token": token, "email": "niemand@example.org",
                                                  "password": "fout"}).status_code)
print(json.dumps(answers))
"""


def test_the_log_in_form_works_and_is_still_limited_while_redis_is_down(tmp_path):
    run = subprocess.run([sys.executable, "-c", SCRIPT, f"sqlite:///{tmp_path / 'limits.sqlite'}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    answers = json.loads(run.stdout.strip().splitlines()[-1])
    assert 500 not in answers, run.stderr[-2000:]
    assert answers[0] != 429 and 429 in answers  # counted in memory meanwhile
