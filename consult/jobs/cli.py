import logging
import time

import click
from sqlalchemy.exc import OperationalError

from consult.extensions import db
from consult.jobs.services import run_next
from consult.mail.delivery import deliver_due

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds to wait when there is nothing to do.")
@click.option("--once", is_flag=True, help="Send what is due and run one job, then stop.")
def worker(interval: float, once: bool) -> None:
    """Deliver queued mail (SMTP or the demo mailbox) and run background jobs."""
    while True:
        try:
            report = deliver_due()
            if report.sent or report.retried or report.failed:
                log.info("outbox: %s sent, %s to retry, %s failed", report.sent, report.retried, report.failed)
            job = run_next()
        except OperationalError as error:
            # The database stayed busy longer than the busy timeout, or was away: try again next round.
            db.session.rollback()
            log.warning("worker: database not available, trying again: %s", type(error).__name__)
            job = None
        if once:
            return
        if job is None:
            time.sleep(interval)
