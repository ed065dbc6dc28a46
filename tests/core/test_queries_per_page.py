"""Queries per page as a test (issue 15): the public pages and the workbench queue run the same number
of SQL statements with 10 reactions as with 200, so a figure in bench/RESULTS.md cannot drift from the code."""
import sqlalchemy as sa

from consult.answers.models import Answer, Outcome
from consult.coding.models import Code
from consult.core.db import utcnow
from consult.reactions.counters import recount
from consult.reactions.models import Attachment, Publication, Reaction, ReactionStatus
from tests.reactions.conftest import MARKDOWN
from tests.rounds.test_query_counts import counted_queries


def grow(session, consultation, official, up_to: int) -> None:
    """Published reactions on sections and on the whole, with answers, codes and attachments, up to ``up_to``."""
    sections = consultation.document_version.sections
    code = session.scalar(sa.select(Code).where(Code.consultation_id == consultation.id)) or Code(
        consultation_id=consultation.id, title="Mantelzorg")
    have = session.scalar(sa.select(sa.func.count()).select_from(Reaction).where(Reaction.consultation_id == consultation.id))
    for n in range(have, up_to):
        reaction = Reaction(
            consultation=consultation, reference=f"TST-2026-{n + 1:04d}", body=f"Reactie nummer {n}",
            status=ReactionStatus.APPROVED if n % 3 else ReactionStatus.PENDING, publication=Publication.NAMED,
            author_name=f"Inwoner {n}", author_email=f"inwoner{n}@example.org", submitted_at=utcnow(),
            section=sections[n % len(sections)] if n % 2 else None)
        reaction.codes.append(code)
        reaction.attachments.append(Attachment(filename=f"bijlage{n}.pdf", content_type="application/pdf", size=3,
                                               storage_name=f"q-{n}"))
        if n % 4 == 0:
            reaction.answer = Answer(consultation_id=consultation.id, body=f"Antwoord {n}", outcome=Outcome.NOTED,
                                     created_by_id=official.id)
        session.add(reaction)
    recount(consultation)
    session.commit()


def queries(app, client, url: str) -> int:
    client.get(url)  # warm up what later requests find loaded
    app.extensions["page_cache"].clear()  # count what the page itself costs, not a kept copy
    with counted_queries(app) as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


def test_pages_run_the_same_number_of_queries_at_10_and_at_200_reactions(
        app, client, make_consultation, make_user, login, session):
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation)
    public = app.test_client()
    urls = {"home": "/", "consultation": f"/consultaties/{consultation.slug}",
            "reactions": f"/consultaties/{consultation.slug}/reacties",
            "reactions, last page": f"/consultaties/{consultation.slug}/reacties?pagina=1000"}
    queue = f"/beheer/consultaties/{consultation.slug}/moderatie?status=all"
    login(official)

    grow(session, consultation, official, 10)
    small = {name: queries(app, public, url) for name, url in urls.items()} | {"queue": queries(app, client, queue)}
    grow(session, consultation, official, 200)
    large = {name: queries(app, public, url) for name, url in urls.items()} | {"queue": queries(app, client, queue)}

    assert large == small
    print(small)
