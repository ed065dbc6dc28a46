"""A new document sent twice (a double click on a slow upload) is one document."""
import sqlalchemy as sa

from consult.documents.models import Document
from tests.conftest import csrf_token, submission_key


def test_a_new_document_sent_twice_is_made_once(client, login, make_user, make_organisation, session):
    municipality = make_organisation(name="Gemeente Lelystad")
    login(make_user(official_of=municipality))
    page = client.get("/beheer/documenten/nieuw").text
    data = {"csrf_token": csrf_token(page), "submission_key": submission_key(page), "organisation": str(municipality.id),
            "title": "Agenda", "kind": "other", "source_text": "# Wonen\n\nTekst over wonen."}
    first, second = (client.post("/beheer/documenten/nieuw", data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    assert session.scalars(sa.select(Document.title)).all() == ["Agenda"]
