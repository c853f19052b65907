"""Text normalisation shared by key lookup and search."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_KEY_CHARS", "normalise", "words"]

#: a key longer than this cannot be any name; it is refused before normalising
MAX_KEY_CHARS = 1000

_WORD = re.compile(r"[^\W_]+")
_ISE = re.compile(r"is(ation|ations|e|ed|es|ing)$")


def words(text: str) -> list[str]:
    """Lower-case, accent-free words; British '-isation' spelt '-ization'.

    ``"Inter-Governmental Organisation"`` -> ``["inter", "governmental", "organization"]``.
    """
    if text.isascii():  # most names: no accents to strip, and casefold is lower
        text = text.lower().replace("&", " and ")
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    out = _WORD.findall(text)
    for i, w in enumerate(out):
        if len(w) > 6 and w.endswith(("isation", "isations")):
            out[i] = _ISE.sub(r"iz\1", w)
    return out


#: for ASCII text: every character that is not a letter or a digit, deleted (what `words` splits on)
_NOT_ALNUM = {c: None for c in range(128) if not chr(c).isalnum()}


def normalise(text: str) -> str:
    """The lookup key of a name: its words run together, so spacing, case, accents
    and punctuation ("Inter-Governmental" / "Intergovernmental") do not matter."""
    if text.isascii():
        # the same key as `words` gives, without splitting: its words are the runs of ASCII
        # letters and digits, and the spelling below covers its '-isation' rule
        text = text.lower().replace("&", " and ").translate(_NOT_ALNUM)
        return text.replace("isation", "ization")
    # spacing must not matter even for spelling: "InternationalOrganisation" too
    return "".join(words(text)).replace("isation", "ization")
