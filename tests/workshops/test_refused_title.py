"""A page shown again with a refused form says so in its title ("Fout: …"), the first thing a screen reader
reads after the page loads (tester finding 7, issue 13: focus landed on the body and the title stayed the
same, so a keyboard user heard nothing of the errors). One hook looks at every form a view passes."""
import re

from tests.workshops.test_tester_findings import _form


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_a_refused_registration_starts_its_title_with_fout(client, make_workshop):
    workshop = make_workshop()
    url, data = _form(client, workshop)
    assert not title(client.get(url).text).startswith("Fout")

    refused = client.post(url, data={**data, "email": ""})

    assert refused.status_code == 400
    assert title(refused.text).startswith("Fout: Aanmelden")


def test_a_refused_reaction_and_a_refused_log_in_do_the_same(client, make_consultation, make_user):
    consultation = make_consultation()
    page = client.get(f"/consultaties/{consultation.slug}/reageren")
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    refused = client.post(f"/consultaties/{consultation.slug}/reageren", data={"csrf_token": token, "body": ""})
    assert refused.status_code == 400 and title(refused.text).startswith("Fout: ")

    login = client.get("/inloggen")
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', login.text).group(1)
    refused = client.post("/inloggen", data={"csrf_token": token, "email": "", "password": ""})
    assert title(refused.text).startswith("Fout: ")
