"""What one reaction submission costs in-process: CPU time and, under callgrind, instructions (issue 15).

    python -m bench.submitcost --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_submit \
        [--submissions 300] [--callgrind]

The same POST as ``bench.submit`` (the demo consultation, a new submission key each time), sent through
the Flask test client to a database that ``bench.submit`` made (or any with the demo data), after 10 to
warm up. It prints the CPU milliseconds per submission (``time.process_time``: this process only, the
database server's work not counted). On a shared machine that figure moves with the machine's speed, so
``--callgrind`` runs the same under ``valgrind --tool=callgrind`` with counting switched on for the timed
submissions only (``callgrind_control``) and prints instructions per submission, which do not: the
figure to compare two versions of the code by (take ``--submissions 40``; it runs about 50 times slower).
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import time

from bench.loadfault import SLUG, FormFields
from bench.submit import BODY

FORM_PATH = f"/consultaties/{SLUG}/reageren"
WARM_UP = 10


def submissions(database_url: str, count: int, counting: bool) -> float:
    """Send ``count`` submissions after the warm-up; return the CPU seconds they took. With ``counting``
    callgrind counts only while they run."""
    os.environ.update({"DATABASE_URL": database_url, "CONSULT_ENV": "development", "LOG_LEVEL": "WARNING",
                       "RATELIMIT_ENABLED": "0", "MINIMUM_FILL_SECONDS": "0", "BASE_URL": "http://127.0.0.1:5105"})
    from consult import create_app

    client = create_app().test_client()
    form = FormFields(client.get(FORM_PATH).get_data(as_text=True))
    fields = {name: form.inputs[name][0] for name in ("csrf_token", "started")}

    def send(number: int) -> None:
        response = client.post(FORM_PATH, data={
            **fields, "submission_key": secrets.token_urlsafe(24), "website": "", "section": "", "quote": "",
            "body": BODY, "author_name": f"Inwoner {number}", "author_email": f"inwoner{number}@example.org",
            "author_place": "Vianen", "organisation_name": "", "organisation_kind": "", "privacy": "y",
            "publication": "anonymous"})
        if response.status_code != 302:
            raise SystemExit(f"submission answered {response.status_code}")

    for number in range(WARM_UP):
        send(number)
    if counting:
        subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    started = time.process_time()
    for number in range(count):
        send(number)
    spent = time.process_time() - started
    if counting:
        subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--callgrind", action="store_true", help="count instructions under valgrind")
    parser.add_argument("--counting", action="store_true", help=argparse.SUPPRESS)  # the run inside valgrind
    args = parser.parse_args()
    if args.callgrind:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
             sys.executable, "-m", "bench.submitcost", "--database-url", args.database_url,
             "--submissions", str(args.submissions), "--counting"], capture_output=True, text=True, check=True)
        collected = re.search(r"Collected : (\d+)", result.stderr)
        if collected is None:
            raise SystemExit(result.stderr[-2000:])
        print(f"{int(collected.group(1)) / args.submissions / 1e6:.2f} million instructions per submission "
              f"({args.submissions} submissions, callgrind)")
        return
    spent = submissions(args.database_url, args.submissions, args.counting)
    print(f"{spent * 1000 / args.submissions:.2f} ms CPU per submission ({args.submissions} submissions, this process)")


if __name__ == "__main__":
    main()
