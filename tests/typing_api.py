"""Typing test of the public signatures: checked by mypy --strict in CI, never run by pytest."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Optional

from typing_extensions import assert_type

import migorgs
from migorgs import (
    AnnualTheme,
    Conflict,
    Dataset,
    Entity,
    Event,
    Involvement,
    Match,
    Name,
    Organisation,
    PartialDate,
    Process,
    Publication,
    Records,
    Role,
    Source,
)


def check_module_functions() -> None:
    assert_type(migorgs.get_org("IOM"), Organisation)
    assert_type(migorgs.get_process("Bali Process"), Process)
    assert_type(migorgs.lookup("IGC"), Entity)
    assert_type(migorgs.orgs(), Records[Organisation])
    assert_type(migorgs.processes(), Records[Process])
    assert_type(migorgs.sources(), Records[Source])
    assert_type(migorgs.get_source("iom-web-2021"), Source)
    assert_type(migorgs.processes_where(role=Role.SECRETARIAT, org="IOM"), Records[Process])
    assert_type(
        migorgs.processes_where(role="observer", kind="global-process", active_in=2010), Records[Process]
    )
    assert_type(migorgs.processes_where(active_in=dt.date(2010, 1, 1), member="MEX"), Records[Process])
    assert_type(migorgs.involvements(org="IOM"), Records[Involvement])
    assert_type(migorgs.involvements(org="IOM", in_force=True), Records[Involvement])
    assert_type(migorgs.default_dataset().in_force(migorgs.involvements()[0]), bool)
    bp = migorgs.get_process("Budapest Process")
    assert_type(bp.kind, Optional[migorgs.ProcessKind])
    assert_type(bp.kind_at(migorgs.PartialDate(2016)), Optional[migorgs.ProcessKind])
    assert_type(bp.classifications, tuple[migorgs.Classification, ...])
    assert_type(bp.successor, Optional[str])
    assert_type(migorgs.name_history("IOM"), Records[Name])
    assert_type(migorgs.name_at("IOM", 1985), Name)
    assert_type(migorgs.timeline("IOM"), Records[Event])
    assert_type(migorgs.events(year=2016), Records[Event])
    assert_type(migorgs.publications(series="world-migration-report"), Records[Publication])
    assert_type(migorgs.themes(process="IDM"), Records[AnnualTheme])
    assert_type(migorgs.conflicts("IOM"), Records[Conflict])
    assert_type(migorgs.country_processes("MEX"), Records[Process])
    assert_type(migorgs.search("puebla"), Records[Match[Entity]])
    assert_type(migorgs.search("puebla")[0].score, float)
    assert_type(migorgs.DATA_VERSION, str)
    assert_type(migorgs.load("data"), Dataset)
    assert_type(migorgs.default_dataset(), Dataset)
    assert_type(migorgs.members("Bali Process", at=2010), Records[migorgs.Spell])
    assert_type(migorgs.members("IOM", status=migorgs.MemberStatus.OBSERVER), Records[migorgs.Spell])
    assert_type(migorgs.memberships("Mexico", at="2014-06"), Records[migorgs.Spell])
    assert_type(migorgs.spells("OECD", state="CRI")[0].start_basis, migorgs.Basis)
    assert_type(migorgs.snapshots("IOM"), Records[migorgs.Snapshot])
    assert_type(migorgs.membership_events(state="MEX"), Records[migorgs.MembershipEvent])
    assert_type(migorgs.state_roles("gfmd", role="chair"), Records[migorgs.StateRole])
    assert_type(migorgs.get_state("MX"), migorgs.State)
    assert_type(migorgs.heads("UNHCR", at=2010), Records[migorgs.Head])
    assert_type(migorgs.default_dataset().release("dist"), tuple[pathlib.Path, pathlib.Path])


def check_records() -> None:
    iom = migorgs.get_org("IOM")
    assert_type(iom.name, str)
    assert_type(iom.acronym, str | None)
    assert_type(iom.founded, PartialDate | None)
    assert_type(iom.names, tuple[Name, ...])
    assert_type(iom.latest("member_states"), migorgs.Fact | None)
    inv = migorgs.involvements()[0]
    assert_type(inv.role, Role)
    assert_type(inv.holders, tuple[str, ...])


def check_keyword_only() -> None:
    migorgs.processes_where("secretariat")  # type: ignore[call-arg]
    migorgs.get_org(42)  # type: ignore[arg-type]
    migorgs.members("IOM", 2010)  # type: ignore[call-arg]
    migorgs.membership_panel("state-year")  # type: ignore[call-arg]


def check_export() -> None:
    import pathlib

    ds = migorgs.default_dataset()
    assert_type(ds.export("out", "csv", force=True), list[pathlib.Path])
    ds.export("out", "csv", True)  # type: ignore[call-arg]  # force is keyword-only
