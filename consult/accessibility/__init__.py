from flask import Blueprint

bp = Blueprint("accessibility", __name__)
