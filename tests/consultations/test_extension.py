"""Extending a published period through the workbench (issue "The ter-inzage procedure as the law reads
it"): a later end only, with a reason and a line for the kennisgeving, mailed to everyone who reacted."""
from datetime import date, timedelta

import sqlalchemy as sa
from babel.dates import format_date

from consult.audit.models import AuditEvent
from consult.consultations.models import PeriodExtension, Procedure, State
from consult.consultations.term import end_of_day, last_day
from consult.core.forms import clean_text
from consult.core.i18n import local_today
from consult.extensions import limiter
from consult.mail.models import OutboxMessage
from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus
from tests.conftest import csrf_token
from tests.documents.test_views import format_day
from tests.security.corpora import sample
from tests.security.html_check import read_page


def moment_day(day: date) -> str:
    """The day as a closing moment names it: 'maandag 28 december 2026'."""
    return format_date(day, "EEEE d MMMM y", locale="nl")


def reacted(session, consultation, email):
    reaction = Reaction(consultation=consultation, document_version_id=consultation.document_version_id,
                        reference=f"TST-2026-{email[:4]}", channel=Channel.WEB, status=ReactionStatus.APPROVED,
                        publication=Publication.ANONYMOUS, author_name="Iris", author_email=email, body="Mijn reactie.")
    session.add(reaction)
    session.flush()
    reaction.count_on_entry()
    session.commit()


def test_an_official_extends_an_open_awb_period_and_everyone_who_reacted_hears_it(client, login, make_user,
                                                                                  make_consultation, session):
    consultation = make_consultation(procedure=Procedure.AWB_UNIFORM)
    consultation.closes_at = end_of_day(local_today() + timedelta(days=20))
    session.commit()
    reacted(session, consultation, "iris@example.org")
    reacted(session, consultation, "jan@example.org")
    official = make_user(official_of=consultation.organisation)
    login(official)
    url = f"/beheer/consultaties/{consultation.slug}/verlengen"
    token = csrf_token(client.get(url).text)
    before = consultation.closes_at

    shorter = (last_day(before) - timedelta(days=3)).isoformat()
    refused = client.post(url, data={"csrf_token": token, "closes_on": shorter, "reason": "Zomervakantie",
                                     "notice": "De termijn is langer vanwege de zomervakantie."})
    assert refused.status_code == 400
    assert "Een termijn kan alleen langer worden." in refused.text
    assert "De termijn is langer vanwege de zomervakantie." in refused.text  # what was typed stays
    with_time = client.post(url, data={"csrf_token": token, "closes_on": (last_day(before) + timedelta(days=7)).isoformat(),
                                       "closes_time": "12:00", "reason": "x", "notice": "y"})
    assert "Laat de tijd leeg." in with_time.text
    assert consultation.closes_at == before

    later = last_day(before) + timedelta(days=14)
    done = client.post(url, data={"csrf_token": token, "closes_on": later.isoformat(), "reason": "Zomervakantie",
                                  "notice": "De termijn is langer vanwege de zomervakantie."}, follow_redirects=True)

    assert "De termijn is verlengd. 2 mensen die reageerden, krijgen een e-mail." in done.text
    assert consultation.closes_at == end_of_day(later)
    extension = session.scalar(sa.select(PeriodExtension))
    assert (extension.previous_closes_at, extension.reason, extension.created_by_id) == (before, "Zomervakantie", official.id)
    mails = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.like("De termijn voor%"))).all()
    assert sorted(m.recipient for m in mails) == ["iris@example.org", "jan@example.org"]
    assert f"Nu kunt u reageren tot {moment_day(later)}, 23.59 uur." in mails[0].body_text
    assert "De termijn is langer vanwege de zomervakantie." in mails[0].body_text
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "period_extended"))
    assert event.actor_id == official.id and event.details["reason"] == "Zomervakantie"

    notice = client.get(f"/consultaties/{consultation.slug}/kennisgeving").text
    assert "De termijn is verlengd" in notice and "De termijn is langer vanwege de zomervakantie." in notice
    assert f"{moment_day(later)}, 23.59 uur" in notice
    assert format_day(later + timedelta(days=1)) not in notice  # midnight is the end of the last day, not the next


def test_a_closed_period_cannot_be_extended(client, login, make_user, make_consultation, session):
    consultation = make_consultation(opens_in_days=-50, closes_in_days=-1)
    login(make_user(official_of=consultation.organisation))
    response = client.get(f"/beheer/consultaties/{consultation.slug}/verlengen", follow_redirects=True)
    assert "Alleen een geplande of open termijn kan langer worden." in response.text


def test_a_late_awb_concept_is_published_only_with_its_lawful_six_weeks(client, login, make_user, make_consultation,
                                                                          session):
    consultation = make_consultation(state=State.DRAFT, procedure=Procedure.AWB_UNIFORM, opens_in_days=-30,
                                     closes_in_days=12)
    login(make_user(official_of=consultation.organisation))
    manage = client.get(f"/beheer/consultaties/{consultation.slug}")
    lawful = end_of_day(local_today() + timedelta(days=41))
    assert "Bij de Awb-procedure beginnen de zes weken op de dag dat u publiceert." in manage.text
    token = csrf_token(manage.text)

    refused = client.post(f"/beheer/consultaties/{consultation.slug}/publiceren", data={"csrf_token": token},
                          follow_redirects=True)
    assert "Niet gepubliceerd." in refused.text and consultation.state is State.DRAFT

    client.post(f"/beheer/consultaties/{consultation.slug}/publiceren", data={"csrf_token": token, "term": "move"})
    assert consultation.state is State.PUBLISHED
    assert consultation.closes_at >= lawful and last_day(consultation.closes_at).weekday() < 5
    assert consultation.opens_at.date() >= local_today() - timedelta(days=1)


def test_the_extension_form_takes_any_text_and_shows_it_back_as_typed(client, login, make_user, make_consultation,
                                                                      session, monkeypatch):
    """Bad input (every 100th string of the security tests' sample) in the reason and the kennisgeving line,
    with a last day that is refused, so every string comes back in the form: no 500, no foreign markup."""
    monkeypatch.setattr(limiter, "enabled", False)
    consultation = make_consultation()
    login(make_user(official_of=consultation.organisation))
    url = f"/beheer/consultaties/{consultation.slug}/verlengen"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in sample()[::100]:
        response = client.post(url, data={"csrf_token": token, "closes_on": (last_day(consultation.closes_at) - timedelta(days=1)).isoformat(),
                                          "reason": text, "notice": text})
        problems, values = read_page(response.text)
        wrong += [f"{p} for {text!r}" for p in problems]
        if response.status_code >= 500:
            wrong.append(f"{response.status_code} for {text!r}")
        for name in ("reason", "notice"):
            if values.get(name) and values[name][0] != clean_text(text):
                wrong.append(f"{name} shows {values[name][0]!r} for {text!r}")
    assert not wrong, "\n".join(wrong[:20])
    assert session.scalar(sa.select(sa.func.count()).select_from(PeriodExtension)) == 0
