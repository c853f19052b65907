"""Search quality and behaviour: a corpus of realistic queries with the expected top hit,
plus the contract of scores, limits, odd input and "did you mean" suggestions."""

from __future__ import annotations

import time

import pytest

import migorgs
from migorgs._search import Match, SearchIndex

# (query, id of the entity a reasonable user means)
CORPUS: list[tuple[str, str]] = [
    # --- misspellings: one or two typos, transpositions, dropped or doubled letters
    ("Internatinal Organisation for Migraton", "iom"),
    ("Colmbo Process", "colombo-process"),
    ("Budapset process", "budapest-process"),
    ("Intenational Labour Organisation", "ilo"),
    ("Internatonal Centre for Migration Policy Developement", "icmpd"),
    ("Global Forum on Migation and Development", "gfmd"),
    ("Khartum Process", "khartoum-process"),
    ("Pague Process", "prague-process"),
    ("Almati process", "almaty-process"),
    ("Tripolli process", "tripoli-process"),
    ("Manila Process", "manila-process"),
    ("Quito Proccess", "quito-process"),
    ("Rabat Porcess", "rabat-process"),
    ("Unted Nations High Comissioner for Refugees", "unhcr"),
    ("Organisation for Economic Cooperation and Developmnt", "oecd"),
    ("Economic Comunity of West African States", "ecowas"),
    ("Southern African Developement Community", "sadc"),
    ("Migration Dialog for West Africa", "midwa"),
    ("Carribean Migration Consultations", "cmc"),
    ("Mediteranean Transit Migration", "mtm"),
    ("Soderkopping Process", "soderkoping-process"),
    ("Assocation of Southeast Asian Nations", "asean"),
    ("Intergovernmental Consultations on Migraton, Asylum and Refugees", "igc"),
    ("Pan Afican Forum on Migration", "pan-african-forum"),
    ("Internationl Migration Reveiw Forum", "imrf"),
    ("Bali Proces", "bali-process"),
    ("Regional Conference on Migraton", "puebla-process"),
    ("ASEAN Forum on Migrant Labor", "afml"),
    ("Internatonal Labor Organization", "ilo"),
    ("Caribean Migration Consultations", "cmc"),
    ("Intergovermental Authority on Developmen", "igad"),
    ("Manilla", "manila-process"),
    # --- former names and their acronyms
    ("ICEM", "iom"),
    ("Intergovernmental Committee for European Migration", "iom"),
    ("PICMME", "iom"),
    ("Intergovernmental Committee for Migration", "iom"),
    ("OEEC", "oecd"),
    ("Organisation for European Economic Cooperation", "oecd"),
    ("CSCE", "osce"),
    ("Conference on Security and Cooperation in Europe", "osce"),
    ("Organisation of African Unity", "african-union"),
    ("OAU", "african-union"),
    ("Preferential Trade Area for Eastern and Southern Africa", "comesa"),
    ("Southern African Development Coordination Conference", "sadc"),
    ("Office for Drug Control and Crime Prevention", "unodc"),
    ("Lima Process", "sacm"),
    # --- French, Spanish, Portuguese names and acronyms
    ("Organización Internacional para las Migraciones", "iom"),
    ("OIM", "iom"),
    ("Organisation internationale pour les migrations", "iom"),
    ("OCDE", "oecd"),
    ("ACNUR", "unhcr"),
    ("HCR", "unhcr"),
    ("Haut Commissariat des Nations unies pour les réfugiés", "unhcr"),
    ("Conferencia Regional sobre Migración", "puebla-process"),
    ("Organisation internationale du Travail", "ilo"),
    ("OIT", "ilo"),
    ("CEDEAO", "ecowas"),
    ("Processus de Rabat", "rabat-process"),
    ("Proceso de Budapest", "budapest-process"),
    ("Foro Mundial sobre Migracion y Desarrollo", "gfmd"),
    ("Mercado Comum da Africa Oriental e Austral", "comesa"),
    ("Secretaria-Geral Ibero-Americana", "segib"),
    ("Conferencia Suramericana sobre Migraciones", "sacm"),
    ("Organizacion Centroamericana de Migracion", "ocam"),
    ("Dialogue euro-africain sur la migration", "rabat-process"),
    ("Oficina de las Naciones Unidas contra la Droga y el Delito", "unodc"),
    ("Communauté économique des États de l'Afrique de l'Ouest", "ecowas"),
    ("Foro Iberoamericano sobre Migração e Desenvolvimento", "fibemyd"),
    ("ACNUDH", "ohchr"),
    # --- partial names
    ("Puebla", "puebla-process"),
    ("Abu Dhabi", "abu-dhabi-dialogue"),
    ("Rabat", "rabat-process"),
    ("Khartoum", "khartoum-process"),
    ("Global Forum Migration", "gfmd"),
    ("Bali", "bali-process"),
    ("Colombo", "colombo-process"),
    ("Metropolis", "metropolis"),
    ("Refugee Agency", "unhcr"),
    ("Horn of Africa Migration Route", "khartoum-process"),
    ("Migration Review Forum", "imrf"),
    ("Swedish Migration", "swedish-migration-board"),
    ("Eastern Partnership Panel", "eap-migration-panel"),
    ("High Commissioner for Human Rights", "ohchr"),
    ("Venezuelan Citizens", "quito-process"),
    ("Pacific Immigration Directors", "pidc"),
    ("League of Arab States", "las"),
    ("EU Horn of Africa", "khartoum-process"),
    ("High Level Dialogue on International Migration", "un-hld"),
    ("Ibero-American Forum on Migration", "fibemyd"),
    ("Prague", "prague-process"),
    # --- word order
    ("Process Bali", "bali-process"),
    ("Migration Dialogue Southern Africa", "midsa"),
    ("Process Budapest", "budapest-process"),
    ("Dialogue Abu Dhabi", "abu-dhabi-dialogue"),
    ("Migration International Organization", "iom"),
    ("Forum Global Migration Development", "gfmd"),
    ("Labour Organisation International", "ilo"),
    ("Commission African Union", "auc"),
    ("Secretariat ACP", "acp-secretariat"),
    ("Migr Dialog Southern Africa", "midsa"),
    # --- acronyms with a typo
    ("UNCHR", "unhcr"),
    ("UNDOC", "unodc"),
    ("ICMDP", "icmpd"),
    ("OSEC", "osce"),
    ("SEGBI", "segib"),
    ("COMESSA", "comesa"),
    ("UNITRA", "unitar"),
    ("ICPMD", "icmpd"),
    ("FIIAP", "fiiapp"),
    ("ECWAS", "ecowas"),
    ("UNECSO", "unesco"),
    ("GFDM", "gfmd"),
    ("IGDA", "igad"),
    ("OEDC", "oecd"),
    # --- case, accents, punctuation, spacing
    ("5+5 dialogue", "5-plus-5-dialogue"),
    ("5 + 5 Dialogue", "5-plus-5-dialogue"),
    ("soderkoping", "soderkoping-process"),
    ("Söderköping", "soderkoping-process"),
    ("Söderköpingsprocessen", "soderkoping-process"),
    ("iom", "iom"),
    ("u.n.h.c.r.", "unhcr"),
    ("acp eu dialogue on migration", "acp-eu-dialogue"),
    ("EU CELAC", "eu-lac-dialogue"),
    ("MIGRATION DIALOGUE FOR SOUTHERN AFRICA", "midsa"),
    ("haut-commissariat des nations unies aux droits de l'homme", "ohchr"),
    ("Inter-Governmental Authority on Development", "igad"),
]


