"""What two pages or two downloads share is written once (issue 13 leftovers): the dossier export block of the
consultation and werkatelier management pages is one macro; the sign-in list and the name badges are made
and sent by one helper, so both ask the same rule and name their file the same way."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_dossier_export_block_is_written_once():
    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html")
             if "privacy.start_dossier" in p.read_text(encoding="utf-8")]
    assert users == ["templates/privacy/_dossier.html"]


def test_both_session_pdfs_are_sent_by_one_helper():
    views = (ROOT / "consult/workshops/views.py").read_text(encoding="utf-8")
    assert len(re.findall(r'mimetype="application/pdf"', views)) == 1


def test_both_management_pages_offer_the_dossier_export(client, login, make_user, make_workshop, make_consultation):
    workshop = make_workshop()
    consultation = make_consultation(organisation=workshop.consultation.organisation)
    login(make_user(official_of=workshop.consultation.organisation))
    for slug, page in ((workshop.slug, f"/beheer/werkateliers/{workshop.slug}"),
                       (consultation.slug, f"/beheer/consultaties/{consultation.slug}")):
        text = client.get(page).text
        assert f'action="/beheer/consultaties/{slug}/dossier"' in text and "Dossier exporteren" in text, page
        form = text.split(f'action="/beheer/consultaties/{slug}/dossier"', 1)[1].split("</form>", 1)[0]
        assert 'name="csrf_token"' in form
    assert f'href="/beheer/consultaties/{workshop.slug}/logboek"' in client.get(f"/beheer/werkateliers/{workshop.slug}").text
    for prefix, path in (("presentielijst", "presentielijst.pdf"), ("badges", "badges.pdf")):
        response = client.get(f"/beheer/werkateliers/{workshop.slug}/sessies/{workshop.sessions[0].id}/{path}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert f"{prefix}-{workshop.slug}-{workshop.sessions[0].id}.pdf" in response.headers["Content-Disposition"]
