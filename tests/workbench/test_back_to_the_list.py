"""A detail page's way back returns to the list as it was left: filters, search words, sort and page.

Before, "Back to the reactions" on a reaction went to the unfiltered first page, so an official working
through page 3 of the letters about planning started over after every reaction. The list travels in the
URL (``?lijst=``), never in the session cookie: a search word may be someone's name."""
import html
import re

from tests.conftest import csrf_token


def link_to(page: str, path: str) -> str:
    """The first link on ``page`` to ``path`` (with whatever query it carries)."""
    match = re.search(r'href="(' + re.escape(path) + r'(?:\?[^"]*)?)"', page)
    assert match, f"no link to {path}"
    return html.unescape(match.group(1))


def session_cookie(app, client) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=app.config["SERVER_NAME"])
    assert cookie is not None, "signed in, so there is a session cookie"
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def back_link(page: str, text: str) -> str:
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>' + re.escape(text) + "</a>", page)
    assert match, f"no link {text!r}"
    return html.unescape(match.group(1))


def test_back_to_the_reactions_keeps_the_filters_and_the_page(client, workbench, make_reaction):
    reaction = make_reaction(workbench, body="Brief over de planning.")
    queue = f"/beheer/consultaties/{workbench.slug}/moderatie"
    listed = client.get(queue, query_string={"status": "all", "q": "planning", "pagina": "1"}).text

    page = client.get(link_to(listed, f"/beheer/reacties/{reaction.id}")).text
    back = back_link(page, "Terug naar de reacties")
    assert back == f"{queue}?status=all&q=planning&pagina=1"

    # After an action on the reaction, which comes back to the same page, the way back is still there.
    action = re.search(r'action="([^"]*/gelezen[^"]*)"', page).group(1)
    after = client.post(html.unescape(action), data={"csrf_token": csrf_token(page)}, follow_redirects=True).text
    assert back_link(after, "Terug naar de reacties") == back
    for path in (f"/beheer/consultaties/{workbench.slug}/antwoorden", f"/beheer/consultaties/{workbench.slug}/codes"):
        assert back_link(client.get(link_to(listed, path)).text, "Terug naar de reacties") == back

    # The list without filters is carried too: then the way back has none.
    listed = client.get(queue).text
    assert back_link(client.get(link_to(listed, f"/beheer/reacties/{reaction.id}")).text, "Terug naar de reacties") == queue


def test_before_any_list_the_way_back_is_the_default_list(client, workbench, make_reaction):
    reaction = make_reaction(workbench)
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert back_link(page, "Terug naar de reacties") == f"/beheer/consultaties/{workbench.slug}/moderatie?status=all"


def test_back_to_the_accounts_keeps_the_search_and_the_cookie_holds_no_search(app, client, login, make_user):
    admin = make_user(is_admin=True)
    person = make_user(name="Vera Jansen")
    login(admin)
    listed = client.get("/beheer/accounts/", query_string={"q": "jansen", "pagina": "1"}).text
    page = client.get(link_to(listed, f"/beheer/accounts/{person.id}")).text
    assert back_link(page, "Terug naar de accounts") == "/beheer/accounts/?q=jansen&pagina=1"
    assert "jansen" not in str(session_cookie(app, client)).lower()


def test_back_to_the_organisations_keeps_the_search(client, login, make_user, make_organisation):
    organisation = make_organisation(name="Gemeente Lek")
    login(make_user(is_admin=True))
    listed = client.get("/beheer/organisaties/", query_string={"q": "lek"}).text
    page = client.get(link_to(listed, f"/beheer/organisaties/{organisation.id}")).text
    assert back_link(page, "Terug naar de organisaties") == "/beheer/organisaties/?q=lek"


def test_no_search_word_rides_in_the_session_cookie(app, client, workbench, make_reaction):
    make_reaction(workbench, body="Brief van Jansen.")
    client.get(f"/beheer/consultaties/{workbench.slug}/moderatie", query_string={"q": "Jansen", "status": "all"})
    assert "jansen" not in str(session_cookie(app, client)).lower()


def test_a_way_back_to_another_site_is_not_followed(client, workbench, make_reaction):
    reaction = make_reaction(workbench)
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/beheer/accounts/?q=x"):
        page = client.get(f"/beheer/reacties/{reaction.id}", query_string={"lijst": elsewhere}).text
        assert back_link(page, "Terug naar de reacties") == f"/beheer/consultaties/{workbench.slug}/moderatie?status=all"


def test_a_session_from_before_loses_the_lists_it_kept(app, client, workbench):
    with client.session_transaction() as kept:
        kept["list_queries"] = {"/beheer/accounts/": "q=jansen"}
    client.get(f"/beheer/consultaties/{workbench.slug}/moderatie")
    assert "list_queries" not in session_cookie(app, client)
