"""Issue 12: each municipality's and region's toegankelijkheidsverklaring in the national model's parts
(organisation, scope, status A–E, date, checks, known problems, feedback with an answer term, the
handhavingsprocedure), consult's own statement as the default, linked from the footer of the tenant's
pages, and changed by the tenant's officials or the admin."""
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa

from consult.accessibility.forms import StatementForm
from consult.accessibility.models import AccessibilityStatement, ComplianceStatus, Ombudsman
from consult.accessibility.permissions import EDIT_STATEMENT
from consult.audit.models import AuditEvent
from consult.organisations.models import OrganisationKind
from tests.conftest import csrf_token

STATEMENT = {
    "scope": "De inspraakpagina's van Gemeente Lopik op consult", "status": "B", "statement_date": "2026-11-20",
    "audits-0-checked_on": "2026-10-01", "audits-0-method": "Onderzoek door Stichting Accessibility",
    "audits-0-link": "https://example.org/rapport.pdf",
    "audits-1-checked_on": "", "audits-1-method": "", "audits-1-link": "",
    "problems-0-problem": "Een PDF-bijlage heeft geen koppen.", "problems-0-measure": "We maken een toegankelijke versie.",
    "problems-0-planned_on": "2027-03-01",
    "problems-1-problem": "", "problems-1-measure": "", "problems-1-planned_on": "",
    "contact_email": "toegankelijkheid@lopik.example.org", "contact_phone": "", "response_days": "5",
    "ombudsman": "municipal", "ombudsman_name": "De ombudscommissie Lopik", "ombudsman_url": "https://example.org/ombudscommissie",
}


@pytest.fixture
def lopik(make_organisation):
    return make_organisation(name="Gemeente Lopik")


def edit_url(organisation) -> str:
    return f"/beheer/organisaties/{organisation.slug}/toegankelijkheid"


def send(client, organisation, **changes):
    token = csrf_token(client.get(edit_url(organisation)).text)
    return client.post(edit_url(organisation), data={**STATEMENT, **changes, "csrf_token": token})


def test_without_its_own_statement_a_tenant_shows_consults_statement_in_the_model_shape(client, lopik, make_consultation):
    page = unescape(client.get(f"/organisaties/{lopik.slug}/toegankelijkheid").text)
    assert "Toegankelijkheidsverklaring van Gemeente Lopik" in page
    assert "Gemeente Lopik heeft nog geen eigen verklaring voor deze pagina's." in page
    assert f"De pagina's van Gemeente Lopik op http://consult.test/organisaties/{lopik.slug}" in page
    for part in ("Nalevingsstatus", "B: voldoet gedeeltelijk", "Datum van deze verklaring", "Hoe de website is onderzocht",
                 "axe-core", "Bekende problemen", "onafhankelijke deskundige", "U krijgt binnen 5 werkdagen antwoord.",
                 "de Nationale ombudsman", "https://www.nationaleombudsman.nl", "handhavingsprocedure"):
        assert part in page, part
    consultation = make_consultation(organisation=lopik)
    for url in (f"/organisaties/{lopik.slug}", f"/consultaties/{consultation.slug}"):
        assert f'href="/organisaties/{lopik.slug}/toegankelijkheid"' in client.get(url).text, url
    assert 'href="/toegankelijkheid"' in client.get("/").text  # not a tenant's page: consult's own
    organisation_page = client.get(f"/organisaties/{lopik.slug}").text  # also in its "Privacy and accessibility"
    assert organisation_page.count(f'href="/organisaties/{lopik.slug}/toegankelijkheid"') == 2
    platform = client.get("/toegankelijkheid").text
    assert "B: voldoet gedeeltelijk" in platform and f'href="/organisaties/{lopik.slug}/toegankelijkheid"' in platform


