"""Werkatelier outcomes: what came out of each table, the verslag for participants, their votes and comments."""
from flask import Blueprint

bp = Blueprint("outcomes", __name__)
