"""A ter-inzage asks an adviesraad for formal advice (solicited, with a deadline), and an adviesraad
changes advice after submitting it until the deadline: rules as plain functions and a role × state
table, then through HTTP (every version kept and shown to officials, officials told, 404 for outsiders)."""
from datetime import timedelta

import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from consult.advice.models import Advice, AdviceKind, AdviceRequest, AdviceState, AdviceVersion, Verdict
from consult.advice.permissions import CHANGE_GIVEN_ADVICE, advice_all_answered, may_be_asked_for_advice
from consult.consultations.models import State
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.organisations.models import OrganisationKind
from tests.advice.conftest import given_advice
from tests.advice.test_views import advice_url, mails_to, post
from tests.conftest import csrf_token
from tests.rounds.conftest import person
from tests.security.corpora import sample
from tests.security.html_check import read_page


def request_url(world):
    return f"/beheer/consultaties/{world.public.slug}/advies"


def far_council(session, make_organisation):
    """An adviesraad outside the region: it may advise on A's ter-inzage only when asked."""
    council = make_organisation(kind=OrganisationKind.ADVISORY_COUNCIL, name="Adviesraad D")
    member = person("Dirk van D", partner_of=council)
    member.locale = "en"
    session.add(member)
    session.commit()
    return council, member


# Plain functions ------------------------------------------------------------------------------------

def test_advice_asked_for_on_a_ter_inzage_is_solicited_with_the_requests_deadline(advice_world):
    deadline = utcnow() + timedelta(days=10)
    request = AdviceRequest(consultation=advice_world.public, organisation=advice_world.council, deadline=deadline,
                            requested_at=utcnow())
    asked = Advice(consultation=advice_world.public, organisation=advice_world.council, request=request)
    unasked = Advice(consultation=advice_world.public, organisation=advice_world.council)
    assert asked.kind is AdviceKind.SOLICITED and asked.deadline == deadline and asked.change_deadline == deadline
    assert unasked.kind is AdviceKind.UNSOLICITED and unasked.deadline is None
    assert unasked.change_deadline == advice_world.public.closes_at  # unsolicited: until the consultation closes


def test_only_an_adviesraad_is_asked_and_only_on_a_published_ter_inzage(advice_world):
    assert may_be_asked_for_advice(advice_world.public, advice_world.council)
    assert not may_be_asked_for_advice(advice_world.public, advice_world.x)  # a care provider
    assert not may_be_asked_for_advice(advice_world.round, advice_world.council)  # a round asks by inviting
    advice_world.public.state = State.PROCESSED
    assert not may_be_asked_for_advice(advice_world.public, advice_world.council)


def test_given_advice_changes_until_its_deadline_and_while_the_nota_is_not_published(advice_world, session):
    advice = given_advice(session, advice_world)
    now = utcnow()
    assert advice.accepts_later_changes(now)
    assert not advice.accepts_later_changes(advice.deadline)
    advice.state = AdviceState.CONCEPT
    assert not advice.accepts_later_changes(now)  # a concept is drafted, not changed
    advice.state = AdviceState.ANSWERED
    assert advice.accepts_later_changes(now)
    advice_world.round.state = State.PROCESSED
    assert not advice.accepts_later_changes(now)


STATES = ("concept", "submitted", "answered", "past_deadline", "processed")
ROLES = ("member_c", "colleague_c", "partner_x", "official_a", "official_b", "resident", "admin", "anonymous")


def test_only_the_councils_members_change_given_advice_before_the_deadline(advice_world, session):
    advice = given_advice(session, advice_world)
    wrong = []
    for state in STATES:
        advice.state = {"concept": AdviceState.CONCEPT, "answered": AdviceState.ANSWERED}.get(state, AdviceState.SUBMITTED)
        advice_world.round.state = State.PROCESSED if state == "processed" else State.PUBLISHED
        advice_world.round.closes_at = utcnow() + (timedelta(minutes=-1) if state == "past_deadline" else timedelta(days=9))
        for role in ROLES:
            user = AnonymousUserMixin() if role == "anonymous" else advice_world.users[role]
            expected = role in ("member_c", "colleague_c") and state in ("submitted", "answered")
            if CHANGE_GIVEN_ADVICE(user, advice) is not expected:
                wrong.append(f"{role} in {state}: expected {expected}")
    assert not wrong, "\n".join(wrong)


