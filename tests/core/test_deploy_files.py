"""The files in deploy/ work as the README's production section says (issue 15, "Production"). deploy/trial.sh
runs them all on one machine; these are the parts that need no nginx or second server, so every run checks
them: each fault found by the trial on 2026-11-30 stays found."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import url_for

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"


def test_the_settings_example_has_plain_lines_systemd_reads_as_meant():
    """systemd's EnvironmentFile takes everything after '=' as the value: a comment after a value (the
    SECRET_KEY line had one) would make it part of the key. Every name must be a setting the README lists."""
    settings_table = (ROOT / "README.md").read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    for line in (DEPLOY / "consult.env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, value = line.partition("=")
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), line
        assert "#" not in value and value == value.strip(), f"systemd would keep this in the value: {line}"
        assert f"`{name}`" in settings_table, f"{name} is not in the README's settings table"


def _nginx_static_locations() -> list[tuple[str, str]]:
    """(regex, alias) of each regex location of the shipped nginx configuration, in Python's regex syntax."""
    conf = (DEPLOY / "nginx" / "consult.conf").read_text()
    found = re.findall(r'location ~ "([^"]+)" \{\s*alias ([^;]+);', conf)
    return [(pattern.replace("(?<", "(?P<"), alias) for pattern, alias in found]


@pytest.mark.parametrize("filename", ["js/cards.js", "css/consult.css"])
def test_nginx_serves_the_content_hashed_names_pages_link(app, filename):
    """Pages link /static/<name>.<hash>.<ext>, a name no file on disk has; the shipped nginx configuration
    must map it to the file itself (it sent 404 for every stylesheet before)."""
    if not (ROOT / "consult" / "static" / filename).is_file():
        pytest.skip(f"consult/static/{filename} is not in this checkout")
    with app.test_request_context():
        url = url_for("static", filename=filename)
    assert re.search(r"\.[0-9a-f]{12}\.", url), url
    for pattern, alias in _nginx_static_locations():
        match = re.match(pattern, url)
        if match:
            path = alias.replace("/opt/consult/", f"{ROOT}/")
            for name, value in match.groupdict().items():
                path = path.replace(f"${name}", value)
            assert Path(path) == ROOT / "consult" / "static" / filename
            return
    pytest.fail(f"no location in deploy/nginx/consult.conf serves {url}")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_translations_and_css_leave_an_installed_venv_as_it_is():
    """README step 2 installs with `pip install .`, then runs `make translations` and `make css`: with a venv
    there, they must not install the test tools into it (they ran `pip install -e '.[test]'` before)."""
    if not (ROOT / ".venv" / "bin" / "pybabel").exists():
        pytest.skip("needs the venv")
    # As on a server whose pyproject.toml is newer than any venv mark, with the catalogues to compile.
    planned = subprocess.run(["make", "-n", "-W", "pyproject.toml", "-W", "translations/nl/LC_MESSAGES/messages.po",
                              "translations", "css"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "pybabel compile" in planned and "assets build" in planned
    assert "pip install" not in planned
