"""A resident reacts, confirms by e-mail, gets a receipt, and sees the reaction after approval."""
import sqlalchemy as sa

from consult.reactions.models import Reaction, ReactionStatus
from tests.conftest import csrf_token
from tests.reactions.conftest import link_in


def test_resident_reacts_on_a_section_confirms_and_sees_it_published(
    client, session, open_consultation, send_reaction, mails, login, make_user
):
    response = send_reaction(open_consultation)
    assert response.status_code == 302
    sent = client.get(response.headers["Location"])
    assert "Kijk in uw e-mail" in sent.text and "iris@example.org" in sent.text

    reaction = session.scalars(sa.select(Reaction)).one()
    assert reaction.status is ReactionStatus.UNCONFIRMED
    assert reaction.section.number == "2"
    assert reaction.reference == f"TST-{reaction.submitted_at.year}-0001"
    assert open_consultation.reaction_count == 0  # does not count before confirmation

    confirmation = mails("iris@example.org")[0]
    receipt_page = client.get(link_in(confirmation, "/reacties/bevestigen/"), follow_redirects=True)
    assert "Uw reactie is bevestigd" in receipt_page.text
    assert reaction.reference in receipt_page.text
    session.refresh(open_consultation)
    assert open_consultation.reaction_count == 1

    receipt = mails("iris@example.org")[1]
    assert reaction.reference in receipt.body_text
    assert "Ik mis de mantelzorgers" in receipt.body_text
    assert "/reacties/" in receipt.body_text

    page = client.get(f"/consultaties/{open_consultation.slug}")
    assert "Ik mis de mantelzorgers" not in page.text  # not before moderation

    login(make_user(official_of=open_consultation.organisation))
    queue = client.get(f"/beheer/consultaties/{open_consultation.slug}/moderatie")
    assert reaction.reference in queue.text
    assert "iris@example.org" in client.get(f"/beheer/reacties/{reaction.id}").text
    client.post(f"/beheer/reacties/{reaction.id}/goedkeuren", data={"csrf_token": csrf_token(queue.text)})

    page = client.get(f"/consultaties/{open_consultation.slug}")
    section = page.text.split('id="opgavegericht-werken"', 1)[1].split("</section>", 1)[0]
    assert "Ik mis de mantelzorgers" in section
    assert "Iris de Boer" in section
    assert "1 gepubliceerde reactie" in section
    assert "iris@example.org" not in page.text and "Leerdam" not in page.text


def test_anonymous_choice_hides_the_name_and_not_published_hides_the_reaction(
    client, session, open_consultation, send_reaction, mails, login, make_user
):
    send_reaction(open_consultation, publication="anonymous", author_email="a@example.org", body="Anonieme tekst")
    send_reaction(open_consultation, publication="not_published", author_email="b@example.org", body="Geheime tekst")
    for address in ("a@example.org", "b@example.org"):
        client.get(link_in(mails(address)[0], "/reacties/bevestigen/"))
    login(make_user(official_of=open_consultation.organisation))
    token = csrf_token(client.get("/").text)
    for reaction in session.scalars(sa.select(Reaction)):
        client.post(f"/beheer/reacties/{reaction.id}/goedkeuren", data={"csrf_token": token})

    page = client.get(f"/consultaties/{open_consultation.slug}").text
    assert "Anonieme tekst" in page and "anoniem" in page and "Iris de Boer" not in page
    assert "Geheime tekst" not in page


def test_author_changes_and_withdraws_the_reaction_through_the_receipt_link(
    client, session, open_consultation, send_reaction, mails
):
    send_reaction(open_consultation)
    client.get(link_in(mails("iris@example.org")[0], "/reacties/bevestigen/"))
    manage = link_in(mails("iris@example.org")[1], "/reacties/")

    page = client.get(manage)
    assert "Ik mis de mantelzorgers" in page.text
    client.post(manage, data={"body": "Nieuwe tekst", "publication": "anonymous", "csrf_token": csrf_token(page.text)})
    reaction = session.scalars(sa.select(Reaction)).one()
    assert reaction.body == "Nieuwe tekst"

    client.post(f"{manage}/intrekken", data={"csrf_token": csrf_token(page.text)})
    assert reaction.status is ReactionStatus.WITHDRAWN
    session.refresh(open_consultation)
    assert open_consultation.reaction_count == 0
    assert "Ingetrokken" in client.get(manage).text
