"""Every figure issue 15 asks for, in one run, side by side, as markdown tables for bench/RESULTS.md.

    python -m bench.issue15 --out bench/out/issue15.md \
        [--submit-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_submit] \
        [--queue-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_queue] \
        [--small 1000] [--large 100000] [--seconds 10] [--submit-seconds 60] [--queue-seconds 30] [--seed]

In turn, with the load average before and after each part:
1. public pages at ``--small`` and at ``--large`` reactions (SQLite files bench/out/bench-<n>.sqlite,
   made by bench.generate with ``--seed`` or when missing): consult beside the bare route (bench.pages),
   req/s, ratio, p95, and the time per request at the large size against the small one;
2. a cold render of the reactions list's first, middle and last pages in-process (bench.listpages);
3. reaction submissions on PostgreSQL for ``--submit-seconds`` beside the bare stack (bench.submit: it
   drops and makes ``--submit-url`` again);
4. the cold page weight in Chromium (tests/browser/test_page_weight.py: home, consultation, reaction form
   and reactions list with an empty cache);
5. the workbench queue with 5 officials at once on ``--large`` reactions on PostgreSQL (bench.queue;
   ``--queue-url`` is seeded by bench.generate with ``--seed`` or when it has no bench consultation).
Each row says which target it meets. Parts without their database URL are left out and say so. Try it
small first: ``--small 200 --large 1000 --seconds 1 --submit-seconds 5 --queue-seconds 5 --seed``.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# The targets
HALF_OF_BARE, P95_MS, LARGE_OVER_SMALL = 0.5, 50.0, 1.5
SUBMISSIONS_PER_SECOND, PAGE_BYTES, PAGE_REQUESTS, QUEUE_P95_MS = 150.0, 150 * 1024, 6, 150.0


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def mark(met: bool) -> str:
    return "✅" if met else "❌"


def generate(database_url: str, reactions: int, *extra: str) -> None:
    print(f"seeding {reactions:,} reactions into {database_url}", flush=True)
    subprocess.run([sys.executable, "-m", "bench.generate", "--reactions", str(reactions), "--database-url", database_url,
                    *extra], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def seeded(database_url: str) -> bool:
    """Whether bench.generate has seeded this database (its consultation is there)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(sa.text("SELECT count(*) FROM consultations WHERE slug = 'bench-consultatie'")).scalar())
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()


def pages_part(args, lines: list[str]) -> None:
    from bench import pages

    pages.CONSULT_PORT, pages.BARE_PORT = args.port, args.port + 1
    measured = {}
    for size in (args.small, args.large):
        url = f"sqlite:///{OUT / f'bench-{size}.sqlite'}"
        if args.seed or not (OUT / f"bench-{size}.sqlite").exists() or not seeded(url):
            (OUT / f"bench-{size}.sqlite").unlink(missing_ok=True)
            generate(url, size)
        before = load()
        measured[size] = {row["name"]: row for row in pages.run(url, args.seconds, args.connections, f"({size:,}) ")}
        measured[f"load {size}"] = (before, load())
    small, large = measured[args.small], measured[args.large]
    lines += [f"### Public pages, consult beside the bare route ({args.seconds:g} s per page per server, "
              f"{args.connections} clients, gunicorn 2 sync workers, SQLite)", "",
              f"Load average (1/5/15 min) at {args.small:,}: {measured[f'load {args.small}'][0]} before, "
              f"{measured[f'load {args.small}'][1]} after; at {args.large:,}: {measured[f'load {args.large}'][0]} before, "
              f"{measured[f'load {args.large}'][1]} after.", "",
              f"| page | size at {args.large:,} | bare req/s | consult req/s | ratio at {args.small:,} | ratio at {args.large:,} "
              f"| consult p95 ms at {args.large:,} | time {args.large:,}/{args.small:,} | ≥ 0.5 of bare | p95 < 50 ms | ≤ 1.5× |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: | :---: |"]
    for name, row in large.items():
        other = small.get(name)
        if other is None:
            lines.append(f"| {name} | … | | | | | | | | | |")
            continue
        growth = other["consult"] / row["consult"]
        half = mark(row["ratio"] >= HALF_OF_BARE and other["ratio"] >= HALF_OF_BARE)
        if pages.DOWNLOAD in name:  # its time is its size's, on the bare route too: only the ratio is a target
            timing = f"— (bare {row['bare_p95']:.1f}) | {growth:.2f} | {half} | — | —"
        else:
            timing = f"{row['p95']:.1f} | {growth:.2f} | {half} | {mark(row['p95'] < P95_MS)} | {mark(growth <= LARGE_OVER_SMALL)}"
        lines.append(f"| {name} | {row['size'] / 1024:,.0f} KB | {row['bare']:,.0f} | {row['consult']:,.0f} | "
                     f"{other['ratio']:.2f} | {row['ratio']:.2f} | {timing} |")
    lines += ["", f"Rows marked {pages.DOWNLOAD} are the whole open data files, downloads the size of the data: "
              "their time is that of the transfer, on the bare route as well (its p95 in brackets), so only the ratio "
              "to bare applies; the open data as pages is measured in the rows above them.", ""]


