"""Kenmerk letters are unique across the installation (issue "Keeps working under faults and hostile input").

Before: two consultations could both get SMA; the second one's reactions then got a kenmerk the first
had already handed out, so every web reaction there ended in "Pagina niet gevonden" with its text lost,
and every paper entry in a 500, all year.
"""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult.consultations.models import Consultation
from consult.core.db import utcnow
from consult.demo import data
from tests.conftest import csrf_token
from tests.documents.test_views import consultation_form


def new_consultation(client, version, **fields):
    url = f"/beheer/consultaties/nieuw?version={version.id}"
    page = client.get(url)
    return client.post(url, data={**consultation_form(version.id, **fields), "csrf_token": csrf_token(page.text)})


def test_letters_used_by_another_municipality_are_refused_beside_the_field(client, login, make_user, make_consultation,
                                                                           make_organisation, session):
    elsewhere = make_consultation(reference_prefix="SMA")  # another municipality's consultation
    ours = make_consultation(organisation=make_organisation(name="Gemeente Lopik"))
    login(make_user(official_of=ours.organisation))

    response = new_consultation(client, ours.document_version, reference_prefix="SMA", title="Agenda Lopik 2027")

    assert response.status_code == 400
    error = response.text.split('id="reference_prefix-error"', 1)[1].split("</div>", 1)[0]
    assert "Een andere consultatie gebruikt deze letters al. Kies andere letters." in error
    assert 'value="Agenda Lopik 2027"' in response.text  # what was typed stays
    assert session.scalar(sa.select(sa.func.count()).where(Consultation.reference_prefix == "SMA")) == 1
    assert elsewhere.reference_prefix == "SMA"

    saved = new_consultation(client, ours.document_version, reference_prefix="SMAL", title="Agenda Lopik 2027")
    assert saved.status_code == 302


def test_the_database_refuses_a_second_consultation_with_the_same_letters(make_consultation, session):
    make_consultation(reference_prefix="KSD")
    with pytest.raises(IntegrityError):
        make_consultation(reference_prefix="KSD")
    session.rollback()


def test_demo_data_and_the_bench_generator_use_letters_of_their_own(app, session):
    from bench.generate import seed

    with app.app_context():
        data.load(utcnow())
        seed(20)
    prefixes = session.scalars(sa.select(Consultation.reference_prefix)).all()
    assert len(prefixes) == len(set(prefixes)) >= 5


def test_the_migration_gives_later_consultations_sharing_letters_a_letter_more(tmp_path):
    """An installation where two municipalities both chose SMA: the oldest keeps SMA, the next gets SMAA,
    and the kenmerken already handed out stay as they are."""
    import flask_migrate

    from consult.extensions import db
    from tests.conftest import fresh_database, make_app

    with fresh_database(tmp_path, "prefix") as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="0010")
            with db.engine.begin() as connection:
                connection.exec_driver_sql(
                    "INSERT INTO organisations (id, kind, name, slug, is_central_municipality, created_at) VALUES (1, 'municipality', 'Gemeente A', 'a', false, CURRENT_TIMESTAMP)")
                for n, prefix in enumerate(["SMA", "SMA", "KSD", "SMA"], start=1):
                    connection.execute(sa.text(
                        "INSERT INTO consultations (id, organisation_id, kind, audience, state, slug, title, summary, "
                        "introduction_html, location, reference_prefix, last_reference_number, procedure, decision_body, "
                        "contact_name, contact_email, contact_phone, postal_address, house_rules, publication_url, "
                        "decision_outcome, decision_url, requires_email_confirmation, publishes_reactions, reaction_count, "
                        "published_reaction_count, created_at) VALUES (:id, 1, 'public_inspection', 'public', 'published', "
                        ":slug, 'T', '', '', '', :prefix, 0, 'informal', '', '', '', '', '', '', '', '', '', true, true, 0, 0, "
                        "CURRENT_TIMESTAMP)"), {"id": n, "slug": f"c{n}", "prefix": prefix})
            flask_migrate.upgrade()
            with db.engine.connect() as connection:
                prefixes = connection.exec_driver_sql("SELECT reference_prefix FROM consultations ORDER BY id").scalars().all()
            db.engine.dispose()
    assert prefixes == ["SMA", "SMAA", "KSD", "SMAB"]
