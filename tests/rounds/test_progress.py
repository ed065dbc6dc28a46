"""The officials' progress view through HTTP: who has not responded, a later deadline for one
organisation, a late comment after the deadline, and the progress as CSV and XLSX."""
import io
import time
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from consult.reactions.models import Channel, Reaction, ReactionStatus
from consult.rounds.models import DraftComment
from consult.rounds.reminders import CannotRemind, send_reminder
from consult.rounds.services import NotLater, NotPastDeadline, add_late_comment, extend_deadline
from tests.conftest import csrf_token


def progress_url(world, rest=""):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde{rest}"


def organisation_url(world, organisation, rest=""):
    return progress_url(world, f"/organisaties/{organisation.slug}{rest}")


def events(session, action):
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_who_has_not_responded_is_shown_apart(client, login, round_world, session):
    round_world.invitation_y.submitted_at = utcnow()
    session.add(DraftComment(invitation=round_world.invitation_x, body="Half af", created_at=utcnow()))
    session.commit()
    login(round_world.users["official_a"])
    page = client.get(progress_url(round_world))
    assert "Nog niet gereageerd" in page.text and "Toon alleen wie nog niet heeft gereageerd (1)" in page.text
    assert "1 opmerking" in page.text.split(">Zorg X</a>", 1)[1].split("</tr>", 1)[0]  # drafted
    pending = client.get(progress_url(round_world, "?toon=niet-gereageerd"))
    assert ">Zorg X</a>" in pending.text and ">Wonen Y</a>" not in pending.text
    assert "Toon alle organisaties (2)" in pending.text


def deadline_form(client, world, organisation, moment: datetime, reason="Bestuur vergadert later"):
    page = client.get(organisation_url(world, organisation))
    local = moment.astimezone(AMSTERDAM)
    return client.post(organisation_url(world, organisation, "/deadline"), data={
        "deadline-deadline_on": local.strftime("%Y-%m-%d"), "deadline-deadline_time": local.strftime("%H:%M"),
        "deadline-reason": reason, "csrf_token": csrf_token(page.text)})


def test_a_later_deadline_for_one_organisation_is_recorded_audited_mailed_and_shown(client, login, round_world, session):
    round_world.users["colleague_x"].locale = "en"
    session.commit()
    login(round_world.users["official_a"])
    new = (round_world.consultation.closes_at + timedelta(days=3)).astimezone(AMSTERDAM).replace(hour=17, minute=30, second=0, microsecond=0)
    response = deadline_form(client, round_world, round_world.x, new)
    assert response.status_code == 302
    session.refresh(round_world.invitation_x)
    assert round_world.invitation_x.deadline_override == new  # the exact Dutch time, kept as UTC
    assert round_world.invitation_x.deadline_reason == "Bestuur vergadert later"
    assert round_world.invitation_y.deadline_override is None
    event, = events(session, "round_deadline_extended")
    assert event.details["reason"] == "Bestuur vergadert later" and event.actor_id == round_world.users["official_a"].id
    mails = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage))}
    assert set(mails) == {"sanne@example.org", "kees@example.org"}
    assert mails["sanne@example.org"].subject == "Zorg X krijgt meer tijd om te reageren op Feedbackronde agenda"
    assert mails["kees@example.org"].subject == "Zorg X has more time to comment on Feedbackronde agenda"
    assert "17.30 uur" in mails["sanne@example.org"].body_text and "Bestuur vergadert later" in mails["sanne@example.org"].body_text
    assert "Eigen deadline" in client.get(progress_url(round_world)).text
    # The partner's own round page shows their own deadline.
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_x"])
    page = client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}")
    assert "17.30 uur" in page.text and "een latere deadline voor Zorg X" in page.text


def test_a_deadline_must_be_later_than_the_rounds_and_have_a_reason(client, login, round_world, session):
    login(round_world.users["official_a"])
    earlier = round_world.consultation.closes_at - timedelta(days=1)
    response = deadline_form(client, round_world, round_world.x, earlier)
    assert response.status_code == 400 and "Kies een moment na de deadline van de ronde." in response.text
    assert 'value="Bestuur vergadert later"' in response.text  # what was typed stays
    no_reason = deadline_form(client, round_world, round_world.x, earlier + timedelta(days=5), reason="")
    assert no_reason.status_code == 400 and "Vul de reden voor de latere deadline in." in no_reason.text
    session.refresh(round_world.invitation_x)
    assert round_world.invitation_x.deadline_override is None
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def late_comment(client, world, organisation, body="Te laat, maar belangrijk", section="wonen"):
    page = client.get(organisation_url(world, organisation))
    return client.post(organisation_url(world, organisation, "/te-laat"), data={
        "late-section": section, "late-quote": "", "late-body": body, "csrf_token": csrf_token(page.text)})


def test_after_the_deadline_an_official_adds_a_late_comment_for_the_organisation(client, login, round_world, session):
    round_world.consultation.closes_at = utcnow() - timedelta(hours=1)
    session.commit()
    login(round_world.users["official_a"])
    assert late_comment(client, round_world, round_world.x).status_code == 302
    reaction = session.scalar(sa.select(Reaction))
    assert reaction.is_late and reaction.channel is Channel.PARTNER_ROUND and reaction.status is ReactionStatus.PENDING
    assert (reaction.organisation_id, reaction.organisation_name) == (round_world.x.id, "Zorg X")
    assert reaction.section.anchor == "wonen" and reaction.author_email is None
    session.refresh(round_world.consultation)
    assert round_world.consultation.reaction_count == 1
    assert events(session, "round_late_comment_added")[0].details["reference"] == reaction.reference
    row = client.get(progress_url(round_world)).text.split(">Zorg X</a>", 1)[1].split("</tr>", 1)[0]
    assert "te laat" in row
    assert "te laat" in client.get(organisation_url(round_world, round_world.x)).text


