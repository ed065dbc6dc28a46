"""Replies between organisations, the round in public afterwards and the officials' comparison page:
the rules as plain functions and role × state tables, then through HTTP (404 for outsiders)."""
from datetime import timedelta

import sqlalchemy as sa

from consult.advice.models import Advice, AdvicePoint, AdviceState
from consult.answers.models import Answer, Outcome
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reports.models import ResponseReport
from consult.rounds.models import FeedbackRound, NotYetPublic, ReplyReaction
from consult.rounds.permissions import MAKE_PUBLIC, REPLY, VIEW_PUBLIC_ROUND, may_be_replied_to
from tests.conftest import csrf_token
from tests.rounds.test_permissions import MEMBERS_OF_X, ROLES, STATES, check_table, put_in_state, user_for


def comment_of(world, organisation, body, approved=True, section=None, **fields):
    """A submitted round comment of ``organisation``, approved (so published) unless told otherwise."""
    now = utcnow()
    reaction = Reaction(
        consultation=world.consultation, document_version_id=world.consultation.document_version_id, section=section,
        reference=f"TST-2026-{7000 + len(body) + organisation.id * 100}", channel=Channel.PARTNER_ROUND,
        status=ReactionStatus.APPROVED if approved else ReactionStatus.PENDING, publication=Publication.ANONYMOUS,
        author_name="Iemand", organisation_id=organisation.id, organisation_name=organisation.name,
        organisation_kind=organisation.kind, body=body, submitted_at=now - timedelta(hours=1), **fields)
    world.consultation.publishes_reactions = True
    return reaction


def allow_replies(world, session, allowed=True, see_each_other=True):
    world.round.allows_replies, world.round.partners_see_each_other = allowed, see_each_other
    session.commit()


# Plain functions ------------------------------------------------------------------------------------

def test_replies_are_open_only_where_partners_also_see_each_other():
    assert FeedbackRound(allows_replies=True, partners_see_each_other=True).replies_open
    assert not FeedbackRound(allows_replies=True, partners_see_each_other=False).replies_open
    assert not FeedbackRound(allows_replies=False, partners_see_each_other=True).replies_open


def test_only_another_organisations_published_comment_in_the_round_can_be_replied_to(round_world, session):
    y_published = comment_of(round_world, round_world.y, "Gepubliceerd van Y")
    y_pending = comment_of(round_world, round_world.y, "Nog niet beoordeeld", approved=False)
    x_own = comment_of(round_world, round_world.x, "Eigen opmerking van X")
    session.add_all([y_published, y_pending, x_own])
    session.commit()
    assert may_be_replied_to(round_world.invitation_x, y_published)
    assert not may_be_replied_to(round_world.invitation_x, y_pending)
    assert not may_be_replied_to(round_world.invitation_x, x_own)
    round_world.consultation.publishes_reactions = False  # the publication filter says no: no reply either
    assert not may_be_replied_to(round_world.invitation_x, y_published)


def test_a_round_becomes_public_only_after_its_last_deadline_and_when_its_setting_says_so(round_world, session):
    now = utcnow()
    feedback_round = round_world.round
    round_world.consultation.closes_at = now - timedelta(minutes=1)
    assert not feedback_round.may_be_made_public(now)  # the setting is off by default
    feedback_round.is_public_afterwards = True
    assert feedback_round.may_be_made_public(now)
    round_world.invitation_y.deadline_override = now + timedelta(days=2)  # one organisation has more time
    assert not feedback_round.may_be_made_public(now)
    assert feedback_round.may_be_made_public(now + timedelta(days=2))
    try:
        feedback_round.make_public(round_world.users["official_a"].id, now)
    except NotYetPublic:
        pass
    else:
        raise AssertionError("made public before the last deadline")
    assert not feedback_round.is_public


# Role × state tables ----------------------------------------------------------------------------------

def test_members_reply_only_while_they_may_comment_and_the_round_allows_replies(round_world, session):
    check_table(round_world, REPLY, round_world.invitation_x, lambda role, state: False)  # replies off
    allow_replies(round_world, session)
    check_table(round_world, REPLY, round_world.invitation_x,
                lambda role, state: role in MEMBERS_OF_X and state in ("open", "closed_but_extended_for_x"))


def test_only_the_round_owners_officials_make_it_public_and_only_after_every_deadline(round_world, session):
    round_world.round.is_public_afterwards = True
    wrong = []
    for state in STATES:
        put_in_state(round_world, state)
        for role in ROLES:
            expected = role == "official_a" and state == "closed"
            got = MAKE_PUBLIC(user_for(round_world, role), round_world.round)
            if got is not expected:
                wrong.append(f"{role} in {state}: expected {expected}, got {got}")
            if VIEW_PUBLIC_ROUND(user_for(round_world, role), round_world.round):
                wrong.append(f"{role} in {state} reads the round before it is public")
    assert not wrong, "\n".join(wrong)


# HTTP -------------------------------------------------------------------------------------------------

