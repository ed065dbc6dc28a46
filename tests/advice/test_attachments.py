"""Files with the advice: checked by content like a reaction's files, downloaded only by the council's
members and the consultation's officials, fixed once the advice is submitted, kept in the dossier."""
import io
import json
import zipfile
from io import BytesIO

import sqlalchemy as sa

from consult.advice.models import MAX_ATTACHMENTS, Advice, AdviceAttachment
from consult.extensions import limiter
from consult.privacy.dossier import write_dossier
from tests.advice.test_views import advice_url, post, signed_in
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n%%EOF\n"


def upload(client, world, *files):
    url = advice_url(world)
    token = csrf_token(client.get(url).text)
    return client.post(url + "/bijlagen", data={"attachments": [(BytesIO(data), name) for name, data in files],
                                                "csrf_token": token}, content_type="multipart/form-data")


def test_members_add_files_that_only_they_and_the_officials_download(app, advice_world, session, tmp_path):
    member, colleague = signed_in(app, advice_world.users["member_c"]), signed_in(app, advice_world.users["colleague_c"])
    assert upload(member, advice_world, ("advies.pdf", PDF)).status_code == 302
    file = session.scalars(sa.select(AdviceAttachment)).one()
    assert file.content_type == "application/pdf" and file.created_by_id == advice_world.users["member_c"].id
    page = colleague.get(advice_url(advice_world)).text
    assert "advies.pdf" in page
    download = colleague.get(advice_url(advice_world, rest=f"/bijlagen/{file.id}"))
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    for role in ("partner_x", "official_b", "resident"):
        assert signed_in(app, advice_world.users[role]).get(advice_url(advice_world, rest=f"/bijlagen/{file.id}")).status_code == 404

    official = signed_in(app, advice_world.users["official_a"])
    given = f"/beheer/consultaties/{advice_world.round.slug}/advies/bijlagen/{file.id}"
    assert official.get(given).status_code == 404  # a concept is the council's own
    post(member, advice_url(advice_world), advice_url(advice_world, rest="/punten"), section="", body="Punt")
    post(member, advice_url(advice_world), advice_url(advice_world, rest="/indienen"))
    assert "advies.pdf" in official.get(f"/beheer/consultaties/{advice_world.round.slug}/advies").text
    download = official.get(given)
    assert download.data == PDF
    download.close()
    assert signed_in(app, advice_world.users["official_b"]).get(given).status_code == 404

    # submitted advice keeps its files
    assert "Bestanden toevoegen" not in member.get(advice_url(advice_world)).text
    upload(member, advice_world, ("later.pdf", PDF))
    post(member, advice_url(advice_world), advice_url(advice_world, rest=f"/bijlagen/{file.id}/verwijderen"))
    assert [f.filename for f in session.scalars(sa.select(AdviceAttachment))] == ["advies.pdf"]

    target = tmp_path / "dossier.zip"
    with app.test_request_context():
        write_dossier(advice_world.round, target)
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    advice = session.scalars(sa.select(Advice)).one()
    assert archive.read(f"bijlagen/advies-{advice.reference}-1-advies.pdf") == PDF
    assert json.loads(archive.read("dossier.json"))["advice"][0]["attachments"] == ["advies.pdf"]


def test_a_file_is_checked_by_its_content_and_the_name_is_shown_as_typed(client, login, advice_world, session):
    login(advice_world.users["member_c"])
    refused = upload(client, advice_world, ("advies.pdf", b"<script>alert(1)</script>"))
    assert refused.status_code == 400 and "is geen PDF-, DOCX-, ODT-, JPG- of PNG-bestand" in refused.text
    empty = upload(client, advice_world)
    assert empty.status_code == 400 and "Kies minstens één bestand." in empty.text
    hostile = "<img src=x onerror=alert(1)>.pdf"
    upload(client, advice_world, (hostile, PDF))
    page = client.get(advice_url(advice_world)).text
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page and "<img src=x" not in page
    file = session.scalars(sa.select(AdviceAttachment)).one()
    post(client, advice_url(advice_world), advice_url(advice_world, rest=f"/bijlagen/{file.id}/verwijderen"))
    assert session.scalars(sa.select(AdviceAttachment)).all() == []


def test_an_advice_holds_at_most_ten_files(client, login, advice_world, session, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(advice_world.users["member_c"])
    for batch in range(2):
        upload(client, advice_world, *[(f"deel-{batch}-{n}.pdf", PDF) for n in range(5)])
    too_many = upload(client, advice_world, ("nog-een.pdf", PDF))
    assert too_many.status_code == 400 and "Een advies heeft ten hoogste 10 bestanden." in too_many.text
    assert session.scalar(sa.select(sa.func.count()).select_from(AdviceAttachment)) == MAX_ATTACHMENTS
