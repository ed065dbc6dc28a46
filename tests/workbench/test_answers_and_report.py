import io
import re

import docx
import pypdf
import sqlalchemy as sa
from odf import teletype
from odf.opendocument import load
from odf.text import P

from consult.answers.models import Outcome
from consult.consultations.models import Phase
from consult.core.db import utcnow
from consult.mail.models import OutboxMessage
from consult.reactions.models import ReactionStatus
from tests.conftest import csrf_token
from tests.reactions.conftest import MARKDOWN
from tests.workbench.conftest import section

CAMPAIGN = ("Geachte raad, ik maak bezwaar tegen het sluiten van het buurthuis in de Wielewaal. Het buurthuis "
            "is de enige plek waar ouderen elkaar ontmoeten. Ik vraag u het buurthuis open te houden. Groet, {}")


def closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    official = make_user(official_of=consultation.organisation)
    login(official)
    campaign = [make_reaction(consultation, body=CAMPAIGN.format(name), author_name=name, status=ReactionStatus.APPROVED)
                for name in ("Jan Smit", "Piet Bos", "Anna Vos")]
    letter = make_reaction(consultation, body="Wij hebben drie punten: 1. planning, 2. geld, 3. taal.",
                           author_name="Karin de Wit", organisation_name="Adviesraad Sociaal Domein")
    private = make_reaction(consultation, body="Zorg voor meer mantelzorgondersteuning.", author_name="Henk Geheim",
                            section=section(consultation, "opgavegericht-werken"), status=ReactionStatus.APPROVED)
    return consultation, campaign, letter, private


def test_from_campaign_group_to_published_reactienota(client, session, make_consultation, make_user, login, make_reaction, run_jobs):
    consultation, campaign, letter, private = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug

    codes_page = client.get(f"/beheer/consultaties/{slug}/codes").text
    waiting = client.post(f"/beheer/consultaties/{slug}/analyse/campaigns", data={"csrf_token": csrf_token(codes_page)},
                          follow_redirects=True).text
    assert "Bezig met zoeken… 0% klaar." in waiting
    run_jobs()
    codes_page = client.get(f"/beheer/consultaties/{slug}/codes").text
    assert "Voorstel 1: 3 reacties" in codes_page
    client.post(f"/beheer/consultaties/{slug}/groepen", data={
        "csrf_token": csrf_token(codes_page), "reaction": [r.id for r in campaign], "title": "Brief buurthuis Wielewaal"})
    group_id = campaign[0].group_id
    assert group_id and all(r.group_id == group_id for r in campaign)

    form = client.get(f"/beheer/consultaties/{slug}/antwoorden/nieuw", query_string={"groep": group_id}).text
    assert "Jan Smit" in form
    client.post(f"/beheer/consultaties/{slug}/antwoorden/nieuw", data={
        "csrf_token": csrf_token(form), "groep": group_id, "outcome": "not_adopted", "changed_section": "",
        "body": "Het buurthuis blijft open tot er een nieuwe plek is."})
    assert all(r.answer and r.answer.outcome is Outcome.NOT_ADOPTED for r in campaign)

    page = client.get(f"/beheer/reacties/{letter.id}").text
    for summary in ("Indiener vraagt om een andere planning.", "Indiener vraagt om meer geld."):
        client.post(f"/beheer/reacties/{letter.id}/deelpunten", data={"csrf_token": csrf_token(page), "section": "planning", "summary": summary})
    assert [p.number for p in letter.points] == [1, 2]
    client.post(f"/beheer/consultaties/{slug}/codes", data={"csrf_token": csrf_token(page), "title": "Planning"})
    from consult.coding.models import Code

    code = session.scalars(sa.select(Code).where(Code.title == "Planning")).one()
    client.post(f"/beheer/deelpunten/{letter.points[0].id}/code", data={"csrf_token": csrf_token(page), "code": code.id})
    assert letter.points[0].code_id == code.id
    codes = client.get(f"/beheer/consultaties/{slug}/codes").text
    assert 'Planning</a></td>\n    <td class="utrecht-table__cell utrecht-table__cell--numeric-column">0</td>\n    <td class="utrecht-table__cell utrecht-table__cell--numeric-column">1</td>' in codes
    form = client.get(f"/beheer/consultaties/{slug}/antwoorden/nieuw", query_string={"deelpunt": [p.id for p in letter.points]}).text
    missing_section = client.post(f"/beheer/consultaties/{slug}/antwoorden/nieuw", data={
        "csrf_token": csrf_token(form), "deelpunt": [p.id for p in letter.points], "outcome": "adopted",
        "changed_section": "", "body": "We passen de planning aan."})
    assert "Kies het hoofdstuk van de nieuwe versie" in missing_section.text
    assert "We passen de planning aan." in missing_section.text
    client.post(f"/beheer/consultaties/{slug}/antwoorden/nieuw", data={
        "csrf_token": csrf_token(form), "deelpunt": [p.id for p in letter.points], "outcome": "adopted",
        "changed_section": "planning", "body": "We passen de planning aan."})

    answers = client.get(f"/beheer/consultaties/{slug}/antwoorden").text
    edit_url = re.search(r'href="(/beheer/antwoorden/\d+)">Dit antwoord veranderen', answers).group(1)
    edit = client.get(edit_url).text
    assert "Het buurthuis blijft open tot er een nieuwe plek is." in edit and "Leesbaarheid" in edit
    client.post(edit_url, data={"csrf_token": csrf_token(edit), "outcome": "not_adopted", "changed_section": "",
                                "body": "Het buurthuis blijft open tot er een nieuwe plek is. Wij praten met de buurt."})
    assert campaign[0].answer.body.endswith("Wij praten met de buurt.")

    preview = client.get(f"/beheer/consultaties/{slug}/reactienota").text
    assert "1 reactie of deelpunt heeft nog geen antwoord." in preview
    assert "Leesbaarheid (Flesch-Douma)" in preview

    client.post(f"/beheer/consultaties/{slug}/reactienota/publiceren", data={"csrf_token": csrf_token(preview)})
    run_jobs()
    session.refresh(consultation)
    assert consultation.phase(utcnow()) is Phase.PROCESSED

    public = client.get(f"/consultaties/{slug}/reactienota").text
    assert "Brief buurthuis Wielewaal" in public and "3 reacties" in public
    assert public.count("Het buurthuis blijft open") == 1  # the campaign appears once
    assert "Adviesraad Sociaal Domein" in public  # organisations are named
    assert "Henk Geheim" not in public and "Jan Smit" not in public and "example.org" not in public
    assert "Inwoner" in public and private.reference in public
    assert f"{letter.reference}.1" in public and "Aangepast in: 3 Planning" in public
    assert "Wijzigingen in het ontwerp" in public

    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == private.author_email)).one()
    assert f"/consultaties/{slug}/reactienota#{private.reference}" in mail.body_text
    assert f'id="{private.reference}"' in public


