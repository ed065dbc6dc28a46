"""Every string of the bad-input corpora (~8,400) through every text field of the public reaction
form: no response is a 500, nothing typed shows up as markup, and the pages that show the stored
reactions afterwards contain only what our templates write (checked again in Chromium, browser test)."""
import re

import pytest
import sqlalchemy as sa

from consult.extensions import limiter
from consult.reactions.counters import recount
from consult.reactions.models import Reaction, ReactionStatus
from tests.conftest import csrf_token
from tests.reactions.conftest import MARKDOWN
from tests.security.corpora import payloads
from tests.security.html_check import injected

TEXT_FIELDS = ("quote", "body", "author_name", "author_place", "organisation_name")


def rotated(strings: list[str], n: int, fields) -> dict:
    """Request n carries string n in the first field, n+1 in the next, …: every string meets every field."""
    return {field: strings[(n + offset) % len(strings)] for offset, field in enumerate(fields)}


@pytest.fixture
def form(client, make_consultation, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)  # thousands of submissions from one address
    consultation = make_consultation(markdown=MARKDOWN)
    url = f"/consultaties/{consultation.slug}/reageren"
    page = client.get(url).text
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    base = {"section": "opgavegericht-werken", "publication": "named", "privacy": "y", "organisation_kind": "other",
            "csrf_token": csrf_token(page), "started": started}
    return consultation, url, base


def check(response, where: str, problems: list[str]) -> None:
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
    elif response.status_code in (200, 400) and (found := injected(response.get_data(as_text=True))):
        problems.append(f"{where}: {found[:3]}")


def test_every_corpus_string_in_every_text_field_is_handled_and_shown_harmless(client, form, session):
    consultation, url, base = form
    strings, problems = payloads(), []
    for n in range(len(strings)):
        data = {**base, **rotated(strings, n, TEXT_FIELDS), "author_email": f"bad{n}@example.org", "submission_key": f"k{n}"}
        check(client.post(url, data=data), f"reaction form, request {n}", problems)
    for n, text in enumerate(strings):  # the e-mail field, on its own so that the others can be stored
        check(client.post(url, data={**base, "body": "x", "author_name": "x", "author_email": text, "submission_key": f"e{n}"}),
              f"e-mail field, string {n}", problems)
    assert not problems, "\n".join(problems[:20])

    stored = session.scalars(sa.select(Reaction)).all()
    assert len(stored) > len(strings) * 0.8  # most combinations are valid and were stored as typed
    session.execute(sa.update(Reaction).values(status=ReactionStatus.APPROVED))
    recount(consultation)
    session.commit()

    pages = -(-len(stored) // 20)
    for number in range(1, pages + 1):
        check(client.get(f"/consultaties/{consultation.slug}/reacties", query_string={"pagina": number}),
              f"public reactions page {number}", problems)
    for n, text in enumerate(strings[::25]):  # the keyset links' reaction (``na``/``voor``): never a 500
        check(client.get(f"/consultaties/{consultation.slug}/reacties", query_string={"pagina": 2, "na": text, "voor": text}),
              f"public reactions page from reaction string {n * 25}", problems)
    check(client.get(f"/consultaties/{consultation.slug}"), "consultation page", problems)
    assert not problems, "\n".join(problems[:20])
