"""Names in the order a Dutch reader looks for them, and one name in its different spellings.

Sorting by character codes put "Émile" after "Zorg", "de Zonnebloem" before everything with a capital and
"'s-Hertogenbosch" at the top. Dutch lists (the telephone book, NEN 1833 in spirit) ignore case and
accents, file "'s-Hertogenbosch" under H and "'t Harde" under H, and put a name that starts with an
article or tussenvoegsel ("de", "het", "van der") under the word that follows it. Numbers count as
numbers: "Wijk 2" before "Wijk 10".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Leading words a Dutch reader skips when looking a name up; longest first so "van der" wins over "van".
LEADING_WORDS = (
    "van de", "van der", "van den", "van het", "van 't", "in de", "in het", "in 't", "op de", "op het", "uit de",
    "de", "den", "der", "het", "een", "'t", "'s", "van", "ten", "ter", "te",
)
_LEADING = re.compile(r"^(?:" + "|".join(re.escape(w) for w in LEADING_WORDS) + r")(?:[\s-]+|(?<=')(?=\w))", re.I)
_NUMBER = re.compile(r"(\d+)")


def _plain(text: str) -> str:
    """Lower case, without accents; apostrophes kept (they mark 's and 't), other punctuation a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = letters.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w']+", " ", letters).split())


def dutch_sort_key(name: str) -> tuple:
    """The key to sort names with: ``sorted(names, key=dutch_sort_key)``.

    In: any name. Out: a tuple (the name as filed, then the full plain name, then the name itself, so two
    spellings keep a fixed order). Leading articles and tussenvoegsels are skipped only when something
    follows them, so a name that is only "De" stays under D."""
    plain = _plain(name)
    filed = plain
    while (match := _LEADING.match(filed)) and match.end() < len(filed):
        filed = filed[match.end():]
    filed = filed.replace("'", "")

    def parts(text: str) -> tuple:
        return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUMBER.split(text) if p)

    return (parts(filed), parts(plain.replace("'", "")), name)


def same_name_key(name: str) -> str:
    """One key for the spellings of a name that differ only in capitals or spaces ("Woonstichting Lek",
    "WOONSTICHTING LEK ", "woonstichting  lek"). Accents stay: "Een" and "Één" are different words."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def ids_in_dutch_order(named: Iterable[tuple[int, str]]) -> list[int]:
    """The ids of ``(id, name)`` pairs, ordered by ``dutch_sort_key`` of the name, then id.

    For a paged list: select only id and name of every match, order them here, then load the one page.
    SQL's ORDER BY cannot do it: it compares character codes (or a server collation that differs
    between SQLite and PostgreSQL, and knows nothing of "'s-" or "de"). A key costs some 20 µs; the
    keys of the names seen last are kept, so paging through 10,000 accounts does not make them anew."""
    return [id_ for id_, name in sorted(named, key=lambda pair: (_kept_key(pair[1] or ""), pair[0]))]


_kept_key = lru_cache(maxsize=20_000)(dutch_sort_key)
