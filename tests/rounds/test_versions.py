"""Version after version: what changed since the version an organisation commented on, the answers it
may read, submitted comments changed with every version kept, and answers sent to the organisation."""
from datetime import timedelta

import sqlalchemy as sa

from consult.answers.models import Outcome
from consult.answers.services import answer as give_answer
from consult.core.db import utcnow
from consult.core.i18n import local_today
from consult.demo.data import AGENDA_VERSION_2, DOCUMENTS
from consult.documents.diff import Segment, diff_versions, paragraph_diff, paragraphs, word_diff
from consult.documents.models import Document
from consult.documents.services import add_version_from_markdown
from consult.extensions import db
from consult.rounds.models import CommentVersion
from consult.rounds.services import add_draft_comment, submit_draft
from tests.conftest import csrf_token
from tests.rounds.conftest import MARKDOWN
from tests.rounds.test_views import mails_to, round_url

VERSION_2 = MARKDOWN.replace("Genoeg woningen voor iedereen.", "Genoeg betaalbare woningen voor iedereen.").replace(
    "# Jeugd\n\nHulp dichtbij.", "# Zorg\n\nZorg in de wijk.")




# The comparison as a plain function ------------------------------------------------------------------

def test_words_that_went_and_came_are_marked_and_the_rest_stays():
    assert word_diff("Genoeg woningen voor iedereen.", "Genoeg betaalbare woningen voor iedereen.") == [
        Segment("same", "Genoeg "), Segment("added", "betaalbare "), Segment("same", "woningen voor iedereen.")]
    assert word_diff("de reguliere uitvoering", "de uitvoering") == [
        Segment("same", "de "), Segment("removed", "reguliere "), Segment("same", "uitvoering")]


def test_paragraphs_are_read_from_the_cleaned_html_with_entities_decoded():
    assert paragraphs("<p>Eén &amp; twee</p><ul><li>drie</li><li>vier <strong>vijf</strong></li></ul>") == [
        "Eén & twee", "drie", "vier vijf"]
    assert paragraph_diff(["a", "b"], ["a", "b", "c"]) == [
        [Segment("same", "a")], [Segment("same", "b")], [Segment("added", "c")]]


def test_the_demo_agenda_second_version_shows_two_changed_sections(session, make_organisation):
    from consult.documents.models import DocumentKind

    owner = make_organisation(name="Regio")
    text = (DOCUMENTS / "strategische-agenda.md").read_text(encoding="utf-8")
    changed = text
    for before, after in AGENDA_VERSION_2:
        changed = changed.replace(before, after)
    document = Document(organisation=owner, title="Strategische agenda", kind=DocumentKind.STRATEGIC_AGENDA)
    session.add(document)
    add_version_from_markdown(document, text)
    add_version_from_markdown(document, changed)
    session.flush()
    first, second = document.versions
    changes = diff_versions(first, second)
    assert [(d.label, d.change) for d in changes] == [
        ("2.4 Samenwerking en overleg met partners", "changed"), ("3 Hoe stuurt het BOSD hierop?", "changed")]
    partners, bosd = changes
    added = [s.text for p in partners.paragraphs for s in p if s.kind == "added"]
    assert added == ["Zorgaanbieders, woningcorporaties, cliënten en hun vertegenwoordigers, welzijnsorganisaties "
                     "en participatieraden denken vanaf het begin mee over de uitwerking."]
    kinds = {(s.kind, s.text) for p in bosd.paragraphs for s in p if s.kind != "same"}
    assert ("removed", "reguliere ") in kinds
    assert ("added", "Eén keer per jaar horen de partners in een werkatelier wat er met hun inbreng is gedaan.") in kinds


def test_a_new_section_and_a_removed_one_are_whole_and_in_document_order(session, round_world):
    document = round_world.consultation.document_version.document
    add_version_from_markdown(document, VERSION_2)
    session.flush()
    first, second = document.versions
    assert [(d.anchor, d.change) for d in diff_versions(first, second)] == [
        ("wonen", "changed"), ("jeugd", "removed"), ("zorg", "added")]


# Through HTTP --------------------------------------------------------------------------------------

