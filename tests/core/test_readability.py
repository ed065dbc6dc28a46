from consult.core.readability import flesch_douma, syllables


def test_dutch_syllables_count_diphthongs_once():
    assert syllables("huis") == 1
    assert syllables("gemeente") == 3
    assert syllables("ondersteuning") == 4


def test_short_plain_sentences_score_higher_than_official_language():
    plain = "Wij gaan de tekst aanpassen. U krijgt een brief. Dank voor uw hulp."
    official = ("Naar aanleiding van uw zienswijze inzake de voorgenomen beleidsmatige herijking van het "
                "maatschappelijk ondersteuningsinstrumentarium wordt geconstateerd dat integrale afstemming noodzakelijk is.")
    assert flesch_douma(plain) > 60 > flesch_douma(official)


def test_no_words_no_score():
    assert flesch_douma("  ...  ") is None
