"""Every form answers an invalid POST the same way: the form again with the messages beside the fields, and
status 400 (a 200 tells a client, a proxy and a test that the change went through). This posts an empty
form — only the CSRF token — to every route that takes a POST, as a role the authorisation matrix lets in,
and allows anything but 200: a redirect (a button that flashes why), 400, 403, 404, 409 or 429."""
from io import BytesIO

from flask import url_for

from tests.conftest import PASSWORD, csrf_token
from tests.security.test_authorization_matrix import OK, ROUTES, world  # noqa: F401  (the matrix's world, shared)

# The roles tried, in this order: the first the matrix lets in posts.
PREFERRED = ("official_a", "admin", "partner_x", "resident", "official_b", "partner_y", "anonymous")
# Nothing to validate: logging out ends the session, and the one button that stops the terugkoppeling mails
# is valid with its CSRF token alone (it answers 200 with "stopped").
NOT_FORMS = {"accounts.logout", "actions.stop_feedback_mails"}


def _client(app, users, role):
    client = app.test_client()
    if role != "anonymous":
        page = client.get("/inloggen")
        client.post("/inloggen", data={"email": users[role].email, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    return client


def test_an_empty_post_to_any_form_never_answers_200(app, world):  # noqa: F811
    users, values = world
    clients, wrong = {}, []
    posting = sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods} - NOT_FORMS)
    assert posting, "no POST routes found"
    for endpoint in posting:
        _method, arguments, expected = ROUTES[endpoint]
        role = next((r for r in PREFERRED if expected[r] == OK), None)
        if role is None:
            continue  # nobody gets past the rule: the matrix checks that
        if role not in clients:
            clients[role] = _client(app, users, role)
        client = clients[role]
        filled = {k: (v.format(**values) if isinstance(v, str) and "{" in v else v) for k, v in arguments.items()}
        with app.test_request_context():
            url = url_for(endpoint, **filled)
        token = csrf_token(client.get("/wachtwoord-vergeten").text)
        response = client.post(url, data={"csrf_token": token, "file": (BytesIO(b""), "")})
        if response.status_code in (200, 500):
            wrong.append(f"POST {url} as {role}: {response.status_code}")
        response.close()
    assert not wrong, "\n".join(wrong)
