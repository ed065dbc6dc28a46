"""Publishing the reactienota is a background job (issue 15, "Fast at the busiest moment": at 100,000
reactions publishing took 155 s inside the official's request, and gunicorn kills a request after 60 s)."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.jobs.models import Job, JobStatus
from consult.mail.models import OutboxMessage
from consult.reports import jobs as report_jobs
from consult.reports.models import ResponseReportVersion
from tests.conftest import csrf_token, run_jobs
from tests.workbench.test_answers_and_report import closed_consultation_with_reactions

BEING_PUBLISHED = "De reactienota wordt gepubliceerd…"
ALREADY = "De reactienota wordt al gepubliceerd. Wacht tot dat klaar is voordat u opnieuw publiceert."
FAILED = "Het publiceren van de reactienota is niet gelukt. Er is niets gepubliceerd."


def draft(slug: str) -> str:
    return f"/beheer/consultaties/{slug}/reactienota"


def press_publish(client, slug: str, page: str | None = None):
    page = page or client.get(draft(slug)).text
    return client.post(f"{draft(slug)}/publiceren", data={"csrf_token": csrf_token(page)}, follow_redirects=True)


def count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_publish_request_queues_the_publication_and_the_page_shows_it_until_it_is_done(
        client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug
    page = client.get(draft(slug)).text

    waiting = press_publish(client, slug, page)
    assert waiting.status_code == 200 and BEING_PUBLISHED in waiting.text
    assert "Reactienota publiceren" not in waiting.text  # no second button while it runs
    assert count(session, ResponseReportVersion) == 0 and count(session, OutboxMessage) == 0
    assert client.get(f"/consultaties/{slug}/reactienota").status_code != 200  # not public yet
    status = client.get(f"{draft(slug)}/publicatie")
    assert status.status_code == 200 and BEING_PUBLISHED in status.text

    # a colleague with the page still open presses the button too
    again = press_publish(client, slug, page)
    assert ALREADY in again.text
    assert session.scalar(sa.select(sa.func.count()).where(Job.kind == "report_publish")) == 1

    run_jobs()
    done = client.get(draft(slug)).text
    assert BEING_PUBLISHED not in done
    assert "Versie 1 van de reactienota is gepubliceerd. 5 personen krijgen een e-mail met het antwoord." in done
    assert "Versie 1 van de reactienota is gepubliceerd." in client.get(f"{draft(slug)}/publicatie").text
    session.refresh(consultation)
    assert consultation.state is State.PROCESSED
    assert count(session, ResponseReportVersion) == 1
    assert client.get(f"/consultaties/{slug}/reactienota").status_code == 200
    publication = session.scalars(sa.select(Job).where(Job.kind == "report_publish")).one()
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "report_published")).one()
    assert event.actor_id == publication.created_by_id is not None  # the official who pressed the button
    files = session.scalars(sa.select(Job).where(Job.kind == "report_version_files")).one()
    assert files.status is JobStatus.DONE  # queued by the publication, made by the worker after it


def test_a_failed_publication_leaves_nothing_published_and_can_be_tried_again(
        client, session, make_consultation, make_user, login, make_reaction, monkeypatch):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug
    real = report_jobs.write_version

    def publish_then_fail(*args, **kwargs):
        real(*args, **kwargs)  # the version, the mails and the audit event are made, then it breaks
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(report_jobs, "write_version", publish_then_fail)
    press_publish(client, slug)
    run_jobs()
    page = client.get(draft(slug)).text
    assert FAILED in page and "Reactienota publiceren" in page
    session.refresh(consultation)
    assert consultation.state is not State.PROCESSED
    assert count(session, ResponseReportVersion) == 0 and count(session, OutboxMessage) == 0
    assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "report_published")) == 0
    assert client.get(f"/consultaties/{slug}/reactienota").status_code != 200

    monkeypatch.setattr(report_jobs, "write_version", real)
    press_publish(client, slug)
    run_jobs()
    page = client.get(draft(slug)).text
    assert FAILED not in page and "Versie 1 van de reactienota is gepubliceerd." in page
    assert count(session, ResponseReportVersion) == 1


def test_the_database_holds_one_waiting_publication_per_consultation(session, make_consultation):
    consultation = make_consultation()
    session.add(Job(kind="report_publish", consultation_id=consultation.id, status=JobStatus.DONE))
    session.add(Job(kind="report_publish", consultation_id=consultation.id, status=JobStatus.FAILED))
    session.add(Job(kind="report_publish", consultation_id=consultation.id))
    session.add(Job(kind="report_docx", consultation_id=consultation.id))
    session.flush()
    session.add(Job(kind="report_publish", consultation_id=consultation.id, status=JobStatus.RUNNING))
    with pytest.raises(IntegrityError):
        session.flush()
