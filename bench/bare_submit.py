"""The bare stack for submissions: a Flask app that stores each POST with one INSERT and redirects.

    BARE_DATABASE_URL=postgresql+psycopg://… gunicorn -w 2 -b 127.0.0.1:5105 bench.bare_submit:app

Used by bench.submit as the ceiling of this machine's stack (gunicorn + Flask + SQLAlchemy Core +
PostgreSQL) for a submission.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, redirect, request

app = Flask(__name__)
engine = sa.create_engine(os.environ["BARE_DATABASE_URL"])
# The table bare_submissions is made by bench.submit before the workers start.
INSERT = sa.text("INSERT INTO bare_submissions (submission_key, body, author_name, author_email) "
                 "VALUES (:key, :body, :name, :email)")


@app.get("/health")
def health():
    return "ok"


@app.post("/<path:_path>")
def submit(_path: str):
    with engine.begin() as connection:
        connection.execute(INSERT, {"key": request.form["submission_key"], "body": request.form["body"],
                                    "name": request.form["author_name"], "email": request.form["author_email"]})
    return redirect("/verstuurd")
