"""Votes and comments on the verslag in the privacy features: a person's own data, erasure, the purge
and the dossier. Comments (free text) go with the registration's personal data; votes stay as counts."""
import json
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from consult.core.db import utcnow
from consult.outcomes.models import OutcomeComment, OutcomeVote
from consult.outcomes.services import add_comment, cast_vote
from consult.privacy.dossier import write_dossier
from consult.privacy.services import grant_erasure, personal_data, purge, request_erasure
from tests.outcomes.conftest import add_idea, open_verslag


def vote_and_comment(world, session):
    verslag = open_verslag(session, world.workshop)
    idea = add_idea(session, world.workshop, world.workshop.tables[0], "Kleine woningen dichtbij zorg")
    me = world.participants[0]
    cast_vote(me, verslag, idea, utcnow())
    add_comment(me, verslag, None, "Mijn buurman Jan wacht al twee jaar.", utcnow())
    session.commit()
    return idea


def test_own_data_holds_the_votes_and_comments(world, session, app):
    vote_and_comment(world, session)
    with app.test_request_context():
        data = personal_data("deelnemer1@example.org")["workshop_registrations"][0]
    assert [v["outcome"] for v in data["votes"]] == ["Kleine woningen dichtbij zorg"]
    assert [(c["text"], c["status"]) for c in data["verslag_comments"]] == [("Mijn buurman Jan wacht al twee jaar.", "pending")]


def test_erasure_removes_the_comments_and_keeps_the_votes_as_counts(world, session, app, make_user):
    vote_and_comment(world, session)
    with app.test_request_context():
        made = request_erasure("deelnemer1@example.org", "", utcnow())
        grant_erasure(made[0], make_user(official_of=world.municipality), utcnow())
    session.commit()
    assert session.scalar(sa.select(sa.func.count(OutcomeComment.id))) == 0
    assert session.scalar(sa.select(sa.func.count(OutcomeVote.id))) == 1
    assert world.participants[0].email == ""


def test_the_purge_removes_the_comments_with_the_registrations(world, session, app):
    vote_and_comment(world, session)
    last_end = world.workshop.sessions[-1].ends_at
    with app.test_request_context():
        purge(last_end + timedelta(days=app.config["PERSONAL_DATA_RETENTION_DAYS"] + 1))
    session.commit()
    assert session.scalar(sa.select(sa.func.count(OutcomeComment.id))) == 0
    assert session.scalar(sa.select(sa.func.count(OutcomeVote.id))) == 1


def test_the_dossier_holds_the_votes_and_comments(world, session, app, tmp_path):
    vote_and_comment(world, session)
    target = tmp_path / "dossier.zip"
    with app.test_request_context():
        write_dossier(world.workshop.consultation, target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("dossier.json"))
    first = next(r for r in data["workshop_registrations"] if r["name"] == "Deelnemer 1")
    assert first["verslag_comments"][0]["text"] == "Mijn buurman Jan wacht al twee jaar." and len(first["votes"]) == 1