# HTTP: asking for advice -------------------------------------------------------------------------------

def ask(client, world, organisation_slug, days=14, time="17:00"):
    page = client.get(request_url(world))
    day = (utcnow() + timedelta(days=days)).astimezone(AMSTERDAM).date().isoformat()
    return client.post(request_url(world) + "/vragen", data={"organisation": organisation_slug, "deadline_on": day,
                                                              "deadline_time": time, "csrf_token": csrf_token(page.text)})


def test_the_official_asks_a_council_outside_the_region_which_then_gives_solicited_advice(
        client, login, advice_world, session, make_organisation):
    council, member = far_council(session, make_organisation)
    url = advice_url(advice_world, advice_world.public, council)
    login(member)
    assert client.get(url).status_code == 404  # not asked, not its region: nothing to see
    login(advice_world.users["official_a"])
    assert ask(client, advice_world, council.slug).status_code == 302
    request = session.scalar(sa.select(AdviceRequest))
    assert request.organisation_id == council.id and request.deadline > utcnow() + timedelta(days=13)
    mail = mails_to(session, member.email)[-1]
    assert mail.subject.startswith("Gemeente A asks Adviesraad D for advice")  # in the member's language
    assert "Adviesraad D: gevraagd op" in client.get(request_url(advice_world)).text
    login(member)
    assert advice_world.public.title in client.get("/mijn-organisatie").text
    assert client.get(url).status_code == 200
    post(client, url, url + "/punten", section="", body="Betrek de cliëntenraden.")
    post(client, url, url + "/indienen")
    advice = session.scalar(sa.select(Advice).where(Advice.organisation_id == council.id))
    assert advice.state is AdviceState.SUBMITTED and advice.kind is AdviceKind.SOLICITED
    assert advice.deadline == request.deadline
    assert not advice_all_answered(advice_world.public)  # the reactienota waits for the answer, as always


