"""Issue 12: a region's own adopting bodies, and correcting a recorded decision. The correction keeps the
earlier version (officials read it, the public reads a dated line with the reason), leaves the published
nota versions as they were, is in the audit log, and mails nobody unless the official chooses so, after a
preview."""
import json
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.consultations.models import State, TransitionError
from consult.core.db import utcnow
from consult.decisions.labels import changed_facts, earlier_adoption
from consult.decisions.models import DecisionCorrection
from consult.mail.models import OutboxMessage
from consult.organisations.models import OrganisationKind
from consult.privacy.dossier import write_dossier
from consult.reactions.models import ReactionStatus
from consult.reports.models import Adopter, ReportStatus, ResponseReport, ResponseReportVersion
from tests.conftest import csrf_token
from tests.decisions.conftest import DECISION, decide, hidden_fields, preview

BOARD = "het bestuurlijk overleg sociaal domein"


def correction_url(consultation) -> str:
    return f"/beheer/consultaties/{consultation.slug}/besluit/corrigeren"


def correct(client, consultation, **changes):
    """The correction form sent with the stored facts and ``changes``: the preview page."""
    token = csrf_token(client.get(correction_url(consultation)).text)
    return client.post(correction_url(consultation), data={**DECISION, "reason": "Tikfout in het besluitnummer.",
                                                           **changes, "csrf_token": token})


def save(client, consultation, page: str, follow_redirects=True):
    action = correction_url(consultation) + "/opslaan"
    return client.post(action, data=hidden_fields(page, action), follow_redirects=follow_redirects)


def mails(session):
    return session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def nota(session, consultation) -> ResponseReport:
    return session.scalar(sa.select(ResponseReport).where(ResponseReport.consultation_id == consultation.id))


@pytest.fixture
def decided(client, session, decided_later, make_reaction):
    make_reaction(decided_later, author_email="iris@example.org", locale="nl", status=ReactionStatus.APPROVED)
    make_reaction(decided_later, author_email="john@example.org", locale="en", status=ReactionStatus.APPROVED)
    assert "Het besluit is vastgelegd" in decide(client, decided_later).text
    return decided_later


# A region's own bodies

def test_a_regions_own_bodies_are_offered_and_named_in_the_nota(client, session, decided_later, make_reaction):
    organisation = decided_later.organisation
    organisation.adopting_bodies = f"{BOARD}\nde colleges van de zes gemeenten"
    session.commit()
    make_reaction(decided_later, status=ReactionStatus.APPROVED)
    form = client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text
    assert f'value="body:{BOARD}"' in form and "de colleges van de zes gemeenten" in form
    assert "het college van burgemeester en wethouders" in form  # the college and council stay

    page = preview(client, decided_later, adopted_by=f"body:{BOARD}")
    assert page.status_code == 200 and BOARD in page.text
    decide(client, decided_later, adopted_by=f"body:{BOARD}")

    record = nota(session, decided_later)
    assert (record.adopted_by, record.adopted_by_body, record.status) == (Adopter.OWN_BODY, BOARD, ReportStatus.ADOPTED)
    public = client.get(f"/consultaties/{decided_later.slug}/reactienota").text
    assert f"Vastgesteld door {BOARD} op 12 januari 2027, besluitnummer 2027-014." in public


def test_a_body_that_is_not_the_organisations_is_refused(client, session, decided_later):
    page = preview(client, decided_later, adopted_by="body:de koning")
    assert page.status_code == 400
    assert nota(session, decided_later) is None or nota(session, decided_later).adopted_on is None


def test_the_admin_keeps_the_list_of_own_bodies(client, login, make_user, make_organisation, session):
    region = make_organisation(name="Regio Test")
    login(make_user(is_admin=True))
    url = f"/beheer/organisaties/{region.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "name": "Regio Test",
                                      "slug": region.slug, "kind": "region", "region": "",
                                      "adopting_bodies": f"  {BOARD}  \n\n{BOARD}\nde gemeenteraden van de regio"})
    assert response.status_code in (302, 303)
    session.refresh(region)
    assert region.own_bodies == [BOARD, "de gemeenteraden van de regio"]
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "organisation_changed")).all()[-1]
    assert event.details["changes"]["adopting_bodies"] == [[], [BOARD, "de gemeenteraden van de regio"]]
    too_long = client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "name": "Regio Test",
                                      "slug": region.slug, "kind": "region", "region": "", "adopting_bodies": "x" * 201})
    assert too_long.status_code == 400 and "Gebruik maximaal 200 tekens per regel." in too_long.text


# The rules on the model

