"""The files whose strings are report prose, and walkers of a file's raw data.

Prose checks (acronyms, citations, footnotes, cross-references) and the figure-file check
read the raw data of each file rather than the models: a value keeps its data path, hence
its place, and a string is found wherever the model puts it. The checks of every string
(:mod:`cmqreport.validate.strings`) read each file once, through :func:`every_string`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cmqreport.load.layout import classify, year_of
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import Loaded, PathKey

__all__ = ["every_string", "is_prose_file", "prose_sources", "strings", "values_named"]

#: Keys whose values are identifiers or codes, not prose.
_NOT_PROSE = {
    "id",
    "campus",
    "code",
    "axis",
    "section",
    "answers",
    "file",
    "perspective",
    "status",
    "kind",
    "role",
    "civility",
    "category",
    "include",
    "table_id",
    "requested_category",
    "campuses",
    "url",
    "website",
    "type",
    "width",
    "currency",
}


def is_prose_file(rel: str) -> bool:
    """True for a file whose strings are report prose: a year's, a campus's, the glossary.

    Any file of a year folder counts, one that could not be read (``AGT.xls``) included.
    """
    kind = classify(rel)
    return year_of(rel) is not None or (kind is not None and kind.kind in ("campus", "glossary"))


def prose_sources(project: Project) -> Iterator[tuple[str, Loaded]]:
    """The prose files that were read into data, in path order."""
    for rel, src in sorted(project.sources.items()):
        if is_prose_file(rel) and src.ok:
            yield rel, src


def strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every prose string of a file's raw data with its path, in file order."""
    if isinstance(data, str):
        key = path[-1] if path else None
        parent = path[-2] if len(path) >= 2 else None
        if not _names_codes(key) and not _names_codes(parent):
            return iter([(path, data)])
        return iter([])
    found: list[tuple[PathKey, str]] = []
    _strings(data, path, found)
    return iter(found)


def every_string(
    data: Any, wanted: re.Pattern[str] | None = None
) -> Iterator[tuple[PathKey, str, bool, bool]]:
    """``(path, text, is_key, prose)`` of every string of a file's data, in file order: a
    mapping's keys (``is_key``, before their value) and values; ``prose`` as
    :func:`strings` keeps them (never for a key).

    With ``wanted``, a string that is not prose is given only when the pattern is found in
    it (the walk then makes no path for the many keys and codes nobody looks at).
    """
    if isinstance(data, str):
        yield (), data, False, True
        return
    if not isinstance(data, dict | list):
        return
    # one frame, no recursion: a stack of the containers being read, each with its path and
    # whether its own key names codes (its strings are then not prose)
    stack: list[tuple[Iterator[tuple[Any, Any]], PathKey, bool, bool]] = [
        (iter(data.items()), (), True, False)
        if isinstance(data, dict)
        else (enumerate(data), (), False, False)
    ]
    names = _NOT_PROSE
    look = wanted.search if wanted is not None else None
    while stack:
        items, path, is_map, codes = stack[-1]
        for k, v in items:
            if is_map and isinstance(k, str) and (look is None or look(k) is not None):
                yield (*path, k), k, True, False
            if isinstance(v, str):
                prose = not codes and not (is_map and k in names)
                if prose or look is None or look(v) is not None:
                    yield (*path, k), v, False, prose
            elif isinstance(v, dict):
                stack.append((iter(v.items()), (*path, k), True, is_map and k in names))
                break
            elif isinstance(v, list):
                stack.append((enumerate(v), (*path, k), False, is_map and k in names))
                break
        else:
            stack.pop()


def _names_codes(key: Any) -> bool:
    return isinstance(key, str) and key in _NOT_PROSE


def _strings(value: Any, path: PathKey, found: list[tuple[PathKey, str]]) -> None:
    # recursion is bounded: the loader refuses files nested deeper than 64 levels; a path
    # is made for a container and for a string kept, not for every value
    codes = bool(path) and _names_codes(path[-1])
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str):
                if not codes and not _names_codes(k):
                    found.append(((*path, k), v))
            elif isinstance(v, dict | list):
                _strings(v, (*path, k), found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                if not codes:
                    found.append(((*path, i), v))
            elif isinstance(v, dict | list):
                _strings(v, (*path, i), found)


def values_named(data: Any, *names: str) -> list[tuple[PathKey, Any]]:
    """Every value of a mapping in the data whose key is one of ``names``, with its path,
    in file order (a value before what it holds)."""
    found: list[tuple[PathKey, Any]] = []
    _collect(data, frozenset(names), (), found)
    return found


def _collect(value: Any, names: frozenset[str], path: PathKey, found: list[Any]) -> None:
    # recursion is bounded: the loader refuses files nested deeper than 64 levels; paths
    # are made for containers and for the values asked for only
    if isinstance(value, dict):
        for k, v in value.items():
            if k in names:
                found.append(((*path, k), v))
            if isinstance(v, dict | list):
                _collect(v, names, (*path, k), found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, dict | list):
                _collect(v, names, (*path, i), found)
