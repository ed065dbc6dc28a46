"""Find campaign letters: reactions that are the same text with small changes.

Each text becomes a set of word 3-grams (shingles). A bottom-k sketch (the k smallest shingle
hashes) finds candidates through an inverted index, and the full Jaccard similarity of the
shingle sets decides. Pure Python, deterministic, and fast enough for 10,000 reactions.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable

SKETCH_SIZE = 24
MIN_SHARED = 6  # sketch hashes two texts must share before their shingle sets are compared
WORDS = re.compile(r"\w+")


def shingles(text: str, size: int = 3) -> frozenset[int]:
    words = WORDS.findall(text.lower())
    if len(words) < size:
        return frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i:i + size]).encode()) for i in range(len(words) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class _Sets:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def near_duplicate_groups(texts: Iterable[tuple[int, str]], threshold: float = 0.6, min_size: int = 3) -> list[list[int]]:
    """Groups of ids whose texts are near-duplicates, largest group first."""
    sets: dict[int, frozenset[int]] = {}
    index: dict[int, list[int]] = defaultdict(list)
    for key, text in texts:
        shingle_set = shingles(text)
        if len(shingle_set) < 5:
            continue  # too short to call a copy
        sets[key] = shingle_set
        for h in sorted(shingle_set)[:SKETCH_SIZE]:
            index[h].append(key)
    groups = _Sets()
    for key, shingle_set in sets.items():
        shared: dict[int, int] = defaultdict(int)
        for h in sorted(shingle_set)[:SKETCH_SIZE]:
            for other in index[h]:
                if other != key:
                    shared[other] += 1
        for other, count in shared.items():
            if count >= MIN_SHARED and groups.find(other) != groups.find(key) and jaccard(shingle_set, sets[other]) >= threshold:
                groups.union(key, other)
    members: dict[int, list[int]] = defaultdict(list)
    for key in sets:
        members[groups.find(key)].append(key)
    found = [sorted(group) for group in members.values() if len(group) >= min_size]
    return sorted(found, key=lambda g: (-len(g), g[0]))
