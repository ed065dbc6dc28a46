from flask import Blueprint

bp = Blueprint("answers", __name__, url_prefix="/beheer")
