import click
from flask.cli import AppGroup

from consult.mail.delivery import run_worker

mail_cli = AppGroup("mail", help="The outbox.")


@mail_cli.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between runs.")
@click.option("--once", is_flag=True, help="Send what is due once, then stop.")
def worker(interval: float, once: bool) -> None:
    """Deliver queued mail over SMTP (or to the development mailbox)."""
    run_worker(interval, once=once)
