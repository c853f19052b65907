"""The public query API over the packaged data: lookups, errors, roles, names over time."""

from __future__ import annotations

import datetime as dt

import pytest

import migorgs
from migorgs import (
    AmbiguousKeyError,
    ArgumentTypeError,
    InvalidQueryError,
    MigorgsError,
    NotFoundError,
    Organisation,
    Process,
    ProcessKind,
    Role,
)

IOM_SECRETARIAT = {
    "almaty-process",
    "colombo-process",
    "midsa",
    "puebla-process",
    "sacm",
    "asia-eu-dialogue",
    "bali-process",
    "pan-african-forum",
    "idm",
    "global-rcp-meetings",
}


@pytest.mark.parametrize(
    "key",
    [
        "IOM",
        "iom",
        "ICEM",
        "OIM",
        "International Organisation for Migration",
        "international organisation for migration",
        "  International   Organization for  Migration ",
        "PICMME",
        "Intergovernmental Committee for Migration",
        "Inter-Governmental Committee for Migration",
        "Organización Internacional para las Migraciones",
        "ORGANIZACION INTERNACIONAL PARA LAS MIGRACIONES",
        "Organisation internationale pour les migrations",
        "The Migration Agency",
    ],
)
def test_get_org_finds_iom_by_every_name(key: str) -> None:
    """Ids, acronyms, former names, translations and variants all find IOM, whatever the case, accents or spacing."""
    assert migorgs.get_org(key).id == "iom"


def test_iom_current_name_and_acronym() -> None:
    """The derived name is the open-ended official English name."""
    iom = migorgs.get_org("ICEM")
    assert (iom.name, iom.acronym) == ("International Organization for Migration", "IOM")
    assert isinstance(iom, Organisation)


def test_get_process_and_lookup() -> None:
    """Processes are found by get_process and lookup, not by get_org."""
    assert migorgs.get_process("Bali Process").id == "bali-process"
    assert migorgs.lookup("bali process").id == "bali-process"
    assert isinstance(migorgs.lookup("IGC"), Process)
    with pytest.raises(NotFoundError):
        migorgs.get_org("Bali Process")


def test_not_found_is_a_lookup_error_with_suggestions() -> None:
    """An unknown key names itself and suggests the closest matches, as attribute and in the message."""
    with pytest.raises(LookupError) as info:
        migorgs.get_org("Internatonal Organisation for Migratin")
    err = info.value
    assert isinstance(err, NotFoundError) and isinstance(err, MigorgsError)
    assert err.key == "Internatonal Organisation for Migratin"
    assert err.suggestions and err.suggestions[0].startswith("International Organization for Migration")
    assert "Internatonal Organisation for Migratin" in str(err) and "did you mean" in str(err)


def test_not_found_for_process_suggests_processes_only() -> None:
    """A near miss for a process suggests processes."""
    with pytest.raises(NotFoundError) as info:
        migorgs.get_process("Colombo Proces")
    assert info.value.suggestions[0].endswith("(colombo-process)")


@pytest.mark.parametrize("key", ["", "   ", "?!", "x" * 5000])
def test_empty_or_huge_keys_are_not_found(key: str) -> None:
    """Keys with no letters, or far longer than any name, are simply not found."""
    with pytest.raises(NotFoundError):
        migorgs.get_org(key)


@pytest.mark.parametrize("key", [None, 1, 1.5, b"IOM", ["IOM"], object()])
def test_non_string_key_is_a_type_error(key: object) -> None:
    """A key must be a string; anything else is an ArgumentTypeError, which is a TypeError."""
    with pytest.raises(TypeError) as info:
        migorgs.get_org(key)  # type: ignore[arg-type]
    assert isinstance(info.value, ArgumentTypeError)
    assert type(key).__name__ in str(info.value)


