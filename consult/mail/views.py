"""Mail that could not be sent, for officials; and the development mailbox for demos without SMTP."""
import io
from functools import wraps

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.core.db import utcnow
from consult.core.forms import EmptyForm
from consult.core.permissions import require
from consult.core.web import no_store
from consult.extensions import db
from consult.mail import bp
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.mail.permissions import RETRY_MAIL, SEE_FAILED_MAIL
from consult.mail.queries import failed_mail
from consult.mail.services import retry_mail


@bp.app_template_global()
def failure_label(message: OutboxMessage) -> str:
    """The reason in plain words; the technical one is shown beside it for the administrator."""
    if message.status is OutboxStatus.UNCONFIRMED:
        return _("Probably sent: the mail server was taking this e-mail when sending stopped, and did not "
                 "confirm it. Send it again only if the recipient did not get it.")
    if message.last_error.startswith("SMTPRecipientsRefused"):
        return _("The receiving mail server does not accept this address.")
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        return ngettext("Not sent after %(num)s attempt.", "Not sent after %(num)s attempts.", message.attempts)
    return _("This e-mail could not be made, so it was not sent.")


@bp.get("/beheer/mail")
@login_required
def list_failed_mail():
    require(SEE_FAILED_MAIL)
    return render_template("mail/failed.html", messages=failed_mail(current_user), form=EmptyForm(),
                           max_attempts=current_app.config["MAIL_MAX_ATTEMPTS"])


@bp.post("/beheer/mail/<int:message_id>/opnieuw")
@login_required
def retry_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    require(RETRY_MAIL, message)
    if not message.can_retry or not EmptyForm().validate_on_submit():
        abort(400)
    retry_mail(message, current_user, utcnow())
    db.session.commit()
    flash(_("The mail is queued again. The worker sends it within a few seconds."), "success")
    return redirect(url_for("mail.list_failed_mail"))


def only_without_smtp(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config["DEV_MAILBOX"]:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/dev/mailbox/")
@only_without_smtp
@no_store
def list_messages():
    messages = db.session.scalars(
        sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    ).all()
    return render_template("mail/mailbox.html", messages=messages)


@bp.get("/dev/mailbox/<int:message_id>")
@only_without_smtp
@no_store
def show_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("mail/message.html", message=message)


@bp.get("/dev/mailbox/<int:message_id>/bijlage")
@only_without_smtp
@no_store
def download_attachment(message_id: int):
    """The file sent along with a demo mail (a werkatelier's .ics), to check it as the recipient would."""
    message = db.get_or_404(OutboxMessage, message_id)
    if not message.attachment_name or message.attachment_data is None:
        abort(404)
    return send_file(io.BytesIO(message.attachment_data), mimetype=message.attachment_type or "application/octet-stream",
                     as_attachment=True, download_name=message.attachment_name)
