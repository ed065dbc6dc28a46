"""A published reactienota is a public record: it stays as published until an official publishes a
new, numbered version (issue "Nothing private goes public": a letter entered after publication
changed the public nota, "Nog niet beantwoord" 320 → 323)."""
import io
import json
import re

import docx
import pypdf
import sqlalchemy as sa
from babel.dates import format_datetime

from consult.audit.models import AuditEvent
from consult.consultations.models import State
from consult.core.i18n import AMSTERDAM
from consult.mail.models import OutboxMessage
from consult.reactions.models import Reaction, ReactionStatus
from consult.reports.models import ResponseReportVersion
from tests.conftest import csrf_token, run_jobs
from tests.moderation.test_paper_and_decision import paper, post
from tests.reactions.conftest import MARKDOWN
from tests.workbench.test_answers_and_report import closed_consultation_with_reactions

FORMATS = ("pdf", "docx", "odt")


def nota(html: str) -> str:
    """The nota on the public page: from its heading to the end of the main content."""
    return html[html.index("<h1"):html.index("</main>")]


def public_copy(client, slug: str, path: str = "reactienota") -> dict:
    copy = {"html": nota(client.get(f"/consultaties/{slug}/{path}").text)}
    for extension in FORMATS:
        response = client.get(f"/consultaties/{slug}/{path}.{extension}")
        assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
        copy[extension] = response.data
    return copy


def publish(client, slug: str, note: str | None = None, follow_redirects: bool = False):
    """Press "publish" on the draft page and let the worker publish; with ``follow_redirects`` the page
    the official comes back to after the publication."""
    page = client.get(f"/beheer/consultaties/{slug}/reactienota").text
    data = {"csrf_token": csrf_token(page)} | ({"note": note} if note is not None else {})
    response = client.post(f"/beheer/consultaties/{slug}/reactienota/publiceren", data=data)
    run_jobs()
    return client.get(response.location) if follow_redirects and response.status_code == 302 else response


def shown_as(session, version: ResponseReportVersion) -> str:
    session.refresh(version)
    return format_datetime(version.published_at.astimezone(AMSTERDAM), "d MMMM y, HH.mm 'uur'", locale="nl")


def test_a_letter_entered_after_publication_does_not_change_the_public_nota(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug
    consultation.reference_prefix = "BRF"  # the letter's kenmerk, apart from the fixtures' TST ones
    session.commit()
    publish(client, slug)
    published = public_copy(client, slug)
    assert "Versie 1, gepubliceerd op" in published["html"]
    assert published["html"].count("Nog niet beantwoord.") == 5

    page = post(client, f"/beheer/consultaties/{slug}/reactie-invoeren",
                **paper(body="Een brief die na de publicatie binnenkwam."))
    letter = session.scalars(sa.select(Reaction).where(Reaction.body.contains("na de publicatie"))).one()
    assert f"Reactie {letter.reference} is opgeslagen." in page.text

    assert public_copy(client, slug) == published  # the page and every file, byte for byte
    assert letter.reference not in published["html"]
    pdf = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(published["pdf"])).pages)
    assert "na de publicatie" not in pdf and "5 reacties" in pdf

    draft = client.get(f"/beheer/consultaties/{slug}/reactienota").text
    assert "Concept, nog niet gepubliceerd." in draft
    assert "Veranderd sinds versie 1:" in draft
    assert "Reacties: 5 → 6" in draft and "Reacties of deelpunten zonder antwoord: 5 → 6" in draft
    assert f"Nieuw in de nota (1): {letter.reference}" in draft
    assert letter.reference in draft  # the preview is the live draft (the letter's text is not to be published)