def test_ambiguous_key_is_explicit(make_data) -> None:  # type: ignore[no-untyped-def]
    """A key naming two entities raises AmbiguousKeyError listing both; an id still works."""

    def edit(files):  # type: ignore[no-untyped-def]
        files["organisations.json"][1]["names"].append(
            {"text": "Shared Name", "kind": "variant", "sources": ["test-source"]}
        )
        files["processes.json"][0]["names"].append(
            {"text": "Shared-Name", "kind": "variant", "sources": ["test-source"]}
        )

    ds = migorgs.load(make_data(edit))
    with pytest.raises(AmbiguousKeyError) as info:
        ds.lookup("shared name")
    assert isinstance(info.value, LookupError)
    assert {c[0] for c in info.value.candidates} == {"beta", "gamma-process"}
    assert "beta" in str(info.value) and "gamma-process" in str(info.value)
    # each namespace on its own is not ambiguous
    assert ds.get_org("Shared Name").id == "beta"
    assert ds.get_process("Shared Name").id == "gamma-process"


def test_orgs_and_processes_stable_order(ds) -> None:  # type: ignore[no-untyped-def]
    """Listings are ordered by id and are the same object every call."""
    ids = [o.id for o in migorgs.orgs()]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert migorgs.orgs() is migorgs.orgs()
    assert [p.id for p in migorgs.processes()] == sorted(p.id for p in migorgs.processes())


def test_iom_secretariat_processes_are_the_ten_of_seed_001() -> None:
    """What seed 001 states (source='iom-web-2021', past roles included) is exactly its list of ten."""
    got = migorgs.processes_where(role="secretariat", org="IOM", source="iom-web-2021", include_past=True)
    assert {p.id for p in got} == IOM_SECRETARIAT
    assert len(got) == 10


def test_iom_secretariat_now_is_the_ten_plus_later_sourced_roles() -> None:
    """Without a source filter: those of the ten still in force, plus roles in force that other
    sources state, none ended; each of the ten left out is not in force."""
    got = {p.id for p in migorgs.processes_where(role="secretariat", org="IOM")}
    ds = migorgs.default_dataset()
    for pid in IOM_SECRETARIAT - got:
        assert not any(
            ds.in_force(i) for i in migorgs.involvements(org="IOM", process=pid, role="secretariat")
        )
    assert len(got & IOM_SECRETARIAT) >= 5
    for pid in got - IOM_SECRETARIAT:
        (inv,) = migorgs.involvements(org="IOM", process=pid, role="secretariat")
        assert inv.until is None and "iom-web-2021" not in inv.sources
        assert migorgs.get_process(pid).ended is None


def test_ended_roles_only_with_include_past_or_at_their_time() -> None:
    """A role that ended is not 'in force', but include_past and active_in find it."""
    ended = [i for i in migorgs.involvements(role="secretariat") if i.until is not None]
    assert ended, "the data records at least one ended secretariat"
    inv = ended[0]
    now = {p.id for p in migorgs.processes_where(role="secretariat", org=inv.org)}
    past = {p.id for p in migorgs.processes_where(role="secretariat", org=inv.org, include_past=True)}
    assert inv.process not in now and inv.process in past
    at = {p.id for p in migorgs.processes_where(role="secretariat", org=inv.org, active_in=inv.until)}
    assert inv.process in at


def test_secretariat_without_org_includes_other_secretariats() -> None:
    """Without org, processes whose secretariat is someone else's are included too."""
    all_sec = {p.id for p in migorgs.processes_where(role="secretariat")}
    assert all_sec > {p.id for p in migorgs.processes_where(role="secretariat", org="IOM")}
    assert "igc" in all_sec  # its own secretariat, hosted by IOM


def test_partners_that_share_a_role_hold_it() -> None:
    """'together with UNHCR' makes UNHCR a secretariat holder of Almaty and Bali."""
    seed = migorgs.processes_where(role="secretariat", org="UNHCR", source="iom-web-2021", include_past=True)
    assert [p.id for p in seed] == ["almaty-process", "bali-process"]
    assert set(seed) <= set(migorgs.processes_where(role="secretariat", org="UNHCR", include_past=True))
    almaty = migorgs.involvements(process="Almaty Process", role="secretariat")
    assert len(almaty) == 1 and [p.org for p in almaty[0].partners] == ["unhcr"]
    assert almaty[0].holders == ("iom", "unhcr")


