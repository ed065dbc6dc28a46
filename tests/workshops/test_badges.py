"""Name badges per session as a PDF: eight to an A4 sheet, everyone with a place and nobody else, names in
every script and of any length kept whole, for whoever may read the registrations."""
import io
import re

import pytest
from pypdf import PdfReader

from consult.core.db import utcnow
from consult.organisations.models import OrganisationKind
from consult.workshops.exports import BADGE_CUT_MARGIN, BADGE_HEIGHT, BADGE_WIDTH, _badge_grid
from consult.workshops.services import register
from tests.workshops.conftest import person

LONG_NAME = "Maria " + "Wilhelmina-Johanna " * 6 + "van Oostvoorne-Zuidervaart"
UNBROKEN_NAME = "Aleksandravanderhoevenmeijerinkoostvoornebroekhuizenkampschreuder" * 2


def _text(response) -> tuple[list[str], str]:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    return pages, "".join(pages)


def _bare(text: str) -> str:
    """Without the white space that line wrapping adds or moves."""
    return re.sub(r"\s+", "", text)


def test_badges_for_everyone_with_a_place_eight_to_a_sheet(client, login, session, make_workshop, make_user):
    workshop = make_workshop(capacity=9)
    wonen = workshop.tables[0]
    with client.application.test_request_context():
        for n in range(1, 10):
            register(workshop.sessions[0], person(n, organisation_name=f"Stichting {n}", table_ids=[wonen.id]), utcnow())
        register(workshop.sessions[0], person(10), utcnow())  # full: on the waiting list
    session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    base = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}"
    assert f"{base}/badges.pdf" in client.get(f"{base}/aanmeldingen").text
    pages, text = _text(client.get(f"{base}/badges.pdf"))
    assert len(pages) == 2
    assert all(f"Deelnemer {n}" in pages[0] for n in range(1, 9)) and "Deelnemer 9" in pages[1]
    assert "Deelnemer 10" not in text
    assert "Stichting 3" in pages[0] and re.search(r"(Tafel|Table): Wonen", pages[0]) and workshop.title in pages[1]


def _outside_the_badges(data: bytes) -> list[str]:
    """Text that starts outside every badge's printable area (within the cut margin), page by page."""
    inner = [(x + BADGE_CUT_MARGIN, y + BADGE_CUT_MARGIN, x + BADGE_WIDTH - BADGE_CUT_MARGIN, y + BADGE_HEIGHT - BADGE_CUT_MARGIN)
             for x, y in _badge_grid()]
    outside = []

    def visit(text, cm, tm, _font, _size):
        x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and not any(left - 1 <= x <= right + 1 and bottom - 1 <= y <= top + 1 for left, bottom, right, top in inner):
            outside.append(f"{text!r} at {x:.0f},{y:.0f}")

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return outside


def test_long_and_foreign_names_are_never_cut_off(client, login, session, make_workshop, make_user):
    workshop = make_workshop(capacity=20)
    names = [LONG_NAME, UNBROKEN_NAME, "Ольга Иванова", "王小明", "さくら", "김민준", "Zoë Ĳsselmuiden", "Noor 🌷 de Vries"]
    with client.application.test_request_context():
        for n, name in enumerate(names):
            register(workshop.sessions[0], person(n, name=name, organisation_name="Ж" * 150), utcnow())
        register(workshop.sessions[0], person(99, name="محمد علي"), utcnow())
    session.commit()
    login(make_user(official_of=workshop.consultation.organisation))
    response = client.get(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/badges.pdf")
    _pages, text = _text(response)
    assert _outside_the_badges(response.data) == []
    for name in names[:-1]:
        assert _bare(name) in _bare(text), name
    assert "Noor" in text and "de Vries" in text
    assert "محمد" in text or "دمحم" in text


@pytest.mark.parametrize("who", ["member", "owner"])
def test_officials_who_read_the_registrations_get_the_badges(client, login, session, make_organisation, make_workshop,
                                                            make_user, who):
    region = make_organisation(kind=OrganisationKind.REGION, name="Regio test")
    member = make_organisation(name="Gemeente lid", region=region)
    workshop = make_workshop(organisation=region)
    login(make_user(official_of=member if who == "member" else region))
    _pages, text = _text(client.get(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/badges.pdf"))
    assert "nog niemand heeft een plaats" in text.lower()


def test_people_who_do_not_read_the_registrations_get_no_badges(client, login, make_organisation, make_workshop, make_user):
    workshop = make_workshop()
    url = f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/badges.pdf"
    assert client.get(url).status_code == 302  # to the log-in
    login(make_user(official_of=make_organisation(name="Andere gemeente")))
    assert client.get(url).status_code in (403, 404)