def listpages_part(args, lines: list[str]) -> None:
    from bench import listpages

    lines += ["### Reactions list, a cold render in-process (page cache off; p50 / p95 ms, CPU p95, queries)", "",
              "| size | page | p50 ms | p95 ms | CPU p95 ms | queries | × page 1 (p50) | ≤ 1.5× |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for size in (args.small, args.large):
        total, timings = listpages.measure(f"sqlite:///{OUT / f'bench-{size}.sqlite'}", args.repeat)
        first = timings["page 1"].p50
        for name, timing in timings.items():
            lines.append(f"| {size:,} ({total:,} published) | {name} | {timing.p50:.1f} | {timing.p95:.1f} | {timing.cpu95:.1f} | "
                         f"{timing.query_text} | {timing.p50 / first:.2f} | {mark(timing.p50 / first <= LARGE_OVER_SMALL)} |")
    lines.append("")


def submit_part(args, lines: list[str]) -> None:
    """Submissions with the issue's 2 workers, and with the shipped gunicorn.conf.py's two per core."""
    lines += [f"### Reaction submissions on PostgreSQL ({args.submit_seconds:g} s, 8 residents, gunicorn sync workers)", "",
              "| stack | submissions | per second | p50 ms | p95 ms | ≥ 150 per second |", "| --- | ---: | ---: | ---: | ---: | :---: |"]
    notes = []
    for workers in sorted({2, 2 * (os.cpu_count() or 1)}):
        before = load()
        done = subprocess.run([sys.executable, "-m", "bench.submit", "--database-url", args.submit_url, "--seconds",
                               str(args.submit_seconds), "--clients", "8", "--port", str(args.port + 2),
                               "--workers", str(workers)], cwd=ROOT, capture_output=True, text=True)
        rows = [line for line in done.stdout.splitlines() if line.startswith("| consult") or line.startswith("| bare")]
        for row in rows:
            rate = float(row.split("|")[3].replace(",", ""))
            lines.append(f"{row} {mark(rate >= SUBMISSIONS_PER_SECOND) if row.startswith('| consult') else '(the limit)'} |")
        if done.returncode or not rows:
            notes.append(f"bench.submit with {workers} workers failed ({done.returncode}): "
                         f"{done.stderr.strip().splitlines()[-1:] or ''}")
        notes += [f"{workers} workers: load average before {before}, after {load()}; check: {line.split('check:', 1)[1].strip()}"
                  for line in done.stdout.splitlines() if "check:" in line]
    lines += ["", *notes, ""]


def weight_part(args, lines: list[str]) -> None:
    before = load()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/browser/test_page_weight.py", "-q", "-s", "-p", "no:randomly",
                           "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True)
    found = re.findall(r"^(/\S*): (\d+) bytes in (\d+) requests", done.stdout, re.MULTILINE)
    lines += ["### Cold page weight in Chromium (empty cache, demo data; tests/browser/test_page_weight.py)", "",
              f"Load average before: {before}; after: {load()}. Test: {'passed' if done.returncode == 0 else 'FAILED'}.", "",
              "| page | transferred | requests | < 150 KB | ≤ 6 requests |", "| --- | ---: | ---: | :---: | :---: |"]
    for path, size, count in found:
        lines.append(f"| {path} | {int(size) / 1024:.1f} KB | {count} | {mark(int(size) < PAGE_BYTES)} | "
                     f"{mark(int(count) <= PAGE_REQUESTS)} |")
    if not found:
        lines.append(f"| (no figures: {done.stdout.strip().splitlines()[-1:] or done.stderr[-200:]}) | | | | |")
    lines.append("")


def queue_part(args, lines: list[str]) -> None:
    from bench import queue

    if args.seed or not seeded(args.queue_url):
        generate(args.queue_url, args.large, "--no-extras")
    before = load()
    # Working officials read a page before the next click (1 s, quicker than anyone); back to back (0 s)
    # shows what the two workers can take at most, where a request mostly waits for the one before it.
    found = [queue.run(args.queue_url, 5, args.queue_seconds, args.port + 3, think) for think in (1.0, 0.0)]
    lines += [f"### Workbench queue, 5 officials at once on {args.large:,} reactions, PostgreSQL "
              f"({args.queue_seconds:g} s, gunicorn 2 sync workers; bench.queue)", "",
              f"Load average before: {before}; after: {load()}.", "",
              "| officials | between pages | requests | per second | p50 ms | p95 ms | p95 < 150 ms |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    lines += [f"| 5 | {row['think']:g} s | {row['requests']:,} | {row['rate']:,.1f} | {row['p50']:.1f} | {row['p95']:.1f} | "
              f"{mark(row['p95'] < QUEUE_P95_MS)} |" for row in found]
    lines += [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(OUT / "issue15.md"))
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10, help="per page per server")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=30, help="cold renders per list page")
    parser.add_argument("--submit-url", default=None)
    parser.add_argument("--submit-seconds", type=float, default=60)
    parser.add_argument("--queue-url", default=None)
    parser.add_argument("--queue-seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8011")), help="uses 4 from here")
    parser.add_argument("--seed", action="store_true", help="seed every database again, even when it exists")
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "list", "submit", "weight", "queue"])
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    lines = [f"## Issue 15, one run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"`python -m bench.issue15 {' '.join(sys.argv[1:])}`; {os.cpu_count()} cores; load average (1/5/15 min) "
             f"at the start: {load()}.", ""]
    parts = [("pages", pages_part, True), ("list", listpages_part, True), ("submit", submit_part, bool(args.submit_url)),
             ("weight", weight_part, True), ("queue", queue_part, bool(args.queue_url))]
    for name, part, possible in parts:
        if name in args.skip:
            continue
        if not possible:
            lines += [f"(left out: {name}, no database URL given)", ""]
            continue
        print(f"— {name}", flush=True)
        part(args, lines)
        Path(args.out).write_text("\n".join(lines) + "\n")  # what is done so far survives a failing part
    lines += [f"Load average at the end: {load()}; the run took {(time.perf_counter() - started) / 60:.1f} min.", ""]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
