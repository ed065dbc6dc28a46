"""Demo: Regio Flevoland has its own look (issue 13): the example theme in static/themes/ and a logo."""
from __future__ import annotations

from consult.looks.logos import check_logo
from consult.looks.services import set_look
from consult.organisations.models import Organisation

# A plain drawing: a green field with the region's name, white on #105f26 (7.6:1).
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 48" width="160" height="48">'
        b'<rect width="160" height="48" rx="6" fill="#105f26"/>'
        b'<path d="M12 34 L24 14 L36 34 Z" fill="#baefc9"/>'
        b'<text x="44" y="30" font-family="Arial, sans-serif" font-size="15" font-weight="bold" fill="#ffffff">Flevoland</text>'
        b'</svg>')


def load(orgs: dict[str, Organisation]) -> None:
    set_look(None, orgs["regio-flevoland"], "flevoland-theme", check_logo(LOGO))
