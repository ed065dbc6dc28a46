"""Recording the decision and telling every indiener: preview, confirmation, languages, post, sent-log."""
import csv
import io
import json
import zipfile

import docx
import sqlalchemy as sa

from consult.consultations.models import Phase
from consult.core.db import utcnow
from consult.decisions.models import DecisionNotice, NoticeWay
from consult.mail.models import OutboxMessage
from consult.privacy.dossier import write_dossier
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from consult.reports.models import Adopter, ReportStatus, ResponseReport
from tests.conftest import csrf_token, run_jobs
from tests.decisions.conftest import confirm, decide, preview


def letter(make_reaction, consultation, name="Familie Jansen", address="Dorpsstraat 1, 4131 AB Vianen", email=None,
           co_signers=""):
    return make_reaction(consultation, channel=Channel.LETTER, author_name=name, author_email=email,
                         author_address=address, co_signers=co_signers, status=ReactionStatus.APPROVED)


def mails(session):
    return session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_the_preview_sends_and_saves_nothing_and_the_confirmation_sends_in_each_language(
        client, session, decided_later, make_reaction):
    consultation = decided_later
    make_reaction(consultation, author_email="nl@example.org", locale="nl", status=ReactionStatus.APPROVED)
    english = make_reaction(consultation, author_email="en@example.org", locale="en", status=ReactionStatus.APPROVED)
    letter(make_reaction, consultation)

    page = preview(client, consultation)

    assert page.status_code == 200
    assert "Er is nog niets opgeslagen of verstuurd" in page.text
    assert "2 personen krijgen een e-mail" in page.text and "1 persoon krijgt een brief" in page.text
    assert "De e-mail in het Nederlands" in page.text and "De e-mail in het Engels" in page.text
    assert "A decision has now been taken" in page.text and "met twee wijzigingen" in page.text
    assert mails(session) == [] and session.scalars(sa.select(DecisionNotice)).all() == []
    session.refresh(consultation)
    assert consultation.phase(utcnow()) is Phase.CLOSED

    done = confirm(client, consultation, page.text)

    assert "Het besluit is vastgelegd en gemaild naar 2 personen." in done.text
    assert "1 persoon krijgt het per post" in done.text
    sent = {m.recipient: m for m in mails(session)}
    assert set(sent) == {"nl@example.org", "en@example.org"}
    assert sent["nl@example.org"].subject.startswith("Besluit over") and "Er is nu een besluit" in sent["nl@example.org"].body_text
    assert sent["en@example.org"].subject.startswith("Decision on") and "A decision has now been taken" in sent["en@example.org"].body_text
    assert f"reactienota#{english.reference}" in sent["en@example.org"].body_text
    notices = session.scalars(sa.select(DecisionNotice).order_by(DecisionNotice.id)).all()
    assert [(n.way, n.locale) for n in notices] == [(NoticeWay.EMAIL, "nl"), (NoticeWay.EMAIL, "en"), (NoticeWay.LETTER, "nl")]
    session.refresh(consultation)
    assert consultation.phase(utcnow()) is Phase.DECIDED


def test_the_nota_is_adopted_with_date_and_number_and_the_public_pages_say_so(client, session, decided_later, make_reaction):
    consultation = decided_later
    make_reaction(consultation, status=ReactionStatus.APPROVED)
    decide(client, consultation)

    record = session.scalars(sa.select(ResponseReport)).one()
    assert record.status is ReportStatus.ADOPTED
    assert (record.adopted_by, record.adopted_on.isoformat(), record.decision_number) == (Adopter.COUNCIL, "2027-01-12", "2027-014")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    said = "Vastgesteld door de gemeenteraad op 12 januari 2027, besluitnummer 2027-014."
    assert said in client.get(f"/consultaties/{consultation.slug}").text
    assert said in client.get(f"/consultaties/{consultation.slug}/reactienota").text


def test_recording_the_decision_leaves_the_published_nota_and_its_files_as_they_were(
        client, session, decided_later, make_reaction):
    consultation = decided_later
    make_reaction(consultation, body="Meer dagbesteding, graag.", status=ReactionStatus.APPROVED)
    report_page = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/publiceren", data={"csrf_token": csrf_token(report_page)})
    run_jobs()
    files = {ext: client.get(f"/consultaties/{consultation.slug}/reactienota/versie-1.{ext}").data for ext in ("pdf", "docx", "odt")}
    content_before = json.dumps(session.scalars(sa.select(ResponseReport)).one().versions[0].content, sort_keys=True)

    decide(client, consultation)

    record = session.scalars(sa.select(ResponseReport)).one()
    session.refresh(record)
    assert [v.number for v in record.versions] == [1]
    assert json.dumps(record.versions[0].content, sort_keys=True) == content_before
    for ext, data in files.items():
        assert client.get(f"/consultaties/{consultation.slug}/reactienota/versie-1.{ext}").data == data, ext
        assert client.get(f"/consultaties/{consultation.slug}/reactienota.{ext}").data == data, ext


