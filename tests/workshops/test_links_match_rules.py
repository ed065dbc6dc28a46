"""Links to the werkatelier's management pages follow the rule of the page they lead to (``may(rule, obj)``),
never a rule of their own: an official of a member municipality reads a regional werkatelier's management
page and registrations, so they get the links; what only the owner may change is not offered to them."""
from consult.organisations.models import OrganisationKind
from tests.conftest import csrf_token


def _regional(make_organisation, make_workshop):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio test")
    member = make_organisation(name="Gemeente lid", region=region)
    return region, member, make_workshop(organisation=region)


def test_a_member_official_gets_the_manage_link_to_the_page_they_may_read(client, login, make_organisation, make_workshop,
                                                                          make_user):
    _region, member, workshop = _regional(make_organisation, make_workshop)
    manage = f"/beheer/werkateliers/{workshop.slug}"
    login(make_user(official_of=member))
    assert f'href="{manage}"' in client.get(f"/werkateliers/{workshop.slug}").text
    page = client.get(manage)
    session = workshop.sessions[0].id
    assert page.status_code == 200 and f"{manage}/sessies/{session}/aanmeldingen" in page.text
    # Changing is the owner's: no link to the session form, no publish button, no mail link.
    # the session page too, read only (tester F7); changing the werkatelier is the region's
    assert f'href="{manage}/sessies/{session}"' in page.text and f"{manage}/publiceren" not in page.text
    assert f"{manage}/sessies/{session}/mail" not in client.get(f"{manage}/sessies/{session}/aanmeldingen").text


def test_people_who_may_not_read_the_manage_page_get_no_link(client, login, make_organisation, make_workshop, make_user):
    _region, _member, workshop = _regional(make_organisation, make_workshop)
    manage = f"/beheer/werkateliers/{workshop.slug}"
    assert f'href="{manage}"' not in client.get(f"/werkateliers/{workshop.slug}").text
    login(make_user(official_of=make_organisation(name="Gemeente elders")))
    assert f'href="{manage}"' not in client.get(f"/werkateliers/{workshop.slug}").text
    assert client.get(manage).status_code == 403


def test_a_refused_session_or_table_shows_the_owners_page_with_the_owners_links(client, login, make_organisation,
                                                                                make_workshop, make_user):
    """The page shown again after a refused session or table is built as the GET builds it (one helper), so
    it asks the same rules for its links; the template no longer assumes "may change" when not told."""
    region, _member, workshop = _regional(make_organisation, make_workshop)
    manage = f"/beheer/werkateliers/{workshop.slug}"
    login(make_user(official_of=region))
    token = csrf_token(client.get(manage).text)
    for url in (f"{manage}/sessies", f"{manage}/tafels"):
        refused = client.post(url, data={"csrf_token": token})
        assert refused.status_code == 400 and f"{manage}/uitkomsten" in refused.text
        assert f'href="{manage}/sessies/{workshop.sessions[0].id}"' in refused.text


def test_the_general_information_form_answers_400_when_refused(client, login, make_workshop, make_user):
    workshop = make_workshop()
    manage = f"/beheer/werkateliers/{workshop.slug}"
    login(make_user(official_of=workshop.consultation.organisation))
    token = csrf_token(client.get(manage).text)
    refused = client.post(manage, data={"csrf_token": token, "title": "", "summary": "Mijn getypte samenvatting"})
    assert refused.status_code == 400 and "Mijn getypte samenvatting" in refused.text
