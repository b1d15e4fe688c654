"""Text scanning reads what it used to, in linear time.

The patterns were rewritten so that a long word is not rescanned from every position (a
100 000-character word took 51 s to validate); on short texts they must find exactly what
the former ones found. The time itself is checked through the CLI by the security case
``time-million-character-word``.
"""

from __future__ import annotations

import random
import re

import pytest

from cmqreport.model import textscan
from cmqreport.model.textscan import AcronymMatcher
from cmqreport.render import markdown

#: The former patterns (quadratic or worse on some long inputs).
_OLD_CAPS = re.compile(r"(?<![\w@/.#-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(?:s)?(?![\w-])")
_OLD_CITE_GROUP = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_OLD_LINE_START = re.compile(r"^(\s*)([-+:>=]|\d+[.)])(?=\s|$)", re.MULTILINE)
_OLD_TARGET = re.compile(r"\]\([^)]*\)")

_ALPHABET = "aAB1s _-.@[]()\n\t/#:`+=>"


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(0, 24))) for _ in range(count)]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


@pytest.mark.parametrize("seed", range(4))
def test_rewritten_patterns_match_as_before(seed: int) -> None:
    for text in _texts(3000, seed):
        assert _spans(textscan.CAPS, text) == _spans(_OLD_CAPS, text), text
        assert _spans(textscan.CITE_GROUP, text) == _spans(_OLD_CITE_GROUP, text), text
        old = _OLD_LINE_START.sub(markdown._escape_marker, text)
        assert markdown._LINE_START.sub(markdown._escape_marker, text) == old, text


def test_link_targets_masked_as_before() -> None:
    matcher = AcronymMatcher([])
    for text in _texts(3000, 7):
        blank = " " * len(text)
        masked = matcher._masked(text)
        old = _OLD_TARGET.sub(lambda m: " " * len(m.group(0)), text)
        # where the former pattern blanked a target, so does the new masking
        assert all(masked[i] == " " for i in range(len(text)) if old[i] == " " != text[i])
        assert len(masked) == len(blank)


def test_addresses_and_urls_are_not_acronyms() -> None:
    matcher = AcronymMatcher([])
    text = "Écrire à CONTACT@CMQ.FR ou voir https://EXEMPLE.FR/AGT, puis www.CMQ.FR ; le GIP."
    assert [w for w, _ in matcher.undefined(text)] == ["GIP"]
    assert [w for w, _ in matcher.undefined("(AGT:https://x.fr)")] == ["AGT"]
    assert [w for w, _ in matcher.undefined("@AGT.FR ou AGT@2021")] == ["AGT"]


def _former_find(defined: list[str], masked: str) -> list[tuple[str, int, int]]:
    """What the former one-regex-of-all-acronyms found in an already masked text."""
    alternatives = "|".join(re.escape(a) for a in sorted(set(defined), key=lambda a: (-len(a), a)))
    known = re.compile(rf"(?<![\w@/#-])({alternatives})(?:s)?(?![\w-])")
    return [(m.group(1), m.start(1), m.end(1)) for m in known.finditer(masked)]


_ACRONYM_ALPHABET = "ABCs -@/#.é_1x"
_DEFINED = ["AB", "ABC", "A-B", "ABs", "B", "AB C", "C AB", "Cé", "AB-C", "BA", "B1", "C AB C"]


@pytest.mark.parametrize("seed", range(3))
def test_acronyms_found_by_word_as_by_the_former_regex(seed: int) -> None:
    """Looking each word up finds what one regex of every acronym found, spaces included."""
    rng = random.Random(seed)
    for _ in range(3000):
        defined = rng.sample(_DEFINED, rng.randint(1, len(_DEFINED)))
        text = "".join(rng.choices(_ACRONYM_ALPHABET, k=rng.randint(0, 20)))
        matcher = AcronymMatcher(defined)
        hits = [(h.acronym, h.start, h.end) for h in matcher.find(text)]
        assert hits == _former_find(defined, matcher._masked(text)), (defined, text)
        former_masked = matcher._masked(text)
        for _, start, end in _former_find(defined, former_masked):
            # the plural « s » is blanked with its acronym, as before
            end += former_masked[end : end + 1] == "s"
            former_masked = former_masked[:start] + " " * (end - start) + former_masked[end:]
        former_undefined = [
            (m.group(1), m.start(1))
            for m in textscan.CAPS.finditer(former_masked)
            if len(m.group(1)) >= 2 and not textscan.ROMAN.match(m.group(1))
        ]
        assert list(matcher.undefined(text)) == former_undefined, (defined, text)


def test_many_acronyms_cost_no_more_per_text() -> None:
    """200 campus codes looked up by word: the same hits as with 2."""
    codes = [f"AGT{k:02d}" for k in range(200)]
    text = "Le campus AGT07 et le AGT42s, pas AGT999 ni @AGT01."
    assert [h.acronym for h in AcronymMatcher(codes).find(text)] == ["AGT07", "AGT42"]
    assert [h.acronym for h in AcronymMatcher(["AGT07", "AGT42"]).find(text)] == [
        "AGT07",
        "AGT42",
    ]
