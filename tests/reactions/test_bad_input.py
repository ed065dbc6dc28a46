"""Bad input gets a clear Dutch message beside the field, and nothing typed is lost."""
import io
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.reactions.models import Reaction, ReactionStatus
from consult.reactions.tokens import Purpose, make_token
from tests.reactions.conftest import link_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def reactions(session):
    return session.scalars(sa.select(Reaction)).all()


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_empty_or_whitespace_text_is_refused_and_the_rest_kept(open_consultation, send_reaction, session, body):
    page = send_reaction(open_consultation, body=body)
    assert page.status_code == 400
    assert "Schrijf uw reactie." in page.text
    assert 'value="Iris de Boer"' in page.text and 'value="Leerdam"' in page.text
    assert reactions(session) == []


def test_text_over_20000_characters_is_refused_and_kept_on_screen(open_consultation, send_reaction, session):
    long_text = "mantelzorg " * 1900  # 20,900 characters
    page = send_reaction(open_consultation, body=long_text)
    assert "Gebruik maximaal 20.000 tekens. Nu zijn het er 20.899. Er is niets verloren." in page.text
    assert long_text.strip()[:200] in page.text
    assert reactions(session) == []


def test_markup_and_script_are_stored_as_text_and_shown_harmless(client, open_consultation, send_reaction, session, mails, login, make_user):
    evil = '<script>alert("x")</script><b onmouseover="x()">vet</b>'
    send_reaction(open_consultation, body=evil, author_name="<img src=x onerror=alert(1)>")
    reaction = reactions(session)[0]
    assert reaction.body == evil  # stored exactly as typed
    client.get(link_in(mails("iris@example.org")[0], "/reacties/bevestigen/"))
    login(make_user(official_of=open_consultation.organisation))
    client.post(f"/beheer/reacties/{reaction.id}/goedkeuren", data={"csrf_token": _token(client)})

    for url in (f"/consultaties/{open_consultation.slug}", f"/beheer/consultaties/{open_consultation.slug}/moderatie?status=approved"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<b onmouseover" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_invalid_e_mail_address_gets_a_message_beside_the_field(open_consultation, send_reaction, session):
    page = send_reaction(open_consultation, author_email="iris@@example")
    assert "Dit is geen geldig e-mailadres" in page.text
    assert "Ik mis de mantelzorgers" in page.text
    assert reactions(session) == []


def test_missing_privacy_agreement_and_publication_choice_are_named(open_consultation, send_reaction):
    page = send_reaction(open_consultation, privacy="", publication="")
    assert "U moet akkoord gaan met de privacyverklaring" in page.text
    assert "Kies of we uw reactie mogen publiceren." in page.text


def test_a_file_that_lies_about_its_type_is_refused(open_consultation, send_reaction, session):
    page = send_reaction(open_consultation, files=[("brief.pdf", b"MZ\x90\x00 this is an exe")])
    assert "Het bestand brief.pdf is geen PDF-, DOCX-, ODT-, JPG- of PNG-bestand" in page.text
    assert "Ik mis de mantelzorgers" in page.text
    assert reactions(session) == []


def test_a_file_over_the_limit_gets_a_clear_message_not_a_bare_413(app, open_consultation, send_reaction, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_SIZE", 1024)
    page = send_reaction(open_consultation, files=[("groot.pdf", PDF + b"0" * 2048)])
    assert page.status_code == 400
    assert "Het bestand groot.pdf is groter dan" in page.text
    assert "Ik mis de mantelzorgers" in page.text


def test_real_files_are_kept_outside_the_web_root_under_random_names(app, open_consultation, send_reaction, session):
    send_reaction(open_consultation, files=[("brief.pdf", PDF), ("foto.png", PNG), ("nota.docx", docx_bytes())])
    attachments = reactions(session)[0].attachments
    assert [a.content_type for a in attachments] == [
        "application/pdf", "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    for attachment in attachments:
        assert attachment.storage_name not in attachment.filename
        with app.app_context():
            from consult.core.uploads import stored_path

            path = stored_path(attachment.storage_name)
        assert path.read_bytes()[:4] in (PDF[:4], PNG[:4], b"PK\x03\x04")
        assert "static" not in str(path)


def test_a_double_click_on_submit_makes_one_reaction(client, open_consultation, send_reaction, session):
    first = send_reaction(open_consultation, submission_key="same-key")
    second = send_reaction(open_consultation, submission_key="same-key")
    assert first.status_code == second.status_code == 302
    assert len(reactions(session)) == 1


def test_confirmation_link_used_twice_says_so_and_counts_once(client, open_consultation, send_reaction, session, mails):
    send_reaction(open_consultation)
    link = link_in(mails("iris@example.org")[0], "/reacties/bevestigen/")
    client.get(link)
    again = client.get(link, follow_redirects=True)
    assert "Uw reactie was al bevestigd" in again.text
    session.refresh(open_consultation)
    assert open_consultation.reaction_count == 1
    assert len(mails("iris@example.org")) == 2  # one confirmation, one receipt


def test_expired_confirmation_link_offers_a_new_one_and_loses_nothing(app, client, open_consultation, send_reaction, session, mails, monkeypatch):
    send_reaction(open_consultation)
    link = link_in(mails("iris@example.org")[0], "/reacties/bevestigen/")
    monkeypatch.setitem(app.config, "CONFIRMATION_MAX_AGE", -1)
    page = client.get(link)
    assert page.status_code == 410
    assert "Deze link is verlopen" in page.text and "Stuur een nieuwe link" in page.text
    assert reactions(session)[0].status is ReactionStatus.UNCONFIRMED

    client.post(f"{link}/opnieuw", data={"csrf_token": _csrf_from(page.text)})
    assert len(mails("iris@example.org")) == 2
    monkeypatch.setitem(app.config, "CONFIRMATION_MAX_AGE", 3600)
    client.get(link_in(mails("iris@example.org")[1], "/reacties/bevestigen/"))
    assert reactions(session)[0].status is ReactionStatus.PENDING


def test_forged_links_are_not_found(client, open_consultation, send_reaction, session):
    send_reaction(open_consultation)
    assert client.get("/reacties/bevestigen/not-a-token").status_code == 404
    assert client.get("/reacties/1.abc.def").status_code == 404


def test_submission_after_closing_keeps_the_text_and_says_the_period_closed(client, open_consultation, send_reaction, session):
    page = client.get(f"/consultaties/{open_consultation.slug}/reageren")  # the form was opened in time
    open_consultation.closes_at = utcnow() - timedelta(seconds=1)
    session.commit()
    from tests.conftest import csrf_token
    from tests.reactions.conftest import form_data

    response = client.post(f"/consultaties/{open_consultation.slug}/reageren",
                           data={**form_data(), "csrf_token": csrf_token(page.text)})
    assert response.status_code == 409
    assert "De reactietermijn is gesloten op" in response.text
    assert "Ik mis de mantelzorgers in dit hoofdstuk." in response.text
    assert reactions(session) == []


def test_a_draft_consultation_takes_no_reactions(client, make_consultation):
    from consult.consultations.models import State

    draft = make_consultation(state=State.DRAFT)
    assert client.get(f"/consultaties/{draft.slug}/reageren").status_code == 404  # as if it did not exist


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client.get("/").text)


def _csrf_from(html):
    from tests.conftest import csrf_token

    return csrf_token(html)


def test_manage_link_of_one_reaction_does_not_open_another(app, client, open_consultation, send_reaction, session):
    send_reaction(open_consultation)
    reaction = reactions(session)[0]
    with app.app_context():
        confirm_token = make_token(reaction.id, Purpose.CONFIRM)
    assert client.get(f"/reacties/{confirm_token}").status_code == 404  # a confirm token is no manage token
