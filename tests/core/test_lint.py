"""Undefined names, unused imports and import order: caught before a user meets a NameError."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    result = subprocess.run([ruff, "check", "consult", "tests", "bench", "migrations/env.py"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_never_touches_a_migration():
    """Old migrations are history: ``ruff check --fix`` must not rewrite them, not even when named."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    checked = subprocess.run([ruff, "check", "--show-files", ".", "migrations/versions"], cwd=ROOT,
                             capture_output=True, text=True).stdout
    assert "migrations/env.py" in checked
    assert "migrations/versions" not in checked