def test_the_vaststelling_can_be_corrected_only_once_adopted_and_with_a_number():
    record = ResponseReport(consultation_id=1)
    with pytest.raises(TransitionError):
        record.correct_adoption(Adopter.COUNCIL, date(2027, 1, 12), "2027-1")  # a draft nota
    record.published_at = utcnow()
    with pytest.raises(TransitionError):
        record.correct_adoption(Adopter.COUNCIL, date(2027, 1, 12), "2027-1")  # published, not adopted
    record.adopt(Adopter.COUNCIL, date(2027, 1, 12), "2027-1", utcnow())
    with pytest.raises(TransitionError):
        record.correct_adoption(Adopter.COUNCIL, date(2027, 1, 12), "  ")
    with pytest.raises(TransitionError):
        record.correct_adoption(Adopter.OWN_BODY, date(2027, 1, 12), "2027-2")  # an own body needs its name
    with pytest.raises(TransitionError):
        record.correct_adoption(Adopter.COLLEGE, date(2027, 1, 12), "2027-2", body=BOARD)
    record.correct_adoption(Adopter.OWN_BODY, date(2027, 1, 13), "2027-2", body=BOARD)
    assert (record.adopted_by_body, record.decision_number, record.adopted_on) == (BOARD, "2027-2", date(2027, 1, 13))


# Correcting over HTTP

def test_the_form_shows_the_recorded_decision_and_the_preview_saves_nothing(client, session, decided):
    form = client.get(correction_url(decided)).text
    assert 'value="2027-014"' in form and 'value="2027-01-12"' in form
    assert "2 personen kregen het besluit per e-mail" in form
    before = len(mails(session))

    page = correct(client, decided, decision_number="2027-041")

    assert page.status_code == 200 and "Correctie controleren" in page.text
    assert "Was: 2027-014" in page.text and "Wordt: 2027-041" in page.text
    assert "Niemand krijgt een e-mail over de correctie." in page.text
    session.expire_all()
    assert nota(session, decided).decision_number == "2027-014"
    assert session.scalars(sa.select(DecisionCorrection)).all() == [] and len(mails(session)) == before


def test_a_correction_keeps_the_earlier_version_and_the_frozen_nota_and_mails_nobody(client, session, decided):
    versions = [(v.id, v.number, v.content) for v in session.scalars(sa.select(ResponseReportVersion))]
    before = len(mails(session))

    done = save(client, decided, correct(client, decided, decision_number="2027-041", taken_on="2027-01-13").text)

    assert "Het besluit is gecorrigeerd. De eerdere versie blijft bewaard." in done.text
    assert "0 personen krijgen de correctie per e-mail." in done.text
    session.expire_all()
    record = nota(session, decided)
    assert (record.decision_number, record.adopted_on) == ("2027-041", date(2027, 1, 13))
    assert decided.decision_taken_on == date(2027, 1, 13)
    correction, = session.scalars(sa.select(DecisionCorrection)).all()
    assert correction.previous["decision_number"] == "2027-014" and correction.current["decision_number"] == "2027-041"
    assert correction.reason == "Tikfout in het besluitnummer." and correction.notified == 0
    assert len(mails(session)) == before  # nobody re-mailed
    assert [(v.id, v.number, v.content) for v in session.scalars(sa.select(ResponseReportVersion))] == versions
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "decision_corrected")).one()
    assert event.details["changes"]["decision_number"] == ["2027-014", "2027-041"]
    assert event.details["reason"] == "Tikfout in het besluitnummer."

    public = client.get(f"/consultaties/{decided.slug}/reactienota").text
    assert "besluitnummer 2027-041" in public
    assert "Gecorrigeerd op" in public and "Tikfout in het besluitnummer." in public
    assert "Voor de correctie: vastgesteld door de gemeenteraad op 12 januari 2027, besluitnummer 2027-014." in public
    manage = client.get(f"/beheer/consultaties/{decided.slug}").text
    assert "Correcties" in manage and "Was: 2027-014" in manage and "Werd: 2027-041" in manage
    log = client.get(f"/beheer/consultaties/{decided.slug}/logboek").text  # the officials' log of the consultation
    assert "Besluit gecorrigeerd" in log and "Tikfout in het besluitnummer." in log


def test_the_official_may_send_the_correction_after_seeing_the_mail(client, session, decided):
    before = len(mails(session))
    page = correct(client, decided, outcome="De raad heeft de agenda vastgesteld, met drie wijzigingen.", notify="y")
    assert "2 personen krijgen de correctie per e-mail." in page.text
    assert "De e-mail in het Nederlands" in page.text and "De e-mail in het Engels" in page.text
    assert "Het besluit is gecorrigeerd." in page.text and "The decision has been corrected." in page.text
    assert len(mails(session)) == before

    save(client, decided, page.text)

    sent = {m.recipient: m for m in mails(session)[before:]}
    assert set(sent) == {"iris@example.org", "john@example.org"}
    assert sent["iris@example.org"].subject.startswith("Correctie van het besluit over")
    assert "met drie wijzigingen" in sent["iris@example.org"].body_text
    assert sent["john@example.org"].subject.startswith("Correction of the decision on")
    assert session.scalars(sa.select(DecisionCorrection)).one().notified == 2


def test_a_correction_that_changes_nothing_or_has_no_reason_is_refused(client, session, decided):
    same = correct(client, decided)
    assert same.status_code == 422 and "Er is niets veranderd." in same.text
    no_reason = correct(client, decided, decision_number="2027-041", reason="")
    assert no_reason.status_code == 400 and "Schrijf waarom het besluit wordt gecorrigeerd." in no_reason.text
    assert 'value="2027-041"' in no_reason.text  # typed text kept
    assert session.scalars(sa.select(DecisionCorrection)).all() == []


