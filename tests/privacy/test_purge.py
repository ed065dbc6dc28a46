"""`flask privacy purge`: personal data goes a set time after the decision; the reactienota stays the same."""
from datetime import timedelta

import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.core.db import utcnow
from consult.core.uploads import store, stored_path
from consult.mail.models import OutboxMessage, OutboxStatus
from consult.moderation.services import redact_reaction
from consult.reactions.models import Attachment, Publication, Reaction, ReactionStatus
from consult.reports.builder import build_report
from consult.reports.exports import blocks
from tests.reactions.conftest import MARKDOWN

LETTER = "Beste gemeente, bel mij op 06-12345678 of mail naar iris@voorbeeld.nl. Met vriendelijke groet, Iris de Boer"


def decided(make_consultation, days_ago):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-120, closes_in_days=-80, state=State.DECIDED)
    consultation.decided_at = utcnow() - timedelta(days=days_ago)
    return consultation


def purge(app, *arguments):
    result = app.test_cli_runner().invoke(args=["privacy", "purge", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def report_text(app, consultation):
    with app.test_request_context():
        return blocks(build_report(consultation))


def test_purge_removes_personal_data_after_the_retention_period_and_keeps_the_reactienota(
        app, session, make_consultation, make_user, make_reaction):
    old = decided(make_consultation, days_ago=400)
    recent = decided(make_consultation, days_ago=10)
    official = make_user(official_of=old.organisation)
    private = make_reaction(old, body=LETTER, author_name="Iris de Boer", author_email="iris@voorbeeld.nl",
                            author_place="Vianen", author_address="Dorpsstraat 1", status=ReactionStatus.APPROVED,
                            co_signers="Kees de Boer\nAnna de Boer", co_signer_count=2)
    organisation = make_reaction(old, body="Namens de adviesraad: meer aandacht voor jongeren.", author_name="Karin de Wit",
                                 organisation_name="Adviesraad Vijfheerenlanden", status=ReactionStatus.APPROVED)
    kept = make_reaction(recent, body="Graag meer buurthuizen.", author_name="Piet Bos", author_email="piet@voorbeeld.nl")
    with app.app_context():
        storage = store(b"%PDF-1.4\n%%EOF\n")
        scan = stored_path(storage)
        redact_reaction(organisation, official, "Namens de adviesraad: meer aandacht voor jongeren (ingekort).")
    session.add(Attachment(reaction=private, filename="brief.pdf", content_type="application/pdf", size=15,
                           storage_name=storage))
    session.commit()
    before = report_text(app, old)

    output = purge(app)

    assert f"{old.title}: 2 reactions anonymised" in output
    session.refresh(private)
    assert (private.author_name, private.author_email, private.author_place, private.author_address) == ("", None, "", "")
    assert private.co_signers == "" and private.signatory_count == 3
    assert private.attachments == [] and not scan.exists()
    assert "Iris" not in private.body and "06-12345678" not in private.body and "iris@voorbeeld.nl" not in private.body
    assert "Beste gemeente" in private.body
    assert private.publication is Publication.ANONYMOUS and private.anonymised_at is not None
    session.refresh(organisation)
    assert organisation.author_name == "" and organisation.organisation_name == "Adviesraad Vijfheerenlanden"
    redaction = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "reaction_redacted")).one()
    assert "before" not in redaction.details and redaction.details["text_removed"] is True
    assert report_text(app, old) == before
    session.refresh(kept)
    assert kept.author_email == "piet@voorbeeld.nl" and kept.anonymised_at is None
    assert session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "personal_data_purged")).one().subject_id == old.id

    assert "0 reactions anonymised" in purge(app)  # a second run finds nothing more


def test_a_dry_run_counts_and_changes_nothing(app, session, make_consultation, make_reaction):
    old = decided(make_consultation, days_ago=400)
    reaction = make_reaction(old, author_email="iris@voorbeeld.nl")

    output = purge(app, "--dry-run")

    assert f"{old.title}: 1 reactions would be anonymised" in output
    session.refresh(reaction)
    assert reaction.author_email == "iris@voorbeeld.nl" and reaction.anonymised_at is None


def test_purge_removes_unconfirmed_reactions_and_old_delivered_mail(app, session, make_consultation, make_reaction):
    consultation = make_consultation()
    forgotten = make_reaction(consultation, status=ReactionStatus.UNCONFIRMED, submitted_at=utcnow() - timedelta(days=31))
    waiting = make_reaction(consultation, status=ReactionStatus.UNCONFIRMED, submitted_at=utcnow() - timedelta(days=2))
    session.add_all([
        OutboxMessage(recipient="oud@voorbeeld.nl", subject="Ontvangen", body_text="Beste Iris", status=OutboxStatus.SENT,
                      sent_at=utcnow() - timedelta(days=31)),
        OutboxMessage(recipient="nieuw@voorbeeld.nl", subject="Ontvangen", body_text="Beste Piet", status=OutboxStatus.SENT,
                      sent_at=utcnow() - timedelta(days=1)),
    ])
    session.commit()
    forgotten_id = forgotten.id

    output = purge(app)

    assert "1 unconfirmed reactions" in output and "1 delivered mails" in output
    assert session.get(Reaction, forgotten_id) is None and session.get(Reaction, waiting.id) is not None
    assert session.scalars(sa.select(OutboxMessage.recipient)).all() == ["nieuw@voorbeeld.nl"]


def test_the_privacy_statement_names_the_retention_periods(client, app):
    page = client.get("/privacy").text
    days = app.config["PERSONAL_DATA_RETENTION_DAYS"]
    assert f"tot {days} dagen nadat de gemeenteraad" in page
    assert "na 30 dagen" in page and 'href="/mijn-gegevens"' in page
    assert f"hoogstens {app.config['KEPT_FORM_HOURS']} uur" in page  # text kept when a staff session ended


def test_purge_removes_forms_kept_longer_than_their_retention(app, session, make_user):
    from consult.core.kept_forms import KeptForm

    official = make_user()
    hours = app.config["KEPT_FORM_HOURS"]
    session.add_all([
        KeptForm(key="oud", user_id=official.id, page="/beheer/", fields={"body": ["Brief van mevrouw Jansen"]},
                 created_at=utcnow() - timedelta(hours=hours, minutes=1)),
        KeptForm(key="nieuw", user_id=official.id, page="/beheer/", fields={"body": ["Nog bezig"]},
                 created_at=utcnow() - timedelta(hours=hours - 1)),
    ])
    session.commit()

    assert "1 kept forms would be removed" in purge(app, "--dry-run")
    assert session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 2
    assert "1 kept forms removed" in purge(app)
    assert session.scalars(sa.select(KeptForm.key)).all() == ["nieuw"]
