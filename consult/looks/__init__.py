"""A municipality's or region's own look (issue 13): its NL Design System theme and logo on its pages."""
from flask import Blueprint

bp = Blueprint("looks", __name__)
