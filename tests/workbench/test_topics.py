import sqlalchemy as sa

from consult.jobs.models import Job, JobStatus
from tests.conftest import csrf_token

CARE = ["Mantelzorgers krijgen te weinig steun bij de zorg voor ouders.", "Als mantelzorger mis ik respijtzorg en steun.",
        "Steun voor mantelzorgers moet beter, mantelzorg is zwaar.", "Geef mantelzorgers meer respijtzorg en steun."]
YOUTH = ["De wachtlijsten in de jeugdzorg zijn te lang voor kinderen.", "Kinderen wachten maanden op jeugdzorg door wachtlijsten.",
         "Wachtlijsten in de jeugdzorg geven problemen voor kinderen.", "Pak de wachtlijsten in de jeugdzorg aan voor kinderen."]


def test_topics_are_suggested_in_the_background_and_become_codes_only_when_accepted(client, workbench, make_reaction, run_jobs, session):
    reactions = [make_reaction(workbench, body=text) for text in CARE + YOUTH]
    page = client.get(f"/beheer/consultaties/{workbench.slug}/codes").text
    client.post(f"/beheer/consultaties/{workbench.slug}/analyse/topics", data={"csrf_token": csrf_token(page)})
    client.post(f"/beheer/consultaties/{workbench.slug}/analyse/topics", data={"csrf_token": csrf_token(page)})
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1  # a second click queues nothing new

    run_jobs()
    job = session.scalars(sa.select(Job)).one()
    assert job.status is JobStatus.DONE and job.progress == 100
    page = client.get(f"/beheer/consultaties/{workbench.slug}/codes").text
    assert "Onderwerpen" in page and "Accepteren als code" in page
    assert all(r.reference in page for r in reactions)  # every suggestion names the reactions it rests on
    assert all(not r.codes for r in reactions)  # nothing is coded until an official accepts

    topic = next(n for n, t in enumerate(job.result["topics"]) if "wachtlijsten" in t["words"])
    client.post(f"/beheer/consultaties/{workbench.slug}/onderwerpen/{job.id}/{topic}",
                data={"csrf_token": csrf_token(page), "title": "Wachtlijsten jeugdzorg"})
    coded = {r.body for r in reactions if [c.title for c in r.codes] == ["Wachtlijsten jeugdzorg"]}
    assert coded == set(YOUTH)
    assert "Geaccepteerd als code." in client.get(f"/beheer/consultaties/{workbench.slug}/codes").text


def test_a_failed_job_is_shown_and_does_not_stop_the_worker(app, client, workbench, run_jobs, session, monkeypatch):
    from consult.jobs import services

    monkeypatch.setitem(services.HANDLERS, "topics", lambda job, progress: 1 / 0)
    page = client.get(f"/beheer/consultaties/{workbench.slug}/codes").text
    client.post(f"/beheer/consultaties/{workbench.slug}/analyse/topics", data={"csrf_token": csrf_token(page)})
    run_jobs()
    assert session.scalars(sa.select(Job)).one().status is JobStatus.FAILED
    assert "Het zoeken is niet gelukt" in client.get(f"/beheer/consultaties/{workbench.slug}/codes").text