def test_an_official_writes_the_statement_and_the_public_reads_it(client, session, login, make_user, lopik):
    login(make_user(official_of=lopik))
    assert f'href="{edit_url(lopik)}"' in client.get("/beheer/").text  # from the officials' start page
    form = unescape(client.get(edit_url(lopik)).text)
    assert "Het formulier toont de verklaring van consult zelf." in form and "axe-core" in form  # the default, to edit

    response = send(client, lopik)

    assert response.status_code == 302, response.text[:2000]
    statement = session.scalar(sa.select(AccessibilityStatement).where(AccessibilityStatement.organisation_id == lopik.id))
    assert (statement.status, statement.statement_date, statement.ombudsman) == (
        ComplianceStatus.B, date(2026, 11, 20), Ombudsman.MUNICIPAL)
    assert statement.audits == [{"date": "2026-10-01", "method": "Onderzoek door Stichting Accessibility",
                                 "link": "https://example.org/rapport.pdf"}]  # the empty rows are dropped
    assert statement.problems == [{"problem": "Een PDF-bijlage heeft geen koppen.",
                                   "measure": "We maken een toegankelijke versie.", "planned_on": "2027-03-01"}]
    assert session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "accessibility_statement_saved")).one()
    page = unescape(client.get(f"/organisaties/{lopik.slug}/toegankelijkheid").text)
    for part in ("De inspraakpagina's van Gemeente Lopik op consult", "20 november 2026", "1 oktober 2026: Onderzoek door Stichting Accessibility",
                 'href="https://example.org/rapport.pdf"', "Een PDF-bijlage heeft geen koppen.", "Opgelost uiterlijk: 1 maart 2027",
                 'href="mailto:toegankelijkheid@lopik.example.org"', "De ombudscommissie Lopik", "Deze verklaring aanpassen"):
        assert part in page, part
    assert "nog geen eigen verklaring" not in page
    again = client.get(edit_url(lopik)).text
    assert 'value="Onderzoek door Stichting Accessibility"' in again and 'name="audits-1-method"' in again


@pytest.mark.parametrize("changes, field, message", [
    ({"audits-1-link": "https://example.org/x"}, "audits-1-method", "Schrijf hoe het is onderzocht, of maak dit blok leeg."),
    ({"problems-1-planned_on": "2027-01-01"}, "problems-1-problem", "Beschrijf het probleem, of maak dit blok leeg."),
    ({"ombudsman_name": ""}, "ombudsman_name", "Vul de naam van uw eigen ombudsman in."),
    ({"contact_email": ""}, "contact_email", "Vul een e-mailadres of telefoonnummer voor meldingen in."),
    ({"response_days": "0"}, "response_days", "Vul een getal van 1 tot en met 60 in."),
    ({"status": "F"}, "status", "Kies een van de mogelijkheden bij"),
    ({"statement_date": "gisteren"}, "statement_date", "Vul een datum in, bijvoorbeeld 31-12-2026."),
    ({"statement_date": ""}, "statement_date", "Vul de datum van deze verklaring in."),
])
def test_a_wrong_statement_is_refused_with_a_message_beside_the_field(client, session, login, make_user, lopik,
                                                                      changes, field, message):
    login(make_user(official_of=lopik))
    response = send(client, lopik, scope="Getypte tekst blijft staan", **changes)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert f'href="#{field}"' in response.text  # the summary at the top leads to the field
    assert message in response.text
    assert 'value="Getypte tekst blijft staan"' in response.text
    assert session.scalars(sa.select(AccessibilityStatement)).all() == []


def test_who_may_change_a_statement(make_user, make_organisation, lopik):
    other = make_organisation(name="Gemeente Elders")
    assert EDIT_STATEMENT(make_user(official_of=lopik), lopik)
    assert EDIT_STATEMENT(make_user(is_admin=True), lopik)
    assert not EDIT_STATEMENT(make_user(official_of=other), lopik)
    assert not EDIT_STATEMENT(make_user(partner_of=make_organisation(kind=OrganisationKind.CARE_PROVIDER)), lopik)
    assert not EDIT_STATEMENT(None, lopik)


def test_a_partner_has_no_statement_here(client, make_organisation):
    partner = make_organisation(kind=OrganisationKind.CARE_PROVIDER)
    assert client.get(f"/organisaties/{partner.slug}/toegankelijkheid").status_code == 404


def test_the_national_ombudsman_keeps_no_own_name(app, client, session, login, make_user, lopik):
    login(make_user(official_of=lopik))
    assert send(client, lopik, ombudsman="national").status_code == 302
    statement = session.scalar(sa.select(AccessibilityStatement))
    assert (statement.ombudsman, statement.ombudsman_name, statement.ombudsman_url) == (Ombudsman.NATIONAL, "", "")
    with app.test_request_context():
        assert StatementForm(formdata=None).response_days.data is None  # no hidden default: the default statement fills it
