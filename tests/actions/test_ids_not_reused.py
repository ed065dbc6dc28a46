"""A removed action's id (and a removed stuk's) is never given to a new one: old mail links and public links
must not open something else (tester finding: on SQLite /acties/16 removed, the next action was 16)."""
from consult.consultations.models import ConsultationFile
from tests.actions.conftest import make_action


def test_a_new_action_never_gets_a_removed_actions_id(session, world):
    removed = make_action(session, world, title="Verkeerde actie")
    old_id = removed.id
    session.delete(removed)
    session.commit()
    assert make_action(session, world, title="Nieuwe actie").id > old_id


def test_a_new_stuk_never_gets_a_removed_stuks_id(session, world):
    def stuk(n):
        item = ConsultationFile(consultation_id=world.consultation.id, title=f"Stuk {n}", filename=f"stuk-{n}.pdf",
                                content_type="application/pdf", size=10, storage_name=f"opslag-{n}")
        session.add(item)
        session.commit()
        return item

    removed = stuk(1)
    old_id = removed.id
    session.delete(removed)
    session.commit()
    assert stuk(2).id > old_id
