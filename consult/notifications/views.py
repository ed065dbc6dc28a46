"""A person's own account page: who they are, for whom they work, and how round mails reach them."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.extensions import db, limiter
from consult.notifications import bp
from consult.notifications.forms import MailFrequencyForm
from consult.notifications.models import MailFrequency
from consult.notifications.services import set_mail_frequency


def _page(form: MailFrequencyForm, status: int = 200):
    return render_template("notifications/my_account.html", form=form), status


@bp.get("/mijn-account")
@login_required
def my_account():
    return _page(MailFrequencyForm(frequency=current_user.mail_frequency.value))


@bp.post("/mijn-account/e-mail")
@login_required
@limiter.limit("30/hour")
def change_mail_frequency():
    form = MailFrequencyForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    set_mail_frequency(current_user._get_current_object(), MailFrequency(form.frequency.data))
    db.session.commit()
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("notifications.my_account"))
