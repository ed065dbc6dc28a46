"""Background jobs: long work (topics, campaign letters, files) run by the worker that also sends mail."""
from flask import Blueprint

bp = Blueprint("jobs", __name__)
