"""The packaged data obeys CURATION.md: sourced, dated, consistent, resolvable, unambiguous."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files

import pycountry
import pytest

import migorgs
from migorgs import NameKind, Organisation, Process
from migorgs._check import CITEABLE, check
from migorgs._iso3166 import ALPHA3
from migorgs._text import normalise

URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?$")


def all_entities(ds):  # type: ignore[no-untyped-def]
    return (*ds.orgs(), *ds.processes())


def cited_source_ids(ds):  # type: ignore[no-untyped-def]
    ids = set()
    for e in all_entities(ds):
        ids.update(e.sources)
        for part in (e.names, e.facts, e.cite, e.identifiers):
            for x in part:
                ids.update(x.sources)
    from migorgs._schema import TABLES

    for table in (t for t in TABLES if t not in ("sources", "organisations", "processes", "conflicts")):
        for r in ds._table(table):
            ids.update(r.sources)
    for c in ds.conflicts():
        for cl in c.claims:
            ids.update(cl.sources)
    return ids


def test_checker_finds_no_problem_in_packaged_data() -> None:
    """`migorgs check` on the packaged data is clean (every rule of the checker at once)."""
    problems = check()
    assert problems == [], "\n".join(map(str, problems))


def test_every_cited_source_exists_and_every_source_is_cited(ds) -> None:  # type: ignore[no-untyped-def]
    """Citations resolve to the source table, and the table holds no unused source."""
    known = {s.id for s in ds.sources()}
    cited = cited_source_ids(ds)
    assert cited <= known, cited - known
    assert known <= cited, known - cited


def test_the_five_seeds_are_sources(ds) -> None:  # type: ignore[no-untyped-def]
    """The seeds' ids and as-of dates are as seeds/README.md gives them."""
    want = {
        "irregular-migration-world": "2009",
        "iom-web-2021": "2021",
        "futurelearn-iom": "2017",
        "wikipedia-iom-2014": "2014-06",
        "iom-policy-research": "2016",
    }
    for sid, as_of in want.items():
        s = ds.get_source(sid)
        assert s.kind.value == "seed" and str(s.as_of) == as_of


def test_urls_are_well_formed(ds) -> None:  # type: ignore[no-untyped-def]
    """Every url of a source or an entity's website is an http(s) URL; web sources have one."""
    for s in ds.sources():
        if s.kind.value == "web":
            assert s.url, s.id
        if s.url:
            assert URL.match(s.url), (s.id, s.url)
    for e in all_entities(ds):
        if e.website:
            assert URL.match(e.website), (e.id, e.website)


def test_every_record_and_value_is_sourced(ds) -> None:  # type: ignore[no-untyped-def]
    """Records, names, facts, member lists and roles all cite sources; filled fields are cited field by field."""
    for e in all_entities(ds):
        assert e.sources, e.id
        for part in (e.names, e.facts, getattr(e, "membership", ())):
            assert all(x.sources for x in part), e.id
        for field in CITEABLE[type(e)]:
            if getattr(e, field) not in (None, ()):
                assert e.sources_for(field), f"{e.id}.{field} is filled but not cited"
    for inv in ds.involvements():
        assert inv.sources, inv.id


def test_references_resolve(ds) -> None:  # type: ignore[no-untyped-def]
    """Partners, institutions, role holders and event entities are records of the dataset."""
    org_ids = {o.id for o in ds.orgs()}
    proc_ids = {p.id for p in ds.processes()}
    for inv in ds.involvements():
        assert inv.org in org_ids and inv.process in proc_ids
        assert all(p.org in org_ids for p in inv.partners)
    for p in ds.processes():
        assert p.institution is None or p.institution in org_ids
    for ev in ds.events():
        assert set(ev.entities) <= org_ids | proc_ids


