"""Development mailbox: every mail the outbox holds, for demos without an SMTP server."""
import sqlalchemy as sa
from flask import abort, current_app, render_template

from consult.core.web import no_store
from consult.extensions import db
from consult.mail import bp
from consult.mail.models import OutboxMessage


@bp.before_request
def only_without_smtp():
    if not current_app.config["DEV_MAILBOX"]:
        abort(404)


@bp.get("/")
@no_store
def list_messages():
    messages = db.session.scalars(
        sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    ).all()
    return render_template("mail/mailbox.html", messages=messages)


@bp.get("/<int:message_id>")
@no_store
def show_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("mail/message.html", message=message)
