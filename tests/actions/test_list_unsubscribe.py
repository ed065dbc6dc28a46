"""RFC 8058 one-click unsubscribe for the terugkoppeling mail, the one mail with a stop link: the mail as a
real SMTP server receives it names the stop URL in List-Unsubscribe and offers List-Unsubscribe-Post; the
mail program's POST of exactly that body stops the mails without a CSRF token or a page, again and again
without harm; any other POST without a token is refused, and a GET (what mail scanners follow) only shows
the page that asks to confirm."""
from email import message_from_bytes, policy

import sqlalchemy as sa

from consult.actions.models import FeedbackOptOut
from consult.actions.tokens import make_stop_token
from consult.mail.delivery import deliver_due
from tests.actions.test_views import new_action
from tests.mail.test_delivery import smtp  # noqa: F401  (the real SMTP server fixture)

ONE_CLICK = "List-Unsubscribe=One-Click"
FORM = "application/x-www-form-urlencoded"


def opted_out(session) -> list[str]:
    return session.scalars(sa.select(FeedbackOptOut.email)).all()


def test_the_terugkoppeling_mail_offers_one_click_unsubscribe(session, world, client, login, app, smtp):  # noqa: F811
    smtp.start()
    login(world.users["official_r"])
    assert new_action(client, world, bron=f"reaction:{world.reactions[0].id}").status_code == 302
    with app.app_context():
        assert deliver_due().sent == 1
    [delivered] = smtp.inbox.messages
    mail = message_from_bytes(delivered.content, policy=policy.default)
    stop_url = mail["List-Unsubscribe"].strip("<>")
    assert mail["List-Unsubscribe"] == f"<{stop_url}>" and "/terugkoppeling/stoppen/" in stop_url
    assert stop_url in mail.get_body().get_content()  # the same link as the one in the text
    assert mail["List-Unsubscribe-Post"] == ONE_CLICK


def test_the_one_click_post_stops_the_mails_without_csrf_and_twice_without_harm(session, world, app):
    with app.test_request_context():
        url = f"/terugkoppeling/stoppen/{make_stop_token('Fatma@Example.org')}"
    mail_program = app.test_client()  # no cookie, no page, no token: what a mail program sends
    for _ in range(2):
        response = mail_program.post(url, data=ONE_CLICK, content_type=FORM)
        assert response.status_code == 200
    assert opted_out(session) == ["fatma@example.org"]


def test_another_post_without_a_token_is_refused_and_a_get_only_asks(session, world, app):
    with app.test_request_context():
        url = f"/terugkoppeling/stoppen/{make_stop_token('fatma@example.org')}"
    visitor = app.test_client()
    for body in ("", "List-Unsubscribe=One-Click&x=1", "List-Unsubscribe=Yes", "list-unsubscribe=one-click"):
        assert visitor.post(url, data=body, content_type=FORM).status_code == 400
    page = visitor.get(url)
    assert page.status_code == 200 and 'name="csrf_token"' in page.text  # the confirmation step, nothing stopped
    assert opted_out(session) == []
    assert visitor.post("/terugkoppeling/stoppen/not-a-token", data=ONE_CLICK, content_type=FORM).status_code == 404
