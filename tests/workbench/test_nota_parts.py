"""The published reactienota's web page in parts (issue 15: one page of 82 MB at 100,000 reactions): the
opening part with a table of contents, a page per part in pages of ENTRIES_PER_PAGE groups, and
"find your reaction by kenmerk". A small nota stays one page. The limits are made small here."""
import json
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consult.core.db import utcnow
from consult.extensions import db
from consult.pagecache import front
from consult.pagecache.cache import CACHEABLE_ENDPOINTS
from consult.reactions.models import Reaction
from consult.reports import parts
from consult.reports.services import correct_published_texts, publish_report
from tests.core.test_queries_per_page import grow
from tests.reactions.conftest import MARKDOWN
from tests.rounds.test_query_counts import counted_queries
from tests.security.corpora import payloads, sample
from tests.security.html_check import injected


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(parts, "ENTRIES_PER_PAGE", 2)
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 2)


def published(app, session, make_consultation, make_user, reactions: int = 12):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    official = make_user(official_of=consultation.organisation)
    grow(session, consultation, official, reactions)
    with app.test_request_context():
        publish_report(consultation, official, utcnow())
    session.commit()
    return consultation


def part_links(html: str, slug: str, path: str = "reactienota") -> list[str]:
    return re.findall(rf'href="(/consultaties/{slug}/{path}/deel-\d+)"', html)


def test_a_big_nota_is_an_opening_page_with_parts_each_paged(app, session, make_consultation, make_user, small_parts):
    consultation = published(app, session, make_consultation, make_user)
    slug, client = consultation.slug, app.test_client()
    opening = client.get(f"/consultaties/{slug}/reactienota").text
    assert "Het proces in cijfers" in opening and 'class="consult-reaction"' not in opening  # numbers yes, reactions not
    links = part_links(opening, slug)
    assert links and links[0] == f"/consultaties/{slug}/reactienota/deel-1"
    seen = []
    for link in links:
        page, number = client.get(link), 1
        while True:
            assert page.status_code == 200, link
            found = re.findall(r'<article class="consult-reaction" id="(TST-2026-\d+)"', page.text)
            assert 0 < len(found) <= 2  # never more than a page's worth
            seen += found
            if 'rel="next"' not in page.text:
                break
            number += 1
            assert f"Pagina {number - 1} van" in page.text
            page = client.get(link, query_string={"pagina": number})
    # every reaction is on exactly one page of one part
    assert sorted(seen) == [f"TST-2026-{n:04d}" for n in range(1, 13)]


def test_a_small_nota_stays_one_page(app, session, make_consultation, make_user):
    consultation = published(app, session, make_consultation, make_user, reactions=6)
    client = app.test_client()
    page = client.get(f"/consultaties/{consultation.slug}/reactienota").text
    assert len(re.findall(r'<article class="consult-reaction" id=', page)) == 6 and not part_links(page, consultation.slug)
    assert client.get(f"/consultaties/{consultation.slug}/reactienota/deel-1").status_code == 404


def test_find_your_reaction_by_kenmerk(app, session, make_consultation, make_user, small_parts):
    consultation = published(app, session, make_consultation, make_user)
    slug, client = consultation.slug, app.test_client()
    opening = client.get(f"/consultaties/{slug}/reactienota").text
    assert 'action="/consultaties/%s/reactienota/kenmerk"' % slug in opening and "csrf_token" not in opening
    for reference in ("TST-2026-0012", "tst-2026-0012 "):
        found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": reference})
        assert found.status_code == 303
        target = found.headers["Location"]
        assert target.startswith(f"/consultaties/{slug}/reactienota/deel-") and target.endswith("#TST-2026-0012")
        assert 'id="TST-2026-0012"' in client.get(target).text
    # a kenmerk the nota does not hold: said plainly, the typed text kept beside the field
    missing = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0999"})
    assert missing.status_code == 200
    assert "Kenmerk TST-2026-0999 staat niet in deze reactienota." in missing.text
    assert 'value="TST-2026-0999"' in missing.text and 'aria-invalid="true"' in missing.text
    # kept by the page cache per query string: another kenmerk gets its own answer
    other = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0998"}).text
    assert "Kenmerk TST-2026-0998 staat niet" in other and "TST-2026-0999" not in other
    assert "Set-Cookie" not in missing.headers
    empty = client.get(f"/consultaties/{slug}/reactienota/kenmerk").text
    assert "Vul het kenmerk van uw reactie in." in empty
    # in an earlier version: the form says which version, the answer leads to that version's part
    versioned = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0012", "versie": "1"})
    assert versioned.status_code == 303 and "/reactienota/deel-" in versioned.headers["Location"]  # 1 is the latest


@pytest.mark.parametrize("query", [{"pagina": "99999999999999999999999"}, {"pagina": "-3"}, {"pagina": "twee"},
                                   {"pagina": "٣"}, {"pagina": "1e9"}, {"pagina": ""}])
def test_odd_page_numbers_give_a_page(app, session, make_consultation, make_user, small_parts, query):
    consultation = published(app, session, make_consultation, make_user)
    response = app.test_client().get(f"/consultaties/{consultation.slug}/reactienota/deel-1", query_string=query)
    assert response.status_code == 200 and 'class="consult-reaction"' in response.text


