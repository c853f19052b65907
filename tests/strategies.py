"""Hypothesis strategies for the property tests: hostile text, real keys with harmless
perturbations, values of the wrong type, date-like values, and broken data directories."""

from __future__ import annotations

import copy
import datetime
import functools
import math
import sys
from typing import Any, Callable

from hypothesis import strategies as st

import migorgs
from migorgs._text import normalise

__all__ = [
    "COMBINING",
    "TOO_MANY_DIGITS",
    "SEPARATORS",
    "broken_data",
    "date_likes",
    "entity_keys",
    "garbage",
    "hostile_text",
    "key_strings",
    "keys_of",
    "perturb",
    "perturbed_key",
    "wrong_types",
    "years",
]

# ---------------------------------------------------------------------- text

#: combining marks (accents) that normalisation strips
COMBINING = ("\u0301", "\u0300", "\u0308", "\u0327", "\u030a", "\u0303", "\u0302", "\u030c")
#: runs of these between words are "spacing and punctuation": they never change a lookup key
SEPARATORS = (
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u2003",
    "\u3000",
    "-",
    "\u2010",
    "\u2013",
    ".",
    ",",
    "/",
    "'",
    "\u2019",
    "(",
    ")",
    "\u00b7",
    ":",
    ";",
    "_",
    " - ",
    '"',
    "!",
    "?",
    "*",
)

_SPECIAL = (
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x7f",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u202d",
    "\u061c",
    "\u00ad",
    "\u0301",
    "\u034f",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1eb\U0001f1f7",
    "\u0627\u0644\u0647\u062c\u0631\u0629",
    "\u05d4\u05d2\u05d9\u05e8\u05d4",
    "\u79fb\u6c11",
    "\u043c\u0438\u0433\u0440\u0430\u0446\u0438\u044f",
    "I\u0307",
    "\u0130",
    "\u0131",
    "\u00df",
    "\ufb01",
    "\ufdfa",
    "\u2167",
    "\u00bd",
    "\uff29\uff2f\uff2d",
    "\u2126",
    "&",
    "&&",
    "%s",
    "{0}",
    "{}",
    "\\",
    "'",
    '"',
    "..",
    "../..",
    "/etc/passwd",
    "NaN",
    "None",
    "null",
    "true",
    "0",
    "-1",
    "1e309",
    "__import__('os')",
    "$(reboot)",
    "<script>",
    "\u1100\u1161",
    "Z\u0351\u0352\u0353\u0354\u0355",
)


#: every category of code point, surrogates included (Python str can hold them)
_any_char = st.characters(codec=None)
_no_surrogates = st.characters(exclude_categories=("Cs",))


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Arbitrary strings: control characters, surrogates, combining marks, RTL and zero-width
    characters, emoji, mixed scripts, very long strings, and near-boundary lengths."""
    pieces = st.one_of(st.sampled_from(_SPECIAL), st.text(_any_char, max_size=8))
    mixed = st.lists(pieces, max_size=8).map("".join)
    repeated = st.tuples(
        st.sampled_from((*_SPECIAL[1:], "a", "IOM", "Migration ")),
        st.sampled_from((10, 999, 1000, 1001, 5000, 100_000)),
    ).map(lambda t: t[0] * t[1])
    return st.one_of(
        st.text(_any_char, max_size=max_size),
        st.text(_no_surrogates, max_size=max_size),
        st.sampled_from(_SPECIAL),
        mixed,
        repeated,
        st.text(_any_char, min_size=990, max_size=1010),
    )


# ---------------------------------------------------------------------- wrong types


class _Weird:
    """An object with hostile dunders: unhashable, and equal to everything."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


class _StrLike:
    """Not a str, though it looks like one."""

    def __str__(self) -> str:
        return "IOM"


#: more digits than int -> str conversion allows (sys.get_int_max_str_digits(), 4300 by default)
TOO_MANY_DIGITS = 10**5000


def _huge_ints() -> st.SearchStrategy[int]:
    """Ints of every size, huge and negative ones too (TOO_MANY_DIGITS has tests of its own)."""
    return st.one_of(
        st.integers(),
        st.sampled_from((0, -1, 10**100, -(10**100), 2**63, 2**64 + 1, sys.maxsize, -sys.maxsize - 1)),
    )


