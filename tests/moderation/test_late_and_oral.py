"""Zienswijzen that came in late or orally (Awb 3:15, 6:9): a late letter is told so, not "telt mee";
the official records whether it is still considered and why; the indiener of an oral zienswijze
confirms or corrects its verslag through a one-time link; the reactienota says all this in every format."""
import io
import re
from datetime import timedelta

import docx
import pypdf
import pytest
import sqlalchemy as sa

from consult.audit.models import AuditEvent
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from consult.oral_reports.models import OralReport
from consult.oral_reports.tokens import make_oral_report_token
from consult.reactions.models import Channel, Reaction
from tests.conftest import csrf_token
from tests.moderation.test_paper_and_decision import paper, post
from tests.reactions.conftest import MARKDOWN


@pytest.fixture
def closed(make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-60, closes_in_days=-14)
    consultation.official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    login(consultation.official)
    return consultation


def mail_to(session, address):
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)).all()


def enter(client, consultation, **overrides):
    return post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren", **paper(**overrides))


def test_a_letter_after_the_grace_week_is_told_it_is_late_not_that_it_counts(client, session, closed):
    enter(client, closed)  # received today, two weeks after closing, no postmark
    reaction = session.scalars(sa.select(Reaction)).one()
    assert reaction.is_late and reaction.is_late_considered is None
    receipt = mail_to(session, "jansen@example.org")[0]
    assert "telt mee" not in receipt.body_text.lower()
    assert "na het einde van de reactietermijn" in receipt.body_text and "Ontvangen op:" in receipt.body_text


def test_the_official_records_whether_a_late_zienswijze_is_considered_and_the_nota_says_so(client, session, closed):
    enter(client, closed, body="Wij vragen om een tweede ontsluitingsweg.")
    reaction = session.scalars(sa.select(Reaction)).one()
    url = f"/beheer/reacties/{reaction.id}"
    page = client.get(url).text
    assert "Te late reactie" in page

    refused = client.post(f"{url}/te-laat", data={"csrf_token": csrf_token(page), "considered": "no", "reason": "  "})
    assert refused.status_code == 400 and "Schrijf de reden op." in refused.text
    assert reaction.is_late_considered is None

    client.post(f"{url}/te-laat", data={"csrf_token": csrf_token(page), "considered": "no",
                                         "reason": "Ontvangen drie weken na de termijn, zonder verklaring."})
    session.refresh(reaction)
    assert reaction.is_late_considered is False and reaction.late_decided_by_id == closed.official.id
    client.post(f"{url}/te-laat", data={"csrf_token": csrf_token(page), "considered": "yes",
                                         "reason": "De brief was aantoonbaar op tijd gepost; PostNL bezorgde hem laat."})
    session.refresh(reaction)
    assert reaction.is_late_considered is True
    events = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "late_reaction_decided")
                             .order_by(AuditEvent.id)).all()
    assert [e.details["considered"] for e in events] == [False, True] and events[1].details["previously"] is False
    assert events[1].actor_id == closed.official.id

    reason = "De brief was aantoonbaar op tijd gepost; PostNL bezorgde hem laat."
    html = client.get(f"/beheer/consultaties/{closed.slug}/reactienota").text
    assert "Te laat ontvangen" in html and "neemt deze reactie toch mee" in html and reason in html
    base = f"/beheer/consultaties/{closed.slug}/reactienota/concept"
    word = " ".join(p.text for p in docx.Document(io.BytesIO(client.get(f"{base}.docx").data)).paragraphs)
    assert "Te laat ontvangen" in word and "neemt deze reactie toch mee" in word and reason in word
    pdf = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(client.get(f"{base}.pdf").data)).pages)
    pdf = re.sub(r"\s+", "", pdf)  # the PDF's text comes back with kerning gaps ("T e laat")
    assert "Telaatontvangen" in pdf and "neemtdezereactietochmee" in pdf and "PostNL" in pdf


def test_not_considered_and_undecided_show_in_the_nota_too(client, session, closed):
    enter(client, closed, body="Eerste late brief.")
    enter(client, closed, body="Tweede late brief.", author_email="")
    first, second = session.scalars(sa.select(Reaction).order_by(Reaction.id)).all()
    page = client.get(f"/beheer/reacties/{first.id}").text
    client.post(f"/beheer/reacties/{first.id}/te-laat", data={"csrf_token": csrf_token(page), "considered": "no",
                                                              "reason": "Zonder reden te laat."})
    html = client.get(f"/beheer/consultaties/{closed.slug}/reactienota").text
    assert "neemt deze reactie niet mee. Reden: Zonder reden te laat." in html
    assert "heeft nog niet besloten" in html


