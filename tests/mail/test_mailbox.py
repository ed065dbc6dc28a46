from consult.mail.delivery import deliver_due
from tests.mail.test_delivery import queue


def test_demo_mailbox_shows_sent_mail_with_working_links(app, client, session, monkeypatch):
    monkeypatch.setitem(app.config, "DEV_MAILBOX", True)
    message = queue(app, session, recipient="iris@example.org")
    with app.app_context():
        assert deliver_due().sent == 1

    listing = client.get("/dev/mailbox/")
    assert "iris@example.org" in listing.text and "Kies een nieuw wachtwoord" in listing.text
    assert 'href="/dev/mailbox/"' in client.get("/").text  # linked from the footer

    shown = client.get(f"/dev/mailbox/{message.id}")
    assert 'href="https://consult.test/x"' in shown.text


def test_mailbox_does_not_exist_when_a_mail_server_is_configured(client):
    assert client.get("/dev/mailbox/").status_code == 404
    assert "/dev/mailbox" not in client.get("/").text
