"""Topics: what the reactions are about, found offline in Dutch.

TF-IDF over words (Dutch stop words removed) and k-means clustering (scikit-learn). Each topic gets
its characteristic words, a few representative reactions (closest to the centre) and the ids of
every reaction it rests on. These are suggestions: they become codes only when an official accepts.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STOP_WORDS = sorted({line.strip() for line in (Path(__file__).parent / "stopwords_nl.txt").read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#")})


@dataclass
class Topic:
    words: list[str]
    representative_ids: list[int]
    reaction_ids: list[int]


def find_topics(texts: list[tuple[int, str]], progress: Callable[[int], None] = lambda _: None,
                max_topics: int = 10) -> list[Topic]:
    """Topics among the texts, largest first. Needs at least a handful of texts."""
    # Imported here, by the worker's job only: scikit-learn (with SciPy and NumPy) took 40 % of the app's
    # start, in every gunicorn worker and `flask` command (9.6 s of import in the deployment trial).
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 6:
        return []
    ids = [key for key, _ in texts]
    vectorizer = TfidfVectorizer(stop_words=STOP_WORDS, lowercase=True, token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
                                 min_df=2, max_df=0.5, sublinear_tf=True, max_features=20_000)
    try:
        matrix = vectorizer.fit_transform(text for _, text in texts)
    except ValueError:  # no word occurs twice: nothing to cluster
        return []
    progress(40)
    count = max(2, min(max_topics, round(math.sqrt(len(texts) / 4))))
    model = MiniBatchKMeans(n_clusters=count, random_state=2026, n_init=3, batch_size=2048)
    labels = model.fit_predict(matrix)
    progress(80)
    vocabulary = np.array(vectorizer.get_feature_names_out())
    distances = model.transform(matrix)
    topics = []
    for cluster in range(count):
        members = np.flatnonzero(labels == cluster)
        if len(members) < 2:
            continue
        centre = model.cluster_centers_[cluster]
        top = [i for i in np.argsort(centre)[::-1][:6] if centre[i] > 0]
        words = vocabulary[top].tolist()
        closest = members[np.argsort(distances[members, cluster])[:3]]
        topics.append(Topic(words, [ids[i] for i in closest], sorted(ids[i] for i in members)))
    progress(100)
    return sorted(topics, key=lambda t: -len(t.reaction_ids))
