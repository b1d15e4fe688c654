"""Did-you-mean hints: the closest known word to a mistyped one."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]

#: Lowest similarity (0-100) for a word to be proposed.
CUTOFF = 60


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to ``word``, if close enough (rapidfuzz, case-insensitive)."""
    options = sorted(set(choices))
    if not options:
        return None
    from rapidfuzz import fuzz, process, utils

    best = process.extractOne(
        word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=CUTOFF
    )
    return best[0] if best else None


def did_you_mean(word: str, choices: Iterable[str], *, then: str = "") -> str | None:
    """« Vouliez-vous dire « X » ? » (followed by ``then``), or None when nothing is close."""
    near = closest(word, choices)
    if near is None:
        return None
    return f"Vouliez-vous dire « {near} » ?" + (f" {then}" if then else "")
