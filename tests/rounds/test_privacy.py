"""Submitted comments are Reactions, so a person's own data and the purge already cover them."""
from consult.core.db import utcnow
from consult.privacy.services import anonymise, personal_data
from consult.rounds.services import add_draft_comment, submit_draft


def test_submitted_comments_are_in_the_submitters_own_data_and_the_purge_keeps_only_the_organisation(
        app_context, round_world, session):
    partner = round_world.users["partner_x"]
    now = utcnow()
    add_draft_comment(round_world.invitation_x, partner, None, "", "Onze reactie, Sanne van X", now)
    reaction, = submit_draft(round_world.invitation_x, partner, now)
    session.commit()
    own = personal_data(partner.email)
    assert [r["reference"] for r in own["reactions"]] == [reaction.reference]
    assert own["reactions"][0]["channel"] == "partner_round" and own["reactions"][0]["on_behalf_of"] == "Zorg X"
    assert anonymise([reaction], utcnow()) == 1
    assert (reaction.author_name, reaction.author_email, reaction.user_id) == ("", None, None)
    assert reaction.organisation_name == "Zorg X"  # organisations take part in public; the person is gone


def test_earlier_versions_of_a_comment_are_in_the_writer_s_own_data_the_dossier_and_lose_personal_data_in_the_purge(
        app_context, round_world, session, tmp_path):
    import json
    import zipfile

    from consult.privacy.dossier import write_dossier
    from consult.rounds.models import GuidingQuestion
    from consult.rounds.services import change_submitted_comment

    partner, colleague = round_world.users["partner_x"], round_world.users["colleague_x"]
    question = GuidingQuestion(round=round_world.round, text="Missen we iets?")
    session.add(question)
    session.flush()
    add_draft_comment(round_world.invitation_x, partner, None, "", "Bel mij op 06-12345678.", utcnow(), question)
    reaction, = submit_draft(round_world.invitation_x, partner, utcnow())
    change_submitted_comment(round_world.invitation_x, reaction, colleague, "", "Mail kees@example.org.", utcnow())
    session.commit()

    written = personal_data(colleague.email)["comment_versions"]
    assert [(v["reference"], v["number"], v["text"]) for v in written] == [(reaction.reference, 2, "Mail kees@example.org.")]

    target = tmp_path / "dossier.zip"
    write_dossier(round_world.consultation, target)
    dossier = json.loads(zipfile.ZipFile(target).read("dossier.json"))
    assert [(v["number"], v["text"], v["written_by"]) for v in dossier["comment_versions"]] == [
        (1, "Bel mij op 06-12345678.", "Sanne van X"), (2, "Mail kees@example.org.", "Kees van X")]
    assert dossier["guiding_questions"] == [{"question": "Missen we iets?", "section": None, "answered_by": [reaction.reference]}]

    anonymise([reaction], utcnow())
    session.commit()
    texts = [v["text"] for v in personal_data(colleague.email)["comment_versions"]]
    assert texts == []  # no longer tied to the colleague's account
    write_dossier(round_world.consultation, target)
    dossier = json.loads(zipfile.ZipFile(target).read("dossier.json"))
    assert [(v["text"], v["written_by"]) for v in dossier["comment_versions"]] == [
        ("Bel mij op [verwijderd].", None), ("Mail [verwijderd].", None)]
