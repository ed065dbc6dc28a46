"""The queue's organisation filter: Dutch order, and one choice for one organisation however it was typed."""
import re

from tests.workbench.test_queue import queue


def options(page: str) -> list[str]:
    select = page.split('name="organisation"', 1)[1].split("</select>", 1)[0]
    return [re.sub("&#39;", "'", o) for o in re.findall(r'<option value="([^"]+)"', select)]


def test_organisations_in_dutch_order_and_each_once(client, workbench, make_reaction):
    for name in ("zorggroep Noord", "Émile Stichting", "'s-Hertogenbosch Wijkteam", "de Zonnebloem", "Apeldoorn Sport",
                 "Woonstichting Lek", "WOONSTICHTING LEK", "Woonstichting Lek", "Epe Samen"):
        make_reaction(workbench, organisation_name=name, author_name="Inwoner")
    assert options(queue(client, workbench, status="all")) == [
        "Apeldoorn Sport", "Émile Stichting", "Epe Samen", "'s-Hertogenbosch Wijkteam", "Woonstichting Lek",
        "de Zonnebloem", "zorggroep Noord",
    ]


def test_the_filter_finds_every_spelling(client, workbench, make_reaction):
    make_reaction(workbench, organisation_name="Woonstichting Lek", author_name="Anna")
    make_reaction(workbench, organisation_name="WOONSTICHTING LEK", author_name="Bert")
    make_reaction(workbench, organisation_name="Woonstichting Leek", author_name="Carla")
    page = queue(client, workbench, status="all", organisation="Woonstichting Lek")
    assert "· Anna</a>" in page and "· Bert</a>" in page and "· Carla</a>" not in page
