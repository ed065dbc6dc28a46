"""The progress page's "changed since" and a new action's deadline (findings 1 and 16)."""
import pytest

from tests.conftest import csrf_token


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_since_far_off_shows_the_page_with_a_message(world, client, day):
    response = client.get(f"/actieprogrammas/{world.programme.id}/voortgang?since={day}")
    assert response.status_code == 200 and "Vul een datum in tussen 2000 en 2100." in response.text
    assert "9999" not in response.text.split("<h1")[1].split("</form>")[0].split("wijzigingen sinds")[-1][:40]


def test_a_since_that_is_no_date_shows_an_example(world, client):
    response = client.get(f"/actieprogrammas/{world.programme.id}/voortgang?since=gisteren")
    assert response.status_code == 200 and "Vul een datum in, bijvoorbeeld 31-12-2026." in response.text


def test_a_new_action_with_a_past_deadline_is_refused(world, client, login):
    login(world.users["official_r"])
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    token = csrf_token(client.get(url).text)
    response = client.post(url, data={"csrf_token": token, "title": "Actie", "scope": "regional",
                                      "theme": str(world.themes[0].id), "deadline": "2020-01-01"})
    assert response.status_code == 400 and "Deze dag is voorbij. Vul vandaag of een latere dag in." in response.text


def test_a_choice_not_offered_gets_a_message_without_the_values(world, client, login):
    login(world.users["official_r"])
    url = f"/actieprogrammas/{world.programme.id}/acties/nieuw"
    token = csrf_token(client.get(url).text)
    response = client.post(url, data={"csrf_token": token, "title": "Actie", "scope": "sideways",
                                      "theme": str(world.themes[0].id)})
    assert response.status_code == 400 and "Ongeldige keuze" not in response.text
    assert "Kies een van de mogelijkheden bij" in response.text


def test_a_late_action_reads_its_status_and_its_deadline_apart(world, session, client):
    from datetime import date

    from consult.actions.models import ActionStatus
    from tests.actions.conftest import make_action

    action = make_action(session, world, status=ActionStatus.DELAYED, deadline=date(2026, 1, 15))
    page = client.get(f"/acties/{action.id}").text
    assert "Vertraagd</span>, <strong class=\"consult-action-late\">deadline 15 januari 2026 verstreken</strong>" in page
    assert "te laat" not in page.split("<dl", 1)[1].split("</dl>", 1)[0]
