from flask import Blueprint

bp = Blueprint("signin", __name__)