def submit(client, organisation_invitation, user, body, section=None):
    with client.application.test_request_context():  # the receipt links to the round
        add_draft_comment(organisation_invitation, user, section, "", body, utcnow())
        reactions = submit_draft(organisation_invitation, user, utcnow())
    db.session.commit()
    return reactions


def test_partners_see_what_changed_since_their_version_as_marked_words(client, login, round_world, session):
    wonen = {s.anchor: s for s in round_world.consultation.document_version.sections}["wonen"]
    submit(client, round_world.invitation_x, round_world.users["partner_x"], "Te weinig <b>woningen</b>.", wonen)
    login(round_world.users["partner_x"])
    assert "Wat is er veranderd" not in client.get(round_url(round_world, round_world.x)).text
    assert client.get(round_url(round_world, round_world.x, "/wijzigingen")).status_code == 404  # nothing to compare yet
    add_version_from_markdown(round_world.consultation.document_version.document, VERSION_2)
    session.commit()
    page = client.get(round_url(round_world, round_world.x))
    assert "Wat is er veranderd sinds versie 1" in page.text
    assert "/wijzigingen" in client.get("/mijn-organisatie").text
    changes = client.get(round_url(round_world, round_world.x, "/wijzigingen"))
    assert changes.status_code == 200
    assert ('<ins class="consult-diff__added"><span class="consult-visually-hidden">[toegevoegd: </span>betaalbare '
            '<span class="consult-visually-hidden">]</span></ins>') in changes.text
    assert "Verwijderd onderdeel" in changes.text and "Nieuw onderdeel" in changes.text
    # Their own comment is listed, escaped; no answer yet.
    assert "Te weinig &lt;b&gt;woningen&lt;/b&gt;." in changes.text
    assert "Nog geen antwoord" in changes.text


