from consult.consultations.models import Audience, State


def test_home_lists_open_public_consultations_in_dutch(client, make_consultation):
    open_one = make_consultation(title="Open agenda")
    make_consultation(title="Nog een concept", state=State.DRAFT)
    make_consultation(title="Alleen voor partners", audience=Audience.INVITED)

    page = client.get("/")

    assert page.status_code == 200
    assert '<html lang="nl"' in page.text
    assert "Nu open" in page.text
    assert open_one.title in page.text
    assert "Nog een concept" not in page.text
    assert "Alleen voor partners" not in page.text


def test_language_switch_keeps_the_page_and_only_goes_to_our_own_pages(client):
    response = client.get("/taal/en?next=/privacy", follow_redirects=True)
    assert '<html lang="en"' in response.text
    assert "Privacy statement" in response.text

    response = client.get("/taal/nl?next=https://evil.example/", follow_redirects=False)
    assert response.headers["Location"] == "/"
    assert '<html lang="nl"' in client.get("/").text


def test_unknown_page_is_a_dutch_404_with_a_way_back(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert 'href="/"' in response.text


def test_privacy_and_accessibility_statements_are_linked_from_every_page(client):
    home = client.get("/").text
    assert 'href="/privacy"' in home and 'href="/toegankelijkheid"' in home
    assert "Wat we bewaren" in client.get("/privacy").text
    assert "WCAG 2.1" in client.get("/toegankelijkheid").text


def test_region_page_shows_member_municipalities_and_their_consultations(client, make_organisation, make_consultation):
    from consult.organisations.models import OrganisationKind

    region = make_organisation(kind=OrganisationKind.REGION, name="Regio Testland")
    member = make_organisation(name="Gemeente Lid", region=region, is_central_municipality=True)
    make_consultation(organisation=member, title="Lokale agenda")

    page = client.get(f"/organisaties/{region.slug}")

    assert page.status_code == 200
    assert "Gemeente Lid" in page.text and "centrumgemeente" in page.text
    assert "Lokale agenda" in page.text
    assert "Regio Testland" in page.text  # the header names the region


def test_responses_carry_security_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_overview_never_says_nothing_closed_above_a_closed_consultation(client, make_consultation):
    make_consultation(title="Verwerkte agenda", state=State.PROCESSED, opens_in_days=-60, closes_in_days=-10)

    page = client.get("/").text

    assert "Verwerkte agenda" in page and "Met een gepubliceerde reactienota" in page
    assert "nog geen consultaties gesloten" not in page
    assert "Gesloten, reactienota in voorbereiding" not in page  # an empty group is left out
    assert "Er is op dit moment geen open consultatie." in page  # except "open now", which says it is empty


def test_a_closed_consultation_waiting_for_its_report_has_its_own_group(client, make_consultation):
    make_consultation(title="Net gesloten", opens_in_days=-60, closes_in_days=-1)

    page = client.get("/").text

    assert page.index("Gesloten, reactienota in voorbereiding") < page.index("Net gesloten")


def test_the_notice_keeps_the_address_lines_and_gives_the_number_to_call(client, make_consultation):
    with_phone = make_consultation(postal_address="Gemeente Vijfheerenlanden\r\nPostbus 100\n\n4130 AC Vianen <b>",
                                   contact_phone="(0345) 00 00 00")
    without = make_consultation()

    page = client.get(f"/consultaties/{with_phone.slug}/kennisgeving").text
    assert "Gemeente Vijfheerenlanden<br>Postbus 100<br>4130 AC Vianen &lt;b&gt;</address>" in page
    assert f"Bel {with_phone.organisation.name} op (0345) 00 00 00." in page

    page = client.get(f"/consultaties/{without.slug}/kennisgeving").text
    assert "Bel " not in page and f"op afspraak met {without.organisation.name}" in page
