import click
from flask.cli import ScriptInfo

from consult.jobs.worker import supervise, work, worker_command


@click.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds to wait when there is nothing to do.")
@click.option("--once", is_flag=True, help="Send what is due and run one job, then stop.")
@click.option("--supervise", "supervised", is_flag=True,
              help="Run the worker as a child process and start it again whenever it stops.")
def worker(interval: float, once: bool, supervised: bool) -> None:
    """Deliver queued mail (SMTP or the demo mailbox) and run background jobs."""
    if supervised:
        info = click.get_current_context().find_object(ScriptInfo)
        supervise(*worker_command(interval, getattr(info, "app_import_path", None)))
    else:
        work(interval, once=once)