def test_an_answer_shows_to_the_organisation_only_once_sent_and_never_to_another(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Meer woningen.")
    answer = give_answer(round_world.consultation, "We bouwen 200 woningen extra.", Outcome.ADOPTED, None,
                         [reaction], [], round_world.users["official_a"])
    session.commit()
    login(round_world.users["partner_x"])
    assert "We bouwen 200 woningen extra." not in client.get(round_url(round_world, round_world.x)).text

    english = round_world.users["colleague_x"]
    english.locale = "en"
    session.commit()
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/antwoorden/{answer.id}")
    assert "Stuur het antwoord naar de organisaties" in page.text
    response = client.post(f"/beheer/antwoorden/{answer.id}/versturen", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    session.refresh(answer)
    assert answer.sent_at is not None
    dutch, = mails_to(session, round_world.users["partner_x"].email)[-1:]
    assert dutch.subject == "De gemeente heeft Zorg X geantwoord op Feedbackronde agenda"
    assert "We bouwen 200 woningen extra." in dutch.body_text
    # (the colleague also heard, at once, that the shared draft changed: that mail is older)
    mail = mails_to(session, english.email)[-1]
    assert mail.subject == "The municipality answered Zorg X on Feedbackronde agenda"
    assert mails_to(session, round_world.users["partner_y"].email) == []

    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/beheer/").text)})
    login(round_world.users["partner_x"])
    assert "We bouwen 200 woningen extra." in client.get(round_url(round_world, round_world.x)).text
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_y"])
    assert "We bouwen 200 woningen extra." not in client.get(round_url(round_world, round_world.y)).text
    assert client.get(round_url(round_world, round_world.x)).status_code == 404


def test_an_official_of_another_municipality_cannot_send_the_answer(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Meer woningen.")
    answer = give_answer(round_world.consultation, "Antwoord.", Outcome.NOTED, None, [reaction], [],
                         round_world.users["official_a"])
    session.commit()
    login(round_world.users["official_b"])
    token = csrf_token(client.get("/mijn-organisatie").text)
    assert client.post(f"/beheer/antwoorden/{answer.id}/versturen", data={"csrf_token": token}).status_code == 403
    session.refresh(answer)
    assert answer.sent_at is None


def change(client, world, organisation, reaction, body, quote=""):
    url = round_url(world, organisation, f"/ingediend/{reaction.id}")
    page = client.get(url)
    return client.post(url, data={"section": "", "quote": quote, "body": body, "csrf_token": csrf_token(page.text)})


def test_a_colleague_changes_a_submitted_comment_and_every_version_is_kept(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Eerste tekst.")
    reaction.approve(round_world.users["official_a"].id, utcnow())
    session.commit()
    login(round_world.users["colleague_x"])
    assert "Wijzig ingediende opmerking" in client.get(round_url(round_world, round_world.x)).text
    assert change(client, round_world, round_world.x, reaction, "Tweede tekst.").status_code == 302
    assert change(client, round_world, round_world.x, reaction, "Derde tekst.", quote="Hulp dichtbij.").status_code == 302
    session.refresh(reaction)
    assert (reaction.body, reaction.quote) == ("Derde tekst.", "Hulp dichtbij.")
    assert reaction.status.value == "pending"  # a changed text is moderated again
    versions = list(session.scalars(sa.select(CommentVersion).where(CommentVersion.reaction_id == reaction.id)
                                    .order_by(CommentVersion.number)))
    assert [(v.number, v.body, v.written_by_id) for v in versions] == [
        (1, "Eerste tekst.", round_world.users["partner_x"].id), (2, "Tweede tekst.", round_world.users["colleague_x"].id),
        (3, "Derde tekst.", round_world.users["colleague_x"].id)]
    # The official sees the history in the workbench.
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    page = client.get(f"/beheer/reacties/{reaction.id}")
    assert "Versies van deze opmerking" in page.text
    assert "Eerste tekst." in page.text and "Versie 2, door Kees van X" in page.text


def test_the_round_page_shows_who_changed_a_comment_last_and_the_editor_gets_a_receipt(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Eerste tekst.")
    round_world.users["colleague_x"].locale = "en"
    session.commit()
    login(round_world.users["colleague_x"])
    assert change(client, round_world, round_world.x, reaction, "Second text.").status_code == 302
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_x"])
    card = client.get(round_url(round_world, round_world.x)).text.split(f'id="ingediend-{reaction.id}"', 1)[1].split("</article>", 1)[0]
    assert "Ingediend door Sanne van X" in card and "Het laatst gewijzigd door Kees van X op" in card
    receipt, = [m for m in mails_to(session, "kees@example.org") if reaction.reference in m.subject]
    assert receipt.subject == f"Receipt of your change to {reaction.reference} on Feedbackronde agenda"
    assert "Second text." in receipt.body_text and "keeps the earlier text" in receipt.body_text
    assert f"Reference: {reaction.reference}" in receipt.body_text
    told, = [m for m in mails_to(session, "sanne@example.org") if "ingediende opmerking" in m.subject]
    assert told.subject == f"Kees van X heeft de ingediende opmerking {reaction.reference} van Zorg X gewijzigd"
    # Sanne changes it again: the page names her now, and she gets her receipt in Dutch.
    assert change(client, round_world, round_world.x, reaction, "Derde tekst.").status_code == 302
    card = client.get(round_url(round_world, round_world.x)).text.split(f'id="ingediend-{reaction.id}"', 1)[1].split("</article>", 1)[0]
    assert "Het laatst gewijzigd door Sanne van X op" in card and "Kees van X" not in card
    mine, = [m for m in mails_to(session, "sanne@example.org") if m.subject.startswith("Ontvangstbevestiging van uw wijziging")]
    assert reaction.reference in mine.subject and "bewaart ook de eerdere tekst" in mine.body_text


def test_an_empty_change_keeps_every_typed_character_and_another_organisation_gets_404(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Eerste tekst.")
    login(round_world.users["partner_x"])
    response = change(client, round_world, round_world.x, reaction, "", quote="Mijn <passage> ✓")
    assert response.status_code == 400
    assert "Schrijf uw opmerking." in response.text and "Mijn &lt;passage&gt; ✓" in response.text
    client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["partner_y"])
    # Y's own round page, with X's comment number: nothing there.
    assert client.get(round_url(round_world, round_world.y, f"/ingediend/{reaction.id}")).status_code == 404


def test_after_the_deadline_a_submitted_comment_cannot_change(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Eerste tekst.")
    login(round_world.users["partner_x"])
    page = client.get(round_url(round_world, round_world.x, f"/ingediend/{reaction.id}"))
    round_world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    response = client.post(round_url(round_world, round_world.x, f"/ingediend/{reaction.id}"),
                           data={"section": "", "quote": "", "body": "Te laat", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    session.refresh(reaction)
    assert reaction.body == "Eerste tekst."
    assert session.scalar(sa.select(sa.func.count()).select_from(CommentVersion)) == 0


def test_changing_a_submitted_comment_and_sending_answers_are_rate_limited(client, login, round_world, session):
    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Eerste tekst.")
    answer = give_answer(round_world.consultation, "Antwoord.", Outcome.NOTED, None, [], [], round_world.users["official_a"])
    session.commit()
    login(round_world.users["partner_x"])
    token = csrf_token(client.get(round_url(round_world, round_world.x)).text)
    codes = [client.post(round_url(round_world, round_world.x, f"/ingediend/{reaction.id}"),
                         data={"body": "", "csrf_token": token}).status_code for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]
    client.post("/uitloggen", data={"csrf_token": token})
    login(round_world.users["official_a"])
    token = csrf_token(client.get(f"/beheer/antwoorden/{answer.id}").text)
    codes = [client.post(f"/beheer/antwoorden/{answer.id}/versturen", data={"csrf_token": token}).status_code
             for _ in range(61)]
    assert codes[-1] == 429 and 429 not in codes[:60]


# The next round on the next version -----------------------------------------------------------------

def next_round_data(page_text, **changes):
    return {"kind": "partner_round", "title": "Feedbackronde agenda – versie 2", "reference_prefix": "FBT",
            "summary": "Wat vindt u van versie 2?", "procedure": "informal", "opens_on": local_today().isoformat(),
            "opens_time": "09:00", "closes_on": (utcnow() + timedelta(days=21)).date().isoformat(), "closes_time": "17:00",
            "contact_name": "Anna Ambtenaar", "csrf_token": csrf_token(page_text), **changes}


def test_the_official_starts_the_next_round_and_invites_the_same_organisations(client, login, round_world, session):
    from consult.consultations.models import Consultation, ConsultationKind, State
    from consult.rounds.models import FeedbackRound, RoundInvitation

    reaction, = submit(client, round_world.invitation_x, round_world.users["partner_x"], "Over versie 1.")
    answer = give_answer(round_world.consultation, "Aangepast in versie 2.", Outcome.ADOPTED, None, [reaction], [],
                         round_world.users["official_a"])
    answer.sent_at = utcnow()
    round_world.round.partners_see_each_other = True
    slug = round_world.consultation.slug
    session.commit()
    login(round_world.users["official_a"])
    assert client.get(f"/beheer/consultaties/{slug}/volgende-versie").status_code == 404  # no version 2 yet
    add_version_from_markdown(round_world.consultation.document_version.document, VERSION_2)
    session.commit()
    assert "Start een ronde of ter inzage op versie 2" in client.get(f"/beheer/consultaties/{slug}").text
    form = client.get(f"/beheer/consultaties/{slug}/volgende-versie")
    assert form.status_code == 200 and "Feedbackronde agenda – versie 2" in form.text
    refused = client.post(f"/beheer/consultaties/{slug}/volgende-versie", data=next_round_data(form.text, reference_prefix=""))
    assert refused.status_code == 400 and "Feedbackronde agenda – versie 2" in refused.text
    response = client.post(f"/beheer/consultaties/{slug}/volgende-versie", data=next_round_data(form.text))
    assert response.status_code == 302
    new = session.scalar(sa.select(Consultation).where(Consultation.reference_prefix == "FBT"))
    assert (new.kind, new.state, new.document_version.number) == (ConsultationKind.PARTNER_ROUND, State.DRAFT, 2)
    new_round = session.scalar(sa.select(FeedbackRound).where(FeedbackRound.consultation_id == new.id))
    assert new_round.partners_see_each_other
    assert response.headers["Location"].endswith(f"/beheer/consultaties/{new.slug}/ronde#uitnodigen")

    manage = client.get(f"/beheer/consultaties/{new.slug}/ronde")
    assert "Dezelfde organisaties als een eerdere ronde" in manage.text
    client.post(f"/beheer/consultaties/{new.slug}/ronde/uitnodigen",
                data={"same_as": str(round_world.round.id), "csrf_token": csrf_token(manage.text)})
    invited = set(session.scalars(sa.select(RoundInvitation.organisation_id).where(RoundInvitation.round_id == new_round.id)))
    assert invited == {round_world.x.id, round_world.y.id}
    def invited_to_new():
        return [m for m in mails_to(session, round_world.users["partner_x"].email)
                if m.subject.startswith("Zorg X is uitgenodigd") and new.title in m.subject]
    assert invited_to_new() == []  # the new round is a concept: its invitations go out at publication
    manage_new = client.get(f"/beheer/consultaties/{new.slug}")
    client.post(f"/beheer/consultaties/{new.slug}/publiceren", data={"csrf_token": csrf_token(manage_new.text), "term": "move"})
    session.refresh(new)
    assert new.state is State.PUBLISHED and len(invited_to_new()) == 1

    # In the new round, X sees what changed since version 1 and the answer to its comment on it.
    client.post("/uitloggen", data={"csrf_token": csrf_token(manage.text)})
    login(round_world.users["partner_x"])
    page = client.get(f"/rondes/{new.slug}/{round_world.x.slug}")
    assert "Deze ronde gaat over versie 2" in page.text
    changes = client.get(f"/rondes/{new.slug}/{round_world.x.slug}/wijzigingen")
    assert "Over versie 1." in changes.text and "Aangepast in versie 2." in changes.text
    # Y submitted nothing on version 1: nothing to compare in the new round.
    client.post("/uitloggen", data={"csrf_token": csrf_token(page.text)})
    login(round_world.users["partner_y"])
    assert "Wat is er veranderd" not in client.get(f"/rondes/{new.slug}/{round_world.y.slug}").text


def test_a_ter_inzage_on_the_next_version_and_who_may_start_one(client, login, round_world, session):
    from consult.consultations.models import Audience, Consultation, ConsultationKind

    add_version_from_markdown(round_world.consultation.document_version.document, VERSION_2)
    session.commit()
    slug = round_world.consultation.slug
    for outsider in ("official_b", "partner_x"):
        login(round_world.users[outsider])
        assert client.get(f"/beheer/consultaties/{slug}/volgende-versie").status_code == 404  # invite-only round
        client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    login(round_world.users["official_a"])
    form = client.get(f"/beheer/consultaties/{slug}/volgende-versie")
    assert 'name="legal_basis"' in form.text  # a ter-inzage can come of it: the kennisgeving's fields are there
    response = client.post(f"/beheer/consultaties/{slug}/volgende-versie",
                           data=next_round_data(form.text, kind="public_inspection", reference_prefix="TIZ",
                                                legal_basis="artikel 3 van de Inspraakverordening"))
    assert response.status_code == 302
    new = session.scalar(sa.select(Consultation).where(Consultation.reference_prefix == "TIZ"))
    assert (new.kind, new.audience, new.document_version.number) == (ConsultationKind.PUBLIC_INSPECTION, Audience.PUBLIC, 2)
    assert new.legal_basis == "artikel 3 van de Inspraakverordening"
    taken = client.post(f"/beheer/consultaties/{slug}/volgende-versie", data=next_round_data(form.text, reference_prefix="TIZ"))
    assert taken.status_code == 400 and "Een andere consultatie gebruikt deze letters al." in taken.text


def test_a_huge_paragraph_is_shown_removed_and_added_whole_and_layout_changes_say_so():
    from consult.documents.diff import MAX_WORD_PAIRS, SectionDiff
    from consult.documents.models import DocumentVersion, Section

    many = int(MAX_WORD_PAIRS ** 0.5) + 1
    old, new = "woord " * many, "ander " * many
    assert word_diff(old, new) == [Segment("removed", old), Segment("added", new)]
    before = Section(anchor="a", number="1", title="Wonen", body_html="<p>Genoeg woningen.</p>", position=0)
    after = Section(anchor="a", number="1", title="Wonen", body_html="<p><strong>Genoeg</strong> woningen.</p>", position=0)
    old_version, new_version = DocumentVersion(number=1, sections=[before]), DocumentVersion(number=2, sections=[after])
    diff, = diff_versions(old_version, new_version)
    assert isinstance(diff, SectionDiff) and diff.only_layout