def test_the_address_list_for_letters_is_a_semicolon_csv_without_formulas_and_a_word_table(
        client, session, decided_later, make_reaction):
    consultation = decided_later
    jansen = letter(make_reaction, consultation, co_signers="Kees Jansen, Lekdijk 2, Vianen\nAnna Jansen")
    hostile = letter(make_reaction, consultation, name='=HYPERLINK("http://evil.example","Klik")', address="@SUM(1+1)\nHoofdstraat 9\n4131 AA Vianen")
    make_reaction(consultation, author_email="web@example.org", status=ReactionStatus.APPROVED)

    decide(client, consultation)

    response = client.get(f"/beheer/consultaties/{consultation.slug}/besluit/adressen.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Kenmerk", "Naam", "Adresregel 1", "Adresregel 2", "Adresregel 3"]
    assert rows[1:] == [
        [jansen.reference, "Familie Jansen", "Dorpsstraat 1", "4131 AB Vianen", ""],
        [jansen.reference, "Kees Jansen", "Lekdijk 2", "Vianen", ""],
        [hostile.reference, '\'=HYPERLINK("http://evil.example","Klik")', "'@SUM(1+1)", "Hoofdstraat 9", "4131 AA Vianen"],
    ]  # Anna Jansen gave no address: she is counted as unreachable, not printed

    word = docx.Document(io.BytesIO(client.get(f"/beheer/consultaties/{consultation.slug}/besluit/adressen.docx").data))
    cells = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert cells[0] == ["Kenmerk", "Naam", "Adres"]
    assert cells[1] == [jansen.reference, "Familie Jansen", "Dorpsstraat 1\n4131 AB Vianen"]
    assert len(cells) == 4


def test_a_zienswijze_signed_by_more_than_five_may_go_to_the_first_five(client, session, decided_later, make_reaction):
    consultation = decided_later
    signers = "\n".join(f"Buur {n}, Straat {n}, Vianen" for n in range(1, 7))  # seven people in all
    letter(make_reaction, consultation, co_signers=signers)

    form = client.get(f"/beheer/consultaties/{consultation.slug}/besluit").text
    assert "alleen naar de eerste vijf ondertekenaars sturen" in form
    page = preview(client, consultation, first_five_only="y")
    assert "5 personen krijgen een brief" in page.text
    confirm(client, consultation, page.text)

    rows = client.get(f"/beheer/consultaties/{consultation.slug}/besluit/adressen.csv").get_data(as_text=True).splitlines()
    assert [row.split(";")[1] for row in rows[1:]] == ["Familie Jansen", "Buur 1", "Buur 2", "Buur 3", "Buur 4"]


def test_without_the_choice_everyone_who_signed_gets_a_letter(client, session, decided_later, make_reaction):
    consultation = decided_later
    letter(make_reaction, consultation, co_signers="\n".join(f"Buur {n}, Straat {n}" for n in range(1, 7)))
    assert "7 personen krijgen een brief" in preview(client, consultation).text


def test_above_250_indieners_a_kennisgeving_may_replace_the_letters(client, session, decided_later):
    consultation = decided_later
    session.add_all([Reaction(consultation=consultation, reference=f"TST-2026-{n:04d}", channel=Channel.LETTER,
                              status=ReactionStatus.APPROVED, publication=Publication.ANONYMOUS, author_name=f"Buur {n}",
                              author_address=f"Straat {n}, Vianen", body="Niet doen.", submitted_at=utcnow())
                     for n in range(1, 252)])
    session.commit()

    form = client.get(f"/beheer/consultaties/{consultation.slug}/besluit").text
    assert "Meer dan 250 personen" in form and "Het besluit zou naar 251 personen gaan." in form
    refused = preview(client, consultation, public_notice="y")
    assert refused.status_code == 400 and "Vul in waar de kennisgeving is gepubliceerd." in refused.text
    page = preview(client, consultation, public_notice="y", notice_url="https://zoek.officielebekendmakingen.nl/gmb-2027-1")
    assert "251 personen horen het via de kennisgeving in plaats van een brief" in page.text
    confirm(client, consultation, page.text)

    ways = session.scalars(sa.select(DecisionNotice.way)).all()
    assert len(ways) == 251 and set(ways) == {NoticeWay.PUBLIC_NOTICE}
    assert client.get(f"/beheer/consultaties/{consultation.slug}/besluit/adressen.csv").get_data(as_text=True).count("\n") == 1
    assert "https://zoek.officielebekendmakingen.nl/gmb-2027-1" in client.get(f"/consultaties/{consultation.slug}").text


