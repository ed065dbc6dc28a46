"""Uploaded files: the type is decided by the content, never by the name or the browser's claim."""
from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
JPEG = FileType("jpg", "image/jpeg")
PNG = FileType("png", "image/png")
ATTACHMENT_TYPES = (PDF, DOCX, ODT, JPEG, PNG)


def detect_type(data: bytes) -> FileType | None:
    """What the bytes really are, among the types we accept; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    return None


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(data: bytes) -> str:
    """Write the bytes under a random name outside the web root; return that name."""
    name = secrets.token_hex(16)
    (upload_folder() / name).write_bytes(data)
    return name


def stored_path(storage_name: str) -> Path:
    return upload_folder() / storage_name
