"""Reminders: the rule for when one is due (a plain function), the worker's reminders through the outbox
(each organisation once per moment, also with two workers), and reminders by hand through HTTP."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.consultations.models import Consultation, State
from consult.core.db import utcnow
from consult.jobs import periodic
from consult.jobs.worker import work
from consult.mail.models import OutboxMessage
from consult.rounds.models import FeedbackRound, ReminderKind, RoundInvitation, RoundReminder
from consult.rounds.reminders import send_due_reminders
from tests.conftest import csrf_token

DAY = timedelta(days=1)


# The rule, as a plain function ---------------------------------------------------------------------

def invitation_due(deadline_in: timedelta, invited_ago: timedelta, submitted=False, state=State.PUBLISHED,
                   opened_ago=timedelta(days=30), override_in: timedelta | None = None):
    now = utcnow()
    consultation = Consultation(state=state, opens_at=now - opened_ago, closes_at=now + deadline_in)
    invitation = RoundInvitation(round=FeedbackRound(consultation=consultation), invited_at=now - invited_ago,
                                 submitted_at=now if submitted else None,
                                 deadline_override=now + override_in if override_in is not None else None)
    return invitation.due_reminder([7, 2], now)


@pytest.mark.parametrize(("deadline_in", "invited_ago", "expected"), [
    (10 * DAY, 20 * DAY, None),  # no moment has come yet
    (7 * DAY - timedelta(minutes=1), 20 * DAY, 7),  # just past the 7-day moment
    (3 * DAY, 20 * DAY, 7),
    (2 * DAY - timedelta(minutes=1), 20 * DAY, 2),  # the closest moment counts, not 7 as well
    (timedelta(hours=1), 20 * DAY, 2),
    (-timedelta(minutes=1), 20 * DAY, None),  # after the deadline: nobody is reminded
    (3 * DAY, 1 * DAY, None),  # the 7-day moment passed before the organisation was invited
    (timedelta(hours=36), 1 * DAY, 2),  # but the 2-day one came after it
])
def test_the_closest_reminder_moment_that_has_passed_is_due(app_context, deadline_in, invited_ago, expected):
    assert invitation_due(deadline_in, invited_ago) == expected


def test_nobody_is_reminded_who_submitted_or_before_the_round_is_open_or_published(app_context):
    assert invitation_due(DAY, 20 * DAY, submitted=True) is None
    assert invitation_due(DAY, 20 * DAY, state=State.DRAFT) is None
    assert invitation_due(DAY, 20 * DAY, state=State.PROCESSED) is None
    assert invitation_due(DAY, 20 * DAY, opened_ago=-DAY) is None  # the round opens tomorrow


def test_a_later_deadline_for_the_organisation_moves_its_moments(app_context):
    assert invitation_due(DAY, 20 * DAY, override_in=10 * DAY) is None
    assert invitation_due(-DAY, 20 * DAY, override_in=DAY) == 2


# The worker's reminders -----------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def every_task_due(monkeypatch):
    """Each test starts as a fresh worker process: every periodic task is due at its first round."""
    for task in periodic.TASKS.values():
        monkeypatch.setattr(task, "last_started", None)


def near_deadline(world, session, days_left: float) -> None:
    now = utcnow()
    world.consultation.closes_at = now + timedelta(days=days_left)
    for invitation in (world.invitation_x, world.invitation_y):
        invitation.invited_at = now - timedelta(days=20)
    session.commit()


def reminder_mails(session) -> list[OutboxMessage]:
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.contains("erinnering"))
                                .order_by(OutboxMessage.id)))


def test_the_worker_reminds_every_member_once_per_moment_in_their_own_language(app, round_world, session):
    english = round_world.users["colleague_x"]
    english.locale = "en"
    near_deadline(round_world, session, days_left=6)
    with app.app_context():
        work(interval=0, once=True)
    mails = {m.recipient: m for m in session.scalars(sa.select(OutboxMessage))}
    assert set(mails) == {"sanne@example.org", "kees@example.org", "yara@example.org"}
    assert mails["sanne@example.org"].subject == "Herinnering: Zorg X heeft de opmerkingen over Feedbackronde agenda nog niet ingediend"
    assert mails["kees@example.org"].subject == "Reminder: Zorg X has not yet submitted its comments on Feedbackronde agenda"
    assert f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}" in mails["sanne@example.org"].body_text
    assert "Deadline:" in mails["kees@example.org"].body_text
    reminders_x = list(session.scalars(sa.select(RoundReminder).where(RoundReminder.invitation_id == round_world.invitation_x.id)))
    assert [(r.kind, r.days_before, r.sent_by_id, r.recipients) for r in reminders_x] == [(ReminderKind.AUTOMATIC, 7, None, 2)]

    for task in periodic.TASKS.values():
        task.last_started = None
    with app.app_context():
        assert send_due_reminders(utcnow()) == 0  # the same moment again: nothing
        assert send_due_reminders(utcnow() + timedelta(days=4, hours=1)) == 2  # the 2-day moment
        assert send_due_reminders(utcnow() + timedelta(days=4, hours=2)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 6


def test_an_organisation_that_submitted_gets_no_reminder(app, round_world, session):
    near_deadline(round_world, session, days_left=1)
    round_world.invitation_y.submitted_at = utcnow()
    session.commit()
    with app.app_context():
        assert send_due_reminders(utcnow()) == 1
    assert {m.recipient for m in reminder_mails(session)} == {"sanne@example.org", "kees@example.org"}


def test_someone_no_longer_active_gets_no_reminder(app, round_world, session):
    round_world.users["colleague_x"].is_active_account = False
    near_deadline(round_world, session, days_left=1)
    with app.app_context():
        send_due_reminders(utcnow())
    assert "kees@example.org" not in {m.recipient for m in reminder_mails(session)}


def test_no_automatic_reminders_when_the_round_has_no_moments(app, round_world, session):
    round_world.round.reminder_days = []
    near_deadline(round_world, session, days_left=1)
    with app.app_context():
        assert send_due_reminders(utcnow()) == 0
    assert reminder_mails(session) == []


# Reminders by hand ------------------------------------------------------------------------------------

def progress_url(world, rest=""):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde{rest}"


def test_the_official_reminds_one_organisation_and_the_progress_view_shows_who_when(client, login, round_world, session):
    official = round_world.users["official_a"]
    login(official)
    page = client.get(progress_url(round_world))
    assert page.text.count("Stuur herinnering") == 2  # one button per organisation that has not submitted
    response = client.post(progress_url(round_world, f"/organisaties/{round_world.x.slug}/herinneren"),
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert {m.recipient for m in reminder_mails(session)} == {"sanne@example.org", "kees@example.org"}
    reminder = session.scalar(sa.select(RoundReminder))
    assert (reminder.kind, reminder.sent_by_id, reminder.recipients) == (ReminderKind.MANUAL, official.id, 2)
    page = client.get(progress_url(round_world))
    row = page.text.split(">Zorg X</a>", 1)[1].split("</tr>", 1)[0]
    assert "Anna Ambtenaar" in row  # who sent it, with the time
    detail = client.get(progress_url(round_world, f"/organisaties/{round_world.x.slug}"))
    assert "door Anna Ambtenaar" in detail.text and "2 personen" in detail.text


def test_remind_everyone_reaches_only_those_who_have_not_submitted(client, login, round_world, session):
    round_world.invitation_y.submitted_at = utcnow()
    session.commit()
    login(round_world.users["official_a"])
    page = client.get(progress_url(round_world))
    client.post(progress_url(round_world, "/herinneren"), data={"csrf_token": csrf_token(page.text)})
    assert {m.recipient for m in reminder_mails(session)} == {"sanne@example.org", "kees@example.org"}
    # Y submitted: no button for it, and a forged request sends nothing either.
    page = client.get(progress_url(round_world))
    assert page.text.count("Stuur herinnering<span") == 1
    response = client.post(progress_url(round_world, f"/organisaties/{round_world.y.slug}/herinneren"),
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert "yara@example.org" not in {m.recipient for m in reminder_mails(session)}


def test_no_reminder_after_the_deadline(client, login, round_world, session):
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    login(round_world.users["official_a"])
    page = client.get(progress_url(round_world))
    assert "Stuur herinnering" not in page.text
    client.post(progress_url(round_world, f"/organisaties/{round_world.x.slug}/herinneren"),
                data={"csrf_token": csrf_token(page.text)})
    client.post(progress_url(round_world, "/herinneren"), data={"csrf_token": csrf_token(page.text)})
    assert reminder_mails(session) == []


def test_the_reminder_moments_are_set_in_the_round_settings(client, login, round_world, session):
    login(round_world.users["official_a"])
    page = client.get(progress_url(round_world))
    assert 'value="7, 2"' in page.text  # the default
    response = client.post(progress_url(round_world, "/instellingen"),
                           data={"reminder_days": "10, 3 en 1", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    session.refresh(round_world.round)
    assert round_world.round.reminder_days == [10, 3, 1]
    bad = client.post(progress_url(round_world, "/instellingen"),
                      data={"reminder_days": "7, morgen", "csrf_token": csrf_token(page.text)})
    assert bad.status_code == 400
    assert "Vul hele dagen in van 1 tot 60" in bad.text and 'value="7, morgen"' in bad.text
    session.refresh(round_world.round)
    assert round_world.round.reminder_days == [10, 3, 1]


def test_a_concept_round_says_why_no_reminder_goes_out(client, login, round_world, session):
    from consult.consultations.models import State

    round_world.consultation.state = State.DRAFT
    session.commit()
    login(round_world.users["official_a"])
    page = client.get(progress_url(round_world))
    for rest in ("/herinneren", f"/organisaties/{round_world.x.slug}/herinneren"):
        answer = client.post(progress_url(round_world, rest), data={"csrf_token": csrf_token(page.text)},
                             follow_redirects=True)
        assert "De ronde is nog een concept" in answer.text and "al gereageerd" not in answer.text
    assert reminder_mails(session) == []