@pytest.mark.parametrize("path,query,status", [
    ("deel-999", {}, 404), ("deel-99999999999999999999999", {}, 404), ("deel-0", {}, 404),
    ("versie-7/deel-1", {}, 404), ("versie-1/deel-1", {}, 200),
    ("kenmerk", {"kenmerk": "x" * 5000}, 200), ("kenmerk", {"kenmerk": "<script>'\"\x00"}, 200),
    ("kenmerk", {"kenmerk": "TST-2026-0012", "versie": "99999999999999999999999"}, 404),
    ("kenmerk", {"kenmerk": "TST-2026-0012", "versie": "een"}, 404),
])
def test_odd_parts_versions_and_kenmerken_give_a_clear_page(app, session, make_consultation, make_user, small_parts,
                                                            path, query, status):
    consultation = published(app, session, make_consultation, make_user)
    response = app.test_client().get(f"/consultaties/{consultation.slug}/reactienota/{path}", query_string=query)
    assert response.status_code == status
    assert "<script>'" not in response.text


def test_part_pages_are_kept_by_the_page_cache_and_cost_the_same_queries_at_any_size(
        app, session, make_consultation, make_user, small_parts, monkeypatch):
    assert {"reports.show_part", "reports.show_version_part", "reports.find_kenmerk"} <= CACHEABLE_ENDPOINTS
    consultation = published(app, session, make_consultation, make_user, reactions=12)
    slug, client = consultation.slug, app.test_client()

    def costs():
        result = {}
        for name, url in {"opening": f"/consultaties/{slug}/reactienota", "part": f"/consultaties/{slug}/reactienota/deel-1",
                          "last page": f"/consultaties/{slug}/reactienota/deel-1?pagina=999",
                          "not found": f"/consultaties/{slug}/reactienota/kenmerk?kenmerk=NIET-1"}.items():
            client.get(url)
            app.extensions["page_cache"].clear()
            with counted_queries(app) as statements:
                assert client.get(url).status_code == 200
            result[name] = len(statements)
        return result

    small = costs()
    official = make_user(official_of=consultation.organisation)
    grow(session, consultation, official, 60)
    with app.test_request_context():
        publish_report(consultation, official, utcnow(), note="Meer reacties")
    session.commit()
    assert costs() == small
    # and kept: a second anonymous visit is served from the cache (0 queries, or 1 for the public version)
    monkeypatch.setattr(front, "MEMO_SECONDS", 600)
    for url in (f"/consultaties/{slug}/reactienota/deel-1?pagina=2", f"/consultaties/{slug}/reactienota/versie-1/deel-1",
                f"/consultaties/{slug}/reactienota/kenmerk?kenmerk=NIET-2"):
        first = client.get(url)
        assert first.status_code == 200 and "Set-Cookie" not in first.headers, url
        with counted_queries(app) as statements:
            again = client.get(url)
        assert again.data == first.data and len(statements) <= 1, url


def test_every_corpus_string_as_kenmerk_page_or_version_gives_a_clear_harmless_page(
        app, session, make_consultation, make_user, small_parts):
    consultation = published(app, session, make_consultation, make_user)
    client, base, problems = app.test_client(), f"/consultaties/{consultation.slug}/reactienota", []

    def check(url, query, expected):
        response = client.get(url, query_string=query)
        if response.status_code not in expected:
            problems.append(f"{url} {query!r}: {response.status_code}")
        elif response.status_code == 200 and (found := injected(response.get_data(as_text=True))):
            problems.append(f"{url} {query!r}: {found[:3]}")

    for text in payloads():
        check(f"{base}/kenmerk", {"kenmerk": text}, (200, 303))
    for text in sample():
        check(f"{base}/deel-1", {"pagina": text}, (200,))
        check(f"{base}/kenmerk", {"kenmerk": "TST-2026-0001", "versie": text}, (303, 404))
    assert not problems, "\n".join(problems[:20])


def test_an_earlier_version_has_parts_and_a_search_of_its_own(app, session, make_consultation, make_user, monkeypatch):
    consultation = published(app, session, make_consultation, make_user, reactions=6)  # version 1: one page
    slug, client = consultation.slug, app.test_client()
    found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0006"})
    assert found.status_code == 303 and found.headers["Location"] == f"/consultaties/{slug}/reactienota#TST-2026-0006"
    official = make_user(official_of=consultation.organisation)
    grow(session, consultation, official, 12)
    with app.test_request_context():
        publish_report(consultation, official, utcnow(), note="Meer reacties")
    session.commit()
    monkeypatch.setattr(parts, "ENTRIES_PER_PAGE", 2)
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 8)  # version 2 (12 reactions) in parts, version 1 (6) one page
    app.extensions["page_cache"].clear()
    earlier = client.get(f"/consultaties/{slug}/reactienota/versie-1").text
    assert 'name="versie" value="1"' in earlier and not part_links(earlier, slug, "reactienota/versie-1")
    found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0012", "versie": "1"})
    assert found.status_code == 200 and "Kenmerk TST-2026-0012 staat niet in deze reactienota." in found.text
    latest = client.get(f"/consultaties/{slug}/reactienota").text
    assert part_links(latest, slug) and 'name="versie"' not in latest
    found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0012"})
    assert found.status_code == 303 and "/reactienota/deel-" in found.headers["Location"]
    # with a lower limit version 1 comes in parts too, under its own URLs, paged with its own links
    monkeypatch.setattr(parts, "ONE_PAGE_AT_MOST", 2)
    app.extensions["page_cache"].clear()
    links = part_links(client.get(f"/consultaties/{slug}/reactienota/versie-1").text, slug, "reactienota/versie-1")
    assert links
    found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0006", "versie": "1"})
    assert re.fullmatch(rf"/consultaties/{slug}/reactienota/versie-1/deel-\d+(\?pagina=\d+)?#TST-2026-0006",
                        found.headers["Location"])
    page = client.get(found.headers["Location"].split("#")[0]).text
    assert 'id="TST-2026-0006"' in page and "Dit is een eerdere versie." in page


