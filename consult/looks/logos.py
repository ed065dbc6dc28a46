"""Check an uploaded logo by its content, not its name: a PNG or an SVG, small, and an SVG without anything
that could run or load (scripts, event attributes, links out, embedded documents). What fails is refused,
never repaired, so what is stored is exactly what the admin sent and saw."""
from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image

MAX_BYTES = 200 * 1024
MAX_PIXELS = 4000  # per side, for a PNG
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements that run code, load another document or change links on the fly.
REFUSED_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
                              "set", "animate", "animatetransform", "animatemotion", "image", "use", "a", "style"})
# A url() may only point inside the file (a gradient: fill="url(#verloop)").
UNSAFE_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|expression\s*\(|javascript:|@import|behavior\s*:", re.IGNORECASE)


class LogoRefused(ValueError):
    """The reason is one of: size, type, broken, script."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str  # image/png or image/svg+xml
    digest: str  # 16 hex digits of its SHA-256, for a name that changes with the content

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "svg"


def check_logo(data: bytes) -> Logo:
    """``data`` as a Logo when it is a PNG or a safe SVG of at most MAX_BYTES; else LogoRefused."""
    if not data or len(data) > MAX_BYTES:
        raise LogoRefused("size")
    if data.startswith(PNG_SIGNATURE):
        _check_png(data)
        content_type = "image/png"
    elif _looks_like_svg(data):
        _check_svg(data)
        content_type = "image/svg+xml"
    else:
        raise LogoRefused("type")
    return Logo(data, content_type, hashlib.sha256(data).hexdigest()[:16])


def _check_png(data: bytes) -> None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoRefused("broken")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        raise LogoRefused("size")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise LogoRefused("broken") from error


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in data[:4096].lower()


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data.decode("utf-8"), forbid_dtd=True)
    except (UnicodeDecodeError, ElementTree.ParseError, DefusedXmlException) as error:
        raise LogoRefused("broken" if not isinstance(error, DefusedXmlException) else "script") from error
    if root.tag != SVG_NAMESPACE + "svg":
        raise LogoRefused("type")
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element.tag) in REFUSED_ELEMENTS:
            raise LogoRefused("script")
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on") or (local == "href" and not value.strip().startswith("#")):
                raise LogoRefused("script")
            if UNSAFE_STYLE.search(value) or "javascript" in value.lower().replace(" ", ""):
                raise LogoRefused("script")
