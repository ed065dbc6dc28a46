"""The page benchmarks start alike: one parser helper and one app (bench.timing), used by each of them."""
import ast
import inspect

import pytest

from bench import actions, rounds, workshops
from bench.timing import bench_app, bench_parser


def test_the_parser_takes_the_database_and_the_repeat_count():
    args = bench_parser("Een bench", repeat=7).parse_args([])
    assert args.database_url is None and args.repeat == 7
    args = bench_parser("Een bench", repeat=7).parse_args(["--database-url", "sqlite://", "--repeat", "3"])
    assert args.database_url == "sqlite://" and args.repeat == 3


def test_the_app_has_no_csrf_no_password_again_and_no_limits():
    app = bench_app(bench_parser(None, repeat=1).parse_args(["--database-url", "sqlite://"]))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    assert app.config["WTF_CSRF_ENABLED"] is False and app.config["RATELIMIT_ENABLED"] is False
    assert app.config["REAUTH_MINUTES"] >= 8 * 60  # longer than any bench run


@pytest.mark.parametrize("module", [actions, rounds, workshops])
def test_every_page_bench_starts_through_the_shared_helpers(module):
    """No bench builds its own parser or app: a change to how benches start is made once."""
    called = {node.func.id for node in ast.walk(ast.parse(inspect.getsource(module.main)))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"bench_parser", "bench_app"} <= called and "create_app" not in called
    assert "ArgumentParser" not in inspect.getsource(module.main)
