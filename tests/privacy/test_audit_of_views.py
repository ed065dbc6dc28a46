"""Every look an official takes at personal data leaves a line in the audit log."""
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.core.uploads import store
from consult.reactions.models import Attachment


def events(session, official):
    return session.execute(sa.select(AuditEvent.action, AuditEvent.subject_id, AuditEvent.details)
                           .where(AuditEvent.actor_id == official.id).order_by(AuditEvent.id)).all()


def test_the_queue_a_reaction_and_a_file_are_logged_as_views(app, client, session, login, make_consultation, make_user,
                                                             make_reaction):
    consultation = make_consultation()
    official = make_user(official_of=consultation.organisation)
    first, second = make_reaction(consultation), make_reaction(consultation)
    with app.app_context():
        attachment = Attachment(reaction=first, filename="brief.pdf", content_type="application/pdf", size=15,
                                storage_name=store(b"%PDF-1.4\n%%EOF\n"))
    session.add(attachment)
    session.commit()
    login(official)

    client.get(f"/beheer/consultaties/{consultation.slug}/moderatie")
    client.get(f"/beheer/reacties/{first.id}")
    client.get(f"/beheer/bijlagen/{attachment.id}").close()

    listed, viewed, downloaded = events(session, official)
    assert listed.action == "reactions_listed" and listed.subject_id == consultation.id
    assert sorted(listed.details["reactions"]) == sorted([first.id, second.id])
    assert (viewed.action, viewed.subject_id) == ("personal_data_viewed", first.id)
    assert (downloaded.action, downloaded.details["attachment"]) == ("attachment_downloaded", attachment.id)


def test_a_refused_look_is_not_logged_as_a_view(client, session, login, make_consultation, make_user, make_reaction,
                                                make_organisation):
    reaction = make_reaction(make_consultation())
    stranger = make_user(official_of=make_organisation())
    login(stranger)

    assert client.get(f"/beheer/reacties/{reaction.id}").status_code == 403
    assert events(session, stranger) == []
