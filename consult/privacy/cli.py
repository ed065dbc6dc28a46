import click
from flask.cli import with_appcontext

from consult.core.db import utcnow
from consult.extensions import db
from consult.privacy.services import purge, retention_days


@click.group("privacy")
def privacy_cli() -> None:
    """Personal data: remove what is past its retention period."""


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Remove personal data PERSONAL_DATA_RETENTION_DAYS after a consultation's decision (run it daily)."""
    report = purge(utcnow(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would be anonymised" if dry_run else "anonymised"
    click.echo(f"Retention: {retention_days()} days after the decision.")
    for title, count in report.reactions.items():
        click.echo(f"{title}: {count} reactions {verb}")
    click.echo(f"{report.total} reactions {verb}; {report.unconfirmed} unconfirmed reactions, {report.files} export "
               f"files, {report.mails} delivered mails, {report.requests} handled requests and {report.kept_forms} "
               f"kept forms {'would be ' if dry_run else ''}removed.")
    partner = report.partner
    click.echo(f"Feedbackrondes: {partner['drafts']} unsubmitted draft comments, {partner['links']} old invitation "
               f"links and {partner['notifications']} sent digest lines {'would be ' if dry_run else ''}removed.")
    click.echo(f"Werkateliers: {report.workshop_registrations} registrations {verb} (after the last session).")
