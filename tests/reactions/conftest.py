import re
from io import BytesIO

import pytest
import sqlalchemy as sa

from consult.mail.models import OutboxMessage
from tests.conftest import csrf_token

MARKDOWN = "# Inleiding\n\nDe gemeente wil dit.\n\n# Opgavegericht werken\n\nDe inwoners staan centraal.\n\n# Planning\n\nDe raad besluit."


@pytest.fixture
def open_consultation(make_consultation):
    return make_consultation(title="Sociaal Maatschappelijke Agenda", markdown=MARKDOWN)


def form_data(**overrides):
    data = {
        "section": "opgavegericht-werken",
        "body": "Ik mis de mantelzorgers in dit hoofdstuk.\n\nZij doen veel werk.",
        "author_name": "Iris de Boer",
        "author_email": "Iris@Example.org",
        "author_place": "Leerdam",
        "publication": "named",
        "privacy": "y",
    }
    data.update(overrides)
    return data


@pytest.fixture
def send_reaction(client):
    """Fill in the reaction form as a browser would: GET it, then POST with its hidden fields."""

    def send(consultation, files=None, follow_redirects=False, **overrides):
        page = client.get(f"/consultaties/{consultation.slug}/reageren")
        key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page.text)
        data = {**form_data(**overrides), "csrf_token": csrf_token(page.text),
                "submission_key": overrides.get("submission_key", key.group(1) if key else "")}
        if files:
            data["attachments"] = [(BytesIO(content), name) for name, content in files]
        return client.post(f"/consultaties/{consultation.slug}/reageren", data=data,
                           content_type="multipart/form-data", follow_redirects=follow_redirects)

    return send


@pytest.fixture
def mails(session):
    def for_recipient(recipient):
        return session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)
        ).all()

    return for_recipient


def link_in(mail, path_part):
    link = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", mail.body_text).group(0)
    return link.split("consult.test", 1)[1]