def _size(value) -> int:
    """About how many bytes a value read from the database is: its JSON, an ORM object's loaded columns."""
    if isinstance(value, db.Model):
        return _size({k: v for k, v in vars(value).items() if not k.startswith("_") and not isinstance(v, (db.Model, list))})
    if isinstance(value, (tuple, sa.Row)):
        return sum(_size(v) for v in value)
    return len(json.dumps(value, default=str))


@contextmanager
def loaded_bytes():
    """The sizes of what every SELECT through a session read, one number per statement."""
    sizes = []

    def measure(state):
        if not state.is_select:
            return None
        frozen = state.invoke_statement().freeze()
        sizes.append(sum(_size(row) for row in frozen.data))
        return frozen()

    sa.event.listen(Session, "do_orm_execute", measure)
    try:
        yield sizes
    finally:
        sa.event.remove(Session, "do_orm_execute", measure)


def test_a_part_page_and_the_kenmerk_search_read_as_much_of_a_big_nota_as_of_a_small_one(
        app, session, make_consultation, make_user, small_parts, monkeypatch):
    """Issue 15: every first visit read and parsed the whole frozen nota (2.2-3.0 s at 100,000 reactions)."""
    monkeypatch.setattr(front, "MEMO_SECONDS", 600)  # on a busy machine the memo would expire between visits
    def costs(consultation) -> dict[str, tuple[int, int]]:
        client, base, result = app.test_client(), f"/consultaties/{consultation.slug}/reactienota", {}
        for name, url in {"part": f"{base}/deel-1", "page 2": f"{base}/deel-1?pagina=2",
                          "found": f"{base}/kenmerk?kenmerk=tst-2026-0011", "not found": f"{base}/kenmerk?kenmerk=NIET-1",
                          "opening": base}.items():
            client.get(url)
            app.extensions["page_cache"].clear()
            with counted_queries(app) as statements, loaded_bytes() as sizes:
                assert client.get(url).status_code in (200, 303), url
            result[name] = (len(statements), sum(sizes))
        return result

    first = published(app, session, make_consultation, make_user, reactions=30)
    small = costs(first)
    session.delete(first)  # its kenmerken go with it, for the bigger nota's
    session.commit()
    big = costs(published(app, session, make_consultation, make_user, reactions=150))
    assert {name: count for name, (count, _bytes) in big.items()} == {name: count for name, (count, _bytes) in small.items()}
    for name, (_count, read) in big.items():
        assert read <= small[name][1] * 1.1, (name, small[name][1], read)  # five times the nota, not more read


def test_a_text_corrected_after_publication_is_gone_from_its_part_page(
        app, session, make_consultation, make_user, small_parts):
    consultation = published(app, session, make_consultation, make_user)
    slug, client = consultation.slug, app.test_client()
    reaction = session.scalars(sa.select(Reaction).where(Reaction.reference == "TST-2026-0011")).one()
    session.refresh(reaction)
    reaction.body = "Reactie nummer 10. Mijn buurman Kees de Bruin helpt mij."
    session.commit()
    official = make_user(official_of=consultation.organisation)
    with app.test_request_context():
        publish_report(consultation, official, utcnow(), note="Een tekst bijgewerkt")
    session.commit()

    def shown() -> str:
        app.extensions["page_cache"].clear()
        found = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0011"})
        return client.get(found.headers["Location"].split("#")[0]).text

    assert "Kees de Bruin" in shown()
    reaction.public_body = "Reactie nummer 10. Mijn buurman [verwijderd] helpt mij."
    session.commit()
    with app.test_request_context():
        assert correct_published_texts(consultation, official, utcnow(), "Een naam verwijderd.")
    session.commit()
    page = shown()
    assert "Kees de Bruin" not in page and "Mijn buurman [verwijderd] helpt mij." in page
    versie_1 = client.get(f"/consultaties/{slug}/reactienota/kenmerk", query_string={"kenmerk": "TST-2026-0011", "versie": 1})
    assert "Kees de Bruin" not in client.get(versie_1.headers["Location"].split("#")[0]).text
