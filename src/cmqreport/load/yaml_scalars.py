"""What a YAML scalar means: the YAML 1.2 core schema, and the tags that are refused.

Timestamps are not resolved (a date stays text, for the model to check and report with its
place), and YAML 1.1's ``yes``/``no``/``on``/``off`` stay text: :func:`is_yaml11_bool` lets
the builder warn about them.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "HARMLESS_TAGS",
    "SPECIAL_START",
    "YAML11_BOOLS",
    "is_yaml11_bool",
    "resolve_plain",
    "short_tag",
]

#: Tags that change nothing (no tag, the non-specific ``!``, an explicit string).
HARMLESS_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
#: The words YAML 1.1 reads as booleans, in lower case.
YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
#: The first characters of a null, a boolean or a number: any other scalar is text.
SPECIAL_START = frozenset("~nNtTfF0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (timestamps stay text)."""
    if text and text[0] not in SPECIAL_START:
        return text  # most scalars are words: none of the patterns below can match
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):  # (the pattern holds a digit at least: never « . » alone)
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def is_yaml11_bool(text: str) -> bool:
    """True for a word YAML 1.1 reads as a boolean (``yes``, ``Off``) and 1.2 as text."""
    return len(text) <= 3 and text.lower() in YAML11_BOOLS


def short_tag(tag: str) -> str:
    """A tag as people write it: ``!!python/object`` rather than ``tag:yaml.org,2002:…``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
