"""Bad input through the werkatelier forms: registering (public), the cancel link's token, and the
officials' forms for the werkatelier, a session, a table and the mail to participants. ``corpora.sample()``
for each, the same checks as test_bad_input_other_forms.py: no 500, no foreign markup, and where a refused
form shows what was typed, it shows exactly that."""
from urllib.parse import quote

import sqlalchemy as sa

from consult.core.forms import clean_text
from consult.workshops.models import Registration, WorkshopTable
from tests.conftest import csrf_token, token_of
from tests.security.corpora import sample
from tests.security.test_bad_input_other_forms import (  # noqa: F401  (fixtures)
    Results,
    no_rate_limits,
    quiet_access_log,
    rotated,
)
from tests.workshops.conftest import make_workshop  # noqa: F401  (the fixture)


def shown_back(data: dict, names) -> dict:
    return {name: clean_text(data[name]) for name in names}


def test_registering(client, session, make_workshop, no_rate_limits):  # noqa: F811
    workshop = make_workshop(capacity=3)
    url = f"/werkateliers/{workshop.slug}/aanmelden"
    page = client.get(url).text
    token = csrf_token(page)
    started = page.split('name="started" type="hidden" value="', 1)[1].split('"', 1)[0]
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("name", "email", "organisation_name", "role", "needs"))
        data.update(session=str(workshop.sessions[0].id) if n % 4 else strings[n], tables=str(workshop.tables[0].id) if n % 3 else strings[n],
                    consent="y", started=started)
        if n % 5 == 0:  # a valid address, so the free text gets stored and shown to officials
            data["email"] = f"corpus{n}@example.org"
        response = results.send(f"register, sample string {n}", client.post, url, data={**data, "csrf_token": token})
        if response is not None and response.status_code in (400, 409):
            results.send(f"register shown back, sample string {n}", lambda u, **k: response, url,
                         shows=shown_back(data, ("name", "organisation_name", "role", "needs")))
    results.assert_clean({302, 400, 409})
    assert session.scalar(sa.select(sa.func.count()).select_from(Registration)) > len(strings) / 5 * 0.3


def test_the_officials_forms(client, login, session, make_workshop, make_user, no_rate_limits):  # noqa: F811
    workshop = make_workshop(capacity=3)
    login(make_user(official_of=workshop.consultation.organisation))
    manage = f"/beheer/werkateliers/{workshop.slug}"
    token = csrf_token(client.get(manage).text)
    meeting = f"{manage}/sessies/{workshop.sessions[0].id}"
    first_tables = [table.id for table in workshop.tables]
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = rotated(strings, n, ("title", "summary", "introduction", "accessibility", "deadline_on", "audience"))
        if n % 3 == 0:
            data.update(deadline_on="2099-01-10", audience="public", title=f"Werkatelier {n}")
        response = results.send(f"workshop, sample string {n}", client.post, manage, data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400:
            results.send(f"workshop shown back, sample string {n}", lambda u, **k: response, manage,
                         shows=shown_back(data, ("title", "summary", "accessibility")))
        fields = rotated(strings, n, ("place", "address", "route", "online_url", "day", "starts", "ends", "capacity"))
        if n % 3 == 0:
            fields.update(day="2099-01-14", starts="13:30", ends="16:30", capacity="5", online_url="")
        results.send(f"session, sample string {n}", client.post, meeting, data={**fields, "csrf_token": token})
        results.send(f"table, sample string {n}", client.post, f"{manage}/tafels",
                     data={**rotated(strings, n, ("table-title", "table-facilitator")), "csrf_token": token})
        # Each stored table stays on every management page after it: 1,708 of them made each render
        # longer than the one before (minutes on PostgreSQL in CI), so the ones this loop adds go again.
        session.execute(sa.delete(WorkshopTable).where(WorkshopTable.workshop_id == workshop.id,
                                                       WorkshopTable.id.not_in(first_tables)))
        session.commit()
        results.send(f"mail, sample string {n}", client.post, f"{meeting}/mail",
                     data={**rotated(strings, n, ("subject", "body")), "csrf_token": token})
        results.send(f"attendance, sample string {n}", client.post, f"{meeting}/aanwezig",
                     data={"attended": strings[n], "csrf_token": token})
    results.assert_clean({200, 302, 400})
    for page in (manage, f"/werkateliers/{workshop.slug}", f"{meeting}/aanmeldingen", "/beheer/werkateliers"):
        assert results.send(f"the page {page} after the corpus", client.get, page).status_code == 200
    results.assert_clean({200, 302, 400})


def test_cancel_and_confirm_links_with_a_mangled_token(client, no_rate_limits):  # noqa: F811
    results = Results()
    for n, text in enumerate(sample()):
        for path in ("afmelden", "bevestigen"):
            link = f"/werkateliers/{path}/{quote(text, safe='')}"
            results.send(f"link {link[:40]}, sample string {n}", client.get, link)
    results.assert_clean({200, 404, 308})


def test_the_card_form(client, session, make_workshop, no_rate_limits):  # noqa: F811
    from consult.core.db import utcnow
    from consult.workshops.services import register
    from tests.workshops.conftest import person

    workshop = make_workshop()
    with client.application.test_request_context():
        registration = register(workshop.sessions[0], person(1), utcnow())
    session.commit()
    url = f"/werkateliers/deelnemer/{token_of(registration)}/tafels/{workshop.tables[0].id}"
    token = csrf_token(client.get(url).text)
    strings, results = sample(), Results()
    for n in range(len(strings)):
        data = {"kind": "idea" if n % 4 else strings[n], "text": strings[n]}
        response = results.send(f"card, sample string {n}", client.post, url, data={**data, "csrf_token": token})
        if response is not None and response.status_code == 400 and n % 4:
            results.send(f"card shown back, sample string {n}", lambda u, **k: response, url, shows=shown_back(data, ("text",)))
    results.assert_clean({302, 400})
    assert results.send("the cards after the corpus", client.get, url).status_code == 200
    assert results.send("the list after the corpus", client.get, url + "/kaartjes").status_code == 200
    results.assert_clean({200, 302, 400})