def reply_url(world, organisation, reaction):
    return f"/rondes/{world.consultation.slug}/{organisation.slug}/reageren/{reaction.id}"


def test_a_partner_replies_to_another_organisations_comment_and_that_organisation_is_told(client, login, round_world,
                                                                                          session):
    allow_replies(round_world, session)
    target = comment_of(round_world, round_world.y, "Wij bouwen meer woningen.")
    session.add(target)
    session.commit()
    login(round_world.users["partner_x"])
    page = client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}")
    assert "Wij bouwen meer woningen." in page.text and reply_url(round_world, round_world.x, target) in page.text
    form = client.get(reply_url(round_world, round_world.x, target))
    assert form.status_code == 200
    response = client.post(reply_url(round_world, round_world.x, target),
                           data={"body": "Graag ook voor jongeren.", "csrf_token": csrf_token(form.text)})
    assert response.status_code == 302
    reply = session.scalar(sa.select(Reaction).where(Reaction.body == "Graag ook voor jongeren."))
    # On behalf of the organisation as registered, in the workbench waiting for moderation.
    assert reply.organisation_id == round_world.x.id and reply.channel is Channel.PARTNER_ROUND
    assert reply.status is ReactionStatus.PENDING and reply.is_counted
    assert session.get(ReplyReaction, reply.id).replies_to_id == target.id
    told = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == round_world.users["partner_y"].email)).all()
    assert any("Zorg X" in m.subject and target.reference in m.subject for m in told)
    assert all("Graag ook voor jongeren." not in m.body_text for m in told)  # not public before moderation
    # Y sees the reply on its page only once an official approved it.
    login(round_world.users["partner_y"])
    own_page = f"/rondes/{round_world.consultation.slug}/{round_world.y.slug}"
    assert "Graag ook voor jongeren." not in client.get(own_page).text
    reply.approve(round_world.users["official_a"].id, utcnow())
    session.commit()
    login(round_world.users["partner_x"])
    assert "Graag ook voor jongeren." in client.get(f"/rondes/{round_world.consultation.slug}/{round_world.x.slug}").text


def test_no_reply_where_the_round_does_not_allow_it_or_to_a_comment_one_cannot_see(client, login, round_world, session):
    published = comment_of(round_world, round_world.y, "Zichtbaar")
    pending = comment_of(round_world, round_world.y, "Nog niet zichtbaar", approved=False)
    own = comment_of(round_world, round_world.x, "Eigen tekst")
    session.add_all([published, pending, own])
    session.commit()
    login(round_world.users["partner_x"])
    assert client.get(reply_url(round_world, round_world.x, published)).status_code == 404  # replies off
    allow_replies(round_world, session)
    assert client.get(reply_url(round_world, round_world.x, published)).status_code == 200
    assert client.get(reply_url(round_world, round_world.x, pending)).status_code == 404
    assert client.get(reply_url(round_world, round_world.x, own)).status_code == 404
    login(round_world.users["partner_z"])  # not invited
    assert client.get(reply_url(round_world, round_world.x, published)).status_code == 404


