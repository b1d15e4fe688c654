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
