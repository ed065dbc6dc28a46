"""The themes an organisation may choose, and the one stylesheet built for each: the installation's tokens
with the theme's own after them, so a small theme changes only what it names. Every theme keeps AA."""
import re
from pathlib import Path

from consult.assets.build import build_css
from consult.assets.static import built_css_name
from consult.config import PROJECT_ROOT
from consult.looks.themes import available_themes


def test_the_themes_present_are_the_files_with_a_class(app):
    with app.app_context():
        themes = available_themes()
    assert themes["flevoland-theme"].css_class == "flevoland-theme"
    assert themes["flevoland-theme"].stylesheet == "themes/flevoland-theme.css"


def test_a_theme_is_built_on_top_of_the_installations_tokens(app, tmp_path):
    static = Path(app.static_folder)
    target = tmp_path / Path(built_css_name("themes/flevoland-theme.css")).name
    build_css(static, (app.config["THEME_STYLESHEET"], "themes/flevoland-theme.css"),
              [PROJECT_ROOT / "templates", PROJECT_ROOT / "consult"], target)
    css = target.read_text(encoding="utf-8")
    base, own = css.index(".voorbeeld-theme {"), css.index(".flevoland-theme {")
    assert base < own < css.index(".utrecht-button")
    assert "--voorbeeld-kleuren-blauw-500: #105f26" in css[own:]  # read through the link colour, so kept
    assert "--lux-login-link-hover-color" not in css  # still purged


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_themes_link_and_text_colours_are_aa_on_white(app):
    """The organisation's name in the header and every link use the 400-700 shades on the white page and
    the logo's white ground: each must reach 4.5:1 (WCAG 1.4.3)."""
    with app.app_context():
        themes = available_themes().values()
    for theme in themes:
        css = (Path(app.static_folder) / theme.stylesheet).read_text(encoding="utf-8")
        for name, colour in re.findall(r"--voorbeeld-kleuren-[a-z]+-([4-7]00):\s*(#[0-9a-fA-F]{6})", css):
            assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, (theme.stem, name, colour)