def test_publishing_version_2_shows_the_new_letter_and_keeps_version_1(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug
    publish(client, slug)
    version_1 = public_copy(client, slug)
    letter = make_reaction(consultation, body="Een late brief over de wijkteams.", author_name="Bea Laat",
                           author_email="bea@example.org", status=ReactionStatus.APPROVED)
    mails_before = session.scalar(sa.select(sa.func.count(OutboxMessage.id)))

    refused = publish(client, slug, note="")
    assert refused.status_code == 422 and "Schrijf op wat er is veranderd." in refused.text
    assert session.scalar(sa.select(sa.func.count(ResponseReportVersion.id))) == 1

    done = publish(client, slug, note="Een late brief toegevoegd.", follow_redirects=True)
    assert "Versie 2 van de reactienota is gepubliceerd. 1 persoon krijgt een e-mail met het antwoord." in done.text
    first, second = session.scalars(sa.select(ResponseReportVersion).order_by(ResponseReportVersion.number)).all()
    public = client.get(f"/consultaties/{slug}/reactienota").text
    assert f"Versie 2, gepubliceerd op {shown_as(session, second)}" in public
    assert letter.reference in public and "Een late brief over de wijkteams." in public
    assert "Een late brief toegevoegd." in public  # what changed, for the readers
    assert f'href="/consultaties/{slug}/reactienota/versie-1"' in public
    assert f"Versie 1, gepubliceerd op {shown_as(session, first)}" in public
    assert f'href="/consultaties/{slug}/reactienota/versie-1.pdf"' in public

    # Only the author of the new letter is mailed about version 2.
    new_mail = session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id).offset(mails_before)).all()
    assert [m.recipient for m in new_mail] == ["bea@example.org"]
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "report_published")
                            .order_by(AuditEvent.id.desc())).first()
    assert event.details == {"version": 2, "note": "Een late brief toegevoegd.", "mails": 1}

    # Version 1 stays readable and every file of it stays the file that was published.
    old = public_copy(client, slug, "reactienota/versie-1")
    assert "Dit is een eerdere versie." in old["html"] and letter.reference not in old["html"]
    for extension in FORMATS:
        assert old[extension] == version_1[extension]
    word = [p.text for p in docx.Document(io.BytesIO(public_copy(client, slug)["docx"])).paragraphs]
    assert any("Een late brief over de wijkteams." in p for p in word)
    assert client.get(f"/consultaties/{slug}/reactienota/versie-3").status_code == 404


def test_a_nota_published_before_versions_existed_is_frozen_when_first_read(client, session, make_consultation, make_reaction):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-10)
    make_reaction(consultation, body="Meer buurtcoaches graag.", status=ReactionStatus.APPROVED)
    consultation.state = State.PROCESSED
    session.commit()

    first = public_copy(client, consultation.slug)
    assert "Meer buurtcoaches graag." in first["html"] and "Versie 1, gepubliceerd op" in first["html"]
    make_reaction(consultation, body="Nog een reactie.", status=ReactionStatus.APPROVED)
    assert public_copy(client, consultation.slug) == first
    assert session.scalar(sa.select(sa.func.count(ResponseReportVersion.id))) == 1


def test_the_public_nota_is_not_there_before_publication(client, session, make_consultation, make_user, login, make_reaction):
    consultation, *_ = closed_consultation_with_reactions(make_consultation, make_user, login, make_reaction, session)
    # The official is sent to the draft; the public sees nothing.
    assert client.get(f"/consultaties/{consultation.slug}/reactienota").headers["Location"].endswith(
        f"/beheer/consultaties/{consultation.slug}/reactienota")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/").text)})
    for path in ("reactienota", "reactienota.odt", "reactienota/versie-1", "reactienota/versie-1.docx"):
        assert client.get(f"/consultaties/{consultation.slug}/{path}").status_code == 404


def test_a_frozen_version_holds_only_what_the_nota_showed(client, session, make_consultation, make_user, login, make_reaction):
    consultation, campaign, letter, private = closed_consultation_with_reactions(
        make_consultation, make_user, login, make_reaction, session)
    publish(client, consultation.slug)
    version = session.scalars(sa.select(ResponseReportVersion)).one()
    frozen = json.dumps([version.content, version.summary], ensure_ascii=False)
    for reaction in [*campaign, letter, private]:
        assert reaction.author_email not in frozen
    for name in ("Henk Geheim", "Jan Smit", "Piet Bos", "Anna Vos", "Karin de Wit"):
        assert name not in frozen
    assert "Adviesraad Sociaal Domein" in frozen and re.search(r"Inwoner \d", frozen)


