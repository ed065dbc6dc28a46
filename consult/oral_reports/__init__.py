from flask import Blueprint

bp = Blueprint("oral_reports", __name__)
