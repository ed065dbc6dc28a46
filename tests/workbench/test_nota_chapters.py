"""The nota as Awb practice reads it: outcomes, ambtshalve wijzigingen, grouping per theme, frozen versions."""
import io

import docx
import pypdf
import sqlalchemy as sa

from consult.answers.models import Outcome
from consult.answers.services import answer
from consult.coding.models import Code
from consult.reactions.models import ReactionStatus
from consult.reports.models import Grouping, OwnMotionChange, ResponseReport, ResponseReportVersion
from consult.reports.parts import outline
from tests.conftest import csrf_token, run_jobs
from tests.reactions.conftest import MARKDOWN
from tests.workbench.conftest import section


def closed(make_consultation, make_user, login):
    consultation = make_consultation(markdown=MARKDOWN, opens_in_days=-50, closes_in_days=-1)
    consultation.official = make_user(official_of=consultation.organisation)
    login(consultation.official)
    return consultation


def draft_url(consultation):
    return f"/beheer/consultaties/{consultation.slug}/reactienota"


def publish(client, consultation, note=""):
    page = client.get(draft_url(consultation)).text
    response = client.post(f"{draft_url(consultation)}/publiceren", data={"csrf_token": csrf_token(page), "note": note})
    run_jobs()
    return response


def add_change(client, consultation, **data):
    page = client.get(draft_url(consultation)).text
    return client.post(f"{draft_url(consultation)}/ambtshalve-wijzigingen", data={"csrf_token": csrf_token(page), **data})


def test_the_answer_form_offers_the_awb_outcomes(client, make_consultation, make_user, login, make_reaction):
    consultation = closed(make_consultation, make_user, login)
    reaction = make_reaction(consultation, status=ReactionStatus.APPROVED)
    form = client.get(f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw", query_string={"reactie": reaction.id}).text
    for label in ("Overgenomen", "Gedeeltelijk overgenomen", "Niet overgenomen", "Kennisgenomen", "Buiten de orde"):
        assert label in form, label
    refused = client.post(f"/beheer/consultaties/{consultation.slug}/antwoorden/nieuw", data={
        "csrf_token": csrf_token(form), "reactie": reaction.id, "outcome": "partly_adopted", "changed_section": "",
        "body": "We nemen een deel over."})
    assert "Kies het hoofdstuk van de nieuwe versie" in refused.text


def test_partly_adopted_is_shown_and_listed_among_the_changes(client, session, make_consultation, make_user, login, make_reaction):
    consultation = closed(make_consultation, make_user, login)
    reaction = make_reaction(consultation, status=ReactionStatus.APPROVED, body="Meer geld voor mantelzorg.")
    answer(consultation, "We verhogen het budget, maar minder dan gevraagd.", Outcome.PARTLY_ADOPTED,
           section(consultation, "planning"), [reaction], [], consultation.official)
    session.commit()
    page = client.get(draft_url(consultation)).text
    assert "Antwoord (Gedeeltelijk overgenomen):" in page
    changes = page.split("Wijzigingen in het ontwerp")[-1]
    assert "We verhogen het budget, maar minder dan gevraagd." in changes


def test_ambtshalve_wijzigingen_have_their_own_chapter_in_the_page_and_the_files(
        client, session, make_consultation, make_user, login, make_reaction):
    consultation = closed(make_consultation, make_user, login)
    make_reaction(consultation, status=ReactionStatus.APPROVED)
    assert "De gemeente heeft het ontwerp niet ambtshalve gewijzigd." in client.get(draft_url(consultation)).text

    added = add_change(client, consultation, section="planning", body="De planning loopt tot 2028 in plaats van 2027.")
    assert added.status_code == 302
    change = session.scalars(sa.select(OwnMotionChange)).one()
    assert change.section.anchor == "planning"
    publish(client, consultation)

    public = client.get(f"/consultaties/{consultation.slug}/reactienota").text
    chapter = public.split("Ambtshalve wijzigingen")[1]
    assert "3 Planning" in chapter and "De planning loopt tot 2028 in plaats van 2027." in chapter
    word = docx.Document(io.BytesIO(client.get(f"/consultaties/{consultation.slug}/reactienota.docx").data))
    paragraphs = [p.text for p in word.paragraphs]
    heading = paragraphs.index("Ambtshalve wijzigingen")
    assert paragraphs[heading + 1] == "3 Planning: De planning loopt tot 2028 in plaats van 2027."
    pdf = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(
        client.get(f"/consultaties/{consultation.slug}/reactienota.pdf").data)).pages)
    assert "Ambtshalve wijzigingen" in pdf and "2028 in plaats van 2027" in pdf

    page = client.get(draft_url(consultation)).text
    client.post(f"/beheer/ambtshalve-wijzigingen/{change.id}/verwijderen", data={"csrf_token": csrf_token(page)})
    assert session.scalars(sa.select(OwnMotionChange)).all() == []
    assert "2028 in plaats van 2027" not in client.get(draft_url(consultation)).text.split("Voorbeeld van het concept")[1]
    assert "2028 in plaats van 2027" in client.get(f"/consultaties/{consultation.slug}/reactienota").text  # published stays