def test_before_the_deadline_nobody_adds_a_late_comment(client, login, round_world, session):
    login(round_world.users["official_a"])
    page = client.get(organisation_url(round_world, round_world.x))
    assert "Te late opmerking toevoegen" not in page.text
    late_comment(client, round_world, round_world.x)
    # A later deadline for X keeps X open after the round closes, so not for X either.
    round_world.consultation.closes_at = utcnow() - timedelta(hours=1)
    round_world.invitation_x.deadline_override = utcnow() + timedelta(days=1)
    session.commit()
    late_comment(client, round_world, round_world.x)
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0
    assert late_comment(client, round_world, round_world.y).status_code == 302  # Y's deadline passed
    assert session.scalar(sa.select(Reaction.organisation_name)) == "Wonen Y"


def test_a_late_comment_needs_text_and_keeps_what_was_typed(client, login, round_world, session):
    round_world.consultation.closes_at = utcnow() - timedelta(hours=1)
    session.commit()
    login(round_world.users["official_a"])
    empty = late_comment(client, round_world, round_world.x, body="")
    assert empty.status_code == 400 and "Schrijf uw opmerking." in empty.text
    too_long = late_comment(client, round_world, round_world.x, body="x" * 20_001)
    assert too_long.status_code == 400 and "Gebruik maximaal 20.000 tekens. Nu zijn het er 20.001." in too_long.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_the_progress_exports_as_csv_and_xlsx_neutralised_and_audited(client, login, round_world, session):
    round_world.x.name = "=HYPERLINK(\"http://example.org\")"
    round_world.invitation_y.submitted_at = utcnow()
    session.commit()
    login(round_world.users["official_a"])
    csv_response = client.get(progress_url(round_world, "/voortgang.csv"))
    assert csv_response.status_code == 200 and csv_response.headers["Cache-Control"] == "no-store"
    text = csv_response.data.decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.startswith("Organisatie;Soort organisatie;Uitgenodigd")
    assert any(line.startswith("'=HYPERLINK") or line.startswith("\"'=HYPERLINK") for line in lines)
    assert any("Wonen Y" in line for line in lines)
    xlsx = client.get(progress_url(round_world, "/voortgang.xlsx"))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Organisatie" and len(rows) == 3
    assert {row[0] for row in rows[1:]} == {"'=HYPERLINK(\"http://example.org\")", "Wonen Y"}
    assert [e.details["format"] for e in events(session, "round_progress_exported")] == ["csv", "xlsx"]


def test_the_export_asks_for_the_password_again_like_the_other_exports(app, client, login, round_world):
    login(round_world.users["official_a"])
    with client.session_transaction() as browser_session:
        browser_session["auth_at"] = browser_session["login_at"] = time.time() - 3600
    response = client.get(progress_url(round_world, "/voortgang.csv"))
    assert response.status_code == 302 and "/wachtwoord-bevestigen" in response.headers["Location"]


def test_posting_on_the_officials_pages_is_rate_limited(app, client, login, round_world):
    app.config["RATELIMIT_ENABLED"] = True
    login(round_world.users["official_a"])
    token = csrf_token(client.get(progress_url(round_world)).text)
    for url in (organisation_url(round_world, round_world.x, "/deadline"), organisation_url(round_world, round_world.x, "/te-laat"),
                progress_url(round_world, "/herinneren"), organisation_url(round_world, round_world.x, "/herinneren")):
        codes = [client.post(url, data={"csrf_token": token}).status_code for _ in range(61)]
        assert codes[-1] == 429 and 429 not in codes[:60], url


def test_the_services_refuse_what_the_rules_forbid(app_context, round_world, session):
    official, now = round_world.users["official_a"], utcnow()
    with pytest.raises(NotLater):
        extend_deadline(round_world.invitation_x, round_world.consultation.closes_at, "Zelfde moment", official, now)
    with pytest.raises(NotPastDeadline):
        add_late_comment(round_world.invitation_x, official, None, "", "Te vroeg", now)
    round_world.invitation_x.submitted_at = now
    with pytest.raises(CannotRemind):
        send_reminder(round_world.invitation_x, official, now)
    with pytest.raises(CannotRemind):
        send_reminder(round_world.invitation_y, official, round_world.consultation.closes_at)
    round_world.consultation.state = State.DRAFT  # a concept round: its partners do not see it yet
    with pytest.raises(CannotRemind):
        send_reminder(round_world.invitation_y, official, now)
    session.rollback()


def test_an_organisation_that_is_not_invited_has_no_page_in_the_round(client, login, round_world):
    login(round_world.users["official_a"])
    for rest in ("", "/herinneren", "/deadline", "/te-laat"):
        url = organisation_url(round_world, round_world.z, rest)
        response = client.get(url) if not rest else client.post(url, data={"csrf_token": csrf_token(client.get(progress_url(round_world)).text)})
        assert response.status_code == 404, url


def test_the_progress_table_lists_the_organisations_in_dutch_order(app_context, round_world, session, make_organisation):
    from consult.rounds.models import RoundInvitation
    from consult.rounds.queries import progress

    for name in ("ämstel Zorg", "'s-Hertogenbosch Welzijn"):
        session.add(RoundInvitation(round=round_world.round, organisation=make_organisation(name=name), invited_at=utcnow()))
    session.commit()
    rows = progress(round_world.round).rows
    assert [row.organisation.name for row in rows] == ["ämstel Zorg", "'s-Hertogenbosch Welzijn", "Wonen Y", "Zorg X"]
