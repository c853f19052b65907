"""Ranked fuzzy matching of free text against every name of every entity.

A name scores (0..1) by the best of:

* the whole normalised key: exact (1.0) or a prefix of the name's key
  ("Abu Dhabi" -> "Abu Dhabi Dialogue");
* its words, in any order: each query word takes its best likeness to a word
  of the name (exact; one edit or transposition, "UNCHR" / "Migraton", but for
  three letters only a transposition, "IMO" / "IOM"; a prefix, "Migr"; or
  trigram likeness for worse misspellings, "Carribean"),
  averaged over the query words and lowered a little for each word of the name
  the query left out;
* as a fallback when those find nothing good, character-trigram likeness of
  the whole key (names run together or split differently).

Work is done once per distinct word of the vocabulary, not per name: a query
word is looked up in the vocabulary (exact, a deletion index for one edit, a
sorted list for prefixes, a word-trigram index for the rest), and each matched
word's postings list gives the names to score, so a query only ever touches
names that share a word (or, in the fallback, a trigram) with it.
"""

from __future__ import annotations

import heapq
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from ._text import words

__all__ = ["Match", "SearchIndex"]

T = TypeVar("T")

STOPWORDS = frozenset(
    (
        "the of on for and in to a an "  # English
        "de la le les des du et pour sur d l aux au "  # French
        "el las los para y en del al "  # Spanish
        "da do das dos e em"  # Portuguese
    ).split()
)

#: below this, a hit is noise
MIN_SCORE = 0.3
#: word-level scores never reach 1.0: that is kept for an exact name
WORD_CEILING = 0.96
#: when the word view's best is below this, the whole-key trigram view is tried too
FALLBACK_BELOW = 0.75