def test_asking_is_refused_for_a_round_another_kind_a_past_deadline_and_other_officials(
        client, login, advice_world, session, make_organisation):
    council, _member = far_council(session, make_organisation)
    login(advice_world.users["official_a"])
    assert ask(client, advice_world, advice_world.x.slug).status_code == 400  # a care provider is not offered
    past = ask(client, advice_world, council.slug, days=-1)
    assert past.status_code == 400 and "Kies een moment in de toekomst." in past.text
    page = client.get(f"/beheer/consultaties/{advice_world.round.slug}/advies")
    response = client.post(f"/beheer/consultaties/{advice_world.round.slug}/advies/vragen",
                           data={"organisation": council.slug, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 404  # a round asks by inviting
    assert session.scalar(sa.select(sa.func.count()).select_from(AdviceRequest)) == 0
    login(advice_world.users["official_b"])
    assert ask(client, advice_world, council.slug).status_code == 403


def test_the_request_form_takes_any_input(client, login, advice_world, session, monkeypatch):
    from consult.extensions import limiter

    monkeypatch.setattr(limiter, "enabled", False)
    login(advice_world.users["official_a"])
    token = csrf_token(client.get(request_url(advice_world)).text)
    wrong = []
    for text in sample()[::100]:
        for data in ({"organisation": text}, {"organisation": advice_world.council.slug, "deadline_on": text},
                     {"organisation": advice_world.council.slug, "deadline_on": "2030-01-01", "deadline_time": text}):
            response = client.post(request_url(advice_world) + "/vragen", data={**data, "csrf_token": token})
            if response.status_code != 400:
                wrong.append(f"{response.status_code} for {text!r}")
            else:
                wrong += [f"{p} for {text!r}" for p in read_page(response.text)[0]]
    assert not wrong, "\n".join(wrong[:20])


def test_asking_for_advice_is_rate_limited(client, login, advice_world):
    login(advice_world.users["official_a"])
    token = csrf_token(client.get(request_url(advice_world)).text)
    codes = [client.post(request_url(advice_world) + "/vragen", data={"csrf_token": token}).status_code
             for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]


# HTTP: changing given advice ----------------------------------------------------------------------------

def test_a_member_changes_given_advice_every_version_is_kept_and_the_officials_are_told(
        client, login, advice_world, session):
    advice = given_advice(session, advice_world, points=2, answered=2)
    advice.state = AdviceState.ANSWERED
    session.commit()
    url = advice_url(advice_world)
    login(advice_world.users["member_c"])
    page = client.get(url).text
    assert "nog veranderen tot" in page
    response = post(client, url + "/punten/2", url + "/punten/2", section="", body="Adviespunt 2, scherper.")
    assert response.status_code == 302
    session.refresh(advice)
    versions = session.scalars(sa.select(AdviceVersion).order_by(AdviceVersion.number)).all()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].points[1]["body"] == "Adviespunt nummer 2." and versions[1].points[1]["body"] == "Adviespunt 2, scherper."
    point = advice.points[1]
    assert point.verdict is None and advice.points[0].verdict is Verdict.ADOPTED  # only the changed point reopens
    assert advice.state is AdviceState.SUBMITTED and not advice_all_answered(advice_world.round)
    told = mails_to(session, advice_world.users["official_a"].email)
    assert any("veranderde zijn advies" in m.subject for m in told)
    post(client, url, url, overall="Wij adviseren positief, met één voorbehoud.")
    assert session.scalar(sa.select(sa.func.count()).select_from(AdviceVersion)) == 3
    login(advice_world.users["official_a"])
    manage = client.get(f"/beheer/consultaties/{advice_world.round.slug}/advies").text
    assert "3 versies" in manage and "Adviespunt nummer 2." in manage and "Adviespunt 2, scherper." in manage


def test_after_the_deadline_given_advice_stays_as_it_is(client, login, advice_world, session):
    advice = given_advice(session, advice_world, points=1)
    advice_world.round.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    url = advice_url(advice_world)
    login(advice_world.users["member_c"])
    assert "Adviespunt toevoegen" not in client.get(url).text
    response = post(client, url, url + "/punten", section="", body="Te laat")
    assert "U kunt het advies niet meer veranderen" in client.get(response.headers["Location"]).text
    session.refresh(advice)
    assert len(advice.points) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(AdviceVersion)) == 0
    login(advice_world.users["partner_x"])  # another organisation, invited to the same round
    assert client.get(url + "/punten/1").status_code == 404


def test_the_dossier_keeps_requests_and_every_version_of_changed_advice(app_context, advice_world, session, tmp_path,
                                                                        make_organisation):
    import json
    import zipfile

    from consult.advice.services import change_point, request_advice
    from consult.privacy.dossier import write_dossier

    council, _member = far_council(session, make_organisation)
    request_advice(advice_world.public, council, utcnow() + timedelta(days=9), advice_world.users["official_a"], utcnow())
    advice = given_advice(session, advice_world, points=1)
    change_point(advice.points[0], advice_world.users["colleague_c"], None, "Scherper punt.", utcnow())
    session.commit()
    write_dossier(advice_world.round, tmp_path / "ronde.zip")
    dossier = json.loads(zipfile.ZipFile(tmp_path / "ronde.zip").read("dossier.json"))
    assert [(v["number"], v["points"][0]["body"], v["written_by"]) for v in dossier["advice_versions"]] == [
        (1, "Adviespunt nummer 1.", "Youssef van C"), (2, "Scherper punt.", "Marieke van C")]
    write_dossier(advice_world.public, tmp_path / "inzage.zip")
    dossier = json.loads(zipfile.ZipFile(tmp_path / "inzage.zip").read("dossier.json"))
    assert [r["organisation"] for r in dossier["advice_requests"]] == ["Adviesraad D"]
