"""Afdeling 3.4 Awb on the public side: a zienswijze counts when received, the receipt says when, no
consent is asked on the public-task ground, and the name is a separate opt-in whose changes are recorded.
Other procedures keep their own behaviour (counted after confirmation, consent asked)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.consultations.models import Consultation, Procedure, State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.privacy.services import purge
from consult.reactions.counters import counter_mismatches
from consult.reactions.models import Publication, Reaction, ReactionStatus, counts_on_receipt, on_public_task
from tests.conftest import csrf_token
from tests.reactions.conftest import MARKDOWN, link_in

AWB = {"publication": "anonymous", "privacy": ""}


@pytest.fixture
def awb(make_consultation):
    return make_consultation(title="Ontwerp-bestemmingsplan", markdown=MARKDOWN, procedure=Procedure.AWB_UNIFORM)


@pytest.mark.parametrize(("procedure", "counted_on_receipt", "public_task"), [
    (Procedure.AWB_UNIFORM, True, True),
    (Procedure.ORDINANCE, False, True),
    (Procedure.INFORMAL, False, False),
])
def test_the_procedure_decides_counting_and_the_legal_ground(procedure, counted_on_receipt, public_task):
    consultation = Consultation(procedure=procedure)
    assert counts_on_receipt(consultation) is counted_on_receipt
    assert on_public_task(consultation) is public_task


def only_reaction(session):
    return session.scalars(sa.select(Reaction)).one()


def local_time(moment):
    return moment.astimezone(AMSTERDAM).strftime("%H.%M uur")


def test_an_awb_zienswijze_counts_on_receipt_and_is_published_only_after_confirmation(
        client, session, awb, send_reaction, mails, login, make_user):
    sent = send_reaction(awb, follow_redirects=True, **AWB)
    reaction = only_reaction(session)
    assert reaction.is_counted and reaction.is_awaiting_confirmation and reaction.status is ReactionStatus.PENDING
    session.refresh(awb)
    assert awb.reaction_count == 1 and counter_mismatches(awb) == []
    # The receipt page and the first mail say when it was received, in Dutch time, and that it counts.
    assert "We hebben uw reactie ontvangen op" in sent.text and local_time(reaction.received_at) in sent.text
    assert "Die telt mee." in sent.text and "telt pas mee" not in sent.text
    first = mails("iris@example.org")[0]
    assert local_time(reaction.received_at) in first.body_text and "Die telt mee" in first.body_text
    assert "Iris" not in first.body_text  # nothing typed by the sender goes to an unconfirmed address

    # An official approves it, but it stays off the website until the address is confirmed.
    official = make_user(official_of=awb.organisation)
    login(official)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "nog niet bevestigd" in page
    client.post(f"/beheer/reacties/{reaction.id}/goedkeuren", data={"csrf_token": csrf_token(page), "personal_data": "as_is"})
    session.refresh(reaction)
    assert reaction.status is ReactionStatus.APPROVED and not reaction.is_published
    assert "mantelzorgers" not in client.get(f"/consultaties/{awb.slug}/reacties").text

    confirmed = client.get(link_in(first, "/reacties/bevestigen/"), follow_redirects=True)
    assert confirmed.status_code == 200
    session.refresh(reaction)
    assert reaction.is_published and not reaction.is_awaiting_confirmation and counter_mismatches(awb) == []
    assert "mantelzorgers" in client.get(f"/consultaties/{awb.slug}/reacties").text
    receipt = mails("iris@example.org")[-1]
    assert "Ontvangen op:" in receipt.body_text and local_time(reaction.received_at) in receipt.body_text


def test_outside_afdeling_3_4_a_web_reaction_still_counts_only_after_confirmation(session, make_consultation, send_reaction):
    informal = make_consultation(markdown=MARKDOWN)
    sent = send_reaction(informal, follow_redirects=True)
    reaction = only_reaction(session)
    assert reaction.status is ReactionStatus.UNCONFIRMED and not reaction.is_counted
    assert "telt pas mee" in sent.text
    assert local_time(reaction.received_at) in sent.text  # the receipt page states the time in every procedure


def test_purge_keeps_unconfirmed_zienswijzen_of_a_running_awb_procedure(app_context, session, make_consultation):
    long_ago = utcnow() - timedelta(days=40)
    running = make_consultation(procedure=Procedure.AWB_UNIFORM, opens_in_days=-45, closes_in_days=-3)
    decided = make_consultation(procedure=Procedure.AWB_UNIFORM, state=State.DECIDED, opens_in_days=-60, closes_in_days=-50)
    informal = make_consultation(opens_in_days=-45, closes_in_days=-3)
    for n, consultation in enumerate((running, decided, informal)):
        session.add(Reaction(consultation=consultation, reference=f"OLD-{n}", status=ReactionStatus.UNCONFIRMED,
                             publication=Publication.ANONYMOUS, author_name="A", author_email="a@example.org",
                             body="Tekst.", submitted_at=long_ago, received_at=long_ago))
    session.commit()

    report = purge(utcnow())
    session.commit()
    assert report.unconfirmed == 2
    assert session.scalars(sa.select(Reaction.reference)).all() == ["OLD-0"]


def test_on_the_public_task_the_form_informs_instead_of_asking_consent(client, awb, make_consultation):
    page = client.get(f"/consultaties/{awb.slug}/reageren").text
    assert 'name="privacy"' not in page
    assert "AVG artikel 6 lid 1 onder e" in page and 'href="/privacy"' in page
    # The name is a separate opt-in, not ticked.
    assert 'name="publish_name"' in page and "checked" not in page.split('name="publish_name"')[1].split(">")[0]
    assert 'value="named"' not in page

    ordinance = make_consultation(procedure=Procedure.ORDINANCE)
    assert 'name="privacy"' not in client.get(f"/consultaties/{ordinance.slug}/reageren").text
    informal = make_consultation()
    assert 'name="privacy"' in client.get(f"/consultaties/{informal.slug}/reageren").text


@pytest.mark.parametrize(("fields", "expected"), [
    ({"publication": "anonymous"}, Publication.ANONYMOUS),
    ({"publication": "anonymous", "publish_name": "y"}, Publication.NAMED),
    ({"publication": "not_published", "publish_name": "y"}, Publication.NOT_PUBLISHED),
])
def test_the_name_is_published_only_when_ticked(session, awb, send_reaction, fields, expected):
    send_reaction(awb, **{**AWB, **fields})
    assert only_reaction(session).publication is expected


def test_named_is_no_choice_of_its_own_on_the_public_task_and_nothing_typed_is_lost(session, awb, send_reaction):
    page = send_reaction(awb, publication="named", body="Mijn zienswijze over de geluidswal.")
    assert page.status_code == 400 and session.scalars(sa.select(Reaction)).all() == []
    assert "Mijn zienswijze over de geluidswal." in page.text and 'class="utrecht-form-field-error-message' in page.text


def test_a_changed_publication_choice_is_recorded_and_shown_to_officials(
        client, session, awb, send_reaction, mails, login, make_user):
    send_reaction(awb, **AWB)
    reaction = only_reaction(session)
    client.get(link_in(mails("iris@example.org")[0], "/reacties/bevestigen/"))
    manage_url = link_in(mails("iris@example.org")[-1], "/reacties/")
    page = client.get(manage_url).text
    client.post(manage_url, data={"csrf_token": csrf_token(page), "body": reaction.body, "publication": "named"})
    session.refresh(reaction)
    assert reaction.publication is Publication.NAMED
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "publication_choice_changed")).one()
    assert event.subject_id == reaction.id and event.details["from_choice"] == "anonymous" and event.details["to_choice"] == "named"

    login(make_user(official_of=awb.organisation))
    official_page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "zonder mijn naam publiceren" in official_page and "met mijn naam publiceren" in official_page


def test_an_expired_link_after_closing_still_says_the_zienswijze_counts(app, client, session, awb, send_reaction, mails,
                                                                     monkeypatch):
    send_reaction(awb, **AWB)
    link = link_in(mails("iris@example.org")[0], "/reacties/bevestigen/")
    awb.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    monkeypatch.setitem(app.config, "CONFIRMATION_MAX_AGE", -1)
    page = client.get(link)
    assert page.status_code == 410 and "telt mee: we hebben haar op tijd ontvangen" in page.text
    assert only_reaction(session).is_counted
