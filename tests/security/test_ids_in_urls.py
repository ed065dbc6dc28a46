"""An id in a URL larger than the databases can hold is "not found" on every route, never a 500."""
import re

import pytest
from flask import url_for
from werkzeug.routing import AnyConverter, IntegerConverter

from consult.core.web import MAX_ID, numbers_up_to
from tests.conftest import csrf_token

PLACEHOLDER = 424242
TOO_LARGE = [str(MAX_ID + 1), str(2**63), str(2**64), "1" + "0" * 30, "9" * 5000]


def int_arguments(app):
    """(rule, argument) for every integer argument of every route."""
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                yield rule, name


def url_with(app, rule, name, value: str) -> str:
    values = {}
    for other, converter in rule._converters.items():
        values[other] = sorted(converter.items)[0] if isinstance(converter, AnyConverter) else 1
    values[name] = PLACEHOLDER
    with app.test_request_context():
        url = url_for(rule.endpoint, **{k: ("x" if v == 1 and k == "slug" else v) for k, v in values.items()})
    return url.replace(str(PLACEHOLDER), value)


@pytest.fixture(params=["anonymous", "admin and official"])
def visitor(request, client, make_user, make_organisation, login):
    if request.param != "anonymous":  # signed in, so the id reaches the database instead of the log-in page
        user = make_user(official_of=make_organisation(), is_admin=True)
        login(user)
    return client


def test_every_route_answers_404_for_an_id_out_of_range(app, visitor):
    token = csrf_token(visitor.get("/wachtwoord-vergeten").text)
    wrong = []
    for rule, name in int_arguments(app):
        for value in TOO_LARGE:
            url = url_with(app, rule, name, value)
            for method in ("GET", "POST"):
                response = visitor.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
                if response.status_code != 404:
                    wrong.append(f"{method} {rule.rule} {name}={value[:25]}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_largest_id_is_looked_up_without_an_error(app, visitor):
    token = csrf_token(visitor.get("/wachtwoord-vergeten").text)
    for rule, name in int_arguments(app):
        url = url_with(app, rule, name, str(MAX_ID))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = visitor.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code < 500, f"{method} {url}: {response.status_code}"


@pytest.mark.parametrize("limit", [0, 7, 10, 100, 909, 1000, MAX_ID])
def test_the_id_pattern_takes_exactly_the_numbers_up_to_its_limit(limit):
    pattern = re.compile(f"(?:{numbers_up_to(limit)})")
    for number in [*range(2100), *range(MAX_ID - 1100, MAX_ID + 1100), 10**10 - 1, 10**10]:
        assert bool(pattern.fullmatch(str(number))) == (number <= limit), number


# Ids that forms and query strings carry: (method, path under the consultation, field).
IDS_IN_FIELDS = [
    ("GET", "moderatie", "code"), ("GET", "moderatie", "group"),
    ("GET", "antwoorden/nieuw", "reactie"), ("GET", "antwoorden/nieuw", "deelpunt"), ("GET", "antwoorden/nieuw", "groep"),
    ("POST", "selectie", "reaction"), ("POST", "groepen", "reaction"),
]


@pytest.mark.parametrize("value", [str(MAX_ID + 1), "9" * 30, "١٢٣", "１２"])
def test_an_id_out_of_range_in_a_form_or_query_string_is_no_error(client, make_consultation, make_user, login, value):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    token = csrf_token(client.get("/wachtwoord-vergeten").text)
    for method, path, field in IDS_IN_FIELDS:
        url = f"/beheer/consultaties/{consultation.slug}/{path}"
        if method == "GET":
            response = client.get(url, query_string={field: value})
        else:
            response = client.post(url, data={field: value, "csrf_token": token, "action": "read"})
        assert response.status_code < 500, (method, path, field)
