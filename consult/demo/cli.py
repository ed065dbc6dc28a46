import click
from flask.cli import AppGroup

from consult.core.db import utcnow
from consult.demo import data
from consult.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load() -> None:
    """Load the demo installation into an empty database (does nothing otherwise)."""
    if data.is_loaded():
        click.echo("The database already holds data; demo data not loaded.")
        return
    data.load(utcnow())
    db.session.commit()
    click.echo(f"Demo data loaded. Every demo account has the password {data.DEMO_PASSWORD!r}.")
