"""consult: inspraak and consultation for the Dutch social domain."""
from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from consult import config as settings
from consult import models  # noqa: F401  (the whole schema, for Alembic and relationships)
from consult.accounts.services import load_user
from consult.admin.cli import admin_cli, org_cli
from consult.assets import static as static_files
from consult.assets.cli import assets_cli

# Each feature's background jobs register themselves with the worker when imported.
from consult.coding import jobs as coding_jobs  # noqa: F401
from consult.config import PROJECT_ROOT
from consult.core import bidi
from consult.core.db import configure_sqlite
from consult.core.i18n import select_locale
from consult.core.logging import configure_logging
from consult.core.permissions import may
from consult.core.web import IdConverter, install_web_hooks, refuse_unknown_host
from consult.demo.cli import demo_cli
from consult.exports import jobs as export_jobs  # noqa: F401
from consult.extensions import babel, csrf, db, limiter, login_manager, migrate
from consult.jobs.cli import worker
from consult.operations.cli import backup, restore
from consult.pagecache import front as page_cache
from consult.privacy import jobs as privacy_jobs  # noqa: F401
from consult.privacy.cli import privacy_cli
from consult.reports import jobs as report_jobs  # noqa: F401
from consult.rounds import reminders as round_reminders  # noqa: F401  (a periodic task of the worker)
from consult.workshops import confirmation as workshop_confirmation  # noqa: F401  (a periodic task of the worker)
from consult.workshops import reminders as workshop_reminders  # noqa: F401  (a periodic task of the worker)

# Features with routes, registered in this order.
BLUEPRINTS = (
    "pages", "accounts", "documents", "consultations", "reactions", "moderation", "coding", "answers", "reports", "exports", "jobs", "mail",
    "privacy", "admin", "rounds", "advice", "audit", "oral_reports", "decisions", "signin", "notifications", "accessibility",
    "workshops", "actions", "looks", "outcomes",
)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_mapping(settings.load(Path(app.instance_path)))
    if overrides:
        app.config.update(overrides)
    if app.config["TRUSTED_HOSTS"] is None:
        app.config["TRUSTED_HOSTS"] = settings.trusted_hosts(app.config)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    configure_logging(app)
    # Right after the log's clock starts, before every other hook (limits, CSRF, session checks).
    app.before_request(refuse_unknown_host)

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT"])
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bidi.install(app)  # after Babel's gettext functions, before any template is compiled
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)

    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"consult.{name}.views").bp)
    app.add_template_global(may)
    app.cli.add_command(demo_cli)
    app.cli.add_command(worker)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(org_cli)
    app.cli.add_command(admin_cli)
    app.cli.add_command(assets_cli)
    install_web_hooks(app)
    static_files.install(app)  # compresses after the page cache has kept a page
    page_cache.install(app)  # last: its hook runs first after the view; its middleware is in front of Flask
    if app.config["TRUSTED_PROXIES"]:  # outermost, so the page cache sees the visitor's scheme
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    return app
