import io
from datetime import timedelta

import sqlalchemy as sa

from consult.consultations.models import Phase
from consult.core.db import utcnow
from consult.core.i18n import AMSTERDAM, local_today
from consult.mail.models import OutboxMessage
from consult.reactions.models import Channel, Reaction, ReactionStatus
from tests.conftest import csrf_token
from tests.decisions.conftest import decide
from tests.reactions.conftest import MARKDOWN

PDF = b"%PDF-1.4\n%%EOF\n"


def post(client, url, **data):
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)}, content_type="multipart/form-data",
                       follow_redirects=True)


def paper(**overrides):
    today = utcnow().astimezone(AMSTERDAM).date()
    data = {"channel": "letter", "received_on": today.isoformat(), "received_time": "10:00", "section": "planning",
            "author_name": "Familie Jansen", "author_address": "Dorpsstraat 1, Vianen", "author_email": "jansen@example.org",
            "body": "Wij maken ons zorgen over de dagbesteding.", "co_signers": "Kees Jansen\nAnna Jansen",
            "publication": "anonymous"}
    data.update(overrides)
    return data


def test_official_enters_a_letter_with_co_signers_and_a_scan(client, login, make_user, make_consultation, session):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation)
    login(official)

    page = post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren",
                attachments=[(io.BytesIO(PDF), "brief.pdf")], **paper())

    reaction = session.scalars(sa.select(Reaction)).one()
    assert f"Reactie {reaction.reference} is opgeslagen." in page.text
    assert reaction.channel is Channel.LETTER and reaction.status is ReactionStatus.PENDING
    assert reaction.signatory_count == 3 and not reaction.is_late
    assert reaction.section.anchor == "planning"
    session.refresh(consultation)
    assert consultation.reaction_count == 1
    receipt = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "jansen@example.org")).one()
    assert reaction.reference in receipt.body_text

    queue = client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").text
    assert "3 ondertekenaars" in queue and "brief" in queue
    download = client.get(f"/beheer/bijlagen/{reaction.attachments[0].id}")
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()


def test_a_letter_after_closing_is_late_unless_posted_in_time(client, login, make_user, make_consultation, session):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-2)
    login(make_user(official_of=consultation.organisation))
    today = utcnow().astimezone(AMSTERDAM).date()

    post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren", **paper(author_email=""))
    page = post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren",
                **paper(author_email="", postmarked_on=(today - timedelta(days=4)).isoformat()))
    assert "Zij kwam te laat binnen" not in page.text
    late, in_time = session.scalars(sa.select(Reaction).order_by(Reaction.id)).all()
    assert late.is_late and not in_time.is_late


def test_residents_and_other_officials_cannot_enter_or_download(client, login, make_user, make_organisation, make_consultation, session):
    consultation = make_consultation(markdown=MARKDOWN)
    assert client.get(f"/beheer/consultaties/{consultation.slug}/reactie-invoeren").status_code == 302
    login(make_user(official_of=make_organisation()))
    assert client.get(f"/beheer/consultaties/{consultation.slug}/reactie-invoeren").status_code == 403
    assert client.get("/beheer/bijlagen/1").status_code == 404


def test_decision_is_recorded_and_mailed_once_to_everyone_who_reacted(client, login, make_user, make_consultation, session):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    login(make_user(official_of=consultation.organisation))
    for email, name in (("a@example.org", "Anna de Wit"), ("b@example.org", "Bert Bos"), ("A@example.org", "Anna de Wit"),
                        ("", "Zonder Adres")):
        post(client, f"/beheer/consultaties/{consultation.slug}/reactie-invoeren", **paper(author_email=email, author_name=name))
    session.execute(sa.delete(OutboxMessage))
    session.commit()

    page = decide(client, consultation, taken_on=local_today().isoformat())

    assert "gemaild naar 2 personen" in page.text
    mails = session.scalars(sa.select(OutboxMessage)).all()
    assert sorted(m.recipient.lower() for m in mails) == ["a@example.org", "b@example.org"]
    assert "met twee wijzigingen" in mails[0].body_text
    anna = next(m.body_text for m in mails if m.recipient.lower() == "a@example.org")
    references = sorted(session.scalars(sa.select(Reaction.reference).where(Reaction.author_name == "Anna de Wit")))
    assert anna.startswith("Beste Anna de Wit,") and "meneer, mevrouw" not in anna
    nota = f"http://consult.test/consultaties/{consultation.slug}/reactienota"
    assert f"Het antwoord op uw reacties:\n{references[0]}: {nota}#{references[0]}\n{references[1]}: {nota}#{references[1]}" in anna
    assert f"De reactienota, met het antwoord op elke reactie: {nota}" in anna
    assert client.get(f"/consultaties/{consultation.slug}/reactienota").status_code == 200  # the links open
    session.refresh(consultation)
    assert consultation.phase(utcnow()) is Phase.DECIDED
    public = client.get(f"/consultaties/{consultation.slug}").text
    assert "Besluit van" in public and "met twee wijzigingen" in public


def test_no_decision_while_the_period_is_open(client, login, make_user, make_consultation):
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    page = client.get(f"/beheer/consultaties/{consultation.slug}/besluit", follow_redirects=True)
    assert "als de reactietermijn is gesloten" in page.text


def test_the_paper_form_speaks_as_the_official_and_says_not_required_once(client, login, make_user, make_consultation):
    consultation = make_consultation(markdown=MARKDOWN)
    login(make_user(official_of=consultation.organisation))

    page = client.get(f"/beheer/consultaties/{consultation.slug}/reactie-invoeren").text

    assert "Ja, met naam publiceren" in page and "Ja, zonder naam publiceren (anoniem)" in page
    assert "mijn naam" not in page and "mijn reactie" not in page  # the official enters for someone else
    files = page.split('for="attachments"', 1)[1].split("</div>\n</div>", 1)[0]
    assert files.count("niet verplicht") == 1 and "(niet verplicht)" in files
