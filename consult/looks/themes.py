"""The NL Design System themes an organisation may choose: the tokens files under ``static/themes/``.

A theme file sets design tokens (CSS custom properties) on one class, e.g. ``.flevoland-theme { … }``.
A page of an organisation with its own theme carries the installation's theme class and this one, and
loads one stylesheet with both token sets (this one last), so a theme may change only a few tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from consult.assets.static import built_css_name

THEMES_FOLDER = "themes"
FIRST_CLASS = re.compile(r"^\s*\.(-?[A-Za-z_][A-Za-z0-9_-]*)\s*[,{]", re.MULTILINE)
STEM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    stem: str  # the file name without .css, stored on the organisation
    stylesheet: str  # relative to the static folder
    css_class: str  # the class its tokens are set on


def available_themes(app: Flask | None = None) -> dict[str, Theme]:
    """The themes present, by stem, sorted; read once per process (files change only on deploy).
    A file without a class selector is no theme and left out."""
    app = app or current_app
    if "themes" not in app.extensions:
        found, installation = {}, Path(app.config["THEME_STYLESHEET"]).stem
        for path in sorted((Path(app.static_folder) / THEMES_FOLDER).glob("*.css")):
            match = FIRST_CLASS.search(path.read_text(encoding="utf-8", errors="replace"))
            # A theme named as the installation's would share its built file (dist/<stem>.site.css).
            if match and STEM.match(path.stem) and path.stem != installation:
                found[path.stem] = Theme(path.stem, f"{THEMES_FOLDER}/{path.name}", match.group(1))
        app.extensions["themes"] = found
    return app.extensions["themes"]


def theme_of(organisation) -> Theme | None:
    """The organisation's own theme, or None (no organisation, none chosen, or its file is gone)."""
    if not organisation:  # also a template's undefined header_organisation
        return None
    stem = organisation.theme
    return available_themes().get(stem) if stem else None


def page_classes(organisation) -> str:
    """The classes of ``<html>``: the installation's theme class, then the organisation's own."""
    own = theme_of(organisation)
    return " ".join([current_app.config["THEME_CLASS"], *([own.css_class] if own else [])])


def page_stylesheets(organisation) -> list[str]:
    """The stylesheets (relative to static) a page of ``organisation`` links: the one built file for its
    theme (or the installation's) when built, else the sources (the installation theme, the own theme,
    the components and our CSS)."""
    own = theme_of(organisation)
    built = built_css_name(own.stylesheet if own else current_app.config["THEME_STYLESHEET"])
    if (Path(current_app.static_folder) / built).is_file():
        return [built]
    return [current_app.config["THEME_STYLESHEET"], *([own.stylesheet] if own else []),
            "vendor/utrecht-components.css", "css/consult.css"]