def test_with_250_or_fewer_the_kennisgeving_is_not_offered(client, decided_later, make_reaction):
    letter(make_reaction, decided_later)
    assert "kennisgeving" not in client.get(f"/beheer/consultaties/{decided_later.slug}/besluit").text


def test_a_reaction_entered_after_the_preview_stops_the_sending(client, session, decided_later, make_reaction):
    consultation = decided_later
    make_reaction(consultation, author_email="a@example.org", status=ReactionStatus.APPROVED)
    page = preview(client, consultation)
    make_reaction(consultation, author_email="b@example.org", status=ReactionStatus.APPROVED)

    again = confirm(client, consultation, page.text)

    assert again.status_code == 409 and "De reacties zijn veranderd sinds het voorbeeld" in again.text
    assert "2 personen krijgen een e-mail" in again.text
    assert mails(session) == []
    confirm(client, consultation, again.text)
    assert len(mails(session)) == 2


def test_change_goes_back_to_the_form_with_everything_typed(client, decided_later):
    page = preview(client, decided_later)
    action = f"/beheer/consultaties/{decided_later.slug}/besluit"
    from tests.decisions.conftest import hidden_fields
    form = client.post(action, data={**hidden_fields(page.text, action), "edit": "1"})
    assert form.status_code == 200
    assert 'value="2027-014"' in form.text and "met twee wijzigingen" in form.text
    assert "Voorbeeld tonen" in form.text


def test_bad_input_is_refused_beside_the_field(client, decided_later):
    page = preview(client, decided_later, decision_number="", adopted_by="mayor", decision_url="javascript:alert(1)")
    assert page.status_code == 400
    assert "Vul het besluitnummer in." in page.text
    assert "Kies een van de mogelijkheden bij ‘Wie heeft de reactienota vastgesteld?’." in page.text
    assert "Vul een volledig webadres in" in page.text


def test_the_sent_log_is_in_the_dossier(app, client, session, decided_later, make_reaction, tmp_path):
    consultation = decided_later
    web = make_reaction(consultation, author_email="web@example.org", status=ReactionStatus.APPROVED)
    paper = letter(make_reaction, consultation)
    decide(client, consultation)

    with app.test_request_context():
        write_dossier(consultation, tmp_path / "dossier.zip")
    with zipfile.ZipFile(tmp_path / "dossier.zip") as archive:
        data = json.loads(archive.read("dossier.json"))
        rows = list(csv.reader(io.StringIO(archive.read("besluit-verzendlijst.csv").decode().lstrip("\ufeff")), delimiter=";"))
    log = data["decision_notices"]
    assert [(e["reference"], e["way"], e["recipient"], e["mail_status"]) for e in log] == [
        (web.reference, "email", "web@example.org", "queued"), (paper.reference, "letter", "Familie Jansen", None)]
    assert log[1]["address"] == "Dorpsstraat 1, 4131 AB Vianen"
    assert rows[0][:4] == ["Moment", "Kenmerk", "Ondertekenaar", "Hoe"] and len(rows) == 3


def test_no_decision_while_the_period_is_open_and_no_address_list_before_it(client, make_consultation, make_user, login):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    page = client.get(f"/beheer/consultaties/{consultation.slug}/besluit", follow_redirects=True)
    assert "als de reactietermijn is gesloten" in page.text
    assert client.get(f"/beheer/consultaties/{consultation.slug}/besluit/adressen.csv").status_code == 404


def test_another_municipality_cannot_preview_send_or_download(client, session, decided_later, make_user, make_organisation, login):
    login(make_user(official_of=make_organisation()))
    slug = decided_later.slug
    assert client.get(f"/beheer/consultaties/{slug}/besluit").status_code == 403
    assert client.post(f"/beheer/consultaties/{slug}/besluit/versturen", data={}).status_code in (400, 403)
    assert client.get(f"/beheer/consultaties/{slug}/besluit/adressen.csv").status_code == 403
    assert mails(session) == []


def test_a_person_sees_in_their_own_data_how_they_were_told(app, client, session, decided_later, make_reaction):
    from consult.privacy.services import personal_data

    make_reaction(decided_later, author_email="web@example.org", status=ReactionStatus.APPROVED)
    decide(client, decided_later)
    with app.test_request_context():
        data = personal_data("web@example.org")
    assert [(t["how"], t["signatory"]) for t in data["reactions"][0]["told_about_the_decision"]] == [("email", 0)]


