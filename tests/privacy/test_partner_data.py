"""Partner data in the privacy flows: unsubmitted draft comments, invitation links and digest lines in
the purge, the dossier, a person's own data and erasure. Erasing a partner's data keeps the shared
draft's text (it is the organisation's) and removes their name from it."""
import json
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from consult.consultations.models import State
from consult.core.db import utcnow
from consult.privacy.dossier import write_dossier
from consult.privacy.services import grant_erasure, personal_data, request_erasure
from consult.privacy.tokens import make_access_token
from consult.rounds.models import DraftComment
from consult.signin.models import SignInLink


def draft(session, world, author, body="Wij missen de wachtlijsten.", editor=None):
    comment = DraftComment(invitation=world.invitation_x, body=body, created_by_id=author.id, created_at=utcnow(),
                           updated_by_id=getattr(editor, "id", None), updated_at=utcnow() if editor else None)
    session.add(comment)
    session.commit()
    return comment


def test_purge_removes_unsubmitted_drafts_and_old_links_after_the_retention_period(app, session, round_world):
    comment = draft(session, round_world, round_world.users["partner_x"])
    now = utcnow()
    session.add_all([
        SignInLink(token_hash="a" * 64, email="oud@example.org", organisation=round_world.x, created_at=now - timedelta(days=60),
                   expires_at=now - timedelta(days=46)),
        SignInLink(token_hash="b" * 64, email="nieuw@example.org", organisation=round_world.x, created_at=now,
                   expires_at=now + timedelta(days=14))])
    session.commit()
    output = app.test_cli_runner().invoke(args=["privacy", "purge"]).output
    assert "0 unsubmitted draft comments, 1 old invitation links" in output  # the round is not decided yet
    assert session.get(DraftComment, comment.id) is not None
    assert set(session.scalars(sa.select(SignInLink.email))) == {"nieuw@example.org"}
    round_world.consultation.state = State.DECIDED
    round_world.consultation.decided_at = now - timedelta(days=400)
    session.commit()
    dry = app.test_cli_runner().invoke(args=["privacy", "purge", "--dry-run"]).output
    assert "1 unsubmitted draft comments" in dry and session.get(DraftComment, comment.id) is not None
    output = app.test_cli_runner().invoke(args=["privacy", "purge"]).output
    assert "1 unsubmitted draft comments" in output
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(DraftComment)) == 0


def test_the_dossier_holds_the_drafts_never_submitted(app, session, round_world, tmp_path):
    draft(session, round_world, round_world.users["partner_x"], body="Concept dat nooit werd ingediend")
    target = tmp_path / "dossier.zip"
    with app.test_request_context():
        write_dossier(round_world.consultation, target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("dossier.json"))
    assert data["draft_comments"] == [{
        "consultation": "Feedbackronde agenda", "organisation": "Zorg X", "section": None, "quote": "",
        "text": "Concept dat nooit werd ingediend", "written_by": "Sanne van X",
        "written_at": data["draft_comments"][0]["written_at"], "changed_by": None, "changed_at": None}]


def test_a_partner_sees_and_downloads_their_drafts_and_links(client, session, round_world):
    sanne = round_world.users["partner_x"]
    draft(session, round_world, sanne, body="Mijn eigen concepttekst")
    session.add(SignInLink(token_hash="c" * 64, email=sanne.email, organisation=round_world.x, created_at=utcnow(),
                           expires_at=utcnow() + timedelta(days=14)))
    session.commit()
    with client.application.test_request_context():
        token = make_access_token(sanne.email)
    page = client.get(f"/mijn-gegevens/{token}")
    assert "Uw conceptopmerkingen in feedbackrondes" in page.text and "Mijn eigen concepttekst" in page.text
    assert "Vraag om uw gegevens te verwijderen" in page.text  # drafts alone are reason enough to ask
    data = json.loads(client.get(f"/mijn-gegevens/{token}/gegevens.json").text)
    assert data["partner"]["draft_comments"][0]["text"] == "Mijn eigen concepttekst"
    assert data["partner"]["invitation_links"][0]["organisation"] == "Zorg X"
    assert data["partner"]["mail_frequency"] == "immediate"


def test_erasure_keeps_the_drafts_text_for_the_organisation_and_removes_the_name(app_context, session, round_world):
    sanne, kees = round_world.users["partner_x"], round_world.users["colleague_x"]
    written = draft(session, round_world, sanne, body="Tekst van de organisatie")
    changed = draft(session, round_world, kees, body="Door Sanne veranderd", editor=sanne)
    made = request_erasure(sanne.email, "", utcnow())
    assert [r.organisation_id for r in made] == [round_world.consultation.organisation_id]  # drafts alone are enough
    grant_erasure(made[0], round_world.users["official_a"], utcnow())
    session.flush()
    session.refresh(written)
    session.refresh(changed)
    assert written.body == "Tekst van de organisatie" and written.created_by_id is None
    assert changed.created_by_id == kees.id and changed.updated_by_id is None
    assert personal_data(sanne.email)["partner"]["draft_comments"] == []


def test_the_privacy_statement_says_how_long_partner_data_is_kept(client):
    page = client.get("/privacy").text
    assert "Een link in een uitnodiging: die verwijderen we 30 dagen nadat hij is gebruikt of verlopen." in page
    assert "halen we uw naam weg en blijft de tekst voor uw collega" in page
