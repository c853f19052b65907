"""Records: the tuple every listing and query returns, with notebook and table conversions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, SupportsIndex, Tuple, TypeVar, overload

if TYPE_CHECKING:
    import pandas

__all__ = ["Records"]

T = TypeVar("T", covariant=True)


class Records(Tuple[T, ...]):
    """An immutable tuple of records that also displays as a table in notebooks.

    ``repr()`` is short: the count, the record type and the first few ids
    (``<Records: 42 Process: '5-plus-5-dialogue', ... 39 more>``); iterate, index
    or call ``list()`` to see the records themselves. In a notebook the results
    show as a table with a row count, the first 25 rows and the ids of the rest;
    search results as a table of entity, matched name and score.

    ``to_records()`` gives plain dicts (JSON-ready); ``to_pandas()`` a
    DataFrame (pandas is imported only then; install ``migorgs[pandas]``).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        from ._display import records_repr

        return records_repr(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    @overload
    def __getitem__(self, index: SupportsIndex) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Records[T]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> T | Records[T]:
        """An item, or (for a slice) Records again, so slices keep the table display."""
        if isinstance(index, slice):
            return Records(tuple.__getitem__(self, index))
        return tuple.__getitem__(self, index)

    def _repr_html_(self) -> str:
        from ._display import records_html

        return records_html(self)

    def to_records(self) -> list[dict[str, Any]]:
        """Each record as a dict of plain values (dates as ISO strings, enums as their values)."""
        from ._display import plain

        return [plain(r) for r in self]

    def to_pandas(self) -> pandas.DataFrame:
        """The records as a tidy, typed DataFrame: one row each, the columns of their flat table
        (lists of strings "|"-joined as in the CSV export; names, facts and other nested
        records are frames of their own in ``Dataset.to_pandas()``), dates as strings with a
        ``<date>_year`` column beside each. Needs ``migorgs[pandas]``."""
        from ._frames import records_frame

        return records_frame(self)
