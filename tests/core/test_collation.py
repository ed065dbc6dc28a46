"""Names in Dutch order, as a table: each row is a list that must come out in exactly this order."""
import random

import pytest

from consult.core.collation import dutch_sort_key, same_name_key

ORDERS = [
    # case does not count: lower case is not after Z
    ["Amsterdam", "apeldoorn", "Bergen", "zorggroep"],
    # accents do not count: É is an E
    ["Eerbeek", "Émile Stichting", "Epe", "Zwolle"],
    # 's- and 't are skipped: 's-Hertogenbosch under H
    ["Harderwijk", "'s-Hertogenbosch", "Hoorn", "'t Zand"],
    ["Gouda", "'s Gravenhage", "Haarlem"],
    # articles and tussenvoegsels are skipped when a name follows them
    ["Apeldoorn", "de Zonnebloem", "Zutphen"],
    ["Vaals", "Van der Valk Groep", "Velp"],
    ["Gaasterland", "Van Gogh Stichting", "Haarlem"],
    ["Wijkteam", "Het Wilde Westen", "Woonstichting Lek"],
    ["Daalder", "De", "Delft"],  # only "De": stays under D
    # numbers as numbers
    ["Wijk 2", "Wijk 10", "Wijk 100"],
    # punctuation is a space
    ["Sint Anna", "Sint-Michielsgestel", "Sint Oedenrode"],
]


@pytest.mark.parametrize("expected", ORDERS, ids=lambda names: " < ".join(names))
def test_dutch_order(expected):
    shuffled = expected[:]
    random.Random(14).shuffle(shuffled)
    assert sorted(shuffled, key=dutch_sort_key) == expected
    assert sorted(reversed(expected), key=dutch_sort_key) == expected


def test_two_spellings_have_a_fixed_order():
    assert sorted(["MEE Veluwe", "Mee Veluwe"], key=dutch_sort_key) == sorted(["Mee Veluwe", "MEE Veluwe"], key=dutch_sort_key)


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Woonstichting Lek", "WOONSTICHTING LEK", True),
    ("Woonstichting Lek", "woonstichting  lek ", True),
    ("Stichting Één", "STICHTING ÉÉN", True),
    ("Stichting Één", "Stichting Een", False),
    ("Woonstichting Lek", "Woonstichting Leek", False),
])
def test_one_organisation_in_two_capitalisations(one, other, same):
    assert (same_name_key(one) == same_name_key(other)) is same
