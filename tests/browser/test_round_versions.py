"""Version after version in Chromium: the comparison of the demo agenda's two versions, the change of a
submitted comment with its versions in the workbench, and an answer sent to the organisation; at desktop
width and at 320 px, with zero axe violations and no sideways scrolling."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.accounts.models import User
from consult.answers.models import Outcome
from consult.answers.services import answer
from consult.extensions import db
from consult.reactions.models import Reaction
from tests.browser.test_round_pages import SLUG, check_both_widths
from tests.browser.test_workbench_pages import log_in

pytestmark = pytest.mark.browser

ORGANISATION = "adviesraad-vijfheerenlanden"


def test_a_partner_sees_what_changed_changes_a_submitted_comment_and_reads_the_answer(page, live_server):
    log_in(page, "adviesraad@example.org")
    page.get_by_role("link", name="Mijn organisatie").click()
    page.get_by_role("link", name="Wat is er veranderd sinds versie 1").first.click()
    expect(page.get_by_role("heading", name="2.4 Samenwerking en overleg met partners (Gewijzigd)")).to_be_visible()
    expect(page.locator("ins.consult-diff__added").first).to_be_visible()
    check_both_widths(page)

    page.goto(f"/rondes/{SLUG}/{ORGANISATION}")
    expect(page.get_by_role("heading", name="Wat is er veranderd sinds versie 1")).to_be_visible()
    page.get_by_label("Opmerking", exact=True).fill("De adviesraad wil jaarlijks horen wat er met de inbreng gebeurt.")
    page.get_by_role("button", name="Toevoegen aan het concept").click()
    page.get_by_role("button", name="Indienen namens Adviesraad Sociaal Domein Vijfheerenlanden").click()
    page.get_by_role("link", name="Wijzig ingediende opmerking").first.click()
    page.get_by_label("Opmerking", exact=True).fill("")
    page.get_by_role("button", name="Bewaar de nieuwe versie").click()
    expect(page.get_by_text("Schrijf uw opmerking.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Opmerking", exact=True).fill("De adviesraad wil twee keer per jaar horen wat er met de inbreng gebeurt.")
    page.get_by_role("button", name="Bewaar de nieuwe versie").click()
    expect(page.get_by_text("twee keer per jaar")).to_be_visible()

    with live_server.app.app_context():
        reaction = db.session.scalar(sa.select(Reaction).where(Reaction.body.like("De adviesraad wil twee keer%")))
        official = db.session.scalar(sa.select(User).where(User.email == "ambtenaar.flevoland@example.org"))
        given = answer(reaction.consultation, "Het BOSD vertelt de partners elk half jaar wat er met hun inbreng is gedaan.",
                       Outcome.ADOPTED, None, [reaction], [], official)
        db.session.commit()
        reaction_id, answer_id = reaction.id, given.id
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/reacties/{reaction_id}")
    expect(page.get_by_role("heading", name="Versies van deze opmerking")).to_be_visible()
    check_both_widths(page)
    page.goto(f"/beheer/antwoorden/{answer_id}")
    check_both_widths(page)
    page.get_by_role("button", name="Stuur het antwoord naar de organisaties").click()
    expect(page.get_by_text("Het antwoord is verstuurd.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "adviesraad@example.org")
    page.goto(f"/rondes/{SLUG}/{ORGANISATION}")
    expect(page.get_by_text("Het BOSD vertelt de partners elk half jaar")).to_be_visible()
    check_both_widths(page)


def test_the_official_starts_the_next_round_on_version_2(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}")
    page.get_by_role("link", name="Start een ronde of ter inzage op versie 2").click()
    assert page.get_by_label("Titel").input_value() == "Feedbackronde strategische agenda 2020–2022 – versie 2"
    check_both_widths(page)
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Vul 2 tot 10 hoofdletters in.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Letters voor het kenmerk").fill("SAFTWEE")
    page.get_by_label("Contactpersoon").fill("Fatima El Amrani")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_label("Dezelfde organisaties als een eerdere ronde").select_option(index=1)
    check_both_widths(page)
    page.get_by_role("button", name="Uitnodigen en e-mails versturen").click()
    expect(page.get_by_role("rowheader", name="Stichting Beschermd Thuis Flevoland")).to_be_visible()


def test_guiding_questions_from_the_settings_to_the_partner_s_comment(page):
    log_in(page, "ambtenaar.flevoland@example.org")
    page.goto(f"/beheer/consultaties/{SLUG}/ronde")
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.get_by_text("Schrijf de vraag.").first).to_be_visible()
    check_both_widths(page)
    page.get_by_label("Over (niet verplicht)").select_option(label="2.2 Zorglandschap Wmo")
    page.get_by_label("Vraag", exact=True).fill("Welke voorzieningen missen inwoners het meest?")
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.get_by_text("Welke voorzieningen missen inwoners het meest?")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "adviesraad@example.org")
    page.goto(f"/rondes/{SLUG}/{ORGANISATION}")
    page.get_by_role("link", name=re.compile("Beantwoord deze vraag.*Welke voorzieningen")).click()
    assert page.get_by_label("Antwoord op een vraag van de gemeente").input_value() != ""
    page.get_by_label("Opmerking", exact=True).fill("Vervoer naar de dagbesteding.")
    page.get_by_role("button", name="Toevoegen aan het concept").click()
    expect(page.get_by_text("Antwoord op de vraag: Welke voorzieningen missen inwoners het meest?").first).to_be_visible()
    check_both_widths(page)
