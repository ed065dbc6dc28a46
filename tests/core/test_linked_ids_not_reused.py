"""A removed row's id is never given to a new row when links (pages, mails) name rows by id: on SQLite a
table without AUTOINCREMENT gives the highest removed id again, so an old link to a removed advice attachment
opened the next one (review of issue 13). Migrations 0058 and 0066 make these tables AUTOINCREMENT."""
from io import BytesIO

import pytest
import sqlalchemy as sa

from consult.advice.models import AdviceAttachment
from consult.extensions import db
from tests.advice.conftest import advice_world  # noqa: F401  (the fixture, shared)
from tests.advice.test_views import advice_url, post, signed_in
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n%%EOF\n"

# Every table whose ids go into a link and whose rows can be removed (by a person, a cascade or a purge).
LINKED_AND_REMOVABLE = (
    "actions", "workshop_outcomes", "consultation_files",  # 0058
    "advice_attachments", "advice_points", "withheld_documents", "draft_comments", "guiding_questions",
    "own_motion_changes", "memberships", "reactions", "attachments", "points", "outbox_messages", "jobs",
    "erasure_requests", "workshop_outcome_comments",
)


@pytest.mark.parametrize("table", LINKED_AND_REMOVABLE)
def test_the_model_and_the_migrated_sqlite_table_never_give_an_id_again(app, table):
    assert db.metadata.tables[table].dialect_options["sqlite"]["autoincrement"] is True
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL's sequences never give an id again")
        create = db.session.scalar(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
                                   {"name": table})
    assert "AUTOINCREMENT" in create.upper()


def _upload(client, world, name):
    url = advice_url(world)
    token = csrf_token(client.get(url).text)
    return client.post(url + "/bijlagen", data={"attachments": [(BytesIO(PDF), name)], "csrf_token": token},
                       content_type="multipart/form-data")


def test_an_old_link_to_a_removed_advice_attachment_opens_nothing(app, advice_world, session):  # noqa: F811
    member = signed_in(app, advice_world.users["member_c"])
    assert _upload(member, advice_world, "eerste.pdf").status_code == 302
    old_id = session.scalars(sa.select(AdviceAttachment.id)).one()
    old_link = advice_url(advice_world, rest=f"/bijlagen/{old_id}")
    post(member, advice_url(advice_world), f"{old_link}/verwijderen")
    assert _upload(member, advice_world, "tweede.pdf").status_code == 302
    new = session.scalars(sa.select(AdviceAttachment)).one()
    assert new.filename == "tweede.pdf" and new.id != old_id
    answer = member.get(old_link)
    assert answer.status_code in (404, 410)
    answer.close()
