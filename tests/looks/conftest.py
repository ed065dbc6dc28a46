import io

import pytest
from PIL import Image

SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
       b'<defs><linearGradient id="verloop"><stop offset="0" stop-color="#105f26"/><stop offset="1" stop-color="#06210d"/>'
       b'</linearGradient></defs><rect width="120" height="40" fill="url(#verloop)"/>'
       b'<text x="10" y="26" fill="#ffffff">Flevoland</text></svg>')


def png(width: int = 60, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (16, 95, 38)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def themed(session, make_organisation):
    """A municipality with the example theme and an SVG logo."""
    from consult.looks.logos import check_logo

    logo = check_logo(SVG)
    return make_organisation(name="Gemeente Groen", theme="flevoland-theme", logo=logo.data,
                             logo_type=logo.content_type, logo_hash=logo.digest)
