"""A detail page's way back returns to the list as it was left: filters, search words, sort and page.

Before, "Back to the reactions" on a reaction went to the unfiltered first page, so an official working
through page 3 of the letters about planning started over after every reaction."""
import html
import re

from tests.conftest import csrf_token


def back_link(page: str, text: str) -> str:
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>' + re.escape(text) + "</a>", page)
    assert match, f"no link {text!r}"
    return html.unescape(match.group(1))


def test_back_to_the_reactions_keeps_the_filters_and_the_page(client, workbench, make_reaction):
    reaction = make_reaction(workbench, body="Brief over de planning.")
    queue = f"/beheer/consultaties/{workbench.slug}/moderatie"
    client.get(queue, query_string={"status": "all", "channel": "letter", "q": "planning é", "pagina": "3"})

    page = client.get(f"/beheer/reacties/{reaction.id}").text
    back = back_link(page, "Terug naar de reacties")
    assert back == f"{queue}?status=all&channel=letter&q=planning+%C3%A9&pagina=3"

    # After an action on the reaction, which comes back to the same page, the way back is still there.
    client.post(f"/beheer/reacties/{reaction.id}/gelezen", data={"csrf_token": csrf_token(page)})
    assert back_link(client.get(f"/beheer/reacties/{reaction.id}").text, "Terug naar de reacties") == back
    for path in (f"/beheer/consultaties/{workbench.slug}/antwoorden", f"/beheer/consultaties/{workbench.slug}/codes"):
        assert back_link(client.get(path).text, "Terug naar de reacties") == back

    # The list without filters is remembered too: then the way back has none.
    client.get(queue)
    assert back_link(client.get(f"/beheer/reacties/{reaction.id}").text, "Terug naar de reacties") == queue


def test_before_any_list_the_way_back_is_the_default_list(client, workbench, make_reaction):
    reaction = make_reaction(workbench)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert back_link(page, "Terug naar de reacties") == f"/beheer/consultaties/{workbench.slug}/moderatie?status=all"


def test_back_to_the_accounts_keeps_the_search(client, login, make_user):
    admin = make_user(is_admin=True)
    person = make_user(name="Vera Jansen")
    login(admin)
    client.get("/beheer/accounts/", query_string={"q": "jansen", "pagina": "2"})
    page = client.get(f"/beheer/accounts/{person.id}").text
    assert back_link(page, "Terug naar de accounts") == "/beheer/accounts/?q=jansen&pagina=2"


def test_back_to_the_organisations_keeps_the_search(client, login, make_user, make_organisation):
    organisation = make_organisation(name="Gemeente Lek")
    login(make_user(is_admin=True))
    client.get("/beheer/organisaties/", query_string={"q": "lek"})
    page = client.get(f"/beheer/organisaties/{organisation.id}").text
    assert back_link(page, "Terug naar de organisaties") == "/beheer/organisaties/?q=lek"
