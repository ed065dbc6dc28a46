"""The logo of an organisation, under a name that changes with its content, so it is kept for a year."""
import sqlalchemy as sa
from flask import Response, abort, url_for

from consult.extensions import db
from consult.looks import bp
from consult.looks.themes import page_classes, page_stylesheets
from consult.organisations.models import Organisation

YEAR = 365 * 24 * 3600


@bp.get("/organisaties/<slug>/logo-<digest>.<extension>")
def show_logo(slug: str, digest: str, extension: str):
    row = db.session.execute(sa.select(Organisation.logo, Organisation.logo_type)
                             .where(Organisation.slug == slug, Organisation.logo_hash == digest)).first()
    if row is None or row.logo is None or extension != ("png" if row.logo_type == "image/png" else "svg"):
        abort(404)
    response = Response(row.logo, mimetype=row.logo_type)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    # Opened on its own, an SVG is a document: nothing in it may run or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.app_template_global()
def logo_url(organisation) -> str | None:
    """The address of the organisation's logo, or None when it has none."""
    if not organisation or not organisation.logo_hash:
        return None
    extension = "png" if organisation.logo_type == "image/png" else "svg"
    return url_for("looks.show_logo", slug=organisation.slug, digest=organisation.logo_hash, extension=extension)


bp.add_app_template_global(page_classes)
bp.add_app_template_global(page_stylesheets)
