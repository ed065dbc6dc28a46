"""Issue 12: house rules have a default text on their own page and are changeable per consultation, also
after it was published, until the decision; each change is in the audit log with the earlier text."""
import pytest
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.consultations.models import State
from tests.conftest import csrf_token


def rules_url(consultation) -> str:
    return f"/beheer/consultaties/{consultation.slug}/huisregels"


def send(client, consultation, text):
    token = csrf_token(client.get(rules_url(consultation)).text)
    return client.post(rules_url(consultation), data={"house_rules": text, "csrf_token": token})


def test_an_official_changes_the_house_rules_of_an_open_consultation(client, session, login, make_user, make_consultation):
    consultation = make_consultation(house_rules="Eerste regels.")
    login(make_user(official_of=consultation.organisation))
    assert "Eerste regels." in client.get(rules_url(consultation)).text
    assert f'href="{rules_url(consultation)}"' in client.get(f"/beheer/consultaties/{consultation.slug}").text

    assert send(client, consultation, "  Geen reclame. Blijf bij het onderwerp.  ").status_code == 302

    session.refresh(consultation)
    assert consultation.house_rules == "Geen reclame. Blijf bij het onderwerp."
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "house_rules_changed")).one()
    assert event.details == {"before": "Eerste regels.", "after": "Geen reclame. Blijf bij het onderwerp."}
    form = client.get(f"/consultaties/{consultation.slug}/reageren").text
    assert "Geen reclame. Blijf bij het onderwerp." in form

    assert send(client, consultation, "").status_code == 302  # back to the default rules
    session.refresh(consultation)
    assert consultation.house_rules == ""
    assert 'href="/huisregels"' in client.get(f"/consultaties/{consultation.slug}/reageren").text


def test_too_long_rules_are_refused_and_kept(client, session, login, make_user, make_consultation):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    response = send(client, consultation, "Regel. " * 800)
    assert response.status_code == 400 and "Gebruik maximaal 5.000 tekens." in response.text
    assert "Regel. Regel." in response.text
    session.refresh(consultation)
    assert consultation.house_rules == ""


def test_after_the_decision_the_rules_stay_as_they_were(client, session, login, make_user, make_consultation):
    consultation = make_consultation(state=State.DECIDED, opens_in_days=-60, closes_in_days=-10, house_rules="Oud.")
    login(make_user(official_of=consultation.organisation))
    response = client.get(rules_url(consultation), follow_redirects=True)
    assert "kunnen niet meer veranderen" in response.text
    token = csrf_token(response.text)
    client.post(rules_url(consultation), data={"house_rules": "Nieuw.", "csrf_token": token})
    session.refresh(consultation)
    assert consultation.house_rules == "Oud."


def test_other_officials_may_not_change_the_rules(client, login, make_user, make_organisation, make_consultation):
    consultation = make_consultation()
    login(make_user(official_of=make_organisation(name="Gemeente Elders")))
    assert client.get(rules_url(consultation)).status_code == 403


PHASES = {  # phase: (state, opens in days, closes in days) → what the owner's official gets
    "planned": ((State.PUBLISHED, 3, 50), 200), "open": ((State.PUBLISHED, -3, 40), 200),
    "closed": ((State.PUBLISHED, -50, -1), 200), "processed": ((State.PROCESSED, -50, -1), 200),
    "decided": ((State.DECIDED, -50, -1), 302),
}


@pytest.mark.parametrize("phase", PHASES)
def test_the_house_rules_form_by_phase(client, login, make_user, make_organisation, make_consultation, phase):
    (state, opens, closes), expected = PHASES[phase]
    consultation = make_consultation(state=state, opens_in_days=opens, closes_in_days=closes)
    login(make_user(official_of=consultation.organisation))
    assert client.get(rules_url(consultation)).status_code == expected
