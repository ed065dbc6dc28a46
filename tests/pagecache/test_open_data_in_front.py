"""The open data files are sent in front of Flask (the page cache's middleware), from the file, once Flask
has sent the file made at the current public version; anything else reaches Flask as before (issue 15)."""
import gzip
import json
from contextlib import closing
from urllib.parse import urlsplit

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wsgi import FileWrapper

from consult.consultations.models import Audience, State
from consult.pagecache import front
from consult.reactions.models import Reaction
from tests.pagecache.test_front import flask_requests, same_headers
from tests.reactions.test_reports import _published
from tests.rounds.test_query_counts import counted_queries
from tests.workbench.conftest import run_jobs  # noqa: F401, F811 (a shared fixture)


def texts(response) -> list[str]:
    return sorted(r["text"] for r in json.loads(response.data)["reactions"])


def test_the_current_open_data_file_is_sent_in_front_of_flask_with_flasks_headers(app, client, make_consultation, session,
                                                                                  monkeypatch):
    monkeypatch.setattr(front, "MEMO_SECONDS", 600)  # a slow machine must not turn the hits' 0 queries into 1
    consultation = make_consultation()
    _published(session, consultation)
    for extension in ("json", "csv"):
        url = f"/consultaties/{consultation.slug}/open-data.{extension}"
        for encoding in ("", "gzip"):
            headers = {"Accept-Encoding": encoding} if encoding else {}
            with flask_requests(app) as seen:  # the first request of a small consultation makes the file
                made = client.get(url, headers=headers)
            assert len(seen) == 1 and made.status_code == 200, url
            with flask_requests(app) as seen, counted_queries(app) as statements:
                sent = client.get(url, headers=headers)
                head = client.head(url, headers=headers)
                not_modified = client.get(url, headers={**headers, "If-None-Match": made.headers["ETag"]})
            # no query while the sign stands still (SQLite, Redis); PostgreSQL without Redis: one per request
            assert seen == [] and len(statements) == (0 if app.wsgi_app.signal else 3), url
            assert sent.data == made.data and same_headers(sent, made), url
            assert sent.headers["X-Request-ID"] != made.headers["X-Request-ID"] and sent.headers["Date"]
            assert head.data == b"" and same_headers(head, made), url
            assert not_modified.status_code == 304 and not_modified.data == b"", url
            assert not_modified.headers["ETag"] == made.headers["ETag"] and "Content-Type" not in not_modified.headers
            assert sent.headers["Content-Disposition"] == f'attachment; filename="open-data-{consultation.slug}.{extension}"'
            assert "Accept-Encoding" in sent.headers["Vary"] and sent.headers["Cache-Control"] == "public, no-cache"
        compressed = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert compressed.headers["Content-Encoding"] == "gzip" and gzip.decompress(compressed.data) == client.get(url).data


def test_a_page_reached_by_its_link_is_sent_in_front_of_flask_too(app, client, make_consultation, session, monkeypatch):
    """A client follows ``next``, whose address names its build (``?stand=``): that query is part of the key."""
    from consult.exports import open_files

    monkeypatch.setattr(open_files, "PAGE_SIZE", 1)
    consultation = make_consultation()
    _published(session, consultation, reference="TST-2026-0001")
    _published(session, consultation, reference="TST-2026-0002")
    following = urlsplit(json.loads(client.get(f"/consultaties/{consultation.slug}/open-data/1.json").data)["next"])
    url = f"{following.path}?{following.query}"
    made = client.get(url)
    with flask_requests(app) as seen:
        assert client.get(url).data == made.data and made.status_code == 200
    assert seen == []


def test_the_file_is_sent_through_the_servers_file_wrapper_not_read_into_memory(app, client, make_consultation, session):
    consultation = make_consultation()
    _published(session, consultation)
    url = f"/consultaties/{consultation.slug}/open-data.json"
    client.get(url)
    wrapped = []

    def file_wrapper(file, block_size):
        wrapped.append(file.name)
        return FileWrapper(file, block_size)

    environ = EnvironBuilder(path=url, base_url="http://consult.test", environ_overrides={"wsgi.file_wrapper": file_wrapper}).get_environ()
    statuses = []
    with closing(app.wsgi_app(environ, lambda status, headers, exc_info=None: statuses.append(status))) as sent:
        body = b"".join(sent)
    assert statuses == ["200 OK"] and len(wrapped) == 1 and wrapped[0].endswith(".json")
    assert body == client.get(url).data


@pytest.mark.parametrize("file", ["open-data.json", "open-data/1.json"])
@pytest.mark.parametrize("big", [False, True], ids=["made at once", "made by the worker"])
def test_a_withdrawn_or_hidden_reaction_is_never_sent_again(app, client, make_consultation, session, run_jobs,  # noqa: F811
                                                            monkeypatch, file, big):
    from consult.exports import open_files

    consultation = make_consultation()
    kept = _published(session, consultation, reference="TST-2026-0001")
    kept.body = "Blijft staan"
    hidden = _published(session, consultation, reference="TST-2026-0002")
    hidden.body = "Wordt verborgen"
    session.commit()
    hidden_id, url = hidden.id, f"/consultaties/{consultation.slug}/{file}"
    client.get(url)  # made at once (a small consultation) at this version, and kept
    with flask_requests(app) as seen:
        assert texts(client.get(url)) == ["Blijft staan", "Wordt verborgen"]
    assert seen == []

    if big:
        monkeypatch.setattr(open_files, "BUILD_AT_ONCE_FEWER_THAN", 0)
    session.get(Reaction, hidden_id).hide()
    session.commit()
    with flask_requests(app) as seen:
        after = client.get(url)  # the very next request: the old file is never sent
        assert after.status_code == (503 if big else 200)
        if big:  # a program reading the JSON reads the answer too
            assert after.headers["Retry-After"] == "60" and after.mimetype == "application/json"
            assert after.json == {"error": "Het bestand met open data wordt gemaakt. Probeer het over een minuut opnieuw.",
                                  "retry_after": 60}
            run_jobs()
        assert texts(client.get(url) if big else after) == ["Blijft staan"]
        assert texts(client.get(url)) == ["Blijft staan"]
    assert len(seen) == (2 if big else 1)  # the new file from Flask, then from the front


def test_an_unpublished_or_private_consultation_gets_flasks_404_on_the_next_request(app, client, make_consultation,
                                                                                   session):
    consultation = make_consultation()
    _published(session, consultation)
    url = f"/consultaties/{consultation.slug}/open-data.json"
    client.get(url)
    assert client.get(url).status_code == 200
    for change, undo in (("publishes_reactions", True), ("state", State.PUBLISHED), ("audience", Audience.PUBLIC)):
        setattr(consultation, change, {"publishes_reactions": False, "state": State.DRAFT,
                                       "audience": Audience.INVITED}[change])
        session.commit()
        with flask_requests(app) as seen:
            assert client.get(url).status_code == 404, change
            assert client.get(url).status_code == 404, change
        assert len(seen) == 2, change
        setattr(consultation, change, undo)
        session.commit()
        client.get(url)
        assert client.get(url).status_code == 200


def test_a_signed_in_visitor_always_reaches_flask(app, client, make_consultation, make_user, login, session):
    consultation = make_consultation()
    _published(session, consultation)
    url = f"/consultaties/{consultation.slug}/open-data.json"
    assert app.test_client().get(url).status_code == 200  # sent, and kept for the public
    login(make_user(official_of=consultation.organisation))
    with flask_requests(app) as seen:
        assert client.get(url).status_code == 200
    assert len(seen) == 1
