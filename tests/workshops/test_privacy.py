"""Registrations in the privacy features: own data, erasure, the dossier, and the purge after the werkatelier."""
import json
import zipfile
from datetime import timedelta

from consult.core.db import utcnow
from consult.privacy.dossier import write_dossier
from consult.privacy.services import grant_erasure, personal_data, purge, request_erasure
from consult.workshops.services import register
from tests.workshops.conftest import person


def test_a_person_finds_their_registrations_in_their_own_data(app_context, session, make_workshop):
    workshop = make_workshop()
    register(workshop.sessions[0], person(1, needs="Rolstoel", table_ids=[workshop.tables[0].id]), utcnow())
    data = personal_data("Deelnemer1@example.org")["workshop_registrations"]
    assert len(data) == 1
    assert data[0]["needs"] == "Rolstoel" and data[0]["tables"] == ["Wonen"] and data[0]["workshop"] == workshop.title


def test_erasure_removes_the_registration_data_of_that_organisation(app_context, session, make_workshop, make_user):
    workshop = make_workshop()
    registration = register(workshop.sessions[0], person(1, needs="Rolstoel"), utcnow())
    made = request_erasure("deelnemer1@example.org", "", utcnow())
    assert [e.organisation_id for e in made] == [workshop.consultation.organisation_id]  # a registration alone is enough
    grant_erasure(made[0], make_user(official_of=workshop.consultation.organisation), utcnow())
    session.flush()
    assert registration.name == "" and registration.email == "" and registration.needs == "" and registration.anonymised_at
    assert personal_data("deelnemer1@example.org")["workshop_registrations"] == []


def test_the_purge_removes_registrations_a_retention_period_after_the_last_session(app, app_context, session, make_workshop):
    now = utcnow()
    workshop = make_workshop(starts=now + timedelta(days=20))
    registration = register(workshop.sessions[0], person(1), now)
    session.flush()
    retention = app.config["PERSONAL_DATA_RETENTION_DAYS"]
    assert purge(now + timedelta(days=20 + retention - 1)).workshop_registrations == 0
    assert registration.anonymised_at is None
    assert purge(now + timedelta(days=21 + retention), dry_run=True).workshop_registrations == 1
    assert purge(now + timedelta(days=21 + retention)).workshop_registrations == 1
    assert registration.name == "" and registration.anonymised_at is not None


def test_the_dossier_holds_the_registrations(app, session, make_workshop, tmp_path):
    with app.test_request_context():
        workshop = make_workshop()
        register(workshop.sessions[0], person(1), utcnow())
        target = tmp_path / "dossier.zip"
        write_dossier(workshop.consultation, target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("dossier.json"))
    assert [r["name"] for r in data["workshop_registrations"]] == ["Deelnemer 1"]