def test_reactienota_downloads_open_as_word_libreoffice_and_pdf(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    base = f"/beheer/consultaties/{consultation.slug}/reactienota/concept"

    word = client.get(f"{base}.docx")
    assert word.headers["Content-Disposition"].startswith("attachment")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs]
    assert paragraphs[0] == f"Reactienota: {consultation.title}"
    assert paragraphs[1].startswith("Concept, nog niet gepubliceerd.")
    assert any("Zorg voor meer mantelzorgondersteuning." in p for p in paragraphs)

    odt = load(io.BytesIO(client.get(f"{base}.odt").data))
    texts = [teletype.extractText(p) for p in odt.getElementsByType(P)]
    assert any("Adviesraad Sociaal Domein" in t for t in texts)

    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"{base}.pdf").data))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Reactienota" in text and "mantelzorgondersteuning" in text


def test_the_reactienota_is_not_public_before_it_is_published(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    assert client.get(f"/consultaties/{consultation.slug}/reactienota").status_code == 404
    assert client.get(f"/consultaties/{consultation.slug}/reactienota.pdf").status_code == 404


def test_reactienota_cannot_be_published_while_open(client, workbench):
    page = client.get(f"/beheer/consultaties/{workbench.slug}/reactienota").text
    assert "als de reactietermijn is gesloten" in page
    response = client.post(f"/beheer/consultaties/{workbench.slug}/reactienota/publiceren",
                           data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "U kunt de reactienota publiceren als de reactietermijn is gesloten." in response.text


def test_published_files_are_made_in_the_background_and_served_from_there(client, session, make_consultation, make_user, login, make_reaction, run_jobs):
    from consult.jobs.models import Job, JobStatus
    from consult.reports.models import ResponseReportFile

    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    preview = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    assert "nog niet gemaakt." in preview
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/publiceren", data={"csrf_token": csrf_token(preview)})
    assert {job.kind for job in session.scalars(sa.select(Job))} == {"report_publish"}
    run_jobs()  # the publication, then the version's files it queued
    assert all(job.status is JobStatus.DONE for job in session.scalars(sa.select(Job)))
    made = {file.extension: file.data for file in session.scalars(sa.select(ResponseReportFile))}
    assert set(made) == {"docx", "odt", "pdf"}

    edit = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/bestanden", data={"csrf_token": csrf_token(edit)})
    run_jobs()  # the draft's files, for the officials
    edit = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    assert edit.count("downloaden (gemaakt") == 3

    client.post("/uitloggen", data={"csrf_token": csrf_token(edit)})
    pdf = client.get(f"/consultaties/{consultation.slug}/reactienota.pdf")
    assert pdf.data == made["pdf"]
    assert pypdf.PdfReader(io.BytesIO(pdf.data)).pages


def test_the_nota_lists_each_change_once_and_a_campaign_group_in_kenmerk_order(app, session, make_consultation, make_user, make_reaction):
    from datetime import timedelta

    from consult.answers.services import answer
    from consult.coding.models import GroupKind
    from consult.coding.services import make_group
    from consult.reports.builder import build_report

    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    official = make_user(official_of=consultation.organisation)
    start = utcnow() - timedelta(days=20)
    # Kenmerken handed out in one order, letters received in another (paper entered later, say).
    campaign = [make_reaction(consultation, body=CAMPAIGN.format(n), status=ReactionStatus.APPROVED,
                              submitted_at=start + timedelta(hours=hour)) for n, hour in ((10, 1), (2, 2), (9, 3), (1, 4))]
    for reaction, reference in zip(campaign, ("TST-2026-10010", "TST-2026-0102", "TST-2026-9999", "TST-2026-0101")):
        reaction.reference = reference  # past 9999 a kenmerk has five digits
    letters = [make_reaction(consultation, status=ReactionStatus.APPROVED, organisation_name=f"Partner {n}") for n in range(4)]
    planning, other = section(consultation, "planning"), section(consultation, "opgavegericht-werken")
    with app.test_request_context():
        make_group(consultation, campaign, GroupKind.CAMPAIGN, "Brief buurthuis", official)
        answer(consultation, "Het buurthuis blijft open.", Outcome.NOT_ADOPTED, None, campaign, [], official)
        for letter in letters:  # four letters, answered one by one in the same words
            answer(consultation, "We passen de planning aan.", Outcome.ADOPTED, planning, [letter], [], official)
        answer(consultation, "We noemen de mantelzorg.", Outcome.ADOPTED, other, [make_reaction(
            consultation, status=ReactionStatus.APPROVED)], [], official)
        session.flush()
        report = build_report(consultation)

    assert report.changes == [(other.label, "We noemen de mantelzorg."), (planning.label, "We passen de planning aan.")]
    group = next(e for s in report.sections for e in s.entries if e.sender == "Brief buurthuis")
    assert group.references == ["TST-2026-0101", "TST-2026-0102", "TST-2026-9999", "TST-2026-10010"]


def test_one_of_a_kind_reads_in_the_singular(app, client, make_consultation, make_user, login, make_reaction):
    from consult.reports.builder import build_report

    consultation = make_consultation(opens_in_days=-50, closes_in_days=-1)
    official = make_user(official_of=consultation.organisation)
    reaction = make_reaction(consultation, status=ReactionStatus.APPROVED)
    login(official)
    form = client.get(f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw", query_string={"reactie": reaction.id}).text
    page = client.post(f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw", follow_redirects=True, data={
        "csrf_token": csrf_token(form), "reactie": reaction.id, "outcome": "noted", "changed_section": "", "body": "Dank."})
    assert "Het antwoord is opgeslagen voor 1 reactie of deelpunt." in page.text
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert build_report(consultation).numbers_in_words() == (
            "Er kwam 1 reactie binnen. Ondertekend door 1 persoon. 0 reacties kwamen te laat binnen.")