def test_only_a_decided_consultation_has_a_correction_form(client, decided_later):
    assert client.get(correction_url(decided_later)).status_code == 404
    token = csrf_token(client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text)
    assert client.post(correction_url(decided_later) + "/opslaan", data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize("role, status", [("other_official", 403), ("partner", 403), ("resident", 403)])
def test_only_the_owners_officials_may_correct(client, login, make_user, make_organisation, decided, role, status):
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    other = make_organisation(name="Gemeente Elders")
    user = {"other_official": lambda: make_user(official_of=other), "resident": make_user,
            "partner": lambda: make_user(partner_of=make_organisation(name="Zorg X"))}[role]()
    login(user)
    assert client.get(correction_url(decided)).status_code == status


def test_the_dossier_holds_every_correction(app, client, session, decided, tmp_path):
    save(client, decided, correct(client, decided, decision_number="2027-041").text)
    with app.test_request_context():
        write_dossier(decided, tmp_path / "dossier.zip")
    data = json.loads(zipfile.ZipFile(tmp_path / "dossier.zip").read("dossier.json"))
    correction, = data["decision_corrections"]
    assert correction["previous"]["decision_number"] == "2027-014" and correction["reason"] == "Tikfout in het besluitnummer."
    assert data["consultation"]["nota"]["decision_number"] == "2027-041"


# Role × state: who reaches the correction form, in which phase of the consultation

STATES = {  # phase: (state, opens in days, closes in days, decision recorded)
    "planned": (State.PUBLISHED, 3, 50, False), "open": (State.PUBLISHED, -3, 40, False),
    "closed": (State.PUBLISHED, -50, -1, False), "processed": (State.PROCESSED, -50, -1, False),
    "decided": (State.DECIDED, -50, -1, True),
}
EXPECTED = {  # role: status per phase (planned, open, closed, processed, decided)
    "owner": (404, 404, 404, 404, 200), "other_official": (403,) * 5, "partner": (403,) * 5,
    "resident": (403,) * 5, "admin": (403,) * 5, "anonymous": (302,) * 5,
}


@pytest.mark.parametrize("role", EXPECTED)
def test_the_correction_form_by_role_and_phase(client, session, login, make_user, make_organisation, make_consultation,
                                               role):
    owner = make_organisation(name="Gemeente Eigen")
    users = {"owner": lambda: make_user(official_of=owner),
             "other_official": lambda: make_user(official_of=make_organisation(name="Gemeente Elders")),
             "partner": lambda: make_user(partner_of=make_organisation(kind=OrganisationKind.CARE_PROVIDER)),
             "resident": make_user, "admin": lambda: make_user(is_admin=True), "anonymous": lambda: None}
    user = users[role]()
    if user is not None:
        login(user)
    got = []
    for phase, (state, opens, closes, recorded) in STATES.items():
        consultation = make_consultation(organisation=owner, state=state, opens_in_days=opens, closes_in_days=closes,
                                         decision_taken_on=date(2027, 1, 12) if recorded else None)
        got.append(client.get(correction_url(consultation)).status_code)
    assert tuple(got) == EXPECTED[role]


def test_a_decision_without_an_adopted_nota_is_not_corrected_here(client, session, login, make_user, make_consultation):
    consultation = make_consultation(state=State.DECIDED, opens_in_days=-50, closes_in_days=-1,
                                     decision_taken_on=date(2027, 1, 12))
    login(make_user(official_of=consultation.organisation))
    page = correct(client, consultation)
    assert page.status_code == 200  # the preview: number, body and text differ from what is stored (nothing)
    done = save(client, consultation, page.text)
    assert "kan hier niet worden gecorrigeerd" in done.text
    assert session.scalars(sa.select(DecisionCorrection)).all() == []


def test_the_changed_facts_read_as_people_read_them(app):
    before = {"taken_on": "2027-01-12", "adopted_by": "council", "adopted_by_body": "", "decision_number": "2027-014",
              "outcome": "Vastgesteld.", "decision_url": ""}
    after = {**before, "adopted_by": "own_body", "adopted_by_body": BOARD, "taken_on": "2027-01-13"}
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert changed_facts(before, after) == [("Datum van het besluit", "12 januari 2027", "13 januari 2027"),
                                                ("Vastgesteld door", "de gemeenteraad", BOARD)]
        assert changed_facts(before, before) == []
        assert earlier_adoption(before) == ("Voor de correctie: vastgesteld door de gemeenteraad op 12 januari 2027, "
                                            "besluitnummer 2027-014.")
        assert earlier_adoption({**before, "decision_number": ""}) == ""


def test_both_check_pages_are_one_frame_filled_in(app):
    """'Nothing is saved yet', the hidden answers and the two buttons are written once (decisions/_check.html)."""
    pages = {name: app.jinja_loader.get_source(app.jinja_env, f"decisions/{name}.html")[0]
             for name in ("preview", "correction_preview")}
    for source in pages.values():
        assert source.startswith('{% extends "decisions/_check.html" %}')
        assert "macro hidden" not in source and "utrecht-alert" not in source and "<form" not in source
