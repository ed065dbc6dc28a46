"""Every public output of the demo installation, read as an anonymous visitor, holds no personal data:
no e-mail address, phone number, BSN or IBAN of anyone but the municipality, and no name of a person
who reacted anonymously (nor, in open data and the reactienota, of anyone who reacted)."""
from __future__ import annotations

import io
import json
import re

import docx
import pypdf
import pytest
import sqlalchemy as sa
from odf import teletype
from odf.opendocument import load
from odf.text import P

from consult.consultations.models import Consultation, State
from consult.core.db import utcnow
from consult.demo import data
from consult.moderation.pii import find_personal_data, name_parts
from consult.organisations.models import Organisation
from consult.reactions.models import Publication, Reaction
from consult.reactions.publication import may_show

LEAKS = ("email", "phone", "bsn", "iban")


def _text(response) -> str:
    kind = response.headers.get("Content-Type", "")
    if "pdf" in kind:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    if "wordprocessingml" in kind:
        document = docx.Document(io.BytesIO(response.data))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "opendocument" in kind:
        return "\n".join(teletype.extractText(p) for p in load(io.BytesIO(response.data)).getElementsByType(P))
    return response.get_data(as_text=True)


def public_outputs(client, session) -> dict[str, str]:
    """The text of every page and file the public can open, by URL."""
    urls = ["/"] + [f"/organisaties/{slug}" for slug in session.scalars(sa.select(Organisation.slug))]
    for consultation in session.scalars(sa.select(Consultation).where(Consultation.state != State.DRAFT)):
        base = f"/consultaties/{consultation.slug}"
        urls += [base, f"{base}/kennisgeving", f"{base}/reacties", f"{base}/open-data.json", f"{base}/open-data/1.json", f"{base}/open-data.csv",
                 f"{base}/reactienota", f"{base}/reactienota.pdf", f"{base}/reactienota.docx", f"{base}/reactienota.odt"]
        pages = -(-consultation.published_reaction_count // 20)
        urls += [f"{base}/reacties?pagina={n}" for n in range(2, pages + 1)]
        for section in consultation.document_version.sections if consultation.document_version else []:
            urls.append(f"{base}/reacties?sectie={section.anchor}")
    outputs = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            outputs[url] = _text(response)
    return outputs


def leaks(outputs: dict[str, str], session) -> list[str]:
    allowed = set()
    for consultation in session.scalars(sa.select(Consultation)):
        allowed |= {consultation.contact_email, consultation.contact_phone}
    problems = []
    for url, text in outputs.items():
        for finding in find_personal_data(text):
            if finding.kind in LEAKS and finding.text not in allowed:
                problems.append(f"{url}: {finding.kind} {finding.text!r}")
    for consultation in session.scalars(sa.select(Consultation)):
        own = {url: text for url, text in outputs.items() if f"/consultaties/{consultation.slug}" in url}
        reactions = session.scalars(sa.select(Reaction).where(Reaction.consultation_id == consultation.id)).all()
        for url, text in own.items():
            names_may_show = "open-data" not in url and "reactienota" not in url
            hidden_names = {part for r in reactions if not r.organisation_name
                            and not (names_may_show and r.publication is Publication.NAMED and may_show(r))
                            for part in name_parts(r.author_name)}
            shown_names = {part for r in reactions if names_may_show and r.publication is Publication.NAMED
                           and may_show(r) for part in name_parts(r.author_name)}
            for name in sorted(hidden_names - shown_names):  # a name two people share may show for the one who chose it
                if re.search(rf"\b{re.escape(name)}\b", text):
                    problems.append(f"{url}: the name {name!r} of someone who reacted anonymously")
            problems += [f"{url}: e-mail address of {r.reference}" for r in reactions
                         if r.author_email and r.author_email in text]
    return problems


@pytest.fixture
def demo(app, session):
    with app.app_context():
        data.load(utcnow())
    session.commit()


def test_the_demo_shows_no_personal_data_in_any_public_output(demo, client, session):
    outputs = public_outputs(client, session)
    assert any("reactienota" in url and url.endswith(".pdf") for url in outputs)  # the published nota is read too
    assert any("open-data.json" in url for url in outputs)
    assert leaks(outputs, session) == []
    apeldoorn = session.scalars(sa.select(Consultation).where(Consultation.published_reaction_count > 50)).first()
    records = json.loads(outputs[f"/consultaties/{apeldoorn.slug}/open-data.json"])["reactions"]
    assert len(records) == apeldoorn.published_reaction_count  # nothing left out to pass the check
