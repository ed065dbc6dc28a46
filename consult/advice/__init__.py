from flask import Blueprint

bp = Blueprint("advice", __name__)