@attrs.frozen
class Match(Generic[T]):
    """A search hit: the entity, the score (1.0 is exact) and the name that matched."""

    entity: T
    score: float
    matched: str


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or transposition of neighbours apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la < lb:
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _dice(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return 2.0 * len(a & b) / (len(a) + len(b))


def _slug_like(text: str) -> bool:
    return text == text.lower() and not any(c.isspace() for c in text)


class SearchIndex(Generic[T]):
    """Every distinct (entity, normalised name), indexed by key, by word and by trigram."""

    def __init__(self, entries: Iterable[tuple[T, str]]) -> None:
        self._entities: list[T] = []
        self._keys: list[str] = []
        self._variants: list[list[str]] = []  # the texts that normalise to this key, first seen first
        self._nwords: list[int] = []
        grams_of: list[set[str]] = []  # per entry, only while building
        slot: dict[tuple[int, str], int] = {}
        self._by_key: dict[str, list[int]] = {}
        by_word: dict[str, set[int]] = {}
        for entity, name in entries:
            ws = words(name)
            key = "".join(ws)
            if not key:
                continue
            i = slot.get((id(entity), key))
            if i is not None:
                if name not in self._variants[i]:
                    self._variants[i].append(name)
                continue
            i = slot[(id(entity), key)] = len(self._keys)
            self._entities.append(entity)
            self._keys.append(key)
            self._variants.append([name])
            content = [w for w in ws if w not in STOPWORDS] or ws
            self._nwords.append(len(set(content)))
            grams_of.append(_trigrams(key))
            self._by_key.setdefault(key, []).append(i)
            for w in content:
                by_word.setdefault(w, set()).add(i)
        # the name shown for each entry: an exact-case variant is chosen per query;
        # otherwise a proper name rather than an id slug that normalises alike
        self._display = [next((v for v in vs if not _slug_like(v)), vs[0]) for vs in self._variants]
        self._postings: dict[str, tuple[int, ...]] = {w: tuple(sorted(ids)) for w, ids in by_word.items()}
        self._vocab: list[str] = sorted(self._postings)
        # per word only its trigram count is kept; the few candidate words of a
        # typo query get their trigrams recomputed (cheaper than keeping them all)
        self._word_gram_count: dict[str, int] = {}
        by_deletion: dict[str, list[str]] = {}
        word_by_gram: dict[str, list[str]] = {}
        for w in self._vocab:
            if len(w) >= 3:
                for d in _deletions(w) | {w}:
                    by_deletion.setdefault(d, []).append(w)
            grams = _trigrams(w)
            self._word_gram_count[w] = len(grams)
            for g in grams:
                word_by_gram.setdefault(g, []).append(w)
        self._by_deletion = {d: tuple(ws) for d, ws in by_deletion.items()}
        self._word_by_gram = {sys.intern(g): tuple(ws) for g, ws in word_by_gram.items()}
        by_gram: dict[str, list[int]] = {}
        for i, grams in enumerate(grams_of):
            for g in grams:
                by_gram.setdefault(g, []).append(i)
        # postings as compact arrays; per entry only its trigram count is kept
        self._by_gram = {sys.intern(g): array("I", ids) for g, ids in by_gram.items()}
        self._gram_counts = array("I", (len(g) for g in grams_of))
        self._sorted_keys = sorted((k, i) for i, k in enumerate(self._keys))
        # entry -> a small number per entity, for grouping hits by entity
        numbers: dict[int, int] = {}
        self._owner = array("I", (numbers.setdefault(id(e), len(numbers)) for e in self._entities))
        longest = max((len(k) for k in self._keys), default=0)
        #: text longer than this cannot resemble any name; it is not even normalised
        self._max_text = max(1000, 4 * longest)
        self._max_key = 2 * longest + 8

    # ------------------------------------------------------------------ words

    def _word_likeness(self, q: str) -> dict[str, float]:
        """Vocabulary words like the query word ``q``, with how alike (0..1)."""
        found: dict[str, float] = {}
        if q in self._postings:
            found[q] = 1.0
        n = len(q)
        if n >= 3:
            qgrams = _trigrams(q)
            for d in _deletions(q) | {q}:
                for w in self._by_deletion.get(d, ()):
                    # three letters (an acronym, mostly) are too short to tell a wrong letter from
                    # another name: only two swapped neighbours count there ("IMO" for IOM)
                    if n == 3 and (len(w) != 3 or sorted(w) != sorted(q)):
                        continue
                    if w not in found and _within_one_edit(q, w):
                        # a letter dropped, doubled or swapped is likelier than a wrong
                        # letter; further ties go to the word sharing more trigrams
                        wrong_letter = len(w) == n and sorted(w) != sorted(q)
                        found[w] = (0.72 if wrong_letter else 0.75) + 0.07 * _dice(qgrams, _trigrams(w))
        if n >= 3:
            vocab = self._vocab
            j = bisect_left(vocab, q)
            while j < len(vocab) and vocab[j].startswith(q):
                w = vocab[j]
                if w not in found:
                    found[w] = 0.6 + 0.25 * n / len(w)
                j += 1
        if n >= 6 and not found:
            qgrams = _trigrams(q)
            shared: dict[str, int] = {}
            for g in qgrams:
                for w in self._word_by_gram.get(g, ()):
                    shared[w] = shared.get(w, 0) + 1
            nq = len(qgrams)
            for w, s in shared.items():
                like = 2.0 * s / (nq + self._word_gram_count[w])
                if like >= 0.6:
                    found[w] = 0.95 * like
        return found

    # ----------------------------------------------------------------- search

    def search(self, text: str, limit: int) -> list[Match[T]]:
        if len(text) > self._max_text:
            return []
        ws = words(text)
        key = "".join(ws)
        if not key or len(key) > self._max_key:
            return []
        qwords = list(dict.fromkeys(w for w in ws if w not in STOPWORDS)) or list(dict.fromkeys(ws))
        scores: dict[int, float] = {}

        # whole key: exact, then the query as the start of a name
        for i in self._by_key.get(key, ()):
            scores[i] = 1.0
        if len(key) >= 3:
            sk = self._sorted_keys
            j = bisect_left(sk, (key, -1))
            while j < len(sk) and sk[j][0].startswith(key):
                k, i = sk[j]
                if i not in scores:
                    scores[i] = 0.9 + 0.05 * len(key) / len(k)
                j += 1

        # words, in any order
        nq = len(qwords)
        totals: dict[int, float] = {}
        for q in qwords:
            per: dict[int, float] = {}
            for w, like in self._word_likeness(q).items():
                for i in self._postings[w]:
                    if per.get(i, 0.0) < like:
                        per[i] = like
            if nq == 1:
                totals = per
                break
            for i, like in per.items():
                totals[i] = totals.get(i, 0.0) + like
        nwords = self._nwords
        floor = MIN_SCORE * nq / WORD_CEILING
        for i, total in totals.items():
            if total < floor:
                continue
            extra = nwords[i] - nq
            score = total / nq * (WORD_CEILING - 0.02 * min(extra, 8) if extra > 0 else WORD_CEILING)
            if score > scores.get(i, 0.0):
                scores[i] = score

        # whole-key trigrams, only when the views above found nothing good
        if not scores or max(scores.values()) < FALLBACK_BELOW:
            qgrams = _trigrams(key)
            counts: dict[int, int] = {}
            for g in qgrams:
                for i in self._by_gram.get(g, ()):
                    counts[i] = counts.get(i, 0) + 1
            ng = len(qgrams)
            gram_counts = self._gram_counts
            for i, shared in counts.items():
                score = 0.9 * 2.0 * shared / (ng + gram_counts[i])
                if score > scores.get(i, 0.0):
                    scores[i] = score

        # best name per entity
        best: dict[int, tuple[float, int]] = {}
        owner = self._owner
        for i, score in scores.items():
            if score < MIN_SCORE:
                continue
            ent = owner[i]
            prev = best.get(ent)
            if prev is None or score > prev[0] or (score == prev[0] and i < prev[1]):
                best[ent] = (score, i)
        display = self._display
        ranked = heapq.nsmallest(limit, best.values(), key=lambda si: (-si[0], display[si[1]]))
        entities = self._entities
        return [Match(entities[i], round(score, 4), self._shown(i, text)) for score, i in ranked]

    def _shown(self, i: int, text: str) -> str:
        """The name to report for entry ``i``: the variant the user typed, if any."""
        variants = self._variants[i]
        if len(variants) > 1:
            t = text.strip()
            if t in variants:
                return t
            folded = t.casefold()
            for v in variants:
                if v.casefold() == folded and not _slug_like(v):
                    return v
        return self._display[i]
