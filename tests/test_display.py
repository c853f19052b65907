"""Notebook display: record cards, results tables, search tables and short plain reprs."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import migorgs
from migorgs import Name, NameKind, Organisation

VOID = {"br", "hr", "img", "meta", "link", "input", "wbr"}


class _Balance(HTMLParser):
    """Records every tag, and fails on a closing tag that does not close the open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Balance:
    """The markup, checked to be well nested, every cell left-aligned, no colours of its own."""
    p = _Balance()
    p.feed(html)
    p.close()
    assert p.open == [], f"unclosed: {p.open}"
    for tag, attrs in p.tags:
        style = attrs.get("style") or ""
        if tag in ("td", "th"):
            assert "text-align:left" in style, (tag, style)
        assert "background" not in style and not re.search(r"(^|;)color:", style), style
        assert not re.search(r"#[0-9a-f]{3,6}\b|rgb|white|black", style, re.I), style
    return p


def text_of(html: str) -> str:
    return " ".join(" ".join(parse(html).text).split())


def test_org_card() -> None:
    """An organisation shows as a card: heading, key facts, names over time, facts, roles, sources."""
    html = migorgs.get_org("IOM")._repr_html_()
    text = text_of(html)
    assert text.startswith(
        "International Organization for Migration (IOM) Organisation · intergovernmental-organisation"
    )
    assert "Geneva (CHE)" in text
    names = [text.index(a) for a in ("PICMME", "ICEM", "ICM ", "1989–")]
    assert names == sorted(names), "names over time, oldest first"
    assert "1,675,000,000 USD" in text and "2013" in text
    roles = text[text.index("Roles in processes") :]
    # who runs a process first: the secretariats come before the observer roles
    assert roles.index("secretariat") < roles.index("observer")
    assert "with Office of the United Nations High Commissioner for Refugees (UNHCR)" in roles
    assert "Sources" in text and "Wikipedia article" in text
    assert "Name(" not in html and "Fact(" not in html, "no Python reprs"
    links = {a.get("href") for tag, a in parse(html).tags if tag == "a"}
    assert migorgs.get_source("wikipedia-iom-2014").url in links


def test_process_card() -> None:
    """A process shows its secretariat and other roles, and its newest member list."""
    text = text_of(migorgs.get_process("bali-process")._repr_html_())
    assert "Process · inter-regional-forum · id bali-process" in text
    roles = text[text.index("Secretariat and other roles") :]
    assert roles.index("secretariat") < roles.index("member")
    assert (
        "International Organization for Migration (IOM) secretariat with Office of the United Nations"
        in roles
    )
    mtm = text_of(migorgs.get_process("mtm")._repr_html_())
    spells = migorgs.members("mtm")
    members = [s.state for s in spells if s.status.value == "member"]
    observers = [s.state for s in spells if s.status.value == "observer"]
    assert f"members {len(members)}: {', '.join(members[:2])}" in mtm
    assert f"observers {len(observers)}: {observers[0]}" in mtm


def test_past_roles_marked() -> None:
    """A role that has ended is listed after those in force and marked as past."""
    text = text_of(migorgs.get_org("UNHCR")._repr_html_())
    roles = text[text.index("Roles in processes") :]
    assert "secretariat (past)" in roles
    assert roles.index("(past)") > roles.index("Bali Process")


def test_other_record_cards() -> None:
    """Every other kind of record shows as a card of its fields, sources linked, without reprs."""
    ds = migorgs.default_dataset()
    for rec in (
        ds.involvements()[0],
        ds.conflicts()[0],
        ds.sources()[0],
        ds.events()[0],
        ds.publications()[0],
        ds.themes()[0],
        migorgs.get_org("IOM").names[0],
        migorgs.get_org("IOM").facts[0],
    ):
        html = rec._repr_html_()
        text = text_of(html)
        assert type(rec).__name__ in text
        assert not re.search(r"\b(Partner|Claim|Name|Fact)\(", html), html[:300]
    inv = ds.involvements(org="IOM", process="bali-process", role="secretariat")[0]
    html = inv._repr_html_()
    assert "Bali Process on People Smuggling" in text_of(html)
    assert any(t == "a" for t, _ in parse(html).tags), "sources link to their pages"


