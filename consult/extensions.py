"""Extensions, created bare and bound to an app in the factory."""
from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from werkzeug.utils import cached_property

from consult.core.bidi import IsolatingDomain

# Named constraints, so migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IsolatingBabel(Babel):
    """Flask-Babel whose ``gettext`` & co. isolate the values they put into a sentence (core/bidi.py)."""

    @cached_property
    def domain_instance(self):
        return IsolatingDomain(domain=self.domain)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = IsolatingBabel()
csrf = CSRFProtect()
# In memory by default; RATELIMIT_STORAGE_URI (e.g. redis://…) shares the counts between workers.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def submitted_email() -> str:
    """Rate-limit key for forms about one address (log-in, reset, data access), whoever sends them."""
    return (request.form.get("email") or "").strip().lower() or "-"
