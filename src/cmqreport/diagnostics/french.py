"""French counts for messages: « 0 erreur », « 1 fichier lu », « 3 fichiers lus ».

In French, 0 and 1 take the singular; the plural starts at 2. Every layer that writes a
count in a message uses these, never « erreur(s) ».
"""

from __future__ import annotations

__all__ = ["agree", "plural"]


def agree(n: int, word: str, many: str | None = None) -> str:
    """``word`` agreed with the count ``n``: « lu » for 0 or 1, « lus » (or ``many``) from 2."""
    if n < 2:
        return word
    return many if many is not None else word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """« 1 fichier », « 3 fichiers »: a count and its French word, plural from 2.

    ``many`` is the plural when it is not the word and an « s » (« 2 travaux »).
    """
    return f"{n} {agree(n, word, many)}"
