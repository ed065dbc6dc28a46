from flask import Blueprint

bp = Blueprint("coding", __name__, url_prefix="/beheer")
