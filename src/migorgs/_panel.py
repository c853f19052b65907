"""The state-year panel, held column-wise.

A full panel has one row per State, body and year (over 300,000 rows for the
packaged data). It is not held as that many records: each body keeps a block of
status codes and evidence codes, one byte each, State by State and year by year
(`Block`); a row is made when asked for (indexing, iteration), and `Panel.to_pandas`
builds its frame straight from the blocks. Rows are ordered by State, year and body.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union, overload

from ._models import Evidence, MemberStatus, PanelRow
from ._results import Records
from ._schema import fields

if TYPE_CHECKING:
    import pandas

__all__ = ["CODES", "EVIDENCE", "EVIDENCE_CODE", "STATUS_OF_CODE", "Block", "Panel"]

#: panel status codes (Correlates of War IGO codes, and 4 for a suspended member); a State
#: that did not exist is -1 and one of unknown status -9 (see `_membership`)
CODES: Mapping[Optional[MemberStatus], int] = {
    MemberStatus.MEMBER: 1,
    MemberStatus.ASSOCIATE: 2,
    MemberStatus.OBSERVER: 3,
    MemberStatus.SUSPENDED: 4,
    None: 0,
}
#: the status a panel code stands for (the codes 0, -9 and -1 stand for none)
STATUS_OF_CODE: Mapping[int, MemberStatus] = {c: s for s, c in CODES.items() if s is not None}
#: evidence by its one-byte code in a block: its position in the Evidence vocabulary
EVIDENCE: tuple[Evidence, ...] = tuple(Evidence)
EVIDENCE_CODE = {e: i for i, e in enumerate(EVIDENCE)}


class Block:
    """One body's cells: for each State (in the panel's order) its ``n`` years from ``y0``."""

    __slots__ = ("body", "codes", "evidence", "n", "y0")

    def __init__(self, body: str, y0: int, n: int, codes: array[int], evidence: array[int]) -> None:
        self.body = body
        self.y0 = y0
        self.n = n
        self.codes = codes
        self.evidence = evidence


class Panel(Sequence[PanelRow]):
    """The state-year membership panel: a read-only sequence of `PanelRow`, held column-wise.

    It behaves like the `Records` the other queries return: ``len()``, indexing
    (a slice gives `Records`), iteration, a short ``repr()``, a table in notebooks,
    ``to_records()`` and ``to_pandas()``; ``columns()`` gives the columns as
    lists without pandas. Rows are ordered by State, year and body; two panels are
    equal when they hold the same rows.
    """

    __slots__ = ("_blocks", "_key_block", "_key_off", "_key_year", "_states")
    _states: tuple[str, ...]
    _blocks: tuple[Block, ...]
    #: per column of a State's rows: its year, its block, its offset in the block's row
    _key_year: array[int]
    _key_block: array[int]
    _key_off: array[int]

    def __init__(self, states: Sequence[str], blocks: Sequence[Block]) -> None:
        blocks = tuple(sorted(blocks, key=lambda b: b.body))
        # the (year, body) columns every State's rows run through, in order
        keys = sorted((b.y0 + j, i, j) for i, b in enumerate(blocks) for j in range(b.n))
        init = object.__setattr__
        init(self, "_states", tuple(states))
        init(self, "_blocks", blocks)
        init(self, "_key_year", array("h", [k[0] for k in keys]))
        init(self, "_key_block", array("i", [k[1] for k in keys]))
        init(self, "_key_off", array("l", [k[2] for k in keys]))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Panel is read-only: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Panel is read-only: {name!r} cannot be deleted")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Panel, (self._states, self._blocks))

    # ---------------------------------------------------------------- the sequence

    def __len__(self) -> int:
        return len(self._states) * len(self._key_year)

    def _row(self, i: int) -> PanelRow:
        s, k = divmod(i, len(self._key_year))
        b = self._blocks[self._key_block[k]]
        at = s * b.n + self._key_off[k]
        code = b.codes[at]
        return PanelRow(
            self._states[s],
            b.body,
            self._key_year[k],
            code,
            EVIDENCE[b.evidence[at]],
            STATUS_OF_CODE.get(code),
        )

    @overload
    def __getitem__(self, index: int) -> PanelRow: ...
    @overload
    def __getitem__(self, index: slice) -> Records[PanelRow]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[PanelRow, Records[PanelRow]]:
        if isinstance(index, slice):
            return Records(self._row(i) for i in range(*index.indices(len(self))))
        n = len(self)
        i = operator.index(index)  # a TypeError for anything that is not an integer
        if not -n <= i < n:
            raise IndexError("panel index out of range")
        return self._row(i % n if i < 0 else i)

    def _cells(self) -> Iterator[tuple[str, int, Block, int]]:
        """(State, year, block, position in the block) of every row, in row order."""
        keys = [
            (y, self._blocks[bi], off) for y, bi, off in zip(self._key_year, self._key_block, self._key_off)
        ]
        for s, state in enumerate(self._states):
            for year, b, off in keys:
                yield state, year, b, s * b.n + off

    def __iter__(self) -> Iterator[PanelRow]:
        status = STATUS_OF_CODE.get
        for state, year, b, at in self._cells():
            code = b.codes[at]
            yield PanelRow(state, b.body, year, code, EVIDENCE[b.evidence[at]], status(code))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Panel):
            return NotImplemented
        return self._states == other._states and [
            (b.body, b.y0, b.n, b.codes, b.evidence) for b in self._blocks
        ] == [(b.body, b.y0, b.n, b.codes, b.evidence) for b in other._blocks]

    def __hash__(self) -> int:
        return hash((self._states, tuple(b.body for b in self._blocks), len(self)))

    # ---------------------------------------------------------------- columns

    def columns(self) -> dict[str, list[Any]]:
        """The panel as columns of plain values (enums as their values, no status as None)."""
        k = len(self._key_year)
        cells = list(self._cells())
        codes = [b.codes[at] for _, _, b, at in cells]
        evidence = [b.evidence[at] for _, _, b, at in cells]
        ev_values = [e.value for e in EVIDENCE]
        status_values = {c: s.value for c, s in STATUS_OF_CODE.items()}
        bodies = [self._blocks[bi].body for bi in self._key_block]
        values: dict[str, list[Any]] = {
            "state": [s for s in self._states for _ in range(k)],
            "body": bodies * len(self._states),
            "year": list(self._key_year) * len(self._states),
            "code": codes,
            "evidence": [ev_values[e] for e in evidence],
            "status": [status_values.get(c) for c in codes],
        }
        # in the order of the record's fields (a field added to PanelRow must be added here)
        return {f.name: values[f.name] for f in fields(PanelRow)}

    def to_records(self) -> list[dict[str, Any]]:
        """Each row as a dict of plain values (JSON-ready), as `Records.to_records` gives them."""
        cols = self.columns()
        names = list(cols)
        return [dict(zip(names, values)) for values in zip(*cols.values())]

    def to_pandas(self) -> pandas.DataFrame:
        """The panel as a typed DataFrame (the columns and types `Records.to_pandas` gives a
        panel's rows), built from the blocks with numpy. Needs ``migorgs[pandas]``."""
        from ._frames import panel_frame

        return panel_frame(self)

    # ---------------------------------------------------------------- display

    def __repr__(self) -> str:
        if not len(self):
            return "<Panel: empty>"
        years = f"{min(self._key_year)}-{max(self._key_year)}"
        return (
            f"<Panel: {len(self)} state-year rows, {_count(len(self._states), 'State', 'States')} x "
            f"{_count(sum(1 for b in self._blocks if b.n), 'body', 'bodies')}, {years}>"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    def _repr_html_(self) -> str:
        from ._display import records_html

        return records_html(self, kinds="PanelRow")

    # the frame's builder reads these
    @property
    def states(self) -> tuple[str, ...]:
        """The States of the panel's rows, in order."""
        return self._states

    def _layout(self) -> tuple[tuple[Block, ...], array[int], array[int], array[int]]:
        return self._blocks, self._key_year, self._key_block, self._key_off


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
