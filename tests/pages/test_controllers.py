"""Privacy per tenant (issue 12, AVG 13 and 26): each municipality's or region's privacy statement names
who is responsible and its data protection officer; the reaction form links to the one of its
consultation; house rules have a page of their own; each tenant can link its accessibility statement."""
from consult.organisations.models import OrganisationKind
from tests.conftest import csrf_token


def test_a_municipality_names_itself_and_its_data_protection_officer(client, make_organisation, make_consultation,
                                                                    session):
    municipality = make_organisation(name="Gemeente Lopik")
    municipality.privacy_officer, municipality.privacy_officer_email = "FG Lopik", "fg@lopik.example.org"
    consultation = make_consultation(organisation=municipality)
    page = client.get(f"/organisaties/{municipality.slug}/privacy").text
    assert "Privacyverklaring van Gemeente Lopik" in page
    assert "Gemeente Lopik is verantwoordelijk voor uw gegevens." in page
    assert "FG Lopik" in page and 'href="mailto:fg@lopik.example.org"' in page
    form = client.get(f"/consultaties/{consultation.slug}/reageren").text
    assert f'href="/organisaties/{municipality.slug}/privacy"' in form
    assert 'href="/huisregels"' in form  # no house rules of its own: the default page
    assert "Schrijf met respect voor anderen." in client.get("/huisregels").text


def test_a_regions_municipalities_are_joint_controllers(client, make_organisation, session):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Test")
    make_organisation(name="Gemeente A", region=region)
    make_organisation(name="Gemeente B", region=region)
    page = client.get(f"/organisaties/{region.slug}/privacy").text
    assert "samen verantwoordelijk" in page and "artikel 26 AVG" in page
    assert "Gemeente A" in page and "Gemeente B" in page
    assert "vraag de gemeente naar haar functionaris gegevensbescherming" in page.lower()


def test_a_partner_has_no_privacy_statement_here(client, make_organisation):
    partner = make_organisation(kind=OrganisationKind.CARE_PROVIDER, name="Zorg X")
    assert client.get(f"/organisaties/{partner.slug}/privacy").status_code == 404


def test_the_admin_records_the_officer_and_the_accessibility_statement(client, login, make_user, make_organisation,
                                                                       session):
    municipality = make_organisation(name="Gemeente Lopik")
    login(make_user(is_admin=True))
    url = f"/beheer/organisaties/{municipality.id}"
    page = client.get(url).text
    response = client.post(url, data={"csrf_token": csrf_token(page), "name": "Gemeente Lopik", "slug": municipality.slug,
                                      "kind": "municipality", "region": "", "website": "",
                                      "privacy_officer": "FG Lopik", "privacy_officer_email": "fg@lopik.example.org",
                                      "accessibility_statement_url": "https://www.toegankelijkheidsverklaring.nl/register/1"})
    assert response.status_code in (302, 303), response.text[:500]
    session.refresh(municipality)
    assert municipality.privacy_officer_email == "fg@lopik.example.org"
    assert "https://www.toegankelijkheidsverklaring.nl/register/1" in client.get("/toegankelijkheid").text
    assert "Toegankelijkheidsverklaring van Gemeente Lopik" in client.get(f"/organisaties/{municipality.slug}").text
