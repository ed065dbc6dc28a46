from consult.coding.topics import STOP_WORDS, find_topics

CARE = ["Mantelzorgers krijgen te weinig steun van de gemeente bij de zorg voor ouders.",
        "Als mantelzorger voor mijn moeder mis ik respijtzorg en steun.",
        "Steun voor mantelzorgers moet beter, want mantelzorg is zwaar werk.",
        "Geef mantelzorgers een mantelzorgwaardering en meer respijtzorg."]
YOUTH = ["De wachtlijsten in de jeugdzorg zijn veel te lang voor kinderen.",
         "Kinderen wachten maanden op jeugdzorg, de wachtlijsten moeten korter.",
         "Jeugdzorg wachtlijsten zorgen voor problemen in gezinnen met kinderen.",
         "Pak de wachtlijsten in de jeugdhulp en jeugdzorg aan voor kinderen."]


def test_reactions_about_two_subjects_give_two_topics_with_dutch_words():
    texts = list(enumerate(CARE + YOUTH, start=1))
    topics = find_topics(texts, max_topics=2)
    assert len(topics) == 2
    by_word = {word: topic for topic in topics for word in topic.words}
    assert set(by_word["mantelzorgers"].reaction_ids) == {1, 2, 3, 4}
    assert set(by_word["wachtlijsten"].reaction_ids) == {5, 6, 7, 8}
    assert all(set(t.representative_ids) <= set(t.reaction_ids) for t in topics)
    assert not {"de", "voor", "gemeente"} & {w for t in topics for w in t.words}


def test_too_few_reactions_give_no_topics():
    assert find_topics([(1, "Eén reactie.")]) == []
    assert "gemeente" in STOP_WORDS