def wrong_types(*, allow: tuple[type, ...] = ()) -> st.SearchStrategy[Any]:
    """Values that are not strings: None, bytes, ints (huge, negative), floats (nan, inf),
    bools, lists, dicts, sets, objects. ``allow`` removes types a parameter accepts."""
    options: list[st.SearchStrategy[Any]] = [
        st.none(),
        st.binary(max_size=20),
        st.sampled_from((b"IOM", bytearray(b"IOM"), memoryview(b"IOM"))),
        _huge_ints(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from((math.nan, math.inf, -math.inf, 2000.0, -0.0, 1e308)),
        st.booleans(),
        st.complex_numbers(allow_nan=True),
        st.lists(st.text(max_size=5), max_size=3),
        st.sampled_from((["IOM"], ("IOM",), {"IOM"}, frozenset({"IOM"}), {"key": "IOM"}, {}, [], ())),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.builds(object),
        st.builds(_Weird),
        st.builds(_StrLike),
        st.sampled_from(
            (datetime.date(2000, 1, 1), datetime.timedelta(1), Ellipsis, NotImplemented, type, len)
        ),
    ]
    strat = st.one_of(options)
    if allow:
        strat = strat.filter(lambda v: not isinstance(v, allow))
    return strat


def garbage(max_size: int = 60) -> st.SearchStrategy[Any]:
    """Anything: hostile text or a value of the wrong type."""
    return st.one_of(hostile_text(max_size), wrong_types())


# ---------------------------------------------------------------------- dates


def years() -> st.SearchStrategy[Any]:
    """Year arguments, good and bad: small, huge and negative ints, bools, floats, strings."""
    return st.one_of(
        st.integers(1, 9999),
        st.integers(1900, 2030),
        _huge_ints(),
        st.booleans(),
        st.floats(allow_nan=True),
        st.sampled_from(("2005", "", "MMV", b"2005")),
        st.none(),
    )


def date_likes() -> st.SearchStrategy[Any]:
    """Date-like values, good and bad: years, datetime.date/datetime, 'YYYY[-MM[-DD]]'
    strings (valid and impossible), PartialDates, and garbage."""
    good_strings = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).flatmap(
        lambda d: st.sampled_from((f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()))
    )
    bad_strings = st.one_of(
        st.sampled_from(
            (
                "0000",
                "1985-13",
                "1985-00",
                "1985-02-30",
                "1985-2",
                "85",
                "19850",
                "1985/01",
                " 1985 ",
                "1985\n",
                "\u0661\u0669\u0668\u0665",
                "\uff11\uff19\uff18\uff15",
                "-1985",
                "+1985",
                "1985-01-01T00:00",
                "1e3",
                "",
            )
        ),
        st.from_regex(r"\A\d{1,5}(-\d{1,3}(-\d{1,3})?)?\Z"),
        hostile_text(20),
    )
    return st.one_of(
        st.integers(1, 9999),
        _huge_ints(),
        st.dates(),
        st.datetimes(),
        good_strings,
        bad_strings,
        st.builds(migorgs.PartialDate.parse, st.sampled_from(("1951", "1989-11", "2016-09-19"))),
        # EDTF level 1: approximate, uncertain, both, unspecified digits
        st.sampled_from(("2017~", "2018?", "2016-09-19%", "201X", "19XX", "199X~")),
        wrong_types(allow=(int, datetime.date)),
    )


# ---------------------------------------------------------------------- real keys


