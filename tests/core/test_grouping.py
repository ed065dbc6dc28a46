from consult.coding.grouping import near_duplicate_groups

LETTER = ("Geachte raad, ik maak bezwaar tegen het sluiten van het buurthuis in de Wielewaal. "
          "Het buurthuis is de enige plek waar ouderen elkaar ontmoeten. Sluiting leidt tot eenzaamheid. "
          "Ik vraag u het buurthuis open te houden. Met vriendelijke groet, {name}")


def test_campaign_letters_with_small_changes_form_one_group():
    texts = [(i, LETTER.format(name=name)) for i, name in enumerate(["Jan", "Piet", "Anna de Vries", "Fatima"], start=1)]
    texts.append((5, LETTER.format(name="Kees") + " Ook mijn buurvrouw is het hiermee eens."))
    texts.append((6, "Ik vind dat er meer geld naar mantelzorgers moet gaan, want zij doen veel werk zonder betaling."))
    texts.append((7, "De wachtlijsten in de jeugdzorg zijn te lang. Maak daar snel werk van, alstublieft."))
    assert near_duplicate_groups(texts) == [[1, 2, 3, 4, 5]]


def test_different_reactions_on_the_same_subject_are_not_a_campaign():
    texts = [
        (1, "Het buurthuis moet open blijven want ouderen hebben het nodig voor contact."),
        (2, "Sluit het buurthuis niet, de jongeren hebben daar hun huiswerkklas en sport."),
        (3, "Ik ben voor sluiting van het buurthuis als er in de school een nieuwe plek komt."),
    ]
    assert near_duplicate_groups(texts) == []
