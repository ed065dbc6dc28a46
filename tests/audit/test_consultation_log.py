"""Officials read a consultation's audit log in the workbench, not only in the dossier export."""
from consult.audit.services import record_event
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus


def test_officials_read_who_did_what_when_newest_first_a_page_at_a_time(client, login, make_user, make_consultation,
                                                                        session):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    reaction = Reaction(consultation=consultation, reference="TST-2026-0001", channel=Channel.WEB,
                        status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name="Iris", body="Tekst")
    session.add(reaction)
    session.flush()
    for _number in range(55):
        record_event(official, "reactions_listed", consultation, consultation.organisation_id)
    record_event(official, "reaction_rejected", reaction, consultation.organisation_id, reason="spam")
    elsewhere = make_consultation()
    record_event(official, "period_extended", elsewhere, elsewhere.organisation_id)
    session.commit()
    login(official)

    first = client.get(f"/beheer/consultaties/{consultation.slug}/logboek")

    assert first.status_code == 200
    newest = first.text.index("Reactie afgewezen: TST-2026-0001")
    assert newest < first.text.index("Lijst met reacties geopend")
    assert "Vera Jansen" in first.text and "reason: spam" in first.text
    assert "Termijn verlengd" not in first.text  # another consultation's event
    assert "Oudere" in first.text and "Nieuwere" not in first.text
    second = client.get(f"/beheer/consultaties/{consultation.slug}/logboek?pagina=2")
    assert second.text.count("Lijst met reacties geopend") == 6 and "Nieuwere" in second.text


def test_an_official_of_another_municipality_cannot_read_the_log(client, login, make_user, make_organisation,
                                                                 make_consultation):
    consultation = make_consultation()
    login(make_user(official_of=make_organisation()))
    assert client.get(f"/beheer/consultaties/{consultation.slug}/logboek").status_code == 403