def test_personal_data_removed_after_publication_can_be_taken_out_of_every_version(client, session, make_consultation, make_user, login, make_reaction):
    consultation, campaign, letter, private = closed_consultation_with_reactions(
        make_consultation, make_user, login, make_reaction, session)
    slug = consultation.slug
    private.body = "Zorg voor meer mantelzorgondersteuning. Mijn buurman Kees de Bruin helpt mij."
    session.commit()
    publish(client, slug)
    make_reaction(consultation, body="Een late brief.", status=ReactionStatus.APPROVED)
    publish(client, slug, note="Een late brief toegevoegd.")
    assert "Kees de Bruin" in client.get(f"/consultaties/{slug}/reactienota/versie-1").text
    files_before = public_copy(client, slug, "reactienota/versie-2")

    page = client.get(f"/beheer/reacties/{private.id}").text
    client.post(f"/beheer/reacties/{private.id}/redigeren", data={
        "csrf_token": csrf_token(page), "public_body": "Zorg voor meer mantelzorgondersteuning. Mijn buurman [verwijderd] helpt mij."})
    draft = client.get(f"/beheer/consultaties/{slug}/reactienota").text
    assert "Teksten veranderd na publicatie" in draft
    assert f"Versie 1: {private.reference}" in draft and f"Versie 2: {private.reference}" in draft
    assert "Kees de Bruin" in client.get(f"/consultaties/{slug}/reactienota").text  # nothing changes by itself

    refused = client.post(f"/beheer/consultaties/{slug}/reactienota/corrigeren",
                          data={"csrf_token": csrf_token(draft), "correction_note": ""})
    assert refused.status_code == 422 and "Schrijf op waarom de teksten worden aangepast." in refused.text
    done = client.post(f"/beheer/consultaties/{slug}/reactienota/corrigeren", follow_redirects=True,
                       data={"csrf_token": csrf_token(draft), "correction_note": "Een telefoonnummer verwijderd."})
    assert "2 gepubliceerde versies zijn aangepast." in done.text
    assert "Teksten veranderd na publicatie" not in done.text

    for path in ("reactienota/versie-1", "reactienota/versie-2"):
        corrected = public_copy(client, slug, path)
        assert "Kees de Bruin" not in corrected["html"] and "Mijn buurman [verwijderd] helpt mij." in corrected["html"]
        assert "Aangepast op" in corrected["html"] and "Een telefoonnummer verwijderd." in corrected["html"]
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(corrected["pdf"])).pages)
        assert "Kees de Bruin" not in text and "Mijn buurman [verwijderd] helpt mij." in text
    assert public_copy(client, slug, "reactienota/versie-2")["docx"] != files_before["docx"]
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "report_versions_corrected")).one()
    assert event.details["corrected"] == {"1": [private.reference], "2": [private.reference]}


def test_the_privacy_purge_leaves_published_versions_as_they_are(app, client, session, make_consultation, make_user, login, make_reaction):
    from tests.privacy.test_purge import LETTER, decided, purge

    old = decided(make_consultation, days_ago=400)
    make_reaction(old, body=LETTER, author_name="Iris de Boer", author_email="iris@voorbeeld.nl", status=ReactionStatus.APPROVED)
    make_reaction(old, body="Namens de adviesraad: meer aandacht voor jongeren. Karin de Wit", author_name="Karin de Wit",
                  organisation_name="Adviesraad Vijfheerenlanden", status=ReactionStatus.APPROVED)
    session.commit()
    published = public_copy(client, old.slug)
    assert "Iris de Boer" not in published["html"]

    assert "2 reactions anonymised" in purge(app)

    # What the purge removes was never in the nota, so the versions need no change and none is offered.
    assert public_copy(client, old.slug) == published
    login(make_user(official_of=old.organisation))
    assert "Teksten veranderd na publicatie" not in client.get(f"/beheer/consultaties/{old.slug}/reactienota").text


def test_the_draft_of_a_nota_published_before_versions_existed_is_compared_with_it(client, session, make_consultation, make_user, login, make_reaction):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-10)
    make_reaction(consultation, body="Meer buurtcoaches graag.", status=ReactionStatus.APPROVED)
    consultation.state = State.PROCESSED
    session.commit()
    login(make_user(official_of=consultation.organisation))

    draft = client.get(f"/beheer/consultaties/{consultation.slug}/reactienota").text
    assert "Nu openbaar: versie 1" in draft and "Het concept zegt hetzelfde als versie 1." in draft
    assert "Publiceer als versie 2" in draft
