"""Request-wide behaviour: template helpers, error pages, response headers, the hosts we answer to
and the ids a URL, form or query string may carry."""
from __future__ import annotations

import re
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    before_render_template,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter
from wtforms.form import BaseForm

from consult.core.content_language import install as install_content_language
from consult.core.content_language import marking
from consult.core.i18n import closing_date, closing_moment, local_date, local_datetime, local_moment, period_end
from consult.core.kept_forms import keep_after_lost_session
from consult.core.lists import carry_list, forget_kept_lists, list_url
from consult.core.sanitize import (
    plain_text_lines,
    plain_text_paragraphs,
    plain_text_with_links,
    stored_html,
)
from consult.core.text import title_from
from consult.extensions import db

ERROR_TEXTS = {
    400: (_l("The request could not be handled"), _l("Something in the request was not right. Go back and try again.")),
    403: (_l("No access"), _l("You do not have access to this page. Log in with another account, or go back.")),
    404: (_l("Page not found"), _l("This page does not exist (any more). Check the address, or start on the home page.")),
    405: (_l("The request could not be handled"), _l("This page cannot be used this way.")),
    413: (_l("File too large"), _l("What you sent is too large. Make the file smaller and try again.")),
    429: (_l("Too many attempts"), _l("You tried this too often in a short time. Wait a while and try again. Go back in your browser to find what you typed.")),
    500: (_l("Something went wrong"), _l("Something went wrong on our side. Your input was not saved. Please try again later.")),
}


# The largest id in a URL: every id column is an Integer, a 32-bit integer on PostgreSQL, which refuses
# to compare a larger number with it ("integer out of range").
MAX_ID = 2**31 - 1


def numbers_up_to(limit: int) -> str:
    """A regular expression for the decimal numbers 0…``limit``: shorter numbers, and per digit of the
    limit the numbers of its length that are smaller from that digit on."""
    digits = str(limit)
    shorter = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    smaller = [f"{digits[:i]}[0-{int(d) - 1}][0-9]{{{len(digits) - i - 1}}}" for i, d in enumerate(digits) if d != "0"]
    return "|".join([*shorter, *smaller, digits])


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route. A number above MAX_ID does not match the route at all, so every method
    gets a 404, never a database error about an integer out of range (nor Python's limit on long numbers).
    """

    regex = f"(?:{numbers_up_to(MAX_ID)})"

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(url_map, fixed_digits, min, MAX_ID if max is None else max, signed=False)


ID_PATTERN = re.compile(IdConverter.regex)


def as_id(value: str | None) -> int | None:
    """An id from a form or a query string (``?reactie=12``): the number, or None when it is not one of
    ours (not the digits 0–9, or above MAX_ID), so it finds nothing instead of a database error."""
    return int(value) if value and ID_PATTERN.fullmatch(value) else None


def as_ids(values) -> list[int]:
    return [number for number in map(as_id, values) if number is not None]


def refuse_unknown_host():
    """First of all before_request hooks: a Host header outside TRUSTED_HOSTS gets a bare 400.
    Nothing else runs, and nothing is rendered, since no URL can be built for such a host."""
    if isinstance(request.routing_exception, SecurityError):
        return Response("Unknown host.\n", status=400, mimetype="text/plain")
    return None


def no_store(view):
    """For views that show or hand out personal data: no browser or proxy may keep a copy (AVG art. 32).

    Every response to a signed-in person is ``no-store`` already (``security_headers``); this marks the
    pages reached without a log-in, by a link from a mail, and says it where it matters most: downloads.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative '//'."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def install_web_hooks(app: Flask) -> None:
    app.add_template_global(list_url)
    app.url_defaults(carry_list)
    app.before_request(forget_kept_lists)
    app.add_template_filter(local_datetime)
    app.add_template_filter(closing_moment)
    app.add_template_filter(closing_date)
    app.add_template_filter(local_moment)
    app.add_template_global(period_end)
    app.add_template_filter(local_date)
    # Stored text is the organisation's, in Dutch: marked lang="nl" on a page in English (content_language).
    app.add_template_filter(marking(stored_html, block=True), "rich_text")
    app.add_template_filter(marking(plain_text_with_links), "text_with_links")
    app.add_template_filter(marking(plain_text_paragraphs, block=True), "paragraphs")
    app.add_template_filter(marking(plain_text_lines), "lines")
    install_content_language(app)
    app.add_template_filter(title_from, "as_title")

    before_render_template.connect(_mark_refused_forms, app)

    @app.context_processor
    def layout_context():
        return {
            "current_language": str(get_locale()),
            "dev_mailbox": current_app.config["DEV_MAILBOX"],
        }

    for code in ERROR_TEXTS:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(401, _to_login)
    app.register_error_handler(CSRFError, _csrf_error)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        if app.config["CONSULT_ENV"] == "production":
            response.headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        # Everything a signed-in person sees carries their name, and officials' pages and files carry
        # other people's personal data: no shared or browser cache keeps a copy (AVG art. 32).
        if request.endpoint not in ("static", "looks.show_logo") and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


def _mark_refused_forms(_app, template, context, **_extra) -> None:
    """Tell the layout that a form on this page was refused, so the page title starts with "Fout:": the
    first thing a screen reader says after the page loads again (WCAG 3.3.1; the GOV.UK pattern). It looks
    at every form the view passes, whatever its name, so no form view can forget it."""
    context.setdefault("form_refused", any(isinstance(value, BaseForm) and value.errors
                                           for value in context.values()))


def _error_page(error):
    """The error page; for an address of a JSON file (open data, a person's own data) the same text as
    JSON, ``{"error": text}``, so a program reading the file can read why it got none."""
    code = getattr(error, "code", 500) or 500
    if code >= 500:
        db.session.rollback()
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request.path.endswith(".json"):
        response = jsonify(error=str(text))
        response.status_code = code
        return response
    return render_template("errors/error.html", code=code, title=title, text=text), code


def _to_login(_error):
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _csrf_error(error):
    page = keep_after_lost_session(error)
    if page is not None:
        flash(_("Your session had ended, so the form was not sent. What you typed is kept. Log in again if the "
                "page asks you to, then check the form and send it again."), "info")
        return redirect(page, 303)
    title = _l("The form has expired")
    text = _l("The page was open too long, or cookies are blocked. Go back, reload the page and send it again.")
    return render_template("errors/error.html", code=400, title=title, text=text), 400
