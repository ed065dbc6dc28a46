import pytest

from consult.core.db import utcnow
from consult.organisations.models import OrganisationKind
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from tests.reactions.conftest import MARKDOWN


@pytest.fixture
def make_reaction(session):
    counter = iter(range(1, 100_000))

    def make(consultation, body="Ik vind het een goed plan.", status=ReactionStatus.PENDING, section=None, **fields):
        n = next(counter)
        reaction = Reaction(
            consultation=consultation, reference=f"TST-2026-{n:04d}", status=status,
            publication=fields.pop("publication", Publication.NAMED), channel=fields.pop("channel", Channel.WEB),
            author_name=fields.pop("author_name", f"Inwoner {n}"), author_email=fields.pop("author_email", f"inwoner{n}@example.org"),
            body=body, section=section, submitted_at=fields.pop("submitted_at", utcnow()), **fields,
        )
        session.add(reaction)
        session.commit()
        return reaction

    return make


@pytest.fixture
def workbench(make_consultation, make_user, login):
    """An open consultation with sections, and its official logged in."""
    consultation = make_consultation(markdown=MARKDOWN)
    official = make_user(official_of=consultation.organisation, name="Vera Jansen")
    login(official)
    consultation.official = official
    return consultation


@pytest.fixture
def run_jobs(app):
    """Run every queued background job, as the worker of `make run` does."""

    def run():
        from consult.jobs.services import run_next

        with app.app_context():
            while run_next() is not None:
                pass

    return run


def section(consultation, anchor):
    return next(s for s in consultation.document_version.sections if s.anchor == anchor)


__all__ = ["OrganisationKind"]
