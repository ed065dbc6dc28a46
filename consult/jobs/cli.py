import logging
import time

import click

from consult.jobs.services import run_next
from consult.mail.delivery import deliver_due

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds to wait when there is nothing to do.")
@click.option("--once", is_flag=True, help="Send what is due and run one job, then stop.")
def worker(interval: float, once: bool) -> None:
    """Deliver queued mail (SMTP or the demo mailbox) and run background jobs."""
    while True:
        report = deliver_due()
        if report.sent or report.retried or report.failed:
            log.info("outbox: %s sent, %s to retry, %s failed", report.sent, report.retried, report.failed)
        job = run_next()
        if once:
            return
        if job is None:
            time.sleep(interval)
