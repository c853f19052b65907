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
import math
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
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
#: a query word with no exact, one-edit or prefix match takes words this alike by trigrams
WORD_GRAMS_MIN = 0.6
#: words longer than this get no one-edit matching (no word of a name is this long)
MAX_TYPO_WORD = 30
#: at most this many vocabulary words' likeness is kept (_word_likeness)
_KNOWN_WORDS = 4096
#: up to this many hits, the ``limit``-th best score is found by a sort; past it, by a heap
_SORT_UP_TO = 256


@attrs.frozen
class Match(Generic[T]):
    """A search hit: the entity, the score (1.0 is exact) and the name that matched."""

    entity: T
    score: float
    matched: str


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


#: the low bits of a packed table entry number a word; the high bits hold a hash of its text
_ID_BITS = 24
_ID_MASK = (1 << _ID_BITS) - 1
_HASH_MASK = (1 << (63 - _ID_BITS)) - 1


def _packed(text: str) -> int:
    """``text``'s place in a packed table: its hash's low bits, above the word-number bits."""
    return (hash(text) & _HASH_MASK) << _ID_BITS


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
    """Every distinct (entity, normalised name), indexed by key and by word.

    What a query costs depends on the names that share a word (or a likely
    misspelling of one) with it, not on the size of the data: the candidates of
    every view come from the postings of the query's words, and only those
    candidates are scored. The index grows linearly with the names (one-edit
    deletions are kept only for words of ordinary length).
    """

    def __init__(self, entries: Iterable[tuple[T, str]]) -> None:
        self._entities: list[T] = []
        self._keys: list[str] = []
        variants: list[list[str]] = []  # the texts that normalise to each key, first seen first
        self._nwords: list[int] = []
        slot: dict[tuple[int, str], int] = {}
        self._by_key: dict[str, list[int]] = {}
        by_word: dict[str, list[int]] = {}
        for entity, name in entries:
            ws = words(name)
            key = "".join(ws)
            if not key:
                continue
            i = slot.get((id(entity), key))
            if i is not None:
                if name not in variants[i]:
                    variants[i].append(name)
                continue
            i = slot[(id(entity), key)] = len(self._keys)
            self._entities.append(entity)
            self._keys.append(key)
            variants.append([name])
            content = list(dict.fromkeys(w for w in ws if w not in STOPWORDS)) or list(dict.fromkeys(ws))
            self._nwords.append(len(content))
            self._by_key.setdefault(key, []).append(i)
            for w in content:
                by_word.setdefault(sys.intern(w), []).append(i)
        # the name shown for each entry: an exact-case variant is chosen per query;
        # otherwise a proper name rather than an id slug that normalises alike
        self._display = [next((v for v in vs if not _slug_like(v)), vs[0]) for vs in variants]
        #: the entries that several texts share, with those texts
        self._variants = {i: tuple(vs) for i, vs in enumerate(variants) if len(vs) > 1}
        #: entries known only by an id slug ("5-plus-5-dialogue"): found by their whole key alone
        self._slug_only = frozenset(i for i, vs in enumerate(variants) if all(map(_slug_like, vs)))
        self._postings: dict[str, tuple[int, ...]] = {w: tuple(ids) for w, ids in by_word.items()}
        self._vocab: list[str] = sorted(self._postings)
        # one-edit table: for each deletion of a word (and the word itself) one int, its hash's
        # bits above the word's number, in a sorted array (8 bytes a deletion; a dict of strings
        # took ten times that). Only for words up to MAX_TYPO_WORD letters, so a long word costs
        # memory linear in its length, not its square. A hash collision only adds a candidate
        # that the edit check then refuses.
        vocab = self._vocab
        if len(vocab) > _ID_MASK:  # pragma: no cover - sixteen million distinct words
            raise ValueError("too many distinct words to index")
        self._deletions = array(
            "q",
            sorted(
                _packed(d) | n
                for n, w in enumerate(vocab)
                if 3 <= len(w) <= MAX_TYPO_WORD
                for d in _deletions(w) | {w}
            ),
        )
        # and a bitmap of the hashes' low bits (a byte per deletion): most probes miss, and the
        # bitmap says so without a search of the array
        self._bloom_bits = max(16, (8 * len(self._deletions)).bit_length())
        self._bloom = bytearray(1 << (self._bloom_bits - 3))
        low = (1 << self._bloom_bits) - 1
        for entry in self._deletions:
            b = (entry >> _ID_BITS) & low
            self._bloom[b >> 3] |= 1 << (b & 7)
        # word trigrams the same way, and each word's trigram count
        self._word_gram_count = array("I", (len(_trigrams(w)) for w in vocab))
        self._word_grams = array(
            "q", sorted(_packed(g) | n for n, w in enumerate(vocab) for g in _trigrams(w))
        )
        self._min_word_grams = min(self._word_gram_count, default=1)
        #: per entry, how many distinct trigrams its key has (bounds the fallback before computing)
        self._gram_counts = array("I", (len(_trigrams(k)) for k in self._keys))
        order = sorted(range(len(self._keys)), key=self._keys.__getitem__)
        self._sorted_keys = [self._keys[i] for i in order]
        self._sorted_ids = array("I", order)
        # entry -> a small number per entity, for grouping hits by entity
        numbers: dict[int, int] = {}
        self._owner = array("I", (numbers.setdefault(id(e), len(numbers)) for e in self._entities))
        #: _word_likeness of vocabulary words queried lately (at most _KNOWN_WORDS)
        self._known_likeness: dict[str, Mapping[str, float]] = {}
        self._max_nwords = max(self._nwords, default=0)
        self._ceiling_tables: dict[int, list[float]] = {}
        longest = max((len(k) for k in self._keys), default=0)
        #: text longer than this cannot resemble any name; it is not even normalised
        self._max_text = max(1000, 4 * longest)
        self._max_key = 2 * longest + 8

    # ------------------------------------------------------------------ words

    @staticmethod
    def _range(table: array[int], text: str) -> tuple[int, int]:
        """Where the words filed under ``text`` lie in a packed table."""
        k = _packed(text)
        lo = bisect_left(table, k)
        return lo, bisect_left(table, k + _ID_MASK + 1, lo)

    def _deleted(self, d: str) -> list[str]:
        """The words that ``d`` is a deletion of (or is)."""
        lo, hi = self._range(self._deletions, d)
        vocab, table = self._vocab, self._deletions
        return [vocab[table[k] & _ID_MASK] for k in range(lo, hi)]

    def _word_likeness(self, q: str) -> Mapping[str, float]:
        """Vocabulary words like the query word ``q``, with how alike (0..1).

        Kept for a word of the vocabulary (its likeness depends on the index alone), up to
        ``_KNOWN_WORDS`` words (then the store starts again); computed afresh for any other
        word, so no stream of misspellings can grow it. The mapping is shared: callers only
        read it.
        """
        known = self._known_likeness.get(q)
        if known is not None:
            return known
        found: dict[str, float] = {}
        in_vocab = q in self._postings
        if in_vocab:
            found[q] = 1.0
        n = len(q)
        if 3 <= n <= MAX_TYPO_WORD + 1:
            qgrams = _trigrams(q)
            table, vocab, end = self._deletions, self._vocab, len(self._deletions)
            bloom, low = self._bloom, (1 << self._bloom_bits) - 1
            for d in _deletions(q) | {q}:
                h = hash(d)
                b = h & low
                if not bloom[b >> 3] & (1 << (b & 7)):
                    continue
                k = (h & _HASH_MASK) << _ID_BITS  # _packed(d), inline: this loop is hot
                j = bisect_left(table, k)
                while j < end and table[j] <= k | _ID_MASK:
                    w = vocab[table[j] & _ID_MASK]
                    j += 1
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
            found.update(self._gram_words(q))
        if in_vocab:
            if len(self._known_likeness) >= _KNOWN_WORDS:
                self._known_likeness.clear()
            self._known_likeness[q] = found
        return found

    def _gram_words(self, q: str) -> dict[str, float]:
        """Words whose trigrams are like those of ``q`` (Dice >= WORD_GRAMS_MIN).

        Prefix filtering: a word that reaches the threshold shares at least ``need``
        trigrams with ``q``, so it holds one of the ``len(q's trigrams) - need + 1``
        rarest of them; only their postings are read, the rest are checked per candidate.
        """
        spans = sorted(
            (hi - lo, lo, hi, g) for g in _trigrams(q) for lo, hi in [self._range(self._word_grams, g)]
        )
        nq = len(spans)
        need = max(1, math.ceil(WORD_GRAMS_MIN * (nq + self._min_word_grams) / 2 - 1e-9))
        shared: dict[int, int] = {}
        table = self._word_grams
        for _n, lo, hi, _g in spans[: nq - need + 1]:
            for k in range(lo, hi):
                n = table[k] & _ID_MASK
                shared[n] = shared.get(n, 0) + 1
        rest = [g for *_, g in spans[nq - need + 1 :]]
        out: dict[str, float] = {}
        vocab, counts = self._vocab, self._word_gram_count
        for n, s in shared.items():
            nw = counts[n]
            if 2.0 * (s + len(rest)) / (nq + nw) < WORD_GRAMS_MIN:
                continue
            w = vocab[n]
            if rest:
                wgrams = _trigrams(w)
                s += sum(g in wgrams for g in rest)
            like = 2.0 * s / (nq + nw)
            if like >= WORD_GRAMS_MIN:
                out[w] = 0.95 * like
        return out

    # ----------------------------------------------------------------- search

    def search(self, text: str, limit: int) -> list[Match[T]]:
        if len(text) > self._max_text:
            return []
        ws = words(text)
        key = "".join(ws)
        if not key or len(key) > self._max_key:
            return []
        content = list(dict.fromkeys(w for w in ws if w not in STOPWORDS))
        scores: dict[int, float] = {}

        # whole key: exact, then the query as the start of a name
        for i in self._by_key.get(key, ()):
            scores[i] = 1.0
        if not content:  # only words such as "the": an exact name or nothing
            return self._ranked(scores, text, limit)
        if len(key) >= 3:
            sk, ids, nk, end = self._sorted_keys, self._sorted_ids, len(key), len(self._sorted_keys)
            j = bisect_left(sk, key)
            while j < end and sk[j].startswith(key):
                i = ids[j]
                if i not in scores:
                    scores[i] = 0.9 + 0.05 * nk / len(sk[j])
                j += 1

        # words, in any order. A name whose only matched words are the most common ones
        # cannot reach the floor: those words' postings are not read (they would touch every
        # "Association ..." of a large registry), only checked for the names the others find.
        slug_only = self._slug_only
        postings = self._postings
        nq = len(content)
        floor = MIN_SCORE * nq / WORD_CEILING
        likes = [self._word_likeness(q) for q in content]
        order = sorted(range(nq), key=lambda j: -sum(len(postings[w]) for w in likes[j]))
        skipped: list[int] = []
        reach = 0.0
        for j in order:
            top = max(likes[j].values(), default=0.0)
            if reach + top >= floor:
                break
            reach += top
            skipped.append(j)
        totals: dict[int, float] = {}
        for j in range(nq):
            if j in skipped:
                continue
            items = iter(likes[j].items())
            first = next(items, None)
            # the first word's postings at C speed (every like is above 0); the rest keep the best
            per: dict[int, float] = {} if first is None else dict.fromkeys(postings[first[0]], first[1])
            for w, like in items:
                for i in postings[w]:
                    if per.get(i, 0.0) < like:
                        per[i] = like
            if nq == 1:
                totals = per
                break
            for i, like in per.items():
                totals[i] = totals.get(i, 0.0) + like
        for j in skipped:
            found = sorted(((like, postings[w]) for w, like in likes[j].items()), key=lambda lp: -lp[0])
            for i in totals:
                for like, post in found:
                    k = bisect_left(post, i)
                    if k < len(post) and post[k] == i:
                        totals[i] += like
                        break
        nwords, ceiling, prior = self._nwords, self._ceilings(nq), scores.get
        for i, total in totals.items():
            if total < floor or i in slug_only:
                continue
            score = total / nq * ceiling[nwords[i]]
            if score > prior(i, 0.0):
                scores[i] = score

        # whole-key trigrams (names run together or split differently), only when the views
        # above found nothing good, and only over the names they touched that could still
        # enter the top ``limit`` (bounded by their trigram counts before any is computed)
        if not scores or max(scores.values()) < FALLBACK_BELOW:
            qgrams = _trigrams(key)
            ng = len(qgrams)
            keys, counts = self._keys, self._gram_counts
            theta = max(MIN_SCORE, self._kth_entity_score(scores, limit))
            for i in totals:
                ni = counts[i]
                bound = 0.9 * 2.0 * min(ng, ni) / (ng + ni)
                if bound < theta or bound <= scores.get(i, 0.0) or i in slug_only:
                    continue
                score = 0.9 * 2.0 * len(qgrams & _trigrams(keys[i])) / (ng + ni)
                if score > scores.get(i, 0.0):
                    scores[i] = score
        return self._ranked(scores, text, limit)

    def _ceilings(self, nq: int) -> list[float]:
        """Per content-word count of a name, the word view's ceiling for a query of ``nq``
        content words: lowered a little for each word of the name the query left out."""
        nq = min(nq, self._max_nwords + 1)  # longer queries lower no name: one table for them all
        table = self._ceiling_tables.get(nq)
        if table is None:
            table = [
                WORD_CEILING - 0.02 * min(n - nq, 8) if n > nq else WORD_CEILING
                for n in range(self._max_nwords + 1)
            ]
            self._ceiling_tables[nq] = table
        return table

    def _kth_entity_score(self, scores: dict[int, float], k: int) -> float:
        """The ``k``-th best score of an entity (0 if fewer): a hit below it cannot be shown."""
        best: dict[int, float] = {}
        owner = self._owner
        for i, score in scores.items():
            e = owner[i]
            if score > best.get(e, 0.0):
                best[e] = score
        if len(best) < k:
            return 0.0
        return heapq.nlargest(k, best.values())[-1]

    def _ranked(self, scores: dict[int, float], text: str, limit: int) -> list[Match[T]]:
        """The best name per entity, the top ``limit`` by a heap (no sort of every hit)."""
        best: dict[int, tuple[float, int]] = {}
        owner, prior = self._owner, best.get
        for i, score in scores.items():
            if score >= MIN_SCORE:
                ent = owner[i]
                prev = prior(ent)
                if prev is None or (score >= prev[0] and (score > prev[0] or i < prev[1])):
                    best[ent] = (score, i)
        display = self._display
        hits = list(best.values())
        if len(hits) > limit:  # the few that can be shown, by their scores alone, before the keyed heap
            values = [score for score, _ in hits]
            # a few hundred floats sort in C faster than the heap's loop in Python runs
            top = (
                sorted(values, reverse=True) if len(values) <= _SORT_UP_TO else heapq.nlargest(limit, values)
            )
            cut = top[limit - 1]
            hits = [si for si in hits if si[0] >= cut]
        ranked = heapq.nsmallest(limit, hits, key=lambda si: (-si[0], display[si[1]]))
        entities, shown, variants = self._entities, self._shown, self._variants
        return [
            Match(entities[i], round(score, 4), shown(i, text) if i in variants else display[i])
            for score, i in ranked
        ]

    def _shown(self, i: int, text: str) -> str:
        """The name to report for entry ``i``: the variant the user typed, if any."""
        variants = self._variants.get(i)
        if variants is not None:
            t = text.strip()
            if t in variants:
                return t
            folded = t.casefold()
            for v in variants:
                if v.casefold() == folded and not _slug_like(v):
                    return v
        return self._display[i]
