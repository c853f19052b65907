"""Ranked fuzzy matching of free text against every name of every entity.

Scoring (0..1) takes the best of three views of a name:
exact or prefix match of the whole normalised key, word overlap that
tolerates word order, partial words and one typo per word, and character
trigram similarity for misspellings. An inverted trigram and word index
keeps each query to the names that share something with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

import attrs

from ._text import normalise, words

__all__ = ["Match", "SearchIndex"]

T = TypeVar("T")

STOPWORDS = frozenset(
    "the of on for and in to a an de la le les des du et pour sur el las los para y en del".split()
)


@attrs.frozen
class Match(Generic[T]):
    """A search hit: the entity, the score (1.0 is exact) and the name that matched."""

    entity: T
    score: float
    matched: str


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _word_score(query: Sequence[str], name: Sequence[str]) -> float:
    if not query or not name:
        return 0.0
    total = 0.0
    for q in query:
        best = 0.0
        for n in name:
            if q == n:
                best = 1.0
                break
            if len(q) >= 3 and n.startswith(q):
                best = max(best, 0.85)
            elif len(q) >= 4 and _within_one_edit(q, n):
                best = max(best, 0.8)
        total += best
    coverage = total / len(query)
    # names with many words the query did not mention rank a little lower
    extra = max(0, len(name) - len(query))
    return coverage * (0.96 - 0.02 * min(extra, 8))


class SearchIndex(Generic[T]):
    """Every (entity, name) pair, indexed by trigram and by word."""

    def __init__(self, entries: Iterable[tuple[T, str]]) -> None:
        self._entities: list[T] = []
        self._names: list[str] = []
        self._keys: list[str] = []
        self._words: list[tuple[str, ...]] = []
        self._grams: list[frozenset[str]] = []
        by_gram: dict[str, list[int]] = {}
        for entity, name in entries:
            key = normalise(name)
            if not key:
                continue
            i = len(self._names)
            self._entities.append(entity)
            self._names.append(name)
            self._keys.append(key)
            self._words.append(tuple(w for w in words(name) if w not in STOPWORDS) or tuple(words(name)))
            grams = frozenset(_trigrams(key))
            self._grams.append(grams)
            for g in grams:
                by_gram.setdefault(g, []).append(i)
        self._by_gram = {g: tuple(ids) for g, ids in by_gram.items()}

    def search(self, text: str, limit: int) -> list[Match[T]]:
        key = normalise(text)
        if not key:
            return []
        qwords = [w for w in words(text) if w not in STOPWORDS] or words(text)
        qgrams = _trigrams(key)
        counts: dict[int, int] = {}
        for g in qgrams:
            for i in self._by_gram.get(g, ()):
                counts[i] = counts.get(i, 0) + 1
        best: dict[int, tuple[float, int]] = {}  # id(entity) -> (score, name index)
        nq = len(qgrams)
        for i, shared in counts.items():
            dice = 2.0 * shared / (nq + len(self._grams[i]))
            if dice < 0.2 and shared < 3:
                continue
            k = self._keys[i]
            if k == key:
                score = 1.0
            elif len(key) >= 3 and k.startswith(key):
                score = 0.9 + 0.05 * len(key) / len(k)
            else:
                score = max(dice * 0.9, _word_score(qwords, self._words[i]))
            if score < 0.3:
                continue
            ent = id(self._entities[i])
            prev = best.get(ent)
            if prev is None or score > prev[0] or (score == prev[0] and i < prev[1]):
                best[ent] = (score, i)
        ranked = sorted(best.values(), key=lambda si: (-si[0], self._names[si[1]]))
        return [Match(self._entities[i], round(score, 4), self._names[i]) for score, i in ranked[:limit]]
