"""The feedbackronde through HTTP: partners draft together and submit on behalf of their organisation;
officials invite and follow progress; everyone else finds nothing (404)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.accounts.models import Membership, MembershipRole
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Channel, Reaction, ReactionStatus
from consult.rounds.models import DraftComment, RoundInvitation
from tests.conftest import csrf_token, submit_form


def round_url(world, organisation=None, rest=""):
    base = f"/rondes/{world.consultation.slug}"
    return f"{base}/{organisation.slug}{rest}" if organisation else base


def add_comment(client, world, organisation, body, section="", quote=""):
    page = client.get(round_url(world, organisation))
    return client.post(round_url(world, organisation, "/opmerkingen"),
                       data={"section": section, "quote": quote, "body": body, "csrf_token": csrf_token(page.text)})


def post_button(client, world, organisation, rest):
    page = client.get(round_url(world, organisation))
    return client.post(round_url(world, organisation, rest), data={"csrf_token": csrf_token(page.text)})


def mails_to(session, email):
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email)))


def test_an_invited_partner_opens_the_round_and_the_official_sees_it_opened(client, login, round_world, session):
    login(round_world.users["partner_x"])
    page = client.get(round_url(round_world, round_world.x))
    assert page.status_code == 200
    assert "Feedbackronde agenda" in page.text and "Genoeg woningen voor iedereen." in page.text
    session.refresh(round_world.invitation_x)
    assert round_world.invitation_x.opened_at is not None


def test_the_consultation_page_sends_an_invitee_to_the_round(client, login, round_world):
    login(round_world.users["partner_x"])
    response = client.get(f"/consultaties/{round_world.consultation.slug}", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == round_url(round_world, round_world.x)


def test_colleagues_share_one_draft_and_see_who_wrote_and_changed_what(app, login, round_world, session):
    sanne, kees = app.test_client(), app.test_client()
    with sanne:
        submit_form(sanne, "/inloggen", {"email": round_world.users["partner_x"].email, "password": "correct horse battery staple"})
    submit_form(kees, "/inloggen", {"email": round_world.users["colleague_x"].email, "password": "correct horse battery staple"})
    response = add_comment(sanne, round_world, round_world.x, "Wij missen de wachtlijsten.", section="wonen",
                           quote="Genoeg woningen voor iedereen.")
    assert response.status_code == 302
    draft = session.scalar(sa.select(DraftComment))
    page = kees.get(round_url(round_world, round_world.x))
    assert "Wij missen de wachtlijsten." in page.text and "Sanne van X" in page.text
    edit_url = round_url(round_world, round_world.x, f"/opmerkingen/{draft.id}")
    edit = kees.get(edit_url)
    kees.post(edit_url, data={"section": "wonen", "quote": draft.quote, "body": "Wij missen de wachtlijsten in Almere.",
                              "csrf_token": csrf_token(edit.text)})
    page = sanne.get(round_url(round_world, round_world.x))
    assert "Wij missen de wachtlijsten in Almere." in page.text
    assert "Sanne van X" in page.text and "Kees van X" in page.text  # written by one, changed by the other


def test_a_partner_of_another_organisation_never_sees_the_draft(client, login, round_world, session):
    session.add(DraftComment(invitation=round_world.invitation_x, body="Geheim concept van X", created_at=utcnow()))
    session.commit()
    draft_id = session.scalar(sa.select(DraftComment.id))
    login(round_world.users["partner_y"])
    own = client.get(round_url(round_world, round_world.y))
    assert own.status_code == 200 and "Geheim concept van X" not in own.text
    assert client.get(round_url(round_world, round_world.x)).status_code == 404
    # X's comment through Y's own round page: it does not exist for Y.
    assert client.get(round_url(round_world, round_world.y, f"/opmerkingen/{draft_id}")).status_code == 404
    token = csrf_token(own.text)
    for rest in (f"/opmerkingen/{draft_id}", f"/opmerkingen/{draft_id}/verwijderen"):
        response = client.post(round_url(round_world, round_world.y, rest), data={"body": "Overschreven", "csrf_token": token})
        assert response.status_code == 404
    assert session.scalar(sa.select(DraftComment.body)) == "Geheim concept van X"


def test_a_person_cannot_act_for_an_organisation_they_do_not_belong_to(client, login, round_world, session):
    login(round_world.users["partner_y"])
    token = csrf_token(client.get(round_url(round_world, round_world.y)).text)
    for rest in ("/opmerkingen", "/indienen"):
        response = client.post(round_url(round_world, round_world.x, rest), data={"body": "Namens X", "csrf_token": token})
        assert response.status_code == 404
    assert session.scalar(sa.select(sa.func.count()).select_from(DraftComment)) == 0


@pytest.mark.parametrize("role", ["resident", "partner_z", "official_b", "admin"])
def test_nobody_outside_the_invitees_finds_the_round_or_its_comments(client, login, round_world, role):
    login(round_world.users[role])
    slug = round_world.consultation.slug
    for url in (f"/consultaties/{slug}", f"/consultaties/{slug}/reacties", f"/consultaties/{slug}/kennisgeving",
                f"/consultaties/{slug}/reageren", round_url(round_world), round_url(round_world, round_world.x),
                round_url(round_world, round_world.z)):
        assert client.get(url).status_code == 404, url


def test_an_anonymous_visitor_finds_nothing_either(client, round_world):
    slug = round_world.consultation.slug
    assert client.get(f"/consultaties/{slug}").status_code == 404
    assert client.get(f"/consultaties/{slug}/reacties").status_code == 404
    # The round pages ask to log in, for rounds that exist and rounds that do not alike.
    assert client.get(round_url(round_world, round_world.x)).headers["Location"].startswith("/inloggen")
    assert client.get("/rondes/bestaat-niet/ook-niet").headers["Location"].startswith("/inloggen")


def test_someone_removed_from_the_organisation_loses_access_at_once(client, login, round_world, session):
    partner = round_world.users["partner_x"]
    login(partner)
    assert client.get(round_url(round_world, round_world.x)).status_code == 200
    session.execute(sa.delete(Membership).where(Membership.user_id == partner.id))
    session.commit()
    assert client.get(round_url(round_world, round_world.x)).status_code == 404
    assert client.get("/mijn-organisatie").status_code == 200
    assert "Feedbackronde agenda" not in client.get("/mijn-organisatie").text


def test_submitting_turns_the_draft_into_reactions_of_the_organisation(client, login, round_world, session):
    partner = round_world.users["partner_x"]
    login(partner)
    add_comment(client, round_world, round_world.x, "Over wonen.", section="wonen", quote="Genoeg woningen")
    add_comment(client, round_world, round_world.x, "Over het geheel.")
    response = post_button(client, round_world, round_world.x, "/indienen")
    assert response.status_code == 302
    reactions = list(session.scalars(sa.select(Reaction).order_by(Reaction.id)))
    assert [r.body for r in reactions] == ["Over wonen.", "Over het geheel."]
    for reaction in reactions:
        assert reaction.channel is Channel.PARTNER_ROUND and reaction.status is ReactionStatus.PENDING
        assert (reaction.organisation_id, reaction.organisation_name, reaction.organisation_kind) == (
            round_world.x.id, "Zorg X", OrganisationKind.CARE_PROVIDER)
        assert reaction.user_id == partner.id and reaction.reference.startswith("TST-")
    assert reactions[0].section.anchor == "wonen" and reactions[0].quote == "Genoeg woningen"
    assert reactions[1].section is None
    session.refresh(round_world.consultation)
    assert round_world.consultation.reaction_count == 2  # counted at once, as the workbench expects
    assert session.scalar(sa.select(sa.func.count()).select_from(DraftComment)) == 0
    session.refresh(round_world.invitation_x)
    assert round_world.invitation_x.submitted_at is not None
    receipt, = mails_to(session, partner.email)
    assert reactions[0].reference in receipt.body_text and reactions[1].reference in receipt.body_text
    page = client.get(round_url(round_world, round_world.x))
    assert reactions[0].reference in page.text  # what the organisation submitted stays in view


def test_an_empty_draft_is_not_submitted(client, login, round_world, session):
    login(round_world.users["partner_x"])
    response = post_button(client, round_world, round_world.x, "/indienen")
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_after_the_deadline_partners_cannot_add_change_or_submit(client, login, round_world, session):
    draft = DraftComment(invitation=round_world.invitation_x, body="Bijna klaar", created_at=utcnow())
    session.add(draft)
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    login(round_world.users["partner_x"])
    page = client.get(round_url(round_world, round_world.x))
    assert page.status_code == 200 and "Bijna klaar" in page.text
    assert f"/opmerkingen/{draft.id}/verwijderen" not in page.text and "/indienen" not in page.text
    token = csrf_token(page.text)
    client.post(round_url(round_world, round_world.x, "/opmerkingen"), data={"body": "Te laat", "csrf_token": token})
    client.post(round_url(round_world, round_world.x, f"/opmerkingen/{draft.id}"), data={"body": "Te laat", "csrf_token": token})
    client.post(round_url(round_world, round_world.x, f"/opmerkingen/{draft.id}/verwijderen"), data={"csrf_token": token})
    client.post(round_url(round_world, round_world.x, "/indienen"), data={"csrf_token": token})
    assert list(session.scalars(sa.select(DraftComment.body))) == ["Bijna klaar"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_a_later_deadline_for_one_organisation_keeps_it_open(client, login, round_world, session):
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    round_world.invitation_x.deadline_override = utcnow() + timedelta(days=2)
    round_world.invitation_x.deadline_reason = "Bestuursvergadering later"
    session.commit()
    login(round_world.users["partner_x"])
    add_comment(client, round_world, round_world.x, "Met uitstel")
    assert session.scalar(sa.select(DraftComment.body)) == "Met uitstel"


def test_a_person_in_two_organisations_chooses_on_whose_behalf(client, login, round_world, session):
    partner = round_world.users["partner_x"]
    partner.memberships.append(Membership(organisation=round_world.y, role=MembershipRole.PARTNER))
    session.commit()
    login(partner)
    choice = client.get(round_url(round_world))
    assert choice.status_code == 200 and "Zorg X" in choice.text and "Wonen Y" in choice.text
    add_comment(client, round_world, round_world.y, "Namens Y")
    draft = session.scalar(sa.select(DraftComment))
    assert draft.invitation_id == round_world.invitation_y.id
    assert "Namens Y" not in client.get(round_url(round_world, round_world.x)).text


def test_my_organisation_lists_the_rounds_with_deadline_and_state(client, login, round_world, session):
    session.add(DraftComment(invitation=round_world.invitation_x, body="Iets", created_at=utcnow()))
    session.commit()
    login(round_world.users["colleague_x"])
    page = client.get("/mijn-organisatie")
    assert "Feedbackronde agenda" in page.text and "Zorg X" in page.text
    assert round_url(round_world, round_world.x) in page.text
    assert "1 opmerking in het concept" in page.text


def test_partners_see_other_organisations_comments_only_when_allowed_and_published(client, login, round_world, session):
    login(round_world.users["partner_y"])
    add_comment(client, round_world, round_world.y, "Mening van Y")
    post_button(client, round_world, round_world.y, "/indienen")
    reaction = session.scalar(sa.select(Reaction))
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_x"])
    assert "Mening van Y" not in client.get(round_url(round_world, round_world.x)).text
    round_world.round.partners_see_each_other = True
    session.commit()
    assert "Mening van Y" not in client.get(round_url(round_world, round_world.x)).text  # not moderated yet
    reaction.approve(round_world.users["official_a"].id, utcnow())
    session.commit()
    assert "Mening van Y" in client.get(round_url(round_world, round_world.x)).text


def test_the_official_invites_by_kind_region_and_name_and_mails_each_person_in_their_language(
        client, login, round_world, session, make_organisation, make_user):
    w = make_organisation(kind=OrganisationKind.WELFARE, name="Welzijn W", region=round_world.x.region)
    v = make_organisation(kind=OrganisationKind.OTHER, name="Platform V")
    welfare_worker = make_user(partner_of=w)
    english = round_world.users["partner_z"]
    english.locale = "en"
    session.commit()
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    page = client.get(url)
    response = client.post(url + "/uitnodigen", data={
        "kind": "client_council", "region": str(round_world.x.region_id), "organisations": [str(v.id)],
        "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    invited = set(session.scalars(sa.select(RoundInvitation.organisation_id)))
    assert invited == {round_world.x.id, round_world.y.id, round_world.z.id, w.id, v.id}
    mail, = mails_to(session, english.email)
    assert mail.subject == "Raad Z has been invited to comment on Feedbackronde agenda"
    assert f"/rondes/{round_world.consultation.slug}/{round_world.z.slug}" in mail.body_text
    mail, = mails_to(session, welfare_worker.email)
    assert mail.subject.startswith("Welzijn W is uitgenodigd")
    # Nobody already invited gets a second mail.
    assert mails_to(session, round_world.users["partner_x"].email) == []


def test_the_progress_view_shows_each_organisation_and_the_rate_per_kind(client, login, round_world, session):
    login(round_world.users["partner_x"])
    add_comment(client, round_world, round_world.x, "Ingediend")
    post_button(client, round_world, round_world.x, "/indienen")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/consultaties/{round_world.consultation.slug}/ronde")
    assert page.status_code == 200
    assert "Zorg X" in page.text and "Wonen Y" in page.text
    assert "1 van 2" in page.text  # submitted in total
    assert "Zorgaanbieder: 1 van 1 ingediend (100%)" in page.text
    assert "Woningcorporatie: 0 van 1 ingediend (0%)" in page.text


def test_forms_say_what_is_wrong_beside_the_field_in_dutch(client, login, round_world, session):
    login(round_world.users["partner_x"])
    empty = add_comment(client, round_world, round_world.x, "")
    assert empty.status_code == 400 and "Schrijf uw opmerking." in empty.text
    too_long = add_comment(client, round_world, round_world.x, "x" * 20_001)
    assert too_long.status_code == 400 and "Gebruik maximaal 20.000 tekens. Nu zijn het er 20.001." in too_long.text
    bad_section = add_comment(client, round_world, round_world.x, "Tekst", section="bestaat-niet")
    assert bad_section.status_code == 400
    no_token = client.post(round_url(round_world, round_world.x, "/opmerkingen"), data={"body": "Zonder token"})
    assert no_token.status_code == 400
    assert session.scalar(sa.select(sa.func.count()).select_from(DraftComment)) == 0
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    url = f"/beheer/consultaties/{round_world.consultation.slug}/ronde"
    nothing = client.post(url + "/uitnodigen", data={"csrf_token": csrf_token(client.get(url).text)})
    assert nothing.status_code == 400 and "Kies een soort, een regio of ten minste één organisatie." in nothing.text
    forged = client.post(url + "/uitnodigen", data={"organisations": ["999999"], "csrf_token": csrf_token(client.get(url).text)})
    assert forged.status_code == 400 and "Kies organisaties uit de lijst." in forged.text


def test_posting_is_rate_limited(app, client, login, round_world):
    app.config["RATELIMIT_ENABLED"] = True
    login(round_world.users["partner_x"])
    token = csrf_token(client.get(round_url(round_world, round_world.x)).text)
    codes = [client.post(round_url(round_world, round_world.x, "/opmerkingen"), data={"body": "", "csrf_token": token}).status_code
             for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]