def test_ids_are_unique_lowercase_and_shared_by_no_two_entities(ds) -> None:  # type: ignore[no-untyped-def]
    """Entity ids are lowercase-kebab and unique across organisations and processes."""
    ids = [e.id for e in all_entities(ds)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_no_two_entities_share_a_lookup_key(ds) -> None:  # type: ignore[no-untyped-def]
    """Every name of every entity finds that entity and nothing else."""
    for e in all_entities(ds):
        for text in (e.id, *(n.text for n in e.names), *(n.acronym for n in e.names if n.acronym)):
            if normalise(text):
                assert ds.lookup(text) is e, (text, e.id)


def test_name_periods_do_not_overlap(ds) -> None:  # type: ignore[no-untyped-def]
    """Within a language, dated official and former names follow one another without overlap."""
    for e in all_entities(ds):
        for lang in {n.lang for n in e.names}:
            dated = sorted(
                (n for n in e.names if n.lang == lang and n.kind is not NameKind.VARIANT and n.since),
                key=lambda n: n.since,
            )
            for a, b in zip(dated, dated[1:]):
                assert a.until is not None and a.until <= b.since, (e.id, a.text, b.text)


def test_dates_are_sane(ds) -> None:  # type: ignore[no-untyped-def]
    """Starts precede ends, nothing is dated after today, facts fall within the entity's life."""
    today = migorgs.PartialDate.coerce(dt.date.today())
    for e in all_entities(ds):
        if e.start and e.end:
            assert e.start <= e.end, e.id
        for f in e.facts:
            assert f.as_of <= today
            if e.start:
                assert f.as_of >= e.start or f.as_of.year >= e.start.year, (e.id, f)
    for s in ds.sources():
        assert s.as_of <= today


def test_member_codes_are_iso_3166(ds) -> None:  # type: ignore[no-untyped-def]
    """Member, observer and headquarters codes are ISO 3166-1 alpha-3 (checked against pycountry)."""
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    codes |= {c.alpha_3 for c in pycountry.historic_countries if hasattr(c, "alpha_3")}
    for sn in ds.snapshots():
        for code in (*sn.members, *sn.observers, *sn.associates, *sn.suspended):
            assert code in codes, (sn.id, code)
    for ev in ds.membership_events():
        for code in ev.states:
            assert code in codes, (ev.id, code)
    for o in ds.orgs():
        if o.headquarters_country:
            assert pycountry.countries.get(alpha_3=o.headquarters_country) is not None, o.id


def test_shipped_iso_list_matches_pycountry() -> None:
    """The checker's own code list is exactly ISO 3166-1 as pycountry has it."""
    assert {c.alpha_3 for c in pycountry.countries} == ALPHA3


def test_meta_matches_data_version() -> None:
    """meta.json's data_version is DATA_VERSION."""
    meta = json.loads(files("migorgs").joinpath("data", "meta.json").read_text(encoding="utf-8"))
    assert meta["data_version"] == migorgs.DATA_VERSION


def test_iom_facts_from_the_seeds(ds) -> None:  # type: ignore[no-untyped-def]
    """The seeds' IOM figures are all there, each with its own date and source."""
    iom = ds.get_org("iom")
    got = {(f.key, f.value, str(f.as_of), f.sources[0]) for f in iom.facts}
    assert ("member_states", 125, "2009", "irregular-migration-world") in got
    assert ("member_states", 155, "2013-12", "wikipedia-iom-2014") in got
    assert ("member_states", 156, "2014-06", "wikipedia-iom-2014") in got
    assert ("member_states", 166, "2017", "futurelearn-iom") in got
    assert iom.headquarters == "Geneva" and iom.headquarters_country == "CHE"


@pytest.mark.parametrize("cls", [Organisation, Process])
def test_summaries_are_short_and_present(ds, cls) -> None:  # type: ignore[no-untyped-def]
    """Every entity has a summary of a few sentences."""
    for e in all_entities(ds):
        if isinstance(e, cls):
            assert 10 <= len(e.summary) <= 800, e.id


def test_citation_file_names_this_data_release() -> None:
    """CITATION.cff cites the data release that is packaged (skipped outside a source tree)."""
    import pathlib

    cff = pathlib.Path(__file__).resolve().parent.parent / "CITATION.cff"
    if not cff.is_file():
        pytest.skip("no source tree")
    assert f'version: "{migorgs.DATA_VERSION}"' in cff.read_text(encoding="utf-8")


#: quiz and trivia sites, content farms and anonymous wiki mirrors: pages a researcher cannot cite
NOT_CITABLE = {
    "quizzclub.com", "worldkings.org", "todayshistory.org", "podbean.com", "fanyv88.com", "news9live.com",
    "ikengaonline.com", "keepamor.com", "infoplease.com", "databac.fr", "hmong.es", "piglix.com",
    "liquisearch.com", "fact-archive.com", "howlingpixel.com", "askwikinow.com", "wiki.gravy.cc",
    "wikimili.com", "swiki.se", "ninos.kiddle.co", "fr.qaz.wiki", "greenfacts.org", "en.wikipedia-on-ipfs.org",
}  # fmt: skip


def test_no_source_is_a_quiz_site_content_farm_or_anonymous_mirror(ds) -> None:  # type: ignore[no-untyped-def]
    """Facts are cited to pages a researcher can cite (see docs/data-model.md, Sources)."""
    import urllib.parse

    bad = [
        (s.id, s.url)
        for s in ds.sources()
        if s.url and urllib.parse.urlparse(s.url).netloc.removeprefix("www.") in NOT_CITABLE
    ]
    assert not bad, bad