def test_an_empty_change_is_refused_beside_the_field_and_keeps_the_section(client, make_consultation, make_user, login):
    consultation = closed(make_consultation, make_user, login)
    refused = add_change(client, consultation, section="planning", body="   ")
    assert refused.status_code == 422
    assert 'id="body-error"' in refused.text and "Schrijf wat er verandert." in refused.text
    assert '<option selected value="planning">' in refused.text


def test_other_officials_cannot_add_or_remove_changes(client, session, make_consultation, make_user, make_organisation, login):
    consultation = closed(make_consultation, make_user, login)
    change = OwnMotionChange(consultation_id=consultation.id, body="Eigen wijziging")
    session.add(change)
    session.commit()
    login(make_user(official_of=make_organisation()))
    token = csrf_token(client.get("/").text)
    assert client.post(f"{draft_url(consultation)}/ambtshalve-wijzigingen", data={"csrf_token": token, "body": "x"}).status_code == 403
    assert client.post(f"/beheer/ambtshalve-wijzigingen/{change.id}/verwijderen", data={"csrf_token": token}).status_code == 403
    assert session.get(OwnMotionChange, change.id) is not None


def test_the_nota_can_be_grouped_by_theme_and_a_published_version_keeps_its_grouping(
        client, session, make_consultation, make_user, login, make_reaction):
    consultation = closed(make_consultation, make_user, login)
    care, money = (Code(consultation_id=consultation.id, title=t, position=p) for p, t in ((1, "Mantelzorg"), (2, "Financiën")))
    session.add_all([care, money])
    first = make_reaction(consultation, status=ReactionStatus.APPROVED, body="Help de mantelzorgers.",
                          section=section(consultation, "planning"))
    second = make_reaction(consultation, status=ReactionStatus.APPROVED, body="Het budget is te laag.")
    plain = make_reaction(consultation, status=ReactionStatus.APPROVED, body="Mooi plan.")
    first.codes.append(care)
    second.codes.append(money)
    session.commit()

    page = client.get(draft_url(consultation)).text
    assert "Hoe is de reactienota ingedeeld?" in page
    client.post(f"{draft_url(consultation)}/indeling", data={"csrf_token": csrf_token(page), "grouping": "theme"})
    assert session.scalars(sa.select(ResponseReport)).one().grouping is Grouping.THEME
    publish(client, consultation)

    public = client.get(f"/consultaties/{consultation.slug}/reactienota").text
    assert "Reacties en antwoorden per thema" in public
    body = public.split("Reacties en antwoorden per thema")[1]
    assert body.index("Mantelzorg") < body.index(first.reference) < body.index("Financiën") < body.index(second.reference)
    assert body.index("Overige onderwerpen") < body.index(plain.reference)

    page = client.get(draft_url(consultation)).text
    client.post(f"{draft_url(consultation)}/indeling", data={"csrf_token": csrf_token(page), "grouping": "section"})
    assert "Reacties en antwoorden per hoofdstuk" in client.get(draft_url(consultation)).text
    assert "Reacties en antwoorden per thema" in client.get(f"/consultaties/{consultation.slug}/reactienota").text


def test_a_version_published_before_the_new_chapters_reads_as_it_did(client, session, make_consultation, make_user, login,
                                                                     make_reaction):
    consultation = closed(make_consultation, make_user, login)
    make_reaction(consultation, status=ReactionStatus.APPROVED)
    publish(client, consultation)
    version = session.scalars(sa.select(ResponseReportVersion)).one()
    old = {k: v for k, v in version.content.items() if k not in ("grouping", "own_changes")}
    version.content = {**old, "format": 1}
    version.outline = outline(version.content)  # as migration 0056_report_pages splits it
    session.commit()
    public = client.get(f"/consultaties/{consultation.slug}/reactienota").text
    assert "Reacties en antwoorden per hoofdstuk" in public and "Ambtshalve wijzigingen" not in public
