"""Issue 14 §4: a document written from hostile input (XSS payloads as headings, link texts and link
addresses, in Markdown and in HTML) gives pages with zero axe violations: the sanitiser leaves no link
without a name, no empty heading and no link to a mangled address. The public consultation page and the
official's version page are opened in Chromium as the server renders them (nothing is fetched)."""
import pytest

from tests.security.corpora import xss

pytestmark = pytest.mark.browser


def hostile_markdown(payloads: list[str], per_section: int = 12) -> str:
    parts = []
    for start in range(0, len(payloads), per_section):
        chunk = payloads[start:start + per_section]
        parts.append(f"## {chunk[0]}\n")
        for payload in chunk:
            parts.append(f"[{payload}]({payload}) · [x](<{payload}>) · [{payload}](https://example.org/)\n\n"
                         f'<p><a href="{payload}">{payload}</a> <a href="https://example.org/">{payload}</a></p>\n\n'
                         f"<h3>{payload}</h3>\n\n")
    return "".join(parts)


def axe_violations(browser, html: str) -> str:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page: no stylesheet, no payload URL
    page.set_content(html, wait_until="domcontentloaded")
    results = Axe().run(page)
    context.close()
    return "" if results.violations_count == 0 else results.generate_report()


def test_pages_of_a_document_written_from_hostile_input_have_no_axe_violations(browser, client, login, make_user,
                                                                            make_consultation):
    payloads = [text for text in xss() if "<" in text or ":" in text][::12]  # about 500 of the 2,600
    consultation = make_consultation(markdown="# Inleiding\n\nTekst.\n\n" + hostile_markdown(payloads))
    public = client.get(f"/consultaties/{consultation.slug}")
    assert public.status_code == 200
    assert public.text.count("<section") > 10
    assert not (found := axe_violations(browser, public.text)), found

    login(make_user(official_of=consultation.organisation))
    version_page = client.get(f"/beheer/documenten/{consultation.document_version.document_id}")
    assert version_page.status_code == 200
    assert not (found := axe_violations(browser, version_page.text)), found


def test_the_list_of_what_was_left_out_has_no_axe_violations(browser, client, login, make_user, make_organisation):
    import io

    from tests.conftest import csrf_token
    from tests.documents.test_faithful_import import word_with_picture_and_comment

    municipality = make_organisation()
    login(make_user(official_of=municipality))
    form = client.get("/beheer/documenten/nieuw")
    response = client.post("/beheer/documenten/nieuw", content_type="multipart/form-data", data={
        "organisation": str(municipality.id), "title": "Agenda", "kind": "other", "csrf_token": csrf_token(form.text),
        "source_file": (io.BytesIO(word_with_picture_and_comment()), "agenda.docx")})
    page = client.get(response.headers["Location"]).text
    assert "Niet overgenomen uit het bestand" in page
    assert not (found := axe_violations(browser, page)), found
