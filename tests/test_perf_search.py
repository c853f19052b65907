"""The search index's costs stay bounded: memory linear in the longest word, candidates from
the query's terms only; and the small defects of the ranking (stopwords, id slugs) stay fixed."""

from __future__ import annotations

import tracemalloc

import pytest

import migorgs
from migorgs import _search
from migorgs._search import SearchIndex


def _peak_bytes(entries: list[tuple[str, str]]) -> int:
    tracemalloc.start()
    try:
        SearchIndex(entries)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_the_index_is_linear_in_the_longest_word() -> None:
    """A 20,000-letter word once cost 400 MB (its one-edit deletions); now about its length."""
    names = [(f"e{i}", f"Regional Forum {i} on Migration") for i in range(50)]
    base = _peak_bytes(names)
    big = _peak_bytes([*names, ("long", "Forum " + "a" * 20_000)])
    assert big - base < 5 * 1024 * 1024


def test_a_long_word_is_still_found_by_its_name() -> None:
    """Words past the one-edit limit are still found exactly and by prefix."""
    word = "b" * 5000
    index = SearchIndex([("long", "Forum " + word), ("other", "Other Forum")])
    assert index.search("Forum " + word, 10)[0].entity == "long"
    assert index.search(word[:40], 10)[0].entity == "long"


def test_a_query_of_stopwords_only_finds_exact_names_only() -> None:
    """search("the") once returned IOM at 0.91 ("The Migration Agency" starts with "the")."""
    assert list(migorgs.search("the")) == []
    assert list(migorgs.search("of the")) == []
    index = SearchIndex([("x", "The"), ("y", "The Migration Agency")])
    assert [(m.entity, m.score) for m in index.search("the", 10)] == [("x", 1.0)]


def test_an_id_slug_is_shown_only_when_the_query_is_the_id() -> None:
    """search("5+5") once showed the id "5-plus-5-dialogue" as the matched name."""
    top = migorgs.search("5+5")[0]
    assert top.entity.id == "5-plus-5-dialogue"
    assert top.matched in {n.text for n in top.entity.names}
    exact = migorgs.search("5-plus-5-dialogue")[0]
    assert (exact.entity.id, exact.score, exact.matched) == ("5-plus-5-dialogue", 1.0, "5-plus-5-dialogue")


def test_common_words_do_not_add_hits_that_cannot_reach_the_floor() -> None:
    """Names sharing only a common word with a four-word query cannot reach the floor: their
    postings are skipped, and the answer is the one scoring every name gives."""
    entries = [(f"n{i}", f"Association {i:05d}") for i in range(3000)]
    entries += [("bali", "Bali Regional Process"), ("bali-assoc", "Bali Regional Process Association")]
    index = SearchIndex(entries)
    got = [(m.entity, m.score) for m in index.search("Bali Regional Process Association", 50)]
    assert got[0] == ("bali-assoc", 1.0)
    assert [e for e, _ in got] == ["bali-assoc", "bali"]
    # a misspelt common word still counts for the names the other words find
    assert index.search("Bali Regional Process Asociation", 5)[0].entity == "bali-assoc"


def test_kept_word_likeness_is_bounded_and_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A vocabulary word's likeness is kept (the steady path), at most _KNOWN_WORDS of them;
    a word outside the vocabulary (a misspelling) is never kept; the answers do not change."""
    monkeypatch.setattr(_search, "_KNOWN_WORDS", 3)
    names = [(f"e{i}", f"Regional Forum {i} on Migration") for i in range(20)]
    names += [("mig", "Migrants Network"), ("lab", "Labour Forum")]
    queries = ["regional forum", "migration", "migratoin network", "labor forum", "forum 7", "Migrants"]
    fresh = [[(m.entity, m.score, m.matched) for m in SearchIndex(names).search(q, 10)] for q in queries]
    index = SearchIndex(names)
    for _ in range(2):
        assert [[(m.entity, m.score, m.matched) for m in index.search(q, 10)] for q in queries] == fresh
        assert 0 < len(index._known_likeness) <= 3
        assert set(index._known_likeness) <= set(index._vocab)
    assert "migratoin" not in index._known_likeness and "labor" not in index._known_likeness
