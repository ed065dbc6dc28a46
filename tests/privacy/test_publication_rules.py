"""What each public output shows of a reaction, decided in consult.reactions.publication, and the
official's choice when approving text with personal data."""
from __future__ import annotations

import json

import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.reactions.counters import recount
from consult.reactions.models import Publication, ReactionStatus
from tests.conftest import csrf_token, run_jobs
from tests.reactions.conftest import MARKDOWN

SENSITIVE = ("Mijn BSN is 111222333, bel 06-12345678 of mail jan@voorbeeld.nl. Ik woon op Dorpsstraat 12 "
             "en heb een diagnose autisme. Met vriendelijke groet, C. Vos")


def test_approving_text_with_personal_data_asks_what_to_publish(client, login, make_consultation, make_user,
                                                                 make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation)
    reaction = make_reaction(consultation, body=SENSITIVE, author_name="C. Vos", publication=Publication.NAMED)
    login(official)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "Wat publiceert u?" in page

    refused = client.post(f"/beheer/reacties/{reaction.id}/goedkeuren", data={"csrf_token": csrf_token(page)},
                          follow_redirects=True)
    assert reaction.status is ReactionStatus.PENDING
    assert "Kies wat u publiceert" in refused.text

    client.post(f"/beheer/reacties/{reaction.id}/goedkeuren",
                data={"csrf_token": csrf_token(page), "personal_data": "redact"})
    assert reaction.status is ReactionStatus.APPROVED
    shown = client.get(f"/consultaties/{consultation.slug}/reacties").text
    for secret in ("111222333", "06-12345678", "jan@voorbeeld.nl", "Dorpsstraat 12"):
        assert secret not in shown
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "reaction_approved")).one()
    assert event.details["personal_data_choice"] == "redact" and event.details["personal_data_found"] >= 3


def test_bulk_approval_leaves_reactions_with_personal_data_for_one_by_one(client, login, make_consultation, make_user,
                                                                        make_reaction):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    clean = make_reaction(consultation, body="Goed plan, ga zo door.")
    risky = make_reaction(consultation, body=SENSITIVE)
    queue = client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").text
    answer = client.post(f"/beheer/consultaties/{consultation.slug}/selectie", follow_redirects=True, data={
        "csrf_token": csrf_token(queue), "action": "approve", "reason": "spam", "reaction": [clean.id, risky.id]})
    assert clean.status is ReactionStatus.APPROVED and risky.status is ReactionStatus.PENDING
    assert risky.reference in answer.text


def test_an_anonymous_signature_stays_off_the_site_and_out_of_open_data(client, login, make_consultation, make_user,
                                                                       make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN)
    reaction = make_reaction(consultation, body="Meer steun voor mantelzorgers.\n\nMet vriendelijke groet, C. Vos",
                             author_name="C. Vos", publication=Publication.ANONYMOUS, status=ReactionStatus.APPROVED,
                             organisation_name="", quote="De inwoners staan centraal. Bel C. Vos: 06-12345678")
    recount(consultation)
    session.commit()
    for url in (f"/consultaties/{consultation.slug}/reacties", f"/consultaties/{consultation.slug}",
                f"/consultaties/{consultation.slug}/open-data.csv"):
        text = client.get(url).get_data(as_text=True)
        assert "Meer steun voor mantelzorgers." in text and "Vos" not in text and "06-12345678" not in text, url
    records = json.loads(client.get(f"/consultaties/{consultation.slug}/open-data.json").data)["reactions"]
    assert records[0]["text"].endswith("[naam]") and records[0]["sender"] == "Inwoner"

    login(make_user(official_of=consultation.organisation))
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert 'title="naam van de indiener">C. Vos' in page  # the scan marks the author's own name for the official


def test_the_nota_never_shows_the_text_of_a_letter_not_to_publish_nor_of_a_hidden_reaction(
        client, login, make_consultation, make_user, make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    letter = make_reaction(consultation, body="Mijn buurman Kees de Bruin heeft kanker.", author_name="P. Smit",
                           publication=Publication.NOT_PUBLISHED, status=ReactionStatus.REJECTED,
                           rejection_reason="personal_data")
    hidden = make_reaction(consultation, body="Een gemene tekst over de wethouder.", status=ReactionStatus.APPROVED,
                           is_hidden=True)
    shown = make_reaction(consultation, body="Een goed plan.", status=ReactionStatus.APPROVED)
    recount(consultation)
    session.commit()
    login(make_user(official_of=consultation.organisation))
    preview = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/publiceren", data={"csrf_token": csrf_token(preview)})
    run_jobs()
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})

    for extension in ("", ".pdf", ".docx", ".odt"):
        response = client.get(f"/consultaties/{consultation.slug}/reactienota{extension}")
        assert response.status_code == 200
    public = client.get(f"/consultaties/{consultation.slug}/reactienota").text
    assert "Kees de Bruin" not in public and "kanker" not in public and "gemene tekst" not in public
    assert "Een goed plan." in public
    for reaction in (letter, hidden, shown):  # every zienswijze is accounted for, by its kenmerk
        assert reaction.reference in public
    assert public.count("De tekst van deze reactie is niet openbaar.") == 2


def test_buttons_and_server_agree_on_what_a_state_allows(client, login, make_consultation, make_user, make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    shown = make_reaction(consultation, body="Een goed plan.", status=ReactionStatus.APPROVED)
    withdrawn = make_reaction(consultation, body="Toch niet.", status=ReactionStatus.WITHDRAWN)
    recount(consultation)
    session.commit()
    page = client.get(f"/beheer/reacties/{shown.id}").text
    assert "Weer tonen" not in page and "Goedkeuren" not in page
    for _ in range(2):  # "show again" on a reaction that is not hidden, twice: the counters stay
        client.post(f"/beheer/reacties/{shown.id}/weer-tonen", data={"csrf_token": csrf_token(page)})
    session.refresh(consultation)
    assert consultation.published_reaction_count == 1

    page = client.get(f"/beheer/reacties/{withdrawn.id}").text
    assert "Goedkeuren" not in page and "Afwijzen" not in page and "Tekst om te publiceren" not in page
    for action in ("goedkeuren", "afwijzen", "redigeren", "weer-tonen"):
        response = client.post(f"/beheer/reacties/{withdrawn.id}/{action}", follow_redirects=True, data={
            "csrf_token": csrf_token(page), "reason": "spam", "public_body": "x", "personal_data": "as_is"})
        assert response.status_code == 200 and "Er is niets veranderd" in response.text, action
    assert withdrawn.status is ReactionStatus.WITHDRAWN and withdrawn.public_body is None


def test_an_organisation_that_signs_with_its_own_name_is_named_once(client, make_consultation, make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN)
    make_reaction(consultation, author_name="Stichting  Welzijn Lek en Linge", organisation_name="Stichting Welzijn Lek en Linge",
                  publication=Publication.NAMED, status=ReactionStatus.APPROVED, body="Wij steunen deze opgave.")
    make_reaction(consultation, author_name="Iris de Vries", organisation_name="Zorg BV",
                  publication=Publication.NAMED, status=ReactionStatus.APPROVED, body="Wij ook.")
    recount(consultation)
    session.commit()

    page = client.get(f"/consultaties/{consultation.slug}/reacties").text

    assert page.count("Welzijn Lek en Linge") == 1
    assert "<strong>Iris de Vries, Zorg BV</strong>" in page  # a person and their organisation: both
