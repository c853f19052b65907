"""The errors migorgs raises.

Every error is a `MigorgsError` and also the built-in exception that
code not written for migorgs would expect: a key that finds nothing is a
`LookupError`, a bad query value a `ValueError`, an argument of
the wrong type a `TypeError`, a folder an export cannot write an `OSError`.

Every error survives `pickle` unchanged (same type, message and
attributes), so it crosses a process boundary (``multiprocessing``,
``concurrent.futures.ProcessPoolExecutor``) as itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "AmbiguousKeyError",
    "ArgumentTypeError",
    "DataError",
    "DataProblem",
    "ExportError",
    "InvalidQueryError",
    "MigorgsError",
    "NotFoundError",
]


def show(value: object, limit: int = 80) -> str:
    """A value for an error message: its repr, shortened; never fails (huge ints included)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > 200:
        return f"<an int of about {int(abs(value).bit_length() * 0.30103) + 1} digits>"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__, or an int past the digit limit
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _picklable(value: object) -> object:
    """``value`` if pickle can carry it, else its shortened repr (an error must always cross processes)."""
    import pickle

    try:
        pickle.dumps(value)
    except Exception:
        return show(value)
    return value


class MigorgsError(Exception):
    """Base class of every error migorgs raises."""


class NotFoundError(MigorgsError, LookupError):
    """No organisation or process answers to ``key``.

    ``suggestions`` holds the display names of the closest matches, best first.
    """

    def __init__(
        self, key: str, what: str, suggestions: Sequence[str] = (), message: str | None = None
    ) -> None:
        self.key = key
        self.what = what
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self._message = message
        msg = message or f"no {what} matches {show(key)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.key, self.what, self.suggestions, self._message), dict(self.__dict__))


class AmbiguousKeyError(MigorgsError, LookupError):
    """``key`` names more than one entity; ``candidates`` lists their ids."""

    def __init__(self, key: str, candidates: Sequence[tuple[str, str]]) -> None:
        self.key = key
        #: ``(id, display name)`` of each entity the key names.
        self.candidates: tuple[tuple[str, str], ...] = tuple(candidates)
        listed = "; ".join(f"{cid!r} ({name})" for cid, name in self.candidates)
        super().__init__(f"{show(key)} is ambiguous: it names {listed}. Ask by id instead.")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.key, self.candidates), dict(self.__dict__))


class InvalidQueryError(MigorgsError, ValueError):
    """A query argument has a value that is not allowed; ``valid`` lists what is."""

    def __init__(
        self, argument: str, value: object, valid: Iterable[str], message: str | None = None
    ) -> None:
        self.argument = argument
        self.value = value
        self.valid: tuple[str, ...] = tuple(valid)
        super().__init__(
            message
            or f"{argument}={show(value)} is not valid; use one of: " + ", ".join(repr(v) for v in self.valid)
        )

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        state = dict(self.__dict__)
        state["value"] = _picklable(self.value)
        state["args"] = self.args  # the message as first written, whatever the value became
        return (type(self), (self.argument, state["value"], self.valid), state)


class ArgumentTypeError(MigorgsError, TypeError):
    """An argument is of the wrong type, e.g. a key that is not a string."""


class ExportError(MigorgsError, OSError):
    """An export cannot write its folder: ``path`` is a file, a symbolic link, a folder
    that is not empty (without ``force=True``), or the system refused (permissions, a full disk).

    Nothing is half-written: the folder is as it was before the export began.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"cannot export to {show(path)}: {message}")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.message), dict(self.__dict__))


class DataProblem:
    """One problem found in a data directory: where it is and what is wrong."""

    __slots__ = ("field", "file", "message", "record")

    def __init__(self, file: str, record: str | None, field: str | None, message: str) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f" [{self.record}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"DataProblem({self!s})"

    def __reduce__(self) -> tuple[object, ...]:
        return (DataProblem, (self.file, self.record, self.field, self.message))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DataProblem):
            return NotImplemented
        return (self.file, self.record, self.field, self.message) == (
            other.file,
            other.record,
            other.field,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.record, self.field, self.message))


class DataError(MigorgsError, ValueError):
    """A data directory is broken; ``problems`` lists every problem found, with its location."""

    def __init__(self, problems: Sequence[DataProblem], source: str = "data") -> None:
        self.problems: tuple[DataProblem, ...] = tuple(problems)
        self.source = source
        head = f"{len(self.problems)} problem(s) in {source}"
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{head}:\n{shown}{more}")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems, self.source), dict(self.__dict__))