def keys_of(ds: migorgs.Dataset) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each namespace ("org", "process", "any"): (key, entity id) pairs of every id, name and
    acronym that names exactly one entity there."""
    out: dict[str, list[tuple[str, str]]] = {"org": [], "process": [], "any": []}
    getters: dict[str, Callable[[str], migorgs.Entity]] = {
        "org": ds.get_org,
        "process": ds.get_process,
        "any": ds.lookup,
    }
    for ent in (*ds.orgs(), *ds.processes()):
        texts = {ent.id, *(n.text for n in ent.names), *(n.acronym for n in ent.names if n.acronym)}
        for text in sorted(texts):
            if not normalise(text):
                continue
            for ns, get in getters.items():
                if ns == "org" and not isinstance(ent, migorgs.Organisation):
                    continue
                if ns == "process" and not isinstance(ent, migorgs.Process):
                    continue
                try:
                    if get(text).id == ent.id:
                        out[ns].append((text, ent.id))
                except migorgs.AmbiguousKeyError:
                    pass
    return {ns: tuple(v) for ns, v in out.items()}


@functools.cache
def _default_keys() -> dict[str, tuple[tuple[str, str], ...]]:
    return keys_of(migorgs.default_dataset())


def entity_keys(
    namespace: str = "any", ds: migorgs.Dataset | None = None
) -> st.SearchStrategy[tuple[str, str]]:
    """(key, entity id): a real id, name or acronym of the packaged data (or ``ds``) that names
    exactly one entity in ``namespace``."""
    keys = _default_keys() if ds is None else keys_of(ds)
    return st.sampled_from(keys[namespace])


def _random_case(draw: st.DrawFn, ch: str) -> str:
    return draw(st.sampled_from((ch, ch.upper(), ch.lower(), ch.swapcase(), ch.title())))


@st.composite
def perturb(draw: st.DrawFn, text: str) -> str:
    """``text`` with changes that must not change what it names: random case per letter,
    accents added to letters, and the spacing and punctuation between words replaced by any
    run of spaces and punctuation (also before and after the name)."""
    out: list[str] = [draw(st.sampled_from(("", "", " ", "  ", "\t", "\u00a0", '"', "(", "-- ")))]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isalnum():
            out.append(_random_case(draw, ch))
            if ch.isalpha() and draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(COMBINING)))
            i += 1
        else:
            # a run of separators (not '&', which reads as 'and'): replace it by another run
            j = i
            while j < len(text) and not text[j].isalnum() and text[j] != "&":
                j += 1
            if j == i:  # '&'
                out.append(" & " if draw(st.booleans()) else "&")
                i += 1
                continue
            out.append(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3).map("".join)))
            i = j
    out.append(draw(st.sampled_from(("", "", " ", "\n", ".", '"', ")", " !"))))
    return "".join(out)


@st.composite
def perturbed_key(
    draw: st.DrawFn, namespace: str = "any", ds: migorgs.Dataset | None = None
) -> tuple[str, str, str]:
    """(original key, perturbed key, entity id)."""
    key, eid = draw(entity_keys(namespace, ds))
    return key, draw(perturb(key)), eid


def key_strings(namespace: str = "any") -> st.SearchStrategy[Any]:
    """Any key argument: real keys, perturbed real keys, hostile text and wrong types."""
    return st.one_of(
        entity_keys(namespace).map(lambda t: t[0]),
        perturbed_key(namespace).map(lambda t: t[1]),
        hostile_text(),
        wrong_types(),
    )


# ---------------------------------------------------------------------- broken data directories

_REQUIRED = {
    "sources.json": ("id", "title", "publisher", "as_of", "kind"),
    "organisations.json": ("id", "names", "summary", "sources"),
    "processes.json": ("id", "names", "summary", "sources"),
    "involvements.json": ("org", "process", "role", "sources"),
}

#: (no None: many fields are optional, and null is then a sound value)
_WRONG_JSON_VALUES: tuple[Any, ...] = (
    True,
    False,
    0,
    -1,
    10**100,
    1.5,
    1e308,
    "",
    "\x00",
    "x" * 300,
    [],
    [None],
    [1, 2],
    {},
    {"a": 1},
    [[[[[[]]]]]],
    {"$ref": "#"},
    "__import__('os').system('false')",
)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``obj`` (dict keys and list indexes)."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(obj: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        obj = obj[p]
    return obj


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def broken_data(draw: st.DrawFn, tiny: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(files, description): the TINY data directory with one thing broken that must make loading
    fail: a value of the wrong type, an unknown key, a required key removed, a duplicated id or
    record, a dangling reference, a missing file, or a file that is not JSON (truncated, not
    UTF-8, nested too deeply, a huge number). Raw ``str``/``bytes`` values are written as they are."""
    files = copy.deepcopy(tiny)
    kind = draw(
        st.sampled_from(
            (
                "wrong-type",
                "unknown-key",
                "remove-required",
                "duplicate-id",
                "duplicate-involvement",
                "dangling",
                "missing-file",
                "truncated",
                "not-utf8",
                "deep",
                "not-a-list",
                "record-not-object",
                "empty-required-list",
            )
        )
    )
    if kind == "wrong-type":
        fname = draw(st.sampled_from(sorted(f for f in files if f != "meta.json")))
        paths = [p for p in _paths(files[fname]) if len(p) >= 2]
        path = draw(st.sampled_from(paths))
        parent, last = _get(files[fname], path[:-1]), path[-1]
        old = parent[last]
        # a value of another JSON type than the one there (a list for a string, ...)
        candidates = [
            v
            for v in _WRONG_JSON_VALUES
            if type(v) is not type(old)
            and not (
                isinstance(old, (int, float)) and isinstance(v, (int, float)) and not isinstance(v, bool)
            )
        ]
        new = draw(st.sampled_from(candidates))
        parent[last] = new
        return files, f"{fname} {path}: {old!r} -> {new!r:.40}"
    if kind == "unknown-key":
        fname = draw(st.sampled_from(sorted(f for f in files if f != "meta.json")))
        # (not inside "cite", whose keys are field names: an unknown one is the checker's to report)
        dicts = [
            p
            for p in [(), *_paths(files[fname])]
            if isinstance(_get(files[fname], p), dict) and "cite" not in p
        ]
        path = draw(st.sampled_from(dicts))
        name = draw(
            st.sampled_from(("foundd", "Id", "names ", "colour", "__class__", "", "\u0438d", "x" * 100))
        )
        target = _get(files[fname], path)
        if name in target:
            name += "_extra"
        target[name] = draw(st.sampled_from(("x", 1, None, [], {})))
        return files, f"{fname} {path}: unknown key {name!r}"
    if kind == "remove-required":
        fname = draw(st.sampled_from(sorted(_REQUIRED)))
        index = draw(st.integers(0, len(files[fname]) - 1))
        key = draw(st.sampled_from(_REQUIRED[fname]))
        files[fname][index].pop(key, None)
        return files, f"{fname}[{index}] without {key!r}"
    if kind == "duplicate-id":
        fname = draw(st.sampled_from(("sources.json", "organisations.json", "processes.json")))
        index = draw(st.integers(0, len(files[fname]) - 1))
        dup = copy.deepcopy(files[fname][index])
        if draw(st.booleans()):  # same id, different content
            dup["summary" if "summary" in dup else "title"] = "another record, same id"
        files[fname].insert(draw(st.integers(0, len(files[fname]))), dup)
        if draw(st.booleans()) and fname != "sources.json":  # an org and a process sharing an id
            other = "processes.json" if fname == "organisations.json" else "organisations.json"
            files[fname].remove(dup)
            dup = copy.deepcopy(files[other][0])
            dup["id"] = files[fname][index]["id"]
            dup.pop("kind", None)
            for k in ("established", "regions", "founded", "cite"):
                dup.pop(k, None)
            files[other].append(dup)
        return files, f"{fname}: duplicate id {files[fname][index]['id']!r}"
    if kind == "duplicate-involvement":
        files["involvements.json"].append(copy.deepcopy(files["involvements.json"][0]))
        return files, "duplicate involvement"
    if kind == "dangling":
        target = draw(
            st.sampled_from(
                (
                    ("involvements.json", 0, "org"),
                    ("involvements.json", 0, "process"),
                    ("organisations.json", 0, "sources"),
                    ("processes.json", 0, "sources"),
                )
            )
        )
        fname, index, key = target
        bad = draw(st.sampled_from(("nobody", "", "ALPHA", "alpha ", "test-source", "gamma-process", "beta")))
        rec = files[fname][index]
        if key == "sources":
            rec[key] = [bad if bad != "test-source" else "nowhere"]
        else:
            if (key == "org" and bad in ("alpha", "beta")) or (key == "process" and bad == "gamma-process"):
                bad = "nobody"
            rec[key] = bad
        return files, f"{fname}[{index}].{key} -> {bad!r}"
    if kind == "missing-file":
        fname = draw(st.sampled_from(("meta.json", "sources.json", "organisations.json", "processes.json")))
        del files[fname]
        return files, f"without {fname}"
    if kind == "truncated":
        import json

        fname = draw(st.sampled_from(sorted(files)))
        text = json.dumps(files[fname])
        cut = draw(st.integers(0, len(text) - 1))
        files[fname] = text[:cut]
        return files, f"{fname} cut at {cut}"
    if kind == "not-utf8":
        fname = draw(st.sampled_from(sorted(files)))
        files[fname] = draw(
            st.sampled_from((b"\xff\xfe\x00[", b'["\xc3\x28"]', b"\x80", b'["\xed\xa0\x80"]'))
        )
        return files, f"{fname} not UTF-8"
    if kind == "deep":
        fname = draw(st.sampled_from(sorted(f for f in files if f != "meta.json")))
        depth = draw(st.sampled_from((50, 1000, 100_000)))
        if depth >= 1000:
            files[fname] = _nested(depth)
        else:
            import json

            rec = files[fname][0]
            key = draw(st.sampled_from(sorted(rec)))
            rec[key] = json.loads(_nested(depth))
            files[fname] = json.dumps(files[fname])
        return files, f"{fname} nested {depth} deep"
    if kind == "not-a-list":
        fname = draw(st.sampled_from(sorted(f for f in files if f != "meta.json")))
        # (null: see test_a_table_file_holding_null_is_a_data_error)
        files[fname] = draw(st.sampled_from(({}, "text", 1, "", {"records": files[fname]})))
        return files, f"{fname} not a list"
    if kind == "record-not-object":
        fname = draw(st.sampled_from(sorted(f for f in files if f != "meta.json")))
        files[fname].append(draw(st.sampled_from((1, "x", None, [], [{}]))))
        return files, f"{fname} with a non-object record"
    # empty-required-list: an entity without names or sources
    fname = draw(st.sampled_from(("organisations.json", "processes.json")))
    files[fname][0][draw(st.sampled_from(("names", "sources")))] = []
    return files, f"{fname}[0] with an empty required list"
