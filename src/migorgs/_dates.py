"""Partial dates: a year, a month or a day, never more precise than the source.

They follow ISO 8601-2 / EDTF level 1 where a source is vague: ``2017~``
(approximate), ``2018?`` (uncertain), ``2018%`` (both), and a year with
unspecified digits, ``201X`` (some year of the 2010s) or ``19XX``.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:  # datetime is imported only when a datetime.date is asked for or given
    import datetime

import attrs

from .exceptions import ArgumentTypeError, InvalidQueryError, show

__all__ = ["DateLike", "PartialDate", "Precision"]


class Precision(enum.IntEnum):
    """How much of a date a source gives."""

    #: a year with two unspecified digits (``19XX``)
    CENTURY = -1
    #: a year with one unspecified digit (``201X``)
    DECADE = 0
    YEAR = 1
    MONTH = 2
    DAY = 3


#: parsed dates by their text (bounded: parse also sees user input)
_PARSED: dict[str, PartialDate] = {}
_PARSED_MAX = 4096

_FORMS = ("YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYX", "YYXX", "any of them + ~ ? or %")
#: every form a date may take (compiled, and cached by re, the first time a date needs it: the
#: common forms are read by `_plain_groups`)
_DATE_RE = r"(\d{4}|\d{3}X|\d{2}XX)(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?"
_MARK_CHARS = ("~", "?", "%")
#: the EDTF qualifier of (approximate, uncertain)
_MARKS = {(False, False): "", (True, False): "~", (False, True): "?", (True, True): "%"}


def _plain_groups(text: str) -> Optional[tuple[str, Optional[str], Optional[str], Optional[str]]]:
    """The groups of ``_DATE_RE`` for ASCII ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with or without
    a qualifier, read without the pattern; None for any other text (which the pattern reads)."""
    mark: Optional[str] = text[-1:]
    if mark in _MARK_CHARS:
        text = text[:-1]
    else:
        mark = None
    n = len(text)
    plain = n >= 4 and text[:4].isdigit()
    if plain and n > 4:
        plain = text[4] == "-" and text[5:7].isdigit()
        plain = plain and (n == 7 or (n == 10 and text[7] == "-" and text[8:].isdigit()))
    return (text[:4], text[5:7] or None, text[8:10] or None, mark) if plain else None


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"a date's {what} must be an int, not {type(value).__name__} {show(value, 20)}"
        )
    return value


@attrs.frozen(order=False)
class PartialDate:
    """A date known to a year, a month or a day.

    ``PartialDate.parse("1951")``, ``PartialDate.parse("2014-06")`` and
    ``PartialDate.parse("2016-09-19")`` keep exactly the precision given.
    Dates order chronologically by their earliest possible day, and a less
    precise date sorts before a more precise one that starts on the same day.

    A vague date keeps what the source says of it (EDTF level 1): ``approximate``
    (``2017~``), ``uncertain`` (``2018?``), both (``2018%``), and ``unspecified``
    trailing digits of the year (``201X`` is ``PartialDate(2010, unspecified=1)``,
    the 2010s; ``19XX`` the 1900s). Qualifiers do not move a date: it orders by its
    earliest day like any other, and ``201X`` sorts before ``2010``.

    A year, month or day that is not an ``int`` (``1951.5``, ``True``, ``"3"``) raises
    `ArgumentTypeError` (a ``TypeError``); one out of range raises
    `InvalidQueryError` (a ``ValueError``).
    """

    year: int
    month: Optional[int] = None
    day: Optional[int] = None
    #: the source gives the date as approximate ("around 2017", "c. 2016"): EDTF ``~``
    approximate: bool = False
    #: the source gives the date with doubt ("probably 2018"): EDTF ``?``
    uncertain: bool = False
    #: how many trailing digits of the year are unspecified: 1 for a decade (201X), 2 for a century (19XX)
    unspecified: int = 0

    def __attrs_post_init__(self) -> None:
        year, month = self.year, self.month
        if (
            self.day is None
            and self.unspecified == 0
            and type(year) is int
            and 1 <= year <= 9999
            and (month is None or (type(month) is int and 1 <= month <= 12))
        ):
            return  # the common case, checked quickly: the data builds thousands of dates
        self._check()

    def _check(self) -> None:
        year = _whole(self.year, "year")
        if not 1 <= year <= 9999:
            raise InvalidQueryError("year", year, ("1 to 9999",), message="a year must be from 1 to 9999")
        for flag in ("approximate", "uncertain"):
            if not isinstance(getattr(self, flag), bool):
                raise ArgumentTypeError(
                    f"{flag} must be True or False, not {type(getattr(self, flag)).__name__}"
                )
        u = _whole(self.unspecified, "unspecified")
        if u:
            if u not in (1, 2):
                raise InvalidQueryError("unspecified", u, ("0", "1 (a decade)", "2 (a century)"))
            if self.month is not None or self.day is not None:
                raise InvalidQueryError(
                    "unspecified", u, (), message="a year with unspecified digits takes no month"
                )
            if year % 10**u or year < 10**u:
                raise InvalidQueryError(
                    "year", year, (), message=f"{year} does not end in {u} zero digit(s) for {u} unspecified"
                )
        if self.month is not None and not 1 <= _whole(self.month, "month") <= 12:
            raise InvalidQueryError(
                "month", self.month, ("1 to 12",), message=f"month must be 1-12, not {self.month!r}"
            )
        if self.day is not None:
            day = _whole(self.day, "day")
            if self.month is None:
                raise InvalidQueryError("day", day, (), message="a day needs a month")
            if not 1 <= day <= _days_in_month(year, self.month):
                raise InvalidQueryError(
                    "day", day, (), message=f"{year:04d}-{self.month:02d} has no day {day}"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or a year with unspecified digits
        (``201X``, ``19XX``), any of them followed by ``~`` (approximate), ``?`` (uncertain)
        or ``%`` (both).

        Raises `InvalidQueryError` (a ``ValueError``) for other text and
        `ArgumentTypeError` (a ``TypeError``) for a value that is not a string.
        """
        done = _PARSED.get(text) if cls is PartialDate and isinstance(text, str) else None
        if done is not None:
            return done
        if not isinstance(text, str):
            raise ArgumentTypeError(
                f"a date must be a string such as '1951' or '2014-06', not {type(text).__name__}"
            )
        groups = _plain_groups(text) if text.isascii() else None
        m = re.fullmatch(_DATE_RE, text) if groups is None and text.isascii() else None
        if groups is None and m is None:
            raise InvalidQueryError(
                "date",
                text,
                _FORMS,
                message=f"{text[:40]!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD "
                "(with 201X or 19XX for unspecified digits, ~ ? or % for approximate, uncertain or both)",
            )
        y, mo, d, mark = groups if groups is not None else m.groups()  # type: ignore[union-attr]
        u = y.count("X")
        if u and mo:
            raise InvalidQueryError(
                "date", text, _FORMS, message=f"{text[:40]!r}: a year with X digits takes no month"
            )
        date = cls(
            int(y.replace("X", "0")), int(mo) if mo else None, int(d) if d else None,
            approximate=mark in ("~", "%"), uncertain=mark in ("?", "%"), unspecified=u,
        )  # fmt: skip
        if cls is PartialDate and len(_PARSED) < _PARSED_MAX:
            _PARSED[text] = date  # dates are immutable: the data repeats a few hundred of them
        return date

    @classmethod
    def coerce(cls, value: DateLike) -> PartialDate:
        """Turn a year (``int``), a ``datetime.date``, a string or a PartialDate into a PartialDate.

        Raises `ArgumentTypeError` (a ``TypeError``) for any other type (``bool`` and ``float``
        included) and `InvalidQueryError` (a ``ValueError``) for a value out of range.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise ArgumentTypeError(
                "a date must be a year, a datetime.date or a 'YYYY[-MM[-DD]]' string, not a bool"
            )
        if isinstance(value, int):
            if not 1 <= value <= 9999:
                raise InvalidQueryError(
                    "year", value, ("1 to 9999",), message="a year must be from 1 to 9999"
                )
            return cls(value)
        if isinstance(value, str):
            return cls.parse(value.strip())
        import datetime

        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            return cls.parse(value.strip())
        raise ArgumentTypeError(
            f"a date must be a year, a datetime.date or a 'YYYY[-MM[-DD]]' string, not {type(value).__name__}"
        )

    @property
    def qualified(self) -> bool:
        """Whether the date is approximate, uncertain or has unspecified digits."""
        return self.approximate or self.uncertain or self.unspecified > 0

    @property
    def precision(self) -> Precision:
        if self.unspecified:
            return Precision.DECADE if self.unspecified == 1 else Precision.CENTURY
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> datetime.date:
        """The earliest day this date can mean."""
        import datetime

        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        """The latest day this date can mean."""
        if self.day is not None:
            return self.first_day
        import datetime

        if self.unspecified:
            return datetime.date(self.year + 10**self.unspecified - 1, 12, 31)
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month, _days_in_month(self.year, self.month))

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def _order(self) -> tuple[int, int, int, int]:
        # by earliest day; at the same day the less precise first (201X before 2010)
        return (self.year, self.month or 0, self.day or 0, -self.unspecified)

    def truncate(self, precision: Precision) -> tuple[int, ...]:
        """The date's fields down to ``precision`` (which must not exceed its own); a decade
        or century is the year divided by 10 or 100."""
        if precision < Precision.YEAR:
            return (self.year // (10 if precision is Precision.DECADE else 100),)
        return self._key()[: int(precision)]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._order() < other._order()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._order() <= other._order()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._order() > other._order()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._order() >= other._order()

    def __str__(self) -> str:
        if self.day is not None:
            text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        elif self.month is not None:
            text = f"{self.year:04d}-{self.month:02d}"
        else:
            text = f"{self.year:04d}"
            if self.unspecified:
                text = text[: -self.unspecified] + "X" * self.unspecified
        if self.approximate or self.uncertain:
            text += _MARKS[(self.approximate, self.uncertain)]
        return text

    def __repr__(self) -> str:
        return f"PartialDate('{self}')"


DateLike = Union[PartialDate, "datetime.date", int, str]


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def common(a: PartialDate, b: PartialDate) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Both dates cut to the coarser of their precisions, for comparison."""
    p = min(a.precision, b.precision)
    return a.truncate(p), b.truncate(p)


def on_or_after(when: PartialDate, start: Optional[PartialDate]) -> bool:
    """``when`` is not before ``start`` (an open start is always passed)."""
    if start is None:
        return True
    w, s = common(when, start)
    return w >= s


def on_or_before(when: PartialDate, end: Optional[PartialDate]) -> bool:
    """``when`` is not after ``end``, counting the whole of an imprecise end."""
    if end is None:
        return True
    w, e = common(when, end)
    return w <= e


def before(when: PartialDate, end: Optional[PartialDate]) -> bool:
    """``when`` is strictly before ``end`` at the coarser precision (half-open periods)."""
    if end is None:
        return True
    w, e = common(when, end)
    return w < e


def agree_up_to_precision(a: PartialDate, b: PartialDate) -> bool:
    """The two dates differ only in precision: the coarser one contains the finer one
    (``1995`` and ``1995-01-01``; not ``1995`` and ``1995``, which are equal, nor ``1994``)."""
    if a == b:
        return False
    x, y = common(a, b)
    return x == y
