"""The terminal side of the command line: width, wrapping, aligned columns, colour, readable values.

Colour and bold only on a terminal, never with ``NO_COLOR`` set, ``--no-color``,
``TERM=dumb``, in a pipe or a file. The width is ``COLUMNS`` when set, else
the terminal's, else 80.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import Any, Callable, Optional, TextIO

__all__ = ["Term", "human", "number", "degrade_stream"]

_MIN_WIDTH, _MAX_WIDTH = 40, 400

_ASCII = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00b7": "|",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2192": "->",
}


def _degrade(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character the terminal cannot show becomes its nearest ASCII."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    import unicodedata

    out = []
    for ch in exc.object[exc.start : exc.end]:
        if ch in _ASCII:
            out.append(_ASCII[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and base.isascii() else "?")
    return "".join(out), exc.end


def degrade_stream(stream: Any) -> None:
    """Let ``stream`` write any text: on a terminal that is not UTF-8, unencodable
    characters degrade (an en dash to "-", "é" to "e", else "?") instead of failing."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8", "utf-16", "utf-32") or not hasattr(stream, "reconfigure"):
        return
    import codecs

    try:
        codecs.lookup_error("migorgs-degrade")
    except LookupError:
        codecs.register_error("migorgs-degrade", _degrade)
    with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream
        stream.reconfigure(errors="migorgs-degrade")


def _width(stream: TextIO) -> int:
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and len(env) < 6:
        return max(_MIN_WIDTH, min(_MAX_WIDTH, int(env)))
    try:
        if stream.isatty():
            return max(_MIN_WIDTH, min(_MAX_WIDTH, os.get_terminal_size(stream.fileno()).columns))
    except (AttributeError, OSError, ValueError):
        pass
    return 80


def _colour(stream: TextIO, wanted: bool) -> bool:
    if not wanted or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


class Term:
    """Formatting for one output stream."""

    def __init__(self, stream: TextIO, *, colour: bool = True, width: Optional[int] = None) -> None:
        self.width = width or _width(stream)
        self.colour = _colour(stream, colour)

    # ------------------------------------------------------------------ styles

    def _sgr(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self._sgr("1", text)

    def dim(self, text: str) -> str:
        return self._sgr("2", text)

    def accent(self, text: str) -> str:
        return self._sgr("36", text)

    def heading(self, text: str) -> str:
        return self._sgr("1;4", text) if self.colour else text

    # ------------------------------------------------------------------ text

    def wrap(
        self, text: str, indent: int = 0, hang: Optional[int] = None, width: Optional[int] = None
    ) -> list[str]:
        """``text`` wrapped to the width, the first line indented by ``indent``, the rest by ``hang``."""
        w = (width or self.width) - 1
        hang = indent if hang is None else hang
        if indent + len(text) <= w and "\n" not in text and "  " not in text and "\t" not in text:
            return [" " * indent + text.strip()] if text.strip() else [" " * indent]
        import textwrap

        lines = textwrap.wrap(
            text,
            width=max(w, indent + 10, hang + 10),
            initial_indent=" " * indent,
            subsequent_indent=" " * hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        return lines or [" " * indent]

    def table(self, rows: Sequence[Sequence[str]], **options: Any) -> list[str]:
        """Aligned columns; see `table_rows`."""
        return [line for lines in self.table_rows(rows, **options) for line in lines]

    def table_rows(
        self,
        rows: Sequence[Sequence[str]],
        *,
        caps: Sequence[Optional[int]] = (),
        flex: int = -1,
        indent: int = 0,
        gap: int = 2,
        styles: Sequence[Optional[Callable[[str], str]]] = (),
    ) -> list[list[str]]:
        """The lines of each row of aligned columns; each cell wraps within its column.

        ``caps`` bounds the width of each column (``None``: its longest cell);
        the ``flex`` column takes the room that is left, at least 20.
        """
        if not rows:
            return []
        n = max(len(r) for r in rows)
        rows = [list(r) + [""] * (n - len(r)) for r in rows]
        empty = [i for i in range(n) if i != flex % n and not any(r[i] for r in rows)]
        if empty:  # a column with nothing in it takes no room
            keep = [i for i in range(n) if i not in empty]
            caps = [caps[i] if i < len(caps) else None for i in keep]
            styles = [styles[i] if i < len(styles) else None for i in keep]
            flex = keep.index(flex % n)
            rows = [[r[i] for i in keep] for r in rows]
            n = len(keep)
        flex = flex % n
        widths = []
        for i in range(n):
            longest = max(len(r[i]) for r in rows)
            cap = caps[i] if i < len(caps) else None
            widths.append(longest if cap is None else min(longest, cap))
        room = self.width - 1 - indent - gap * (n - 1)
        longest_flex = widths[flex]
        others = sum(w for i, w in enumerate(widths) if i != flex)
        widths[flex] = min(longest_flex, max(20, int(room * 0.45), room - others))
        # still too wide: narrow the widest other columns, down to 8
        while others + widths[flex] > room:
            i = max((i for i in range(n) if i != flex), key=lambda i: widths[i])
            if widths[i] <= 8:
                break
            widths[i] -= 1
            others -= 1
        out: list[list[str]] = []
        for r in rows:
            lines = []
            cells = [self._cell(c, widths[i]) for i, c in enumerate(r)]
            height = max(len(c) for c in cells)
            for k in range(height):
                parts = []
                for i, c in enumerate(cells):
                    text = c[k].strip() if k < len(c) else ""
                    style = styles[i] if i < len(styles) else None
                    padded = text if i == n - 1 else text.ljust(widths[i])
                    if style and text:
                        padded = style(text) + padded[len(text) :]
                    parts.append(padded)
                lines.append((" " * indent + (" " * gap).join(parts)).rstrip())
            out.append(lines)
        return out

    def _cell(self, text: str, width: int) -> list[str]:
        if not text:
            return [""]
        if len(text) <= width:
            return [text]
        import textwrap

        # a word longer than its column is broken, but a url is kept whole to be copied
        long_words = not text.startswith(("http://", "https://"))
        return textwrap.wrap(text, width=width, break_long_words=long_words, break_on_hyphens=False) or [""]

    def section(self, title: str) -> str:
        return self.heading(title)


def human(value: str) -> str:
    """A vocabulary value or field key as words: ``"secretariat-support"`` -> ``"secretariat support"``."""
    special = _WORDS.get(value)
    if special is not None:
        return special
    return value.replace("_", " ").replace("-", " ").replace("inter regional", "inter-regional")


_WORDS = {"un-system": "UN system", "ngo": "NGO"}


def number(value: Any) -> str:
    """A readable number: ``1675000000`` -> ``"1,675,000,000"``; text is left as it is."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) < 1e15 else f"{value:,}"
    return str(value)
