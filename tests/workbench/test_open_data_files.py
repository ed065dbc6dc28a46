"""Open data is a file made in the background when what the public sees changes, served with an ETag and
gzip; a request never builds it, except the very first of a consultation (issue 15)."""
import gzip
import json
from urllib.parse import urlsplit

import sqlalchemy as sa

from consult.jobs.models import Job
from consult.reactions.models import Publication, ReactionStatus
from tests.rounds.test_query_counts import counted_queries


def test_open_data_is_sent_from_its_file_while_it_reads_the_same_and_never_after_a_change(
        app, client, make_consultation, make_reaction, run_jobs, session, monkeypatch):
    from consult.exports import open_files

    consultation = make_consultation()
    make_reaction(consultation, body="Eerste reactie", status=ReactionStatus.APPROVED)
    url = f"/consultaties/{consultation.slug}/open-data.json"
    first = client.get(url)
    assert [r["text"] for r in json.loads(first.data)["reactions"]] == ["Eerste reactie"]
    with counted_queries(app) as statements:
        again = client.get(url)
    assert again.data == first.data and len(statements) < 6  # read from the file, not from the reactions
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    compressed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip" and gzip.decompress(compressed.data) == first.data

    # a public change elsewhere moves the public version; this file still reads as the data: sent, nothing made
    make_reaction(make_consultation(), body="Elders", status=ReactionStatus.APPROVED)
    elsewhere = client.get(url)
    assert elsewhere.data == first.data and elsewhere.headers["ETag"] == first.headers["ETag"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == "open_data")) == 0

    # a change here, in a big consultation: the worker makes the file, and the old one is not sent meanwhile
    monkeypatch.setattr(open_files, "BUILD_AT_ONCE_FEWER_THAN", 0)
    make_reaction(consultation, body="Tweede reactie", status=ReactionStatus.APPROVED)
    waiting = client.get(url)
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "60"
    assert session.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == "open_data")) == 1
    client.get(url)  # asking again queues no second job
    assert session.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == "open_data")) == 1

    run_jobs()
    made = client.get(url)
    assert sorted(r["text"] for r in json.loads(made.data)["reactions"]) == ["Eerste reactie", "Tweede reactie"]
    assert made.headers["ETag"] != first.headers["ETag"]
    assert "Tweede reactie" in client.get(f"/consultaties/{consultation.slug}/open-data.csv").get_data(as_text=True)


def test_a_big_consultations_first_file_is_made_by_the_worker(client, make_consultation, make_reaction, run_jobs,
                                                               session, monkeypatch):
    from consult.exports import open_files

    monkeypatch.setattr(open_files, "BUILD_AT_ONCE_FEWER_THAN", 0)
    consultation = make_consultation()
    make_reaction(consultation, body="Eerste reactie", status=ReactionStatus.APPROVED)
    url = f"/consultaties/{consultation.slug}/open-data.json"
    waiting = client.get(url)
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "60"
    assert session.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == "open_data")) == 1
    run_jobs()
    assert [r["text"] for r in json.loads(client.get(url).data)["reactions"]] == ["Eerste reactie"]


