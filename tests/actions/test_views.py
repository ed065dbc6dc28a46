"""The actieprogramma over HTTP: officials make actions by hand and from input, keep their progress; the
public overviews per theme (with the duo) and per municipality; the progress view and its exports; the
terugkoppeling to everyone whose input led to an action, in their language, and its one-click stop."""
import io
from datetime import date, timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from consult.actions.models import Action, ActionScope, ActionStatus, ActionUpdate, FeedbackNotice, FeedbackOptOut
from consult.actions.tokens import make_stop_token
from consult.core.db import utcnow
from consult.core.i18n import local_today
from consult.mail.models import OutboxMessage
from tests.actions.conftest import make_action
from tests.conftest import csrf_token, submit_form


def mails(session, to=None):
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return session.scalars(query).all()


def post_progress(client, action_id, data):
    page = client.get(f"/acties/{action_id}")
    return client.post(f"/acties/{action_id}/voortgang", data={**data, "csrf_token": csrf_token(page.text)},
                       follow_redirects=True)


def new_action(client, world, bron="", **fields):
    data = {"title": "Eén loket beschermd wonen", "description": "Alle zes gemeenten samen.", "scope": "regional",
            "theme": str(world.themes[0].id), "owner": "", "deadline": "2027-03-31", **fields}
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw" + (f"?bron={bron}" if bron else "")
    return submit_form(client, url, data, follow_redirects=False)


def test_an_official_adds_an_action_by_hand_and_the_public_sees_it_per_theme_with_its_duo(session, world, client, login):
    login(world.users["official_r"])
    response = new_action(client, world)
    assert response.status_code == 302
    action = session.scalar(sa.select(Action))
    assert (action.status, action.scope, action.deadline, action.owner_organisation) == (
        ActionStatus.PLANNED, ActionScope.REGIONAL, date(2027, 3, 31), None)
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    page = client.get(f"/actieprogrammas/{world.programme.id}").text
    assert "Eén loket beschermd wonen" in page and "Wethouders van A en B" in page
    assert page.index("Zorglandschap Wmo") < page.index("Eén loket") < page.index("Zorg en Veiligheid")
    assert not mails(session), "nobody gave input: nobody to tell"


def test_local_tasks_apart_from_regional_responsibilities_per_municipality(session, world, client):
    make_action(session, world, title="Regionaal voor iedereen")
    make_action(session, world, title="Alleen A lokaal", scope=ActionScope.LOCAL, municipalities=[world.a])
    make_action(session, world, title="Alleen B lokaal", scope=ActionScope.LOCAL, municipalities=[world.b])
    page = client.get(f"/actieprogrammas/{world.programme.id}/gemeenten/{world.a.slug}").text
    assert "Alleen A lokaal" in page and "Regionaal voor iedereen" in page and "Alleen B lokaal" not in page
    assert page.index("Alleen A lokaal") < page.index("Regionaal voor iedereen")
    assert client.get(f"/actieprogrammas/{world.programme.id}/gemeenten/{world.c.slug}").status_code == 404


def test_an_action_from_a_reaction_tells_its_sender_in_their_language_and_only_their_input(session, world, client, login):
    login(world.users["official_r"])
    john, fatma = world.reactions[1], world.reactions[0]
    assert new_action(client, world, bron=f"reaction:{john.id}").status_code == 302
    action = session.scalar(sa.select(Action))
    assert [s.reaction_id for s in action.sources] == [john.id]
    [mail] = mails(session)
    assert mail.recipient == "john@example.org"
    assert mail.subject.startswith("What was done with your input")
    assert john.reference in mail.body_text and f"/acties/{action.id}" in mail.body_text
    assert "/terugkoppeling/stoppen/" in mail.body_text
    # A second source: Fatma hears of it in Dutch, and neither mail shows the other's reference or text.
    page = client.get(f"/acties/nieuw?bron=reaction:{fatma.id}", follow_redirects=True)
    assert page.status_code == 200 and fatma.reference in page.text
    new_action(client, world, bron=f"reaction:{fatma.id}", title="Tweede actie")
    second = mails(session, "fatma@example.org")[0]
    assert second.subject.startswith("Wat is er met uw inbreng gedaan")
    assert john.reference not in second.body_text and "Geheime tekst" not in second.body_text
    assert session.scalar(sa.select(sa.func.count()).select_from(FeedbackNotice)) == 2


