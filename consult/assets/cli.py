"""``flask assets build``: the stylesheet the pages load (``make css`` runs it)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from consult.assets.build import build_css
from consult.assets.static import built_css_name
from consult.config import PROJECT_ROOT
from consult.looks.themes import available_themes

assets_cli = AppGroup("assets", help="Static files.")


@assets_cli.command("build")
def build() -> None:
    """Build the one stylesheet for the configured theme (THEME_STYLESHEET), and one per organisation theme
    under static/themes/ (the installation's tokens with the theme's on top), with unused rules left out."""
    static, base = Path(current_app.static_folder), current_app.config["THEME_STYLESHEET"]
    sources = [PROJECT_ROOT / "templates", PROJECT_ROOT / "consult"]
    builds = [((base,), base)] + [((base, theme.stylesheet), theme.stylesheet) for theme in available_themes().values()]
    for themes, name in builds:
        target = build_css(static, themes, sources, static / built_css_name(name))
        size = target.stat().st_size
        click.echo(f"{target.relative_to(PROJECT_ROOT)}: {size // 1024} KB, {target.with_name(target.name + '.gz').stat().st_size // 1024} KB gzipped")