def test_consulted_partners_do_not_hold_the_role() -> None:
    """'in consultation with ECOWAS' does not make ECOWAS a holder of secretariat support."""
    assert migorgs.processes_where(role="secretariat-support", org="ECOWAS") == ()
    inv = migorgs.involvements(process="MIDWA", role="secretariat-support")[0]
    assert [(p.org, p.relation.value) for p in inv.partners] == [("ecowas", "in-consultation-with")]


def test_processes_where_accepts_enum_or_string_and_combines_with_and() -> None:
    """role/kind take the enum or its value; filters are ANDed."""
    by_enum = migorgs.processes_where(role=Role.OBSERVER, org="IOM", kind=ProcessKind.GLOBAL)
    by_str = migorgs.processes_where(role="observer", org="iom", kind="global-process")
    assert by_enum == by_str
    assert {p.id for p in by_enum} == {"gfmd"}  # un-hld is dormant: its roles are not in force
    past = migorgs.processes_where(role="observer", org="iom", kind="global-process", include_past=True)
    assert {p.id for p in past} == {"gfmd", "un-hld"}
    assert all(p.kind is ProcessKind.GLOBAL for p in by_enum)


def test_processes_where_is_keyword_only() -> None:
    """Positional filters are refused."""
    with pytest.raises(TypeError):
        migorgs.processes_where("secretariat")  # type: ignore[misc]


@pytest.mark.parametrize(("arg", "value"), [("role", "boss"), ("kind", "rcp-ish"), ("region", "mars")])
def test_unknown_vocabulary_is_a_value_error_listing_valid_values(arg: str, value: str) -> None:
    """An unknown role, kind or region raises InvalidQueryError (a ValueError) naming the valid values."""
    with pytest.raises(ValueError) as info:
        migorgs.processes_where(**{arg: value})
    err = info.value
    assert isinstance(err, InvalidQueryError) and err.argument == arg
    assert value in str(err) and err.valid and all(v in str(err) for v in err.valid)


def test_unknown_org_filter_is_not_found() -> None:
    """org= takes any key get_org takes, and fails like it."""
    with pytest.raises(NotFoundError):
        migorgs.processes_where(org="No Such Body")


def test_active_in(make_data) -> None:  # type: ignore[no-untyped-def]
    """active_in keeps processes known to have started by then and not ended before."""
    ds = migorgs.load(make_data())
    assert [p.id for p in ds.processes_where(active_in=2001)] == ["gamma-process"]
    assert ds.processes_where(active_in=2000) == ()
    assert [p.id for p in ds.processes_where(active_in=dt.date(2024, 5, 1))] == ["gamma-process"]
    assert [p.id for p in ds.processes_where(active_in="2001-03")] == ["gamma-process"]
    with pytest.raises(InvalidQueryError):
        ds.processes_where(active_in="last year")
    with pytest.raises(TypeError):
        ds.processes_where(active_in=2001.5)  # type: ignore[arg-type]


def test_member_filter_and_country_processes(make_data) -> None:  # type: ignore[no-untyped-def]
    """member= and country_processes use the spells in force; States by code or name; unknown ones raise."""
    ds = migorgs.load(make_data())
    assert [p.id for p in ds.processes_where(member="fra")] == ["gamma-process"]
    assert [p.id for p in ds.processes_where(member="France")] == ["gamma-process"]
    assert [p.id for p in ds.country_processes("DEU")] == ["gamma-process"]
    assert [p.id for p in ds.country_processes("Germany", at=2020)] == ["gamma-process"]
    assert ds.country_processes("DEU", at=2010) == ()  # before the first evidence: unknown, so not listed
    assert ds.country_processes("MEX") == ()
    with pytest.raises(NotFoundError):
        ds.country_processes("ZZZ")


def test_involvements_filters() -> None:
    """involvements() filters by org (holders), process and role, and returns the records."""
    iom_roles = migorgs.involvements(org="IOM")
    assert {i.role for i in iom_roles} == set(Role)
    assert all("iom" in i.holders for i in iom_roles)
    hosts = migorgs.involvements(org="IOM", role="host")
    assert {i.process for i in hosts if "iom-web-2021" in i.sources} == {"igc", "gfmd"}
    assert all(i.sources for i in iom_roles)