def test_a_status_change_is_told_a_progress_note_alone_is_not(session, world, client, login):
    login(world.users["official_r"])
    new_action(client, world, bron=f"reaction:{world.reactions[0].id}")
    action = session.scalar(sa.select(Action))
    url = action.id
    post_progress(client, url, {"status": "", "body": "De werkgroep is gestart."})
    assert len(mails(session)) == 1
    post_progress(client, url, {"status": "running", "body": ""})
    assert len(mails(session)) == 2 and "Loopt" in mails(session)[-1].body_text
    updates = session.scalars(sa.select(ActionUpdate).order_by(ActionUpdate.id)).all()
    assert [(u.status_from, u.status_to) for u in updates] == [(None, None), (ActionStatus.PLANNED, ActionStatus.RUNNING)]
    # A move the action does not allow is refused beside the field, nothing changes.
    post_progress(client, url, {"status": "done", "body": ""})
    response = post_progress(client, url, {"status": "planned", "body": "Terug"})
    assert response.status_code == 400 and "Kies een status uit de lijst." in response.text and "Terug" in response.text
    assert session.scalar(sa.select(Action.status)) is ActionStatus.DONE


def test_a_status_is_told_once_a_repeat_is_not_news(session, world, client, login):
    """Loopt, a note that keeps the status, vertraagd, loopt again: each giver hears of each change once
    (tester finding 6), a note alone is no status news, and a status that comes back after another is news."""
    login(world.users["official_r"])
    new_action(client, world, bron=f"reaction:{world.reactions[0].id}")
    action_id = session.scalar(sa.select(Action.id))
    for status, body in (("running", ""), ("", "De eerste gesprekken zijn gevoerd."), ("delayed", ""),
                         ("running", "")):
        assert post_progress(client, action_id, {"status": status, "body": body}).status_code == 200
    assert [m.subject.split(":")[0] for m in mails(session)] == [
        "Wat is er met uw inbreng gedaan", "Nieuws over wat er met uw inbreng is gedaan",
        "Nieuws over wat er met uw inbreng is gedaan", "Nieuws over wat er met uw inbreng is gedaan"]
    assert [n.status for n in session.scalars(sa.select(FeedbackNotice).order_by(FeedbackNotice.id))] == [
        ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.DELAYED, ActionStatus.RUNNING]
    assert session.scalar(sa.select(sa.func.count(ActionUpdate.id))) == 4  # the updates themselves are kept


