"""The walks of the checks find the strings and keyed values the former walks found."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cmqreport.load.yamlsrc import PathKey, load_yaml
from cmqreport.validate import sources
from cmqreport.validate.sources import strings, values_named

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples" / "bfc").rglob("*.yaml"))


def _former_strings(data: Any, path: PathKey = ()) -> list[tuple[PathKey, str]]:
    """The former walk: every value visited with its path, prose strings kept."""
    out: list[tuple[PathKey, str]] = []
    stack: list[tuple[PathKey, Any]] = [(path, data)]
    names = sources._NOT_PROSE
    while stack:
        p, value = stack.pop()
        if isinstance(value, str):
            key_is_prose = not p or not isinstance(p[-1], str) or p[-1] not in names
            parent_is_prose = len(p) < 2 or not (isinstance(p[-2], str) and p[-2] in names)
            if key_is_prose and parent_is_prose:
                out.append((p, value))
        elif isinstance(value, dict):
            stack.extend(((*p, k), value[k]) for k in reversed(list(value)))
        elif isinstance(value, list):
            stack.extend(((*p, i), value[i]) for i in reversed(range(len(value))))
    return out


def _former_values(data: Any, path: PathKey = ()) -> list[tuple[PathKey, Any]]:
    out: list[tuple[PathKey, Any]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append(((*path, k), v))
            out += _former_values(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _former_values(v, (*path, i))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_walks_find_what_the_former_walks_found(path: Path) -> None:
    data = load_yaml(path, path.name).data
    assert list(strings(data)) == _former_strings(data)
    for names in (("file",), ("figures",), ("url", "website"), ("id", "title")):
        former = [(p, v) for p, v in _former_values(data) if p[-1] in names]
        assert values_named(data, *names) == former, names


def test_strings_of_codes_are_not_prose() -> None:
    data = {"campus": "AGT", "campuses": ["AGT", "MSI"], "title": "Le CMQ", "x": [["a"]]}
    assert list(strings(data)) == _former_strings(data)
    assert [p for p, _ in strings(data)] == [("title",), ("x", 0, 0)]
    assert list(strings("texte", ("campus",))) == []
    assert list(strings("texte")) == [((), "texte")]


def _former_texts(data: Any) -> list[tuple[PathKey, str, bool]]:
    """The former walk of the text rules: every string, a key before its value."""
    out: list[tuple[PathKey, str, bool]] = []
    stack: list[tuple[PathKey, Any, bool]] = [((), data, False)]
    while stack:
        path, value, is_key = stack.pop()
        if isinstance(value, str):
            out.append((path, value, is_key))
        elif isinstance(value, dict):
            for key in reversed(list(value)):
                stack.append(((*path, key), value[key], False))
                if isinstance(key, str):
                    stack.append(((*path, key), key, True))
        elif isinstance(value, list):
            for i in reversed(range(len(value))):
                stack.append(((*path, i), value[i], False))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_one_walk_finds_every_string_and_the_prose(path: Path) -> None:
    data = load_yaml(path, path.name).data
    walked = list(sources.every_string(data))
    assert [(p, t, k) for p, t, k, _ in walked] == _former_texts(data)
    assert [(p, t) for p, t, _, prose in walked if prose] == _former_strings(data)


def test_the_walk_gives_what_is_not_prose_only_when_wanted() -> None:
    data = {"id": "a#b", "campus": "AGT", "title": "Le CMQ", "x#": [{"code": "x"}]}
    walked = list(sources.every_string(data, re.compile("#")))
    assert [(p, t) for p, t, _, _ in walked] == [
        (("id",), "a#b"),
        (("title",), "Le CMQ"),
        (("x#",), "x#"),
    ]
