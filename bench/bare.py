"""The bare route: a Flask app that returns, from memory, the very bytes consult gave for each path.

    BARE_PAGES=bench/out/pages.json gunicorn -w 2 -b 127.0.0.1:8002 bench.bare:app

Used by bench.pages as the ceiling of this machine's stack (gunicorn + Flask) for each page.
"""
from __future__ import annotations

import base64
import json
import os

from flask import Flask, Response, request

app = Flask(__name__)
with open(os.environ["BARE_PAGES"], encoding="utf-8") as fh:
    PAGES = {path: (base64.b64decode(body), content_type) for path, (body, content_type) in json.load(fh).items()}


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def page(path: str):
    body, content_type = PAGES[request.full_path.rstrip("?")]
    return Response(body, content_type=content_type)
