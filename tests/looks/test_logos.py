"""The logo check, by content: PNG and SVG pass; anything that could run, load or is not an image is refused."""
import pytest

from consult.looks.logos import MAX_BYTES, LogoRefused, check_logo
from tests.looks.conftest import SVG, png

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def test_a_png_and_a_plain_svg_pass_with_a_name_by_content():
    picture = check_logo(png())
    assert picture.content_type == "image/png" and picture.extension == "png" and len(picture.digest) == 16
    drawing = check_logo(SVG)
    assert drawing.content_type == "image/svg+xml" and drawing.extension == "svg"
    assert check_logo(SVG).digest == drawing.digest != picture.digest


@pytest.mark.parametrize("svg", [
    f'<svg {NS}><script>alert(1)</script></svg>',
    f'<svg {NS} onload="alert(1)"><rect width="1" height="1"/></svg>',
    f'<svg {NS}><rect width="1" height="1" ONCLICK="alert(1)"/></svg>',
    f'<svg {NS}><a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    f'<svg {NS}><use href="https://example.org/sprite.svg#logo"/></svg>',
    f'<svg {NS}><image href="https://example.org/spoor.png"/></svg>',
    f'<svg {NS}><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.org"/></foreignObject></svg>',
    f'<svg {NS}><style>@import url(https://example.org/x.css);</style></svg>',
    f'<svg {NS}><rect style="fill: url(https://example.org/x)" width="1" height="1"/></svg>',
    f'<svg {NS}><set attributeName="href" to="javascript:alert(1)"/></svg>',
    f'<svg {NS}><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    f'<svg {NS}><s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></svg>',
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    f'<svg {NS}><text>&b;</text></svg>',
    f'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg {NS}/>',
])
def test_an_svg_that_could_run_or_load_anything_is_refused(svg):
    with pytest.raises(LogoRefused) as refused:
        check_logo(svg.encode())
    assert str(refused.value) == "script"


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "size"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_BYTES + 1), "size"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "type"),
    (b"GIF89a\x01\x00\x01\x00", "type"),
    (b"<html><body>logo</body></html>", "type"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02", "broken"),
    (png()[:40], "broken"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\x7f\xff\xff\xff\0\0\0\x10", "size"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "broken"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">\xff\xfe</svg>', "broken"),
    (b'<svg><rect width="1" height="1"/></svg>', "type"),  # no SVG namespace: not drawn as SVG by browsers
])
def test_what_is_no_small_png_or_svg_is_refused_with_its_reason(data, reason):
    with pytest.raises(LogoRefused) as refused:
        check_logo(data)
    assert str(refused.value) == reason
