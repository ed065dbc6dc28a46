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