def test_name_history_iom() -> None:
    """IOM: PICMME 1951, ICEM 1952, ICM 1980, IOM 1989, in order, with periods."""
    hist = migorgs.name_history("IOM")
    assert [(n.acronym, str(n.since), str(n.until) if n.until else None) for n in hist] == [
        ("PICMME", "1951", "1952"),
        ("ICEM", "1952", "1980"),
        ("ICM", "1980", "1989"),
        ("IOM", "1989", None),
    ]
    assert migorgs.name_history("ICEM") == hist


def test_name_history_other_languages() -> None:
    """lang selects a language; lang=None includes every official name."""
    fr = migorgs.name_history("IOM", lang="fr")
    assert [n.text for n in fr] == ["Organisation internationale pour les migrations"]
    assert len(migorgs.name_history("IOM", lang=None)) == 6


@pytest.mark.parametrize(
    ("when", "acronym"),
    [
        (1951, "PICMME"),
        (1952, "ICEM"),
        (1979, "ICEM"),
        ("1980-06", "ICM"),
        (dt.date(1988, 12, 31), "ICM"),
        (1989, "IOM"),
        (2024, "IOM"),
    ],
)
def test_name_at(when: object, acronym: str) -> None:
    """name_at gives the name in use; in a renaming year, the new name."""
    assert migorgs.name_at("IOM", when).acronym == acronym  # type: ignore[arg-type]


def test_name_at_before_any_name() -> None:
    """Before the first recorded name there is no answer, and the error says when names start."""
    with pytest.raises(NotFoundError) as info:
        migorgs.name_at("IOM", 1900)
    assert "1951" in str(info.value)


def test_data_version_is_separate_from_code_version() -> None:
    """DATA_VERSION is the data release; it matches the packaged meta.json."""
    assert migorgs.default_dataset().data_version == migorgs.DATA_VERSION
    assert migorgs.__version__ != migorgs.DATA_VERSION


def test_public_names() -> None:
    """__all__ is sorted-unique, every name exists, and dir() shows exactly them."""
    assert len(set(migorgs.__all__)) == len(migorgs.__all__)
    for name in migorgs.__all__:
        assert hasattr(migorgs, name), name
    assert dir(migorgs) == sorted(migorgs.__all__)


def test_get_source() -> None:
    """Sources are found by id; an unknown id is NotFoundError with close ids suggested."""
    assert migorgs.get_source("wikipedia-iom-2014").as_of == migorgs.PartialDate(2014, 6)
    with pytest.raises(NotFoundError) as info:
        migorgs.get_source("wikipedia-iom-2015")
    assert "wikipedia-iom-2014" in info.value.suggestions


def test_conflicts_are_readable() -> None:
    """Disagreements between sources are kept, with the value presented and every claim."""
    founded = [c for c in migorgs.conflicts("IOM") if c.field == "founded"]
    assert founded and founded[0].presented == str(migorgs.get_org("IOM").founded)
    assert {c.value for c in founded[0].claims} >= {"1951", "1954"}


def test_timeline_iom_in_order() -> None:
    """timeline() gives founding, renamings and recorded events in date order."""
    tl = migorgs.timeline("IOM")
    dates = [e.date for e in tl]
    assert dates == sorted(dates)
    years = [e.date.year for e in tl]
    for y in (1951, 1952, 1980, 1989):
        assert y in years
    assert all(e.sources for e in tl)


def test_facts_series() -> None:
    """Member-state counts are a dated series, each with its source."""
    iom = migorgs.get_org("IOM")
    series = [(str(f.as_of), f.value) for f in iom.facts_for("member_states")]
    assert ("2013-12", 155) in series and ("2014-06", 156) in series and ("2017", 166) in series
    assert [d for d, _ in series] == sorted(d for d, _ in series)
    latest = iom.latest("member_states")
    assert latest is not None and latest.as_of == max(f.as_of for f in iom.facts_for("member_states"))
    assert iom.latest("no-such-key") is None


def test_an_enum_of_another_vocabulary_is_refused() -> None:
    """Region.GLOBAL is not a process kind, although both are 'global' something."""
    with pytest.raises(TypeError):
        migorgs.processes_where(kind=migorgs.Region.GLOBAL)  # type: ignore[arg-type]
    assert migorgs.processes_where(kind="rcp") == migorgs.processes_where(kind=ProcessKind.RCP)
