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

    assert response.status_code == 200
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