def test_card_escapes_and_refuses_unsafe_links() -> None:
    """Text is escaped, and only http(s) urls become links; a hand-made record has no dataset."""
    org = Organisation(
        id="x<y",
        names=(Name("<script>alert(1)</script> & Co", NameKind.OFFICIAL, ("s",), acronym='"Q"'),),
        summary="<b>bold</b>",
        sources=("s",),
        website="javascript:alert(1)",
    )
    html = org._repr_html_()
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp; Co" in html and "&quot;Q&quot;" in html
    assert 'href="javascript' not in html
    assert "packaged dataset" in text_of(html)
    src = migorgs.Source("s", "t", "p", migorgs.PartialDate(2000), migorgs.SourceKind.WEB, url="javascript:x")
    assert "href" not in src._repr_html_()


def test_results_table() -> None:
    """Results show as a table with a row count, cut past 25 rows with the rest named."""
    res = migorgs.processes()
    html = res._repr_html_()
    text = text_of(html)
    assert text.startswith(f"{len(res)} Process records, first 25 shown")
    assert html.count("<tr>") == 25 + 1
    assert f"… {len(res) - 25} more: {res[25].id}, {res[26].id}" in text
    small = migorgs.processes_where(role="secretariat", org="IOM")
    assert small._repr_html_().count("<tr>") == len(small) + 1
    assert text_of(migorgs.Records()._repr_html_()) == "no records"
    sources = migorgs.sources()[:3]._repr_html_()
    assert sum(1 for t, _ in parse(sources).tags if t == "a") == sum(
        1 for s in migorgs.sources()[:3] if s.url
    )


def test_search_table() -> None:
    """Search results show as a table of entity, matched name and score."""
    hits = migorgs.search("migration dialogue west africa")
    text = text_of(hits._repr_html_())
    assert "entity id type matched name score" in text
    assert f"{hits[0].entity.name} {hits[0].entity.id}" in text and f"{hits[0].score:.2f}" in text


@pytest.mark.parametrize(
    "results",
    [
        migorgs.processes,
        migorgs.orgs,
        migorgs.sources,
        migorgs.involvements,
        migorgs.conflicts,
        lambda: migorgs.search("IOM"),
        lambda: migorgs.name_history("IOM"),
        lambda: migorgs.themes(process="IDM"),
    ],
)
def test_plain_repr_is_short(results) -> None:  # type: ignore[no-untyped-def]
    """repr() of results is one short line: the count, the type and the first few ids."""
    res = results()
    text = repr(res)
    assert len(text) < 200 and "\n" not in text
    assert text.startswith(f"<Records: {len(res)} ")
    assert repr(res) == str(res)


def test_plain_repr_examples() -> None:
    """The repr names the first three records and counts the rest."""
    res = migorgs.processes()
    assert repr(res) == (
        f"<Records: {len(res)} Process: {res[0].id!r}, {res[1].id!r}, {res[2].id!r}, ... {len(res) - 3} more>"
    )
    assert repr(migorgs.Records()) == "<Records: empty>"
    assert repr(migorgs.themes(process="IDM", year=2012)) == "<Records: 1 AnnualTheme: 'idm 2012'>"


def test_display_loads_no_data() -> None:
    """Showing a hand-made record does not load the packaged data."""
    code = (
        "import migorgs\n"
        "from migorgs import Name, NameKind, Organisation\n"
        "o = Organisation(id='x', names=(Name('X', NameKind.OFFICIAL, ('s',)),), summary='', sources=('s',))\n"
        "o._repr_html_(); repr(migorgs.Records((o,))); migorgs.Records((o,))._repr_html_()\n"
        "assert migorgs._default is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_card_lists_heads_newest_first() -> None:
    """An organisation's card shows its heads over time, newest first, each with its sources."""
    text = text_of(migorgs.get_org("UNHCR")._repr_html_())
    heads = text[text.index("Heads") :]
    names = [h.person for h in reversed(migorgs.heads("UNHCR"))]
    assert heads.index(names[0]) < heads.index(names[1])
