"""Invitations in a concept round wait for publication (its link would be a 404 until then), and an
organisation with nobody to mail is named, never reported as reached."""
from datetime import timedelta

import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole
from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.core.db import utcnow
from consult.jobs import periodic
from consult.mail.models import OutboxMessage
from consult.organisations.models import OrganisationKind
from consult.rounds.models import RoundReminder
from consult.rounds.reminders import send_due_reminders
from tests.conftest import csrf_token
from tests.rounds.conftest import person


def manage_url(world, rest=""):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde{rest}"


def invitation_mails(session) -> list[OutboxMessage]:
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.contains("nvited"))
                                .order_by(OutboxMessage.id))) + list(session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.subject.contains("uitgenodigd")).order_by(OutboxMessage.id)))


def invite(client, world, organisation_ids, follow_redirects=True):
    page = client.get(manage_url(world))
    return client.post(manage_url(world, "/uitnodigen"), follow_redirects=follow_redirects, data={
        "organisations": [str(i) for i in organisation_ids], "csrf_token": csrf_token(page.text)})


def test_a_concept_round_records_invitations_and_mails_them_at_publication(client, login, round_world, session):
    round_world.consultation.state = State.DRAFT
    round_world.users["partner_z"].locale = "en"
    # Zeno belongs to Zorg X too: he gets one mail per organisation that is invited, never the same one twice.
    round_world.users["partner_z"].memberships.append(Membership(organisation=round_world.x, role=MembershipRole.PARTNER))
    session.commit()
    login(round_world.users["official_a"])
    page = invite(client, round_world, [round_world.z.id])
    assert "1 organisatie is uitgenodigd. De mensen krijgen een e-mail als u de ronde publiceert." in page.text
    assert invitation_mails(session) == []
    assert page.text.count("De uitnodiging wordt verstuurd bij publicatie") == 3  # X, Y and Z
    event, = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "round_invitation_sent"))
    assert event.details["mailed"] is False and event.details["people"] == 0

    manage = client.get(f"/beheer/consultaties/{round_world.consultation.slug}")
    client.post(f"/beheer/consultaties/{round_world.consultation.slug}/publiceren",
                data={"csrf_token": csrf_token(manage.text), "term": "move"})
    session.refresh(round_world.consultation)
    assert round_world.consultation.state is State.PUBLISHED
    mails = invitation_mails(session)
    assert sorted((m.recipient, m.subject) for m in mails) == [
        ("kees@example.org", "Zorg X is uitgenodigd om te reageren op Feedbackronde agenda"),
        ("sanne@example.org", "Zorg X is uitgenodigd om te reageren op Feedbackronde agenda"),
        ("yara@example.org", "Wonen Y is uitgenodigd om te reageren op Feedbackronde agenda"),
        ("zeno@example.org", "Raad Z has been invited to comment on Feedbackronde agenda"),
        ("zeno@example.org", "Zorg X has been invited to comment on Feedbackronde agenda"),
    ]
    # The link in the mail now leads to the round.
    link = next(m for m in mails if m.recipient == "yara@example.org").body_text.split(f"/rondes/{round_world.consultation.slug}/")[1].split()[0]
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_y"])
    assert client.get(f"/rondes/{round_world.consultation.slug}/{link}").status_code == 200
    assert "De uitnodiging wordt verstuurd bij publicatie" not in client.get(manage_url(round_world)).text
    assert session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "round_invitations_mailed")).details["mails"] == 5


def test_inviting_a_published_round_mails_at_once(client, login, round_world, session):
    login(round_world.users["official_a"])
    page = invite(client, round_world, [round_world.z.id])
    assert "1 organisatie is uitgenodigd. De mensen van die organisatie kregen een e-mail." in page.text
    assert [m.recipient for m in invitation_mails(session)] == ["zeno@example.org"]


def test_an_organisation_without_people_is_named_at_invitation(client, login, round_world, session, make_organisation):
    empty = make_organisation(kind=OrganisationKind.WELFARE, name="Welzijn Leeg")
    session.commit()
    login(round_world.users["official_a"])
    page = invite(client, round_world, [empty.id, round_world.z.id])
    assert "Niemand om te mailen bij Welzijn Leeg: nodig een contactpersoon uit." in page.text


def without_people(world, session):
    """Y's only person leaves: nobody is left to mail at Wonen Y."""
    session.execute(sa.delete(Membership).where(Membership.organisation_id == world.y.id))
    session.commit()


def test_a_reminder_to_nobody_is_not_recorded_but_named(client, login, round_world, session):
    without_people(round_world, session)
    login(round_world.users["official_a"])
    page = client.get(manage_url(round_world))
    everyone = client.post(manage_url(round_world, "/herinneren"), data={"csrf_token": csrf_token(page.text)},
                           follow_redirects=True)
    assert "1 organisatie kreeg een herinnering." in everyone.text
    assert "Niemand om te mailen bij Wonen Y: nodig een contactpersoon uit." in everyone.text
    one = client.post(manage_url(round_world, f"/organisaties/{round_world.y.slug}/herinneren"),
                      data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "Niemand om te mailen bij Wonen Y: nodig een contactpersoon uit." in one.text
    assert "kreeg een herinnering (0 personen)" not in one.text
    reminded = {r.invitation.organisation.name for r in session.scalars(sa.select(RoundReminder))}
    assert reminded == {"Zorg X"}
    row = client.get(manage_url(round_world)).text.split(">Wonen Y</a>", 1)[1].split("</tr>", 1)[0]
    assert row.split('data-label="Herinnerd">', 1)[1].split("<", 1)[0].strip() == "Nog niet"


def test_the_worker_records_no_reminder_for_nobody(app, round_world, session, monkeypatch):
    for task in periodic.TASKS.values():
        monkeypatch.setattr(task, "last_started", None)
    without_people(round_world, session)
    round_world.consultation.closes_at = utcnow() + timedelta(days=1)
    round_world.invitation_x.invited_at = round_world.invitation_y.invited_at = utcnow() - timedelta(days=20)
    session.commit()
    with app.app_context():
        assert send_due_reminders(utcnow()) == 1
    assert {r.invitation_id for r in session.scalars(sa.select(RoundReminder))} == {round_world.invitation_x.id}
    # Once someone joins, the organisation is reminded at the same moment after all.
    session.add(person("Yvonne van Y", partner_of=round_world.y))
    session.commit()
    with app.app_context():
        assert send_due_reminders(utcnow()) == 1
