"""``flask assets build``: the stylesheet the pages load (``make css`` runs it)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from consult.assets.build import build_css
from consult.assets.static import built_css_name
from consult.config import PROJECT_ROOT

assets_cli = AppGroup("assets", help="Static files.")


@assets_cli.command("build")
def build() -> None:
    """Build the one stylesheet for the configured theme (THEME_STYLESHEET), with unused rules left out."""
    static = Path(current_app.static_folder)
    target = build_css(static, current_app.config["THEME_STYLESHEET"], [PROJECT_ROOT / "templates", PROJECT_ROOT / "consult"],
                       static / built_css_name(current_app.config["THEME_STYLESHEET"]))
    size = target.stat().st_size
    click.echo(f"{target.relative_to(PROJECT_ROOT)}: {size // 1024} KB, {target.with_name(target.name + '.gz').stat().st_size // 1024} KB gzipped")
