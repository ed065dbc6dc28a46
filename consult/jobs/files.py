"""Files made by background jobs (reactienota, exports): kept outside the web root under random names."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app


def files_folder() -> Path:
    folder = Path(current_app.config["FILES_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(data: bytes, extension: str) -> str:
    name = f"{secrets.token_hex(16)}.{extension}"
    (files_folder() / name).write_bytes(data)
    return name


def path_of(name: str) -> Path:
    return files_folder() / Path(name).name  # only a bare name from the job's own result
