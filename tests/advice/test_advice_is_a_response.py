"""Submitted formal advice counts as the adviesraad's response to its invitation
(``RoundInvitation.has_responded``): in the progress view and its rate, in every reminder, in the
progress export and on "Mijn organisatie"."""
from datetime import timedelta

import sqlalchemy as sa

from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.rounds.models import RoundInvitation
from consult.rounds.reminders import send_due_reminders
from tests.advice.conftest import given_advice
from tests.conftest import csrf_token


def progress_url(world, rest=""):
    return f"/beheer/consultaties/{world.round.slug}/ronde{rest}"


def mails_to(session, email):
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email)))


def test_the_rule_is_comments_or_advice(app_context, advice_world, session):
    invitation = advice_world.invitation_c
    assert not invitation.has_responded
    assert session.scalar(sa.select(sa.func.count()).select_from(RoundInvitation).where(~RoundInvitation.has_responded)) == 2
    given_advice(session, advice_world)
    session.refresh(invitation)
    assert invitation.has_responded and invitation.submitted_at is None
    assert session.scalar(sa.select(sa.func.count()).select_from(RoundInvitation).where(~RoundInvitation.has_responded)) == 1


def test_the_progress_view_counts_advice_as_a_response(client, login, advice_world, session):
    given_advice(session, advice_world)
    login(advice_world.users["official_a"])
    page = client.get(progress_url(advice_world))
    assert "Toon alleen wie nog niet heeft gereageerd (1)" in page.text
    assert "1 van 2" in page.text
    row = page.text.split(">Participatieraad C</a>", 1)[1].split("</tr>", 1)[0]
    assert "formeel advies" in row and "Stuur herinnering" not in row
    pending = client.get(progress_url(advice_world, "?toon=niet-gereageerd"))
    assert ">Participatieraad C</a>" not in pending.text and ">Zorg X</a>" in pending.text
    csv = client.get(progress_url(advice_world, "/voortgang.csv")).data.decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert "Formeel advies ingediend" in header
    council_line, = [line for line in lines if line.startswith("Participatieraad C")]
    assert str(utcnow().year) in council_line.split(";")[header.split(";").index("Formeel advies ingediend")]


def test_nobody_reminds_an_adviesraad_that_gave_advice(app, client, login, advice_world, session):
    given_advice(session, advice_world)
    login(advice_world.users["official_a"])
    page = client.get(progress_url(advice_world))
    client.post(progress_url(advice_world, "/herinneren"), data={"csrf_token": csrf_token(page.text)})
    client.post(progress_url(advice_world, f"/organisaties/{advice_world.council.slug}/herinneren"),
                data={"csrf_token": csrf_token(page.text)})
    assert mails_to(session, "sanne@example.org")  # Zorg X has not responded: it is reminded
    assert mails_to(session, "youssef@example.org") == [] and mails_to(session, "marieke@example.org") == []
    # Nor does the worker, at a reminder moment.
    advice_world.round.closes_at = utcnow() + timedelta(days=1)
    session.execute(sa.update(RoundInvitation).values(invited_at=utcnow() - timedelta(days=20)))
    session.commit()
    with app.app_context():
        assert send_due_reminders(utcnow()) == 1  # Zorg X only
    assert mails_to(session, "youssef@example.org") == []


def test_my_organisation_says_the_advice_was_given(client, login, advice_world, session):
    given_advice(session, advice_world)
    login(advice_world.users["member_c"])
    page = client.get("/mijn-organisatie")
    assert "nog niets ingediend" not in page.text and "formeel advies ingediend" in page.text