def test_corpus_is_large_and_sound() -> None:
    assert len(CORPUS) >= 60
    assert len({q for q, _ in CORPUS}) == len(CORPUS), "duplicate queries"
    ids = {e.id for e in (*migorgs.orgs(), *migorgs.processes())}
    assert {want for _, want in CORPUS} <= ids


@pytest.mark.parametrize(("query", "expected"), CORPUS, ids=[q for q, _ in CORPUS])
def test_top_hit(query: str, expected: str) -> None:
    hits = migorgs.search(query, limit=5)
    assert hits, f"no hit for {query!r}"
    got = [(m.entity.id, m.score, m.matched) for m in hits]
    assert hits[0].entity.id == expected, got


@pytest.mark.parametrize("query", [q for q, _ in CORPUS[::7]] + ["Process", "Migration", "a"])
def test_scores_in_range_sorted_and_unique(query: str) -> None:
    hits = list(migorgs.search(query, limit=50))
    scores = [m.score for m in hits]
    assert all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)
    ids = [m.entity.id for m in hits]
    assert len(ids) == len(set(ids))
    for m in hits:
        assert isinstance(m, Match)
        assert m.matched in (
            {n.text for n in m.entity.names} | {n.acronym for n in m.entity.names} | {m.entity.id}
        )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("International Organization for Migration", "iom"),
        ("Colombo Process", "colombo-process"),
        ("UNHCR", "unhcr"),
        ("ICEM", "iom"),
        ("Conferencia Regional sobre Migración", "puebla-process"),
        ("budapest-process", "budapest-process"),
    ],
)
def test_exact_name_scores_one_and_reports_the_name(name: str, expected: str) -> None:
    top = migorgs.search(name)[0]
    assert top.entity.id == expected
    assert top.score == 1.0
    assert top.matched == name


