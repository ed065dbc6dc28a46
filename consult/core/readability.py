"""Readability of Dutch text: the Flesch-Douma score, so answers can stay at B1 level."""
from __future__ import annotations

import re

from flask_babel import gettext as _

SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")
# Dutch diphthongs and long vowels count as one syllable.
VOWEL_GROUP = re.compile(r"ij|ei|ui|ou|au|oe|ie|eu|aa|ee|oo|uu|[aeiouyàáâäèéêëìíîïòóôöùúûü]", re.IGNORECASE)


def syllables(word: str) -> int:
    return max(1, len(VOWEL_GROUP.findall(word)))


def flesch_douma(text: str) -> float | None:
    """206.84 − 0.93 × words per sentence − 77 × syllables per word; None for text without words."""
    words = WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len(SENTENCE_END.findall(text.strip() + " ")))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(206.84 - 0.93 * per_sentence - 77 * per_word, 1)


def readability_note(text: str) -> str:
    score = flesch_douma(text)
    if score is None:
        return ""
    if score >= 60:
        verdict = _("easy to read (about B1)")
    elif score >= 40:
        verdict = _("fairly difficult: use shorter sentences and words")
    else:
        verdict = _("difficult: most residents will struggle with this text")
    return _("Readability (Flesch-Douma): %(score)s, %(verdict)s.", score=f"{score:.0f}", verdict=verdict)
