"""A consultation someone may not see answers exactly as one that does not exist: on every route with a
consultation's slug, for every method, the same status, the same redirect and the same page."""
import re

import pytest
from flask import url_for
from werkzeug.routing import AnyConverter

from consult.consultations.models import State
from tests.conftest import csrf_token

UNKNOWN = "bestaat-niet-9f3a"
NOT_CONSULTATIONS = {"pages.show_organisation", "looks.show_logo"}  # organisation slugs
OTHER_VALUES = {"kind": "topics", "job_id": 1, "index": 0, "number": 1, "organisation": "een-organisatie", "comment_id": 1,
                "point_id": 1, "attachment_id": 1, "file_id": 1, "withheld_id": 1, "question_id": 1, "reaction_id": 1,
                "session_id": 1, "table_id": 1, "outcome_id": 1, "part": 1, "page": 1}


def consultation_rules(app):
    for rule in app.url_map.iter_rules():
        if "slug" in rule.arguments and rule.endpoint not in NOT_CONSULTATIONS:
            yield rule


def url_values(rule, slug):
    values = {"slug": slug}
    for name, converter in rule._converters.items():
        if name != "slug":
            values[name] = sorted(converter.items)[0] if isinstance(converter, AnyConverter) else OTHER_VALUES[name]
    return values


def answer(client, app, rule, method, slug, token):
    with app.test_request_context():
        url = url_for(rule.endpoint, **url_values(rule, slug))
    with client.session_transaction() as session:
        session.pop("_flashes", None)  # a message the previous request left (e.g. "log in") shows on this page
    response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
    body = re.sub(r'(csrf_token" (type="hidden" )?value=)"[^"]+"', r"\1", response.get_data(as_text=True))
    return response.status_code, response.headers.get("Location", "").replace(slug, "SLUG"), body.replace(slug, "SLUG")


@pytest.mark.parametrize("who", ["anonymous", "resident", "official of another municipality"])
def test_a_draft_answers_as_a_consultation_that_does_not_exist(app, client, make_consultation, make_user,
                                                                make_organisation, login, who):
    draft = make_consultation(state=State.DRAFT)
    if who == "resident":
        login(make_user())
    elif who == "official of another municipality":
        login(make_user(official_of=make_organisation()))
    token = csrf_token(client.get("/wachtwoord-vergeten").text)

    different = []
    for rule in consultation_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            hidden, unknown = (answer(client, app, rule, method, slug, token) for slug in (draft.slug, UNKNOWN))
            if hidden != unknown:
                different.append(f"{method} {rule.rule}: {hidden[:2]} for the draft, {unknown[:2]} for no consultation")
    assert not different, "\n".join(different)


def test_the_draft_is_there_for_its_own_officials(client, make_consultation, make_user, login):
    draft = make_consultation(state=State.DRAFT, title="Sluiting zwembad De Hoef")
    login(make_user(official_of=draft.organisation))
    assert "Sluiting zwembad De Hoef" in client.get(f"/consultaties/{draft.slug}").text