def test_exact_name_ignores_case_and_accents() -> None:
    top = migorgs.search("conferencia regional sobre migracion")[0]
    assert (top.entity.id, top.score, top.matched) == (
        "puebla-process",
        1.0,
        "Conferencia Regional sobre Migración",
    )


def test_misspelling_scores_below_one() -> None:
    top = migorgs.search("Colmbo Process")[0]
    assert top.entity.id == "colombo-process"
    assert 0 < top.score < 1


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_limit_is_honoured(limit: int) -> None:
    assert len(migorgs.search("Migration", limit=limit)) == limit


def test_default_limit_is_ten() -> None:
    assert len(migorgs.search("Migration")) == 10


@pytest.mark.parametrize(
    "query", ["", " ", "   \t\n ", "!!!", "---", "...", "xqzjvw", "zzzzzzzzzzzz", "qwxz kvjp"]
)
def test_empty_whitespace_and_garbage_find_nothing(query: str) -> None:
    assert list(migorgs.search(query)) == []


@pytest.mark.parametrize("text", ["a" * 100_000, "migration " * 10_000, "Colombo Process" * 7000])
def test_very_long_input_is_quick(text: str) -> None:
    t0 = time.perf_counter()
    assert list(migorgs.search(text)) == []
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize("text", ["a" * 100_000, "migration " * 10_000, "Colombo Process" * 7000])
def test_very_long_input_to_the_index_itself_is_quick(text: str) -> None:
    index = SearchIndex([("colombo", "Colombo Process"), ("iom", "International Organization for Migration")])
    t0 = time.perf_counter()
    index.search(text, 10)  # whatever it finds, it must not raise or hang
    assert time.perf_counter() - t0 < 2.0


def test_search_index_alone() -> None:
    index = SearchIndex([("a", "Alpha Organisation"), ("a", "AO"), ("b", "Beta Body"), ("c", "")])
    hits = index.search("alpha organization", 10)
    assert hits[0] == Match("a", 1.0, "Alpha Organisation")
    assert [m.entity for m in index.search("Beta Bdoy", 10)][:1] == ["b"]
    assert index.search("", 10) == []
    assert [m.entity for m in index.search("alpha", 10)] == ["a"]


@pytest.mark.parametrize(
    ("getter", "key", "expected"),
    [
        (migorgs.get_process, "Colombo Proces", "colombo-process"),
        (migorgs.get_process, "Budapset process", "budapest-process"),
        (migorgs.get_process, "Puebla Proces", "puebla-process"),
        (migorgs.get_org, "UNCHR", "unhcr"),
        (migorgs.get_org, "Internatinal Organisation for Migraton", "iom"),
        (migorgs.get_org, "UNDOC", "unodc"),
        (migorgs.lookup, "Khartum Process", "khartoum-process"),
    ],
)
def test_not_found_suggests_the_right_entity_first(getter, key: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(migorgs.NotFoundError) as info:
        getter(key)
    assert info.value.suggestions, str(info.value)
    assert info.value.suggestions[0].endswith(f"({expected})"), info.value.suggestions
    assert "did you mean" in str(info.value)


def test_not_found_suggestions_respect_the_namespace() -> None:
    # the only close names are processes: asking for an organisation suggests no process
    with pytest.raises(migorgs.NotFoundError) as info:
        migorgs.get_org("Colombo Proces")
    assert not any(s.endswith("(colombo-process)") for s in info.value.suggestions)
