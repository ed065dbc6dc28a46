"""The demo's partners take part in the demo's feedbackronde (it answered 403 to them before)."""
import sqlalchemy as sa

from consult.core.db import utcnow
from consult.demo import data
from consult.reactions.models import Channel, Reaction
from tests.conftest import csrf_token, submit_form

SLUG = "strategische-agenda-feedbackronde"


def test_the_demo_partners_open_and_comment_on_the_demo_round(app, client, session):
    with app.app_context():
        data.load(utcnow())
    session.commit()
    for email, organisation in (("zorgaanbieder@example.org", "beschermd-thuis-flevoland"),
                                ("adviesraad@example.org", "adviesraad-vijfheerenlanden")):
        submit_form(client, "/inloggen", {"email": email, "password": data.DEMO_PASSWORD})
        listing = client.get("/mijn-organisatie")
        assert "Feedbackronde strategische agenda 2020–2022" in listing.text
        page = client.get(f"/consultaties/{SLUG}", follow_redirects=True)
        assert page.status_code == 200 and page.request.path == f"/rondes/{SLUG}/{organisation}"
        client.post(f"/rondes/{SLUG}/{organisation}/opmerkingen",
                    data={"section": "", "body": f"Opmerking van {email}", "csrf_token": csrf_token(page.text)})
        client.post(f"/rondes/{SLUG}/{organisation}/indienen", data={"csrf_token": csrf_token(page.text)})
        client.post("/uitloggen", data={"csrf_token": csrf_token(client.get("/mijn-organisatie").text)})
    # Besides the demo's own comments of two other partners, which led to actions (consult/demo/actions.py).
    bodies = set(session.scalars(sa.select(Reaction.body).where(Reaction.channel == Channel.PARTNER_ROUND,
                                                                Reaction.body.like("Opmerking van %"))))
    assert bodies == {"Opmerking van zorgaanbieder@example.org", "Opmerking van adviesraad@example.org"}
    # The resident of the demo still finds nothing there.
    submit_form(client, "/inloggen", {"email": "inwoner@example.org", "password": data.DEMO_PASSWORD})
    assert client.get(f"/consultaties/{SLUG}").status_code == 404