def test_one_click_stops_the_mails_without_logging_in(session, world, client, login, app):
    action = make_action(session, world)
    with app.test_request_context():
        token = make_stop_token("Fatma@Example.org")
    page = client.get(f"/terugkoppeling/stoppen/{token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert client.post(f"/terugkoppeling/stoppen/{token}", data={"csrf_token": csrf_token(page.text)}).status_code == 200
    assert session.scalar(sa.select(FeedbackOptOut.email)) == "fatma@example.org"
    assert client.get("/terugkoppeling/stoppen/not-a-token").status_code == 404
    login(world.users["official_r"])
    new_action(client, world, bron=f"reaction:{world.reactions[0].id}")
    assert not mails(session, "fatma@example.org")
    assert action.id


def test_input_of_another_organisation_cannot_be_made_into_an_action(session, world, client, login, make_consultation):
    elsewhere = make_consultation(organisation=world.c, reference_prefix="ELS")
    from tests.actions.conftest import reaction
    foreign = reaction(elsewhere, 1, "Piet", "piet@example.org")
    session.add(foreign)
    session.commit()
    login(world.users["official_r"])
    assert client.get(f"/acties/nieuw?bron=reaction:{foreign.id}").status_code == 404
    assert client.get(f"/actieprogrammas/{world.programme.id}/acties/nieuw?bron=reaction:{foreign.id}").status_code == 404
    assert client.get(f"/acties/nieuw?bron=reaction:{world.reactions[0].id}").status_code == 200


def test_form_errors_in_dutch_beside_the_field_and_the_text_kept(session, world, client, login):
    login(world.users["official_r"])
    response = new_action(client, world, title="", scope="local", description="Mijn getypte tekst", deadline="31-02-2027")
    assert response.status_code == 400
    for message in ("Schrijf een korte titel.", "Een lokale taak gaat over ten minste één gemeente."):
        assert message in response.text
    assert "Mijn getypte tekst" in response.text
    response = new_action(client, world, owner=str(world.c.id), municipalities=str(world.c.id))
    assert response.status_code == 400 and "Kies een eigenaar uit de lijst." in response.text
    assert session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_the_progress_view_shows_what_is_late_and_what_changed_and_exports(session, world, client):
    late = make_action(session, world, title="Te laat", deadline=local_today() - timedelta(days=3),
                       status=ActionStatus.DELAYED)
    old = make_action(session, world, title="Oud en rustig", created_at=utcnow() - timedelta(days=100),
                      changed_at=utcnow() - timedelta(days=100))
    session.add(ActionUpdate(action=late, body="Wacht op besluit", created_at=utcnow() - timedelta(days=2)))
    session.commit()
    page = client.get(f"/actieprogrammas/{world.programme.id}/voortgang").text
    assert "Te laat" in page and "Wacht op besluit" in page
    since = (local_today() - timedelta(days=1)).isoformat()
    page = client.get(f"/actieprogrammas/{world.programme.id}/voortgang?since={since}").text
    assert "Wacht op besluit" not in page
    csv = client.get(f"/actieprogrammas/{world.programme.id}/voortgang.csv").get_data(as_text=True)
    assert "Te laat" in csv and "Oud en rustig" in csv and "Wethouders van A en B" in csv
    xlsx = client.get(f"/actieprogrammas/{world.programme.id}/voortgang.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    titles = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert {"Te laat", "Oud en rustig"} <= set(titles)
    assert old.id


def test_the_regio_page_shows_a_member_the_regions_consultations_and_its_actions(session, world, client, login):
    make_action(session, world, title="Lokaal voor B", scope=ActionScope.LOCAL, municipalities=[world.b])
    make_action(session, world, title="Lokaal voor A", scope=ActionScope.LOCAL, municipalities=[world.a])
    login(world.users["official_b"])
    page = client.get("/regio").text
    assert "Strategische agenda R" in page and "Lokaal voor B" in page and "Lokaal voor A" not in page


def test_a_member_keeps_progress_only_when_the_region_grants_it(session, world, client, login):
    action = make_action(session, world, scope=ActionScope.LOCAL, municipalities=[world.b])
    login(world.users["official_b"])
    page = client.get(f"/acties/{action.id}")
    assert "Voortgang opslaan" not in page.text
    assert client.post(f"/acties/{action.id}/voortgang", data={"csrf_token": csrf_token(page.text), "body": "x"}).status_code == 403
    world.region.members_may_moderate = True
    session.commit()
    assert post_progress(client, action.id, {"status": "running", "body": "Gestart"}).status_code == 200
    assert session.scalar(sa.select(Action.status).where(Action.id == action.id)) is ActionStatus.RUNNING


def test_an_advice_point_tells_whoever_submitted_the_advice_and_the_public_sees_no_round_name(
        session, world, client, login, make_consultation):
    from consult.advice.models import Advice, AdvicePoint, AdviceState
    from consult.consultations.models import Audience, ConsultationKind
    from consult.organisations.models import OrganisationKind

    council = world.users["partner"].memberships[0].organisation
    council.kind = OrganisationKind.ADVISORY_COUNCIL
    rounds = make_consultation(organisation=world.region, kind=ConsultationKind.PARTNER_ROUND, audience=Audience.INVITED,
                               title="Geheime ronde", reference_prefix="GHR")
    submitter = world.users["partner"]
    submitter.locale = "en"
    advice = Advice(consultation=rounds, organisation=council, state=AdviceState.SUBMITTED, reference="GHR-2026-0001",
                    submitted_at=utcnow(), submitted_by_id=submitter.id, points=[AdvicePoint(number=1, body="Punt")])
    session.add(advice)
    session.commit()
    login(world.users["official_r"])
    assert new_action(client, world, bron=f"advice_point:{advice.points[0].id}").status_code == 302
    [mail] = mails(session)
    assert mail.recipient == submitter.email and "GHR-2026-0001 / 1" in mail.body_text
    assert mail.subject.startswith("What was done with your input")
    action = session.scalar(sa.select(Action))
    assert "Geheime ronde" in client.get(f"/acties/{action.id}").text
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    public = client.get(f"/acties/{action.id}").text
    assert "Adviespunt" in public and "Geheime ronde" not in public and "GHR-2026" not in public


def test_input_is_linked_to_an_existing_action_once_and_its_sender_told(session, world, client, login):
    action = make_action(session, world, title="Bestaande actie")
    fatma = world.reactions[0]
    login(world.users["official_r"])
    page = client.get(f"/acties/nieuw?bron=reaction:{fatma.id}")
    assert "Bestaande actie" in page.text and fatma.reference in page.text
    data = {"action": str(action.id), "source": f"reaction:{fatma.id}", "csrf_token": csrf_token(page.text)}
    assert client.post("/acties/koppelen", data=data).status_code == 302
    assert [s.reaction_id for s in session.scalars(sa.select(Action)).one().sources] == [fatma.id]
    assert [m.recipient for m in mails(session)] == ["fatma@example.org"]
    again = client.post("/acties/koppelen", data=data, follow_redirects=True)
    assert "al gekoppeld" in again.text and len(mails(session)) == 1
    refused = client.post("/acties/koppelen", data={**data, "action": "999999"})
    assert refused.status_code == 400 and "Kies een actie uit de lijst." in refused.text


def test_a_granted_member_moderates_but_never_publishes_or_decides_for_the_region(session, world, client, login):
    world.region.members_may_moderate = True
    session.commit()
    login(world.users["official_b"])
    slug = world.consultation.slug
    assert client.get(f"/beheer/consultaties/{slug}/moderatie").status_code == 200
    for path in (f"/beheer/consultaties/{slug}/besluit", f"/beheer/consultaties/{slug}/huisregels",
                 f"/beheer/consultaties/{slug}/stukken"):
        assert client.get(path).status_code == 403, path  # they see the consultation, so no 404


def test_the_regio_page_lists_werkateliers_apart_from_the_consultations(session, world, client, login, make_consultation):
    """Tester (issue 13 leftovers): werkateliers stood in the consultations list; like the Beheer page, /regio
    lists them under their own heading, linked to the management page the member official may read."""
    from consult.consultations.models import ConsultationKind
    from consult.workshops.models import Workshop

    consultation = make_consultation(organisation=world.region, kind=ConsultationKind.WORKSHOP, title="Werkatelier Wonen R")
    session.add(Workshop(consultation=consultation))
    session.commit()
    login(world.users["official_b"])
    page = client.get("/regio").text
    consultations, rest = page.split("Consultaties van de regio", 1)[1].split("Werkateliers van de regio", 1)
    assert "Strategische agenda R" in consultations and "Werkatelier Wonen R" not in consultations
    assert f'href="/beheer/werkateliers/{consultation.slug}">Werkatelier Wonen R</a>' in rest
