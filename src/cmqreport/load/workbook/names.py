"""Sheet names, headers and field names as people type them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from cmqreport.diagnostics.hints import closest

__all__ = ["bare", "near", "norm"]


def norm(text: str) -> str:
    """Compare headers and names as people see them: case, accents and apostrophes aside."""
    text = text.replace("’", "'").replace("\u00a0", " ").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split()).rstrip(" :")


def bare(text: str) -> str:
    """A header without its parenthesised help (« Largeur (%) » → « largeur »)."""
    return norm(re.sub(r"\([^)]*\)", " ", text))


def near(text: str, choices: Sequence[str]) -> str | None:
    """The expected name ``text`` most likely stands for: close in spelling, or contained
    in it as a word (« Titre de l'action » → « Titre »)."""
    found = closest(text, choices)
    if found:
        return found
    words = bare(text)
    hits = [c for c in choices if re.search(rf"(^|\W){re.escape(bare(c))}($|\W)", words)]
    return max(hits, key=len) if hits else None
