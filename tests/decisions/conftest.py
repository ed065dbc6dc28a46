import html
import re

import pytest

from tests.conftest import csrf_token
from tests.reactions.conftest import MARKDOWN
from tests.workbench.conftest import make_reaction, run_jobs  # noqa: F401  (shared fixtures)

DECISION = {"taken_on": "2027-01-12", "adopted_by": "council", "decision_number": "2027-014",
            "outcome": "De raad heeft de agenda vastgesteld, met twee wijzigingen.",
            "decision_url": "https://example.org/besluit"}


@pytest.fixture
def decided_later(make_consultation, make_user, login):
    """A closed consultation and its official, logged in."""
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    consultation.official = make_user(official_of=consultation.organisation)
    login(consultation.official)
    return consultation


def hidden_fields(page: str, action: str) -> dict:
    """The hidden inputs of the form that posts to ``action``, as the browser would send them."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', page, re.S)
    assert form, f"no form posting to {action}"
    return {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)" (?:type="hidden" )?value="([^"]*)"', form.group(1))}


def preview(client, consultation, **overrides):
    url = f"/beheer/consultaties/{consultation.slug}/besluit"
    token = csrf_token(client.get(url).text)
    return client.post(url, data={**DECISION, **overrides, "csrf_token": token})


def confirm(client, consultation, page: str, follow_redirects=True):
    action = f"/beheer/consultaties/{consultation.slug}/besluit/versturen"
    return client.post(action, data=hidden_fields(page, action), follow_redirects=follow_redirects)


def decide(client, consultation, **overrides):
    page = preview(client, consultation, **overrides)
    assert page.status_code == 200, page.text
    return confirm(client, consultation, page.text)