def test_replies_need_organisations_to_see_each_other(client, login, round_world):
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    response = client.post(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/instellingen",
                           data={"allows_replies": "y", "reminder_days": "7, 2", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 400 and "Vink dat ook aan." in response.text


def public_url(world):
    return f"/openbare-rondes/{world.consultation.slug}"


def close_round(world, session, public=True):
    world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    world.round.is_public_afterwards = public
    session.commit()


def test_the_round_is_public_only_after_the_official_publishes_it(app, client, login, round_world, session):
    shown = comment_of(round_world, round_world.y, "Openbare opmerking van Y")
    kept = comment_of(round_world, round_world.x, "Nooit openbaar van X", approved=False)
    session.add_all([shown, kept])
    session.commit()
    assert client.get(public_url(round_world)).status_code == 404  # during the round: nobody
    close_round(round_world, session)
    assert client.get(public_url(round_world)).status_code == 404  # over, not yet published
    login(round_world.users["official_b"])  # another municipality's official
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    assert page.status_code == 404
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    assert "/ronde/openbaar-maken" in page.text
    response = client.post(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/openbaar-maken",
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    anonymous = app.test_client()
    public = anonymous.get(public_url(round_world))
    assert public.status_code == 200
    assert "Openbare opmerking van Y" in public.text and "Wonen Y" in public.text
    assert "Nooit openbaar van X" not in public.text
    assert "Genoeg woningen voor iedereen." in public.text  # the document
    assert "Iemand" not in public.text  # the person who submitted is never named


def test_a_round_whose_setting_keeps_it_closed_cannot_be_made_public(client, login, round_world, session):
    close_round(round_world, session, public=False)
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    client.post(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/openbaar-maken",
                data={"csrf_token": csrf_token(page.text)})
    session.refresh(round_world.round)
    assert round_world.round.made_public_at is None
    assert client.get(public_url(round_world)).status_code == 404


def test_answers_appear_in_public_once_the_reactienota_is_published(app, round_world, session):
    comment = comment_of(round_world, round_world.y, "Wij missen de wachtlijst.")
    answer = Answer(consultation_id=round_world.consultation.id, body="De wachtlijst komt in 3.2.", outcome=Outcome.NOTED,
                    sent_at=utcnow())
    session.add_all([comment, answer])
    session.flush()
    comment.answer_id = answer.id
    close_round(round_world, session)
    round_world.round.make_public(round_world.users["official_a"].id, utcnow())
    session.commit()
    client = app.test_client()
    assert "De wachtlijst komt in 3.2." not in client.get(public_url(round_world)).text  # sent to Y, not public
    session.add(ResponseReport(consultation_id=round_world.consultation.id, published_at=utcnow()))
    session.commit()
    assert "De wachtlijst komt in 3.2." in client.get(public_url(round_world)).text


def compare_url(world, kind=""):
    return f"/beheer/consultaties/{world.consultation.slug}/ronde/vergelijking" + (f"?soort={kind}" if kind else "")


def test_the_comparison_puts_every_organisations_comment_per_section_side_by_side(client, login, round_world, session):
    sections = {s.anchor: s for s in round_world.consultation.document_version.sections}
    session.add_all([
        comment_of(round_world, round_world.x, "X over wonen", approved=False, section=sections["wonen"]),
        comment_of(round_world, round_world.y, "Y over wonen", section=sections["wonen"]),
        comment_of(round_world, round_world.y, "Y over het geheel"),
        Advice(consultation=round_world.consultation, organisation=round_world.z, state=AdviceState.SUBMITTED,
               reference="TSTZ-2026-0001", submitted_at=utcnow(),
               points=[AdvicePoint(number=1, body="Adviespunt over wonen", section=sections["wonen"])]),
    ])
    session.commit()
    login(round_world.users["official_a"])
    assert compare_url(round_world) in client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde").text
    page = client.get(compare_url(round_world))
    assert page.status_code == 200
    wonen = page.text.split('id="sectie-wonen"')[1].split('id="sectie-jeugd"')[0]
    assert "X over wonen" in wonen and "Y over wonen" in wonen and "Adviespunt over wonen" in wonen
    assert "Y over het geheel" not in wonen and "Y over het geheel" in page.text
    one_section = client.get(compare_url(round_world) + "?sectie=wonen").text
    assert "X over wonen" in one_section and "Adviespunt over wonen" in one_section
    assert "Y over het geheel" not in one_section and 'id="sectie-jeugd"' not in one_section
    whole = client.get(compare_url(round_world) + "?sectie=geheel").text
    assert "Y over het geheel" in whole and "X over wonen" not in whole
    only_care = client.get(compare_url(round_world, "care_provider"))
    assert "X over wonen" in only_care.text and "Y over wonen" not in only_care.text
    assert "Adviespunt over wonen" not in only_care.text  # the adviesraad is another kind
    for role in ("official_b", "partner_x", "resident"):
        login(round_world.users[role])
        assert client.get(compare_url(round_world)).status_code == 404


def test_replies_and_making_a_round_public_are_rate_limited(client, login, round_world, session):
    allow_replies(round_world, session)
    target = comment_of(round_world, round_world.y, "Opmerking van Y")
    session.add(target)
    session.commit()
    login(round_world.users["partner_x"])
    token = csrf_token(client.get(reply_url(round_world, round_world.x, target)).text)
    codes = [client.post(reply_url(round_world, round_world.x, target), data={"body": "", "csrf_token": token}).status_code
             for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]
    login(round_world.users["official_a"])
    token = csrf_token(client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde").text)
    codes = [client.post(f"/beheer/consultaties/{round_world.consultation.slug}/ronde/openbaar-maken",
                         data={"csrf_token": token}).status_code for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]


def test_the_workbench_shows_which_comment_a_reply_answers(app, client, login, round_world, session):
    from consult.rounds.services import reply_to_comment

    allow_replies(round_world, session)
    target = comment_of(round_world, round_world.y, "Wij bouwen meer woningen.")
    session.add(target)
    session.commit()
    with app.test_request_context():
        reply = reply_to_comment(round_world.invitation_x, target, round_world.users["partner_x"], "Graag ook kleine.",
                                 utcnow())
    session.commit()
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/reacties/{reply.id}").text
    assert f"Reactie op {target.reference} van Wonen Y" in page and f"/beheer/reacties/{target.id}" in page


def test_after_the_deadline_no_reply_is_stored(client, login, round_world, session):
    allow_replies(round_world, session)
    target = comment_of(round_world, round_world.y, "Opmerking van Y")
    session.add(target)
    session.commit()
    login(round_world.users["partner_x"])
    token = csrf_token(client.get(reply_url(round_world, round_world.x, target)).text)
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert "Reactie indienen" not in client.get(reply_url(round_world, round_world.x, target)).text
    response = client.post(reply_url(round_world, round_world.x, target), data={"body": "Te laat", "csrf_token": token})
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(ReplyReaction)) == 0
