"""Dates and messages in the werkatelier, verslag and actieprogramma forms (second outside test, findings
1, 2, 3, 16 and 17): every date has bounds with a Dutch message beside the field, never a 500; past days are
refused where they make no sense; form messages say "u", count right and appear once."""
import re
from datetime import timedelta

import pytest

from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from tests.conftest import csrf_token

YEARS_MESSAGE = "Vul een datum in tussen 2000 en 2100."
PAST_MESSAGE = "Deze dag is voorbij. Vul vandaag of een latere dag in."


def _today():
    return utcnow().astimezone(AMSTERDAM).date()


@pytest.fixture
def manage(client, login, make_workshop, make_user):
    workshop = make_workshop()
    login(make_user(official_of=workshop.consultation.organisation))
    url = f"/beheer/werkateliers/{workshop.slug}"
    return workshop, url, csrf_token(client.get(url).text)


def beside(page: str, field: str) -> str:
    """The messages shown beside ``field`` (the summary at the top repeats them as links)."""
    found = re.search(rf'id="{field}-error">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def _session(token, day, capacity="5", **extra):
    return {"csrf_token": token, "day": day, "starts": "13:30", "ends": "16:30", "place": "Stadhuis", "capacity": capacity, **extra}


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_session_far_off_gets_a_message_beside_the_field(client, manage, day):
    workshop, url, token = manage
    response = client.post(f"{url}/sessies", data=_session(token, day))
    assert response.status_code == 400 and YEARS_MESSAGE in response.text
    assert len(workshop.sessions) == 1


def test_a_session_more_than_two_years_ahead_is_refused(client, manage):
    workshop, url, token = manage
    later = (_today() + timedelta(days=3 * 365)).isoformat()
    response = client.post(f"{url}/sessies", data=_session(token, later))
    assert response.status_code == 400 and "Kies een datum binnen twee jaar vanaf vandaag" in response.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_last_day_to_register_far_off_gets_a_message_not_a_500(client, manage, day):
    workshop, url, token = manage
    response = client.post(url, data={"csrf_token": token, "title": "T", "summary": "S", "audience": "public",
                                      "deadline_on": day})
    assert response.status_code in (200, 400) and YEARS_MESSAGE in response.text and 'value="T"' in response.text


@pytest.mark.parametrize(("capacity", "message"), [("0", "Vul een getal in van 1 tot en met 10.000."),
                                                   ("-5", "Vul een getal in van 1 tot en met 10.000."),
                                                   ("abc", "Vul een heel getal in, bijvoorbeeld 12.")])
def test_a_capacity_below_one_says_so_once(client, manage, capacity, message):
    workshop, url, token = manage
    day = (_today() + timedelta(days=30)).isoformat()
    response = client.post(f"{url}/sessies", data=_session(token, day, capacity=capacity))
    assert response.status_code == 400 and beside(response.text, "capacity").count("<p>") == 1
    assert message in beside(response.text, "capacity")


def test_a_link_that_is_not_https_is_refused_once(client, manage):
    workshop, url, token = manage
    day = (_today() + timedelta(days=30)).isoformat()
    response = client.post(f"{url}/sessies", data=_session(token, day, online_url="javascript:alert(1)"))
    assert response.status_code == 400 and beside(response.text, "online_url").count("begint met https://") == 1


def test_the_workshop_form_says_u_not_je(client, manage):
    workshop, url, token = manage
    response = client.post(url, data={"csrf_token": token, "title": "T", "summary": "S", "audience": "public", "deadline_on": ""})
    assert "Vul de laatste dag in om u aan te melden." in response.text