def test_open_data_comes_in_pages_that_together_are_the_whole_file(app, client, make_consultation, make_reaction, run_jobs,
                                                                  session, monkeypatch):
    from consult.exports import open_files

    consultation, base = _in_pages_of_two(monkeypatch, make_consultation, make_reaction, reactions=5)
    whole = json.loads(client.get(f"{base}.json").data)
    pages = [client.get(f"{base}/{n}.json") for n in (1, 2, 3)]
    assert all(page.status_code == 200 and page.content_type == "application/json" for page in pages)
    assert "Content-Disposition" not in pages[0].headers  # read in the browser, not downloaded
    bodies = [json.loads(page.data) for page in pages]
    assert [r for body in bodies for r in body["reactions"]] == whole["reactions"]
    assert [len(body["reactions"]) for body in bodies] == [2, 2, 1]
    assert [body["page"] for body in bodies] == [1, 2, 3]
    assert all(body["consultation"]["title"] == consultation.title for body in bodies)
    build = bodies[0]["build"]
    assert {body["build"] for body in bodies} == {build}
    assert bodies[0]["previous"] is None and bodies[0]["next"].endswith(f"{base}/2.json?stand={build}")
    assert bodies[1]["previous"].endswith(f"{base}/1.json?stand={build}")
    assert bodies[1]["next"].endswith(f"{base}/3.json?stand={build}")
    assert bodies[2]["next"] is None
    assert client.get(f"{base}/4.json").status_code == 404
    assert client.get(f"{base}/0.json").status_code == 404
    assert len({page.headers["ETag"] for page in pages}) == 3
    assert client.get(f"{base}/2.json", headers={"If-None-Match": pages[1].headers["ETag"]}).status_code == 304
    compressed = client.get(f"{base}/2.json", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(compressed.data) == pages[1].data

    make_reaction(consultation, body="Reactie 5", status=ReactionStatus.APPROVED)
    again = json.loads(client.get(f"{base}/3.json").data)
    assert [r["text"] for r in again["reactions"]] == ["Reactie 4", "Reactie 5"] and again["next"] is None
    assert client.get(f"{base}/3.json").headers["ETag"] != pages[2].headers["ETag"]
    with app.app_context():
        made = [path.name for path in open_files.folder().glob(f"{open_files.owner(consultation)}-*.pages")]
    assert len(made) == 1, f"the pages of an older version are left: {made}"


def test_a_client_following_the_links_never_reads_two_builds_mixed(client, make_consultation, make_reaction,
                                                                    monkeypatch):
    """Paging from build to build could skip a reaction or give one twice (an outside tester's finding):
    a link of a replaced build answers 410 and points at the new page 1."""
    consultation, base = _in_pages_of_two(monkeypatch, make_consultation, make_reaction, reactions=3)
    first = json.loads(client.get(f"{base}/1.json").data)
    assert client.get(_local(first["next"])).status_code == 200  # the same build: the page is sent

    make_reaction(consultation, body="Nieuw", status=ReactionStatus.APPROVED)
    replaced = client.get(_local(first["next"]))
    assert replaced.status_code == 410 and replaced.content_type == "application/json"
    body = json.loads(replaced.data)
    assert _local(body["first"]) == f"{base}/1.json" and "eerste pagina" in body["error"]
    again = json.loads(client.get(_local(body["first"])).data)
    assert again["build"] != first["build"] and client.get(_local(again["next"])).status_code == 200


def _in_pages_of_two(monkeypatch, make_consultation, make_reaction, reactions: int):
    """A consultation with ``reactions`` published reactions ("Reactie 0", …), its open data in pages of
    two; and the open data's address without its ending."""
    from consult.exports import open_files

    monkeypatch.setattr(open_files, "PAGE_SIZE", 2)
    consultation = make_consultation()
    for n in range(reactions):
        make_reaction(consultation, body=f"Reactie {n}", status=ReactionStatus.APPROVED)
    return consultation, f"/consultaties/{consultation.slug}/open-data"


def _local(url: str) -> str:
    """A full address from a page's link as the test client asks for it."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_the_file_reads_the_same_whichever_language_the_visitor_who_made_it_chose(client, make_consultation,
                                                                               make_reaction):
    """A small consultation's file is made in the request that finds none: made for a visitor who chose
    English, it said "Resident" to every Dutch visitor after (an outside tester's finding)."""
    consultation = make_consultation()
    make_reaction(consultation, body="Anoniem", status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS)
    client.get("/taal/en")
    made = json.loads(client.get(f"/consultaties/{consultation.slug}/open-data.json").data)
    assert [r["sender"] for r in made["reactions"]] == ["Inwoner"]
    page = json.loads(client.get(f"/consultaties/{consultation.slug}/open-data/1.json").data)
    assert [r["sender"] for r in page["reactions"]] == ["Inwoner"]
    assert "Inwoner" in client.get(f"/consultaties/{consultation.slug}/open-data.csv").get_data(as_text=True)


def test_a_page_has_one_address(client, make_consultation, make_reaction):
    consultation = make_consultation()
    make_reaction(consultation, body="Reactie", status=ReactionStatus.APPROVED)
    base = f"/consultaties/{consultation.slug}/open-data"
    assert client.get(f"{base}/1.json").status_code == 200
    assert [client.get(f"{base}/{number}.json").status_code for number in ("01", "001", "+1")] == [404, 404, 404]
    # a stand no build could have made is no address of ours either; one that could is a replaced build's
    odd = ("", "F6F229FDD477E84D", "0" * 17, "%3Cscript%3E", "%C3%A9")
    assert [client.get(f"{base}/1.json?stand={stand}").status_code for stand in odd] == [404] * len(odd)
    assert client.get(f"{base}/1.json?stand={'0' * 16}").status_code == 410
    # a program reading the JSON reads why it got none: not an HTML page
    for url in (f"{base}/01.json", f"{base}/9.json", "/consultaties/bestaat-niet/open-data.json"):
        missing = client.get(url)
        assert missing.status_code == 404 and missing.json == {"error": "Deze pagina bestaat niet (meer). Controleer het adres, of begin op de startpagina."}, url
    assert client.get("/consultaties/bestaat-niet/open-data.csv").mimetype == "text/html"


def test_two_builds_of_the_same_pages_at_once_both_end_well(app, make_consultation, make_reaction, monkeypatch):
    from consult.exports import open_files

    monkeypatch.setattr(open_files, "PAGE_SIZE", 1)
    consultation = make_consultation()
    with app.test_request_context():
        target = open_files.folder() / f"{open_files.owner(consultation)}-1-{'0' * 16}.json"
        records = [{"reference": f"TST-2026-000{n}"} for n in range(3)]
        first, second = (open_files._paged(consultation, iter(records), {}, target, "0" * 16) for _ in range(2))
        assert [next(first), next(second), next(first), next(second)] == [records[0]] * 2 + [records[1]] * 2  # interleaved
        assert list(first) == records[2:] and list(second) == records[2:]
        pages = target.with_suffix(".pages")
        assert sorted(path.name for path in pages.iterdir() if not path.name.endswith(".gz")) == ["1.json", "2.json", "3.json"]
        assert json.loads((pages / "3.json").read_text())["reactions"] == records[2:]
        assert not [path for path in open_files.folder().iterdir() if path.name.startswith(".")], "a temporary was left"


def test_files_of_an_earlier_release_are_made_again_with_their_pages(app, client, make_consultation, make_reaction):
    from consult.exports import open_files

    consultation = make_consultation()
    make_reaction(consultation, body="Eerste reactie", status=ReactionStatus.APPROVED)
    with app.app_context():
        old = open_files.folder() / f"{open_files.owner(consultation)}-{open_files.public_version()}.json"
        old.write_text('{"consultation": {}, "reactions": []}')  # named as before the pages came
    page = client.get(f"/consultaties/{consultation.slug}/open-data/1.json")
    assert page.status_code == 200 and [r["text"] for r in json.loads(page.data)["reactions"]] == ["Eerste reactie"]
    assert not old.exists()