def test_a_reaction_on_time_has_no_late_decision(client, session, make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    enter(client, consultation)
    reaction = session.scalars(sa.select(Reaction)).one()
    page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "Te late reactie" not in page
    answer = client.post(f"/beheer/reacties/{reaction.id}/te-laat", data={"csrf_token": csrf_token(page), "considered": "yes",
                                                                        "reason": "x"}, follow_redirects=True)
    assert "Er is niets veranderd." in answer.text and reaction.is_late_considered is None


def oral(client, consultation, session, **overrides):
    enter(client, consultation, channel="oral", body="Mevrouw Jansen zegt dat de bushalte moet blijven.",
          co_signers="", **overrides)
    reaction = session.scalars(sa.select(Reaction).where(Reaction.channel == Channel.ORAL)).one()
    return reaction, reaction.oral_report


def verslag_link(session):
    mail = mail_to(session, "jansen@example.org")[-1]
    return re.search(r"http://consult\.test(/verslagen/\S+)", mail.body_text).group(1), mail


def test_an_oral_zienswijze_has_a_verslag_the_indiener_confirms_once(client, session, make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    login(official)
    reaction, report = oral(client, consultation, session, received_on=(utcnow().astimezone(AMSTERDAM).date() - timedelta(days=1)).isoformat())
    assert report.author_id == official.id and report.author_name == "Vera Jansen"
    assert report.held_on == utcnow().astimezone(AMSTERDAM).date() - timedelta(days=1)
    link, mail = verslag_link(session)
    assert reaction.reference in mail.body_text and "Vera Jansen" in mail.body_text and "bushalte" in mail.body_text
    assert len(mail_to(session, "jansen@example.org")) == 1  # the verslag mail is the receipt as well

    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    page = client.get(link)
    assert page.status_code == 200 and "bushalte" in page.text and "Vera Jansen" in page.text
    done = client.post(link, data={"csrf_token": csrf_token(page.text), "answer": "confirm", "correction": ""},
                       follow_redirects=True)
    assert "We hebben uw antwoord opgeslagen." in done.text
    session.refresh(report)
    assert report.is_confirmed is True and report.answered_at is not None
    assert "bushalte" not in done.text  # a used link no longer shows the verslag

    again = client.post(link, data={"csrf_token": csrf_token(page.text), "answer": "correct", "correction": "Nee toch."})
    assert again.status_code == 410
    session.refresh(report)
    assert report.is_confirmed is True and report.correction == ""


def test_a_correction_is_kept_beside_the_verslag_for_officials_and_in_the_nota(client, session, make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation)
    login(official)
    reaction, report = oral(client, consultation, session)
    link, _ = verslag_link(session)
    page = client.get(link).text
    missing = client.post(link, data={"csrf_token": csrf_token(page), "answer": "correct", "correction": ""})
    assert missing.status_code == 400 and "Schrijf uw correctie op." in missing.text
    client.post(link, data={"csrf_token": csrf_token(page), "answer": "correct",
                            "correction": "Ik zei ook dat de bus vaker moet rijden."})
    session.refresh(report)
    assert report.is_confirmed is False and report.correction == "Ik zei ook dat de bus vaker moet rijden."
    assert reaction.body == "Mevrouw Jansen zegt dat de bushalte moet blijven."  # the verslag itself is unchanged
    assert session.scalars(sa.select(AuditEvent.action).where(AuditEvent.subject_id == reaction.id,
                                                              AuditEvent.action.like("oral_report_%"))).all() == ["oral_report_corrected"]

    official_page = client.get(f"/beheer/reacties/{reaction.id}").text
    assert "bushalte moet blijven" in official_page and "de bus vaker moet rijden" in official_page
    nota = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    assert "Mondeling gegeven op" in nota and "De indiener heeft het verslag gecorrigeerd" in nota
    # Not published (the paper default), so the nota gives no words of the correction, but says it exists.
    assert "vaker moet rijden" not in nota and "De correctie is niet openbaar." in nota


def test_verslag_links_are_404_when_forged_or_of_nothing_and_410_when_expired(app, client, session, make_consultation, make_user, login, monkeypatch):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    _, report = oral(client, consultation, session)
    link, _ = verslag_link(session)
    assert client.get(link + "x").status_code == 404
    with app.test_request_context():
        other = make_oral_report_token(report.id + 1000)
    assert client.get(f"/verslagen/{other}").status_code == 404
    assert client.get("/verslagen/niets").status_code == 404
    monkeypatch.setitem(app.config, "ORAL_REPORT_MAX_AGE", -1)
    expired = client.get(link)
    assert expired.status_code == 410 and "bushalte" not in expired.text


def test_an_oral_zienswijze_without_e_mail_has_a_verslag_but_no_mail(client, session, make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    reaction, report = oral(client, consultation, session, author_email="")
    assert report is not None and report.sent_at is None
    assert "niet naar de indiener gestuurd" in client.get(f"/beheer/reacties/{reaction.id}").text.lower() or \
        "geen e-mailadres" in client.get(f"/beheer/reacties/{reaction.id}").text
    assert session.scalar(sa.select(sa.func.count()).select_from(OralReport)) == 1


def test_answering_a_verslag_is_rate_limited(client, session, make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    oral(client, consultation, session)
    link, _ = verslag_link(session)
    token = csrf_token(client.get(link).text)
    statuses = [client.post(link, data={"csrf_token": token, "answer": ""}).status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_a_correction_is_part_of_own_data_and_loses_the_name_when_personal_data_is_removed(
        app, client, session, make_consultation, make_user, login):
    from consult.privacy.services import anonymise, personal_data
    from consult.privacy.tokens import make_access_token

    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))
    reaction, report = oral(client, consultation, session, author_name="Familie Jansen")
    link, _ = verslag_link(session)
    page = client.get(link).text
    client.post(link, data={"csrf_token": csrf_token(page), "answer": "correct",
                            "correction": "Ik ben Familie Jansen en bel mij op 06-12345678."})
    with app.test_request_context():
        data = personal_data("jansen@example.org")
        access = make_access_token("jansen@example.org")
    assert data["reactions"][0]["correction_of_report"].startswith("Ik ben Familie Jansen")
    assert "bel mij op 06-12345678" in client.get(f"/mijn-gegevens/{access}").text

    with app.test_request_context():
        anonymise([reaction], utcnow())
    session.commit()
    assert "Familie Jansen" not in report.correction and "06-12345678" not in report.correction