def test_the_dossier_holds_the_nota_status(app, client, session, decided_later, make_reaction, tmp_path):
    make_reaction(decided_later, status=ReactionStatus.APPROVED)
    decide(client, decided_later)
    with app.test_request_context():
        write_dossier(decided_later, tmp_path / "dossier.zip")
    with zipfile.ZipFile(tmp_path / "dossier.zip") as archive:
        nota = json.loads(archive.read("dossier.json"))["consultation"]["nota"]
    assert nota == {"status": "adopted", "adopted_by": "council", "adopted_on": "2027-01-12", "decision_number": "2027-014",
                    "adopted_by_body": ""}


def test_a_second_send_of_the_same_confirmation_sends_nothing_more(client, session, decided_later, make_reaction):
    make_reaction(decided_later, author_email="web@example.org", status=ReactionStatus.APPROVED)
    page = preview(client, decided_later)
    confirm(client, decided_later, page.text)
    again = confirm(client, decided_later, page.text)  # a double click, or the back button
    assert "Het besluit is al vastgelegd." in again.text
    assert len(mails(session)) == 1 and len(session.scalars(sa.select(DecisionNotice)).all()) == 1


def test_a_reaction_without_a_language_of_its_own_is_mailed_in_its_account_s_language(
        client, session, decided_later, make_reaction, make_user):
    partner = make_user(email="partner@example.org")
    partner.locale = "en"
    session.commit()
    make_reaction(decided_later, author_email="partner@example.org", user_id=partner.id, status=ReactionStatus.APPROVED)
    make_reaction(decided_later, author_email="paper@example.org", channel=Channel.LETTER, status=ReactionStatus.APPROVED)
    decide(client, decided_later)
    sent = {m.recipient: m.subject for m in mails(session)}
    assert sent["partner@example.org"].startswith("Decision on") and sent["paper@example.org"].startswith("Besluit over")


def test_a_decision_without_any_reaction_is_recorded_and_tells_nobody(client, session, decided_later):
    done = decide(client, decided_later)
    assert "Het besluit is vastgelegd en gemaild naar 0 personen." in done.text
    session.refresh(decided_later)
    assert decided_later.phase(utcnow()) is Phase.DECIDED and mails(session) == []


def test_a_version_published_after_the_decision_carries_the_vaststelling_in_its_files(
        client, session, decided_later, make_reaction):
    consultation = decided_later
    make_reaction(consultation, status=ReactionStatus.APPROVED)
    page = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/publiceren", data={"csrf_token": csrf_token(page)})
    run_jobs()
    first = client.get(f"/consultaties/{consultation.slug}/reactienota/versie-1.docx").data
    decide(client, consultation)

    page = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    client.post(f"/beheer/consultaties/{consultation.slug}/reactienota/publiceren",
                data={"csrf_token": csrf_token(page), "note": "Vastgestelde versie."})
    run_jobs()

    said = "Vastgesteld door de gemeenteraad op 12 januari 2027, besluitnummer 2027-014."
    second = docx.Document(io.BytesIO(client.get(f"/consultaties/{consultation.slug}/reactienota/versie-2.docx").data))
    assert said in [p.text for p in second.paragraphs]
    assert client.get(f"/consultaties/{consultation.slug}/reactienota/versie-1.docx").data == first
    assert said not in [p.text for p in docx.Document(io.BytesIO(first)).paragraphs]
    assert client.get(f"/consultaties/{consultation.slug}/reactienota").text.count(said) == 1


def test_a_paper_reaction_marked_english_gets_its_mails_in_english(client, session, decided_later):
    """The official enters the sender's language with a letter; receipt and decision go out in it."""
    from tests.moderation.test_paper_and_decision import paper, post

    consultation = decided_later
    entered = post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren",
                   **paper(author_email="letter@example.org", language="en"))
    assert entered.status_code == 200
    dutch = post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren",
                 **paper(author_email="brief@example.org", author_name="Familie de Vries"))
    assert dutch.status_code == 200
    assert session.scalars(sa.select(Reaction.locale).order_by(Reaction.id)).all() == ["en", "nl"]
    receipt = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "letter@example.org")).one()
    assert receipt.subject.startswith("Receipt of your response")

    decide(client, consultation)

    sent = {m.recipient: m for m in mails(session) if "besluit" in m.subject.lower() or "decision" in m.subject.lower()}
    assert sent["letter@example.org"].subject.startswith("Decision on")
    assert "A decision has now been taken" in sent["letter@example.org"].body_text
    assert sent["brief@example.org"].subject.startswith("Besluit over")
