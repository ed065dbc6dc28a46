"""The advice pages and the nota run the same number of queries with much advice as with a little:
points, sections, writers and files are loaded per list, not per item."""
import sqlalchemy as sa

from consult.advice.models import Advice, AdviceAttachment, AdvicePoint, AdviceState, Verdict
from consult.core.db import utcnow
from consult.organisations.models import OrganisationKind
from consult.rounds.models import RoundInvitation
from tests.advice.test_views import advice_url
from tests.rounds.conftest import person
from tests.rounds.test_query_counts import queries_for


def grow(world, session, make_organisation, councils: int, points: int) -> None:
    """More invited councils with given, partly answered advice, and more points and files in C's advice."""
    now = utcnow()
    sections = world.round.document_version.sections
    writer = person(f"Schrijver{councils} van C", partner_of=world.council)
    session.add(writer)
    session.flush()
    own = session.scalar(sa.select(Advice).where(Advice.organisation_id == world.council.id))
    if own is None:
        own = Advice(consultation=world.round, organisation=world.council, invitation=world.invitation_c)
        session.add(own)
    start = len(own.points)
    for n in range(points):
        own.points.append(AdvicePoint(number=start + n + 1, body=f"Punt {n}", section=sections[n % len(sections)],
                                      created_by_id=writer.id, updated_by_id=world.users["colleague_c"].id,
                                      updated_at=now, created_at=now))
        own.attachments.append(AdviceAttachment(filename=f"bijlage-{councils}-{n}.pdf", content_type="application/pdf",
                                                size=9, storage_name=f"test-{councils}-{n}", created_at=now))
    for n in range(councils):
        council = make_organisation(kind=OrganisationKind.ADVISORY_COUNCIL, name=f"Raad {points}-{n}")
        invitation = RoundInvitation(round=world.invitation_c.round, organisation=council, invited_at=now)
        session.add(invitation)
        advice = Advice(consultation=world.round, organisation=council, invitation=invitation, state=AdviceState.SUBMITTED,
                        reference=f"RND-2026-{points}{n:03d}", submitted_at=now, submitted_by_id=writer.id, body="Advies")
        for m in range(points):
            advice.points.append(AdvicePoint(number=m + 1, body=f"Punt {m}", section=sections[m % len(sections)],
                                             created_by_id=writer.id, created_at=now,
                                             verdict=Verdict.ADOPTED if m % 2 else None, reasons="Ja" if m % 2 else "",
                                             answered_by_id=world.users["official_a"].id if m % 2 else None,
                                             answered_at=now if m % 2 else None))
        session.add(advice)
    session.commit()


def test_the_advice_pages_do_not_grow_in_queries(app, client, login, advice_world, session, make_organisation):
    grow(advice_world, session, make_organisation, councils=1, points=2)
    urls = {"official": f"/beheer/consultaties/{advice_world.round.slug}/advies",
            "nota": f"/beheer/consultaties/{advice_world.round.slug}/reactienota",
            "council": advice_url(advice_world)}
    login(advice_world.users["official_a"])
    small = {name: queries_for(app, client, urls[name]) for name in ("official", "nota")}
    login(advice_world.users["member_c"])
    small["council"] = queries_for(app, client, urls["council"])

    grow(advice_world, session, make_organisation, councils=6, points=12)
    login(advice_world.users["official_a"])
    large = {name: queries_for(app, client, urls[name]) for name in ("official", "nota")}
    login(advice_world.users["member_c"])
    large["council"] = queries_for(app, client, urls["council"])
    assert large == small
