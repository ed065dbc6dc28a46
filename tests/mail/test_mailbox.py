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


def test_the_demo_mailbox_names_and_offers_the_attachment(app, client, session, monkeypatch):
    """Finding 14 of the second outside test: the .ics could only be read from the database."""
    monkeypatch.setitem(app.config, "DEV_MAILBOX", True)
    message = queue(app, session, recipient="iris@example.org")
    message.attachment_name, message.attachment_type, message.attachment_data = ("werkatelier.ics", "text/calendar",
                                                                                   b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    session.commit()
    plain = queue(app, session, recipient="jan@example.org")
    shown = client.get(f"/dev/mailbox/{message.id}").text
    assert "werkatelier.ics" in shown and f'href="/dev/mailbox/{message.id}/bijlage"' in shown
    download = client.get(f"/dev/mailbox/{message.id}/bijlage")
    assert download.status_code == 200 and download.mimetype == "text/calendar" and download.data.startswith(b"BEGIN:VCALENDAR")
    assert "werkatelier.ics" in download.headers["Content-Disposition"]
    assert client.get(f"/dev/mailbox/{plain.id}/bijlage").status_code == 404
    monkeypatch.setitem(app.config, "DEV_MAILBOX", False)
    assert client.get(f"/dev/mailbox/{message.id}/bijlage").status_code == 404
