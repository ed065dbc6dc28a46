"""Settings fail closed: an unknown CONSULT_ENV stops the start, production needs a https BASE_URL, and
the public demo mailbox exists only when development is asked for."""
import pytest

from consult import config as settings


def load_settings(tmp_path, monkeypatch, **environment):
    for name in ("CONSULT_ENV", "BASE_URL", "ALLOWED_HOSTS", "MAIL_SERVER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return settings.load(tmp_path)


def test_trusted_hosts_are_base_url_and_allowed_hosts(tmp_path, monkeypatch):
    production = load_settings(tmp_path, monkeypatch, CONSULT_ENV="production", BASE_URL="https://Inspraak.Gemeente.nl/",
                               ALLOWED_HOSTS="consult.gemeente.nl, 10.0.0.5")
    assert production["BASE_URL"] == "https://Inspraak.Gemeente.nl"
    assert settings.trusted_hosts(production) == ["inspraak.gemeente.nl", "consult.gemeente.nl", "10.0.0.5"]
    development = load_settings(tmp_path, monkeypatch)
    assert development["BASE_URL"] == "http://127.0.0.1:5000"
    assert settings.trusted_hosts(development) == ["127.0.0.1", "localhost"]


@pytest.mark.parametrize("base_url", ["", "inspraak.gemeente.nl", "http://inspraak.gemeente.nl", "https://x.nl/?a=1"])
def test_production_needs_a_https_base_url(tmp_path, monkeypatch, base_url):
    with pytest.raises(settings.ConfigError, match="BASE_URL"):
        load_settings(tmp_path, monkeypatch, CONSULT_ENV="production", BASE_URL=base_url)


@pytest.mark.parametrize("environment", ["Production", "prod", "productie", "develop", "", " production"])
def test_an_unknown_consult_env_refuses_to_start(tmp_path, monkeypatch, environment):
    with pytest.raises(settings.ConfigError, match="CONSULT_ENV.*development, production"):
        load_settings(tmp_path, monkeypatch, CONSULT_ENV=environment, BASE_URL="https://inspraak.gemeente.nl")


def test_the_demo_mailbox_exists_only_when_development_is_asked_for(tmp_path, monkeypatch):
    assert load_settings(tmp_path, monkeypatch, CONSULT_ENV="development")["DEV_MAILBOX"] is True
    assert load_settings(tmp_path, monkeypatch)["DEV_MAILBOX"] is False  # not set at all: no public mailbox
    assert load_settings(tmp_path, monkeypatch, CONSULT_ENV="development", MAIL_SERVER="smtp.gemeente.nl")["DEV_MAILBOX"] is False
    production = load_settings(tmp_path, monkeypatch, CONSULT_ENV="production", BASE_URL="https://inspraak.gemeente.nl")
    assert production["DEV_MAILBOX"] is False and production["REQUIRE_TWO_FACTOR"] and production["SESSION_COOKIE_SECURE"]


def test_passwords_are_hashed_with_scrypt_unless_the_test_suite_asks_for_a_cheaper_method(tmp_path, monkeypatch):
    """Only the test app (tests/conftest.py) hashes cheaply; every installation uses scrypt, for the accounts'
    hashes and for the stand-in hash a log-in without an account is checked against."""
    from flask import Flask

    from consult.accounts.models import User
    from consult.accounts.services import _dummy_hash

    production = load_settings(tmp_path, monkeypatch, CONSULT_ENV="production", BASE_URL="https://inspraak.gemeente.nl")
    assert production["PASSWORD_HASH_METHOD"] == load_settings(tmp_path, monkeypatch)["PASSWORD_HASH_METHOD"] == "scrypt"
    app = Flask(__name__)
    app.config["PASSWORD_HASH_METHOD"] = production["PASSWORD_HASH_METHOD"]
    user = User()
    with app.app_context():
        user.set_password("correct horse battery staple")
    assert user.password_hash.startswith("scrypt:") and user.check_password("correct horse battery staple")
    assert _dummy_hash(production["PASSWORD_HASH_METHOD"]).startswith("scrypt:")
