"""Bad input through the advice's forms: a fixed part of the corpora (every 100th string of the security
tests' sample, so it stays a few seconds) in the overall advice, a point's text and section, and an
answer's verdict and reasons. No 500, no markup our templates do not write, a form shown again shows
exactly what was typed, and the pages and the nota that show the stored texts stay clean."""
import pytest
import sqlalchemy as sa

from consult.advice.models import Advice, AdvicePoint
from consult.core.forms import clean_text
from consult.extensions import limiter
from tests.advice.conftest import given_advice
from tests.conftest import csrf_token
from tests.security.corpora import sample
from tests.security.html_check import read_page


@pytest.fixture
def strings():
    return sample()[::100]


def test_the_advice_forms_take_any_text_and_show_it_back_as_typed(client, login, advice_world, session, strings,
                                                                  monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    login(advice_world.users["member_c"])
    url = f"/consultaties/{advice_world.round.slug}/advies/{advice_world.council.slug}"
    token = csrf_token(client.get(url).text)
    wrong = []
    for text in strings:
        for target, data in ((url, {"overall": text}), (url + "/punten", {"section": "", "body": text}),
                             (url + "/punten", {"section": text, "body": "Tekst"})):
            response = client.post(target, data={**data, "csrf_token": token})
            if response.status_code >= 500:
                wrong.append(f"{response.status_code} for {text!r}")
            elif response.status_code == 400:
                problems, values = read_page(response.text)
                wrong += [f"{p} for {text!r}" for p in problems]
                for name in ("overall", "body"):
                    if name in data and values.get(name) and values[name][0] != clean_text(data[name]):
                        wrong.append(f"{name} shows {values[name][0]!r} for {text!r}")
    problems, _values = read_page(client.get(url).text)  # every stored point on one page
    wrong += problems
    assert not wrong, "\n".join(wrong[:20])
    assert session.scalar(sa.select(sa.func.count()).select_from(AdvicePoint)) > 0


def test_the_answer_form_takes_any_text_and_refuses_any_verdict_it_did_not_offer(client, login, advice_world, session,
                                                                                strings, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    advice = given_advice(session, advice_world, points=1)
    point = advice.points[0]
    login(advice_world.users["official_a"])
    url = f"/beheer/consultaties/{advice_world.round.slug}/advies"
    token = csrf_token(client.get(url).text)
    prefix = f"punt-{point.id}"
    wrong = []
    for text in strings:
        response = client.post(f"{url}/punten/{point.id}",
                               data={f"{prefix}-verdict": text, f"{prefix}-reasons": text, "csrf_token": token})
        if response.status_code != 400:
            wrong.append(f"verdict: {response.status_code} for {text!r}")
            continue
        problems, values = read_page(response.text)
        wrong += [f"{p} for {text!r}" for p in problems]
        if values.get(f"{prefix}-reasons") and values[f"{prefix}-reasons"][0] != clean_text(text):
            wrong.append(f"reasons show {values[f'{prefix}-reasons'][0]!r} for {text!r}")
    session.refresh(point)
    assert point.verdict is None
    for text in strings:  # a valid verdict stores any reasons
        client.post(f"{url}/punten/{point.id}",
                    data={f"{prefix}-verdict": "partly", f"{prefix}-reasons": text, "csrf_token": token})
    wrong += read_page(client.get(url).text)[0]
    nota = client.get(f"/beheer/consultaties/{advice_world.round.slug}/reactienota").text
    wrong += read_page(nota)[0]
    assert not wrong, "\n".join(wrong[:20])
    assert session.scalars(sa.select(Advice)).one().points[0].reasons
