"""Anyone can type any address into a public form, so a mail to an address that has not been confirmed
carries only the municipality's own text: nothing the sender typed (name, place, organisation, reaction)."""
import re

import sqlalchemy as sa

from consult.mail.models import OutboxMessage
from tests.conftest import submit_form
from tests.reactions.conftest import MARKDOWN

PHISHING = "Uw DigiD verloopt, vernieuw via https://digid-vernieuwen.example"
VICTIM = "slachtoffer@example.org"


def only_mail_to(session, recipient):
    [mail] = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)).all()
    return mail


def test_the_confirmation_mail_holds_nothing_the_sender_typed(client, session, make_consultation, send_reaction):
    consultation = make_consultation(markdown=MARKDOWN)
    typed = {"author_name": PHISHING, "author_place": PHISHING, "organisation_name": PHISHING, "organisation_kind": "welfare", "quote": PHISHING,
             "body": PHISHING}
    assert send_reaction(consultation, author_email=VICTIM, **typed).status_code == 302

    mail = only_mail_to(session, VICTIM)
    assert "DigiD" not in mail.subject + mail.body_text and "digid-vernieuwen" not in mail.body_text
    assert mail.body_text.startswith("Beste meneer, mevrouw,\n") and consultation.title in mail.body_text
    assert re.findall(r"https?://\S+", mail.body_text) == [re.search(r"http://consult\.test/reacties/bevestigen/\S+",
                                                                      mail.body_text).group(0)]


def test_the_data_access_mail_holds_nothing_the_sender_typed(client, session):
    submit_form(client, "/mijn-gegevens", {"email": VICTIM})
    mail = only_mail_to(session, VICTIM)
    assert VICTIM not in mail.body_text and "slachtoffer" not in mail.subject
