"""Every personal link of a registration the person cancelled says so plainly, in their language, with a link
to register again while places are free (tester, issue 13 leftovers: the old confirmation link guessed
"you did not confirm in time")."""
import re
from datetime import timedelta

import pytest

from consult.core.db import utcnow
from consult.workshops.services import cancel_registration, register, release_unconfirmed
from tests.conftest import csrf_token, token_of
from tests.workshops.conftest import person

PERSONAL_LINKS = ("/werkateliers/bevestigen/{token}", "/werkateliers/afmelden/{token}",
                  "/werkateliers/deelnemer/{token}/tafels/{table}", "/werkateliers/deelnemer/{token}/verslag")


def _main(page: str) -> str:
    return page.split("<main", 1)[1]


@pytest.mark.parametrize(("locale", "said"), [("nl", "U heeft zich afgemeld voor"), ("en", "You cancelled your registration for")])
def test_each_personal_link_says_the_registration_was_cancelled(app, client, make_workshop, locale, said):
    workshop = make_workshop(capacity=3)
    with app.test_request_context():
        registration = register(workshop.sessions[0], person(1, locale=locale), utcnow())
    cancel = f"/werkateliers/afmelden/{token_of(registration)}"
    assert client.post(cancel, data={"csrf_token": csrf_token(client.get(cancel).text)}).status_code == 302
    register_again = f'href="/werkateliers/{workshop.slug}/aanmelden"'
    for link in PERSONAL_LINKS:
        main = _main(client.get(link.format(token=token_of(registration), table=workshop.tables[0].id)).text)
        assert said in main and register_again in main, link
        assert "op tijd" not in main and "in time" not in main, link


def test_without_free_places_there_is_no_link_to_register_again(app, client, make_workshop):
    workshop = make_workshop(capacity=1)
    with app.test_request_context():
        first = register(workshop.sessions[0], person(1), utcnow())
        cancel_registration(first, utcnow())
        register(workshop.sessions[0], person(2), utcnow())
    main = _main(client.get(f"/werkateliers/bevestigen/{token_of(first)}").text)
    assert "U heeft zich afgemeld voor" in main and "/aanmelden" not in main
    assert f'href="/werkateliers/{workshop.slug}"' in main


def test_a_registration_freed_for_not_confirming_says_that_instead(app, client, session, make_workshop):
    workshop = make_workshop(capacity=3)
    with app.test_request_context():
        registration = register(workshop.sessions[0], person(1), utcnow())
        release_unconfirmed(registration.confirm_by + timedelta(minutes=1))
    session.commit()
    main = _main(client.get(f"/werkateliers/bevestigen/{token_of(registration)}").text)
    assert re.search(r"is geannuleerd, omdat u uw e-mailadres niet op tijd heeft bevestigd", main) and "U heeft zich afgemeld" not in main
