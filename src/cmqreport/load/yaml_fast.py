"""The fast path of the YAML loader: plain data, and the places kept as one array of marks.

A clean file (the usual case: no syntax error, duplicate key, tag, anchor or alias, YAML 1.1
boolean) is read in one tight loop over the parser's events. Instead of a table of places
keyed by data path (hundreds of bytes per value), the loop keeps the mark of every node in
an array, in the order of the events: a mapping, then each key followed by its value; a
sequence, then its items. The place of a path is found again by walking the data and
counting the nodes before it (:func:`locate`), which is exact because a clean file's data
has one node per event. Any file the loop is not sure of is read again by the full builder
of :mod:`cmqreport.load.yamlsrc`, which says what is wrong and where.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from cmqreport.load.yaml_scalars import HARMLESS_TAGS, SPECIAL_START, YAML11_BOOLS, resolve_plain

__all__ = ["FastRead", "events", "fast_read", "index", "locate", "pack"]

#: Deepest nesting a report's data may use (the full builder reports deeper files).
MAX_DEPTH = 64
_SHIFT = 32
_LOW = (1 << _SHIFT) - 1

PathKey = tuple[str | int, ...]
Mark = tuple[int, int]


def events(text: str) -> Iterator[Any]:
    """Parser events, from libyaml when available (fast), else ruamel's pure parser."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the platform's wheel
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
            if type(event).__name__ == "StreamEndEvent":
                return
    finally:
        parser.dispose()


def pack(line: int, col: int) -> int:
    """A 1-based (line, column) as one number of the marks array."""
    return (line << _SHIFT) | col


def _unpack(packed: int) -> Mark:
    return (packed >> _SHIFT, packed & _LOW)


class FastRead:
    """What the fast path read: the data, the marks in event order, the ``|`` blocks."""

    __slots__ = ("block", "data", "marks")

    def __init__(self, data: Any, marks: array[int], block: set[PathKey]) -> None:
        self.data = data
        self.marks = marks
        self.block = block


class _Unsure(Exception):
    """The fast path met something only the full builder says well."""


def fast_read(text: str) -> FastRead | None:
    """The data and marks of a clean file; None when the full builder must read it."""
    try:
        return _read(text)
    except _Unsure:
        return None
    except Exception:  # the parser's syntax errors: the full builder words them
        return None


def _read(text: str) -> FastRead:
    from ruamel.yaml import events as ev

    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - the full builder reads with the pure parser
        raise _Unsure from None
    reader = _Reader()
    parser = CParser(text)
    try:
        reader.read(parser.get_event, ev)
    finally:
        parser.dispose()
    root = reader.root
    if not root or root[0] is None:
        raise _Unsure  # an empty file: said by the full builder
    return FastRead(root[0], reader.marks, reader.block)


class _Reader:
    """The loop over one file's events, its state in local names (the fastest in Python).

    The innermost container is ``into`` (the root list at first), with whether it is a
    mapping, whether its next scalar is a key, and its pending key; each outer one is
    saved on ``outer`` while an inner one is filled.
    """

    def __init__(self) -> None:
        self.marks: array[int] = array("Q")
        self.block: set[PathKey] = set()
        self.root: list[Any] = []
        self.documents = 0

    def read(self, get_event: Any, ev: Any) -> None:
        """Build the data and the marks from the parser's events."""
        scalar, mapping, sequence = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
        ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
        push, harmless = self.marks.append, HARMLESS_TAGS
        specials, yaml11 = SPECIAL_START, YAML11_BOOLS
        outer: list[tuple[Any, bool, Any]] = []
        into: Any = self.root
        is_map, key_next, key = False, False, None
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                ctag = event.ctag
                if (ctag is not None and str(ctag) not in harmless) or event.anchor:
                    raise _Unsure
                mark = event.start_mark
                push(((mark.line + 1) << _SHIFT) | (mark.column + 1))
                raw, style = event.value, event.style
                implicit = event.implicit
                plain = (style is None or style == "") and (
                    not isinstance(implicit, tuple) or implicit[0]
                )
                # most scalars are words: resolved by their first character alone
                value = resolve_plain(raw) if plain and (not raw or raw[0] in specials) else raw
                if key_next:  # a mapping's key
                    if value in into:
                        raise _Unsure  # a duplicate key: reported by the full builder
                    key, key_next = value, False
                    continue
                if plain and len(raw) <= 3 and isinstance(value, str) and raw.lower() in yaml11:
                    raise _Unsure  # its warning is the full builder's
                if style == "|":
                    self.block.add(_path(outer, into, is_map, key))
                if is_map:
                    into[key] = value
                    key_next = True
                else:
                    into.append(value)
            elif kind in ends:
                into, is_map, key = outer.pop()
                key_next = is_map
            elif kind is mapping or kind is sequence:
                ctag = event.ctag
                if (ctag is not None and str(ctag) not in harmless) or event.anchor:
                    raise _Unsure
                if key_next or len(outer) >= MAX_DEPTH:
                    raise _Unsure  # a mapping or sequence as a key; or too deep
                mark = event.start_mark
                push(((mark.line + 1) << _SHIFT) | (mark.column + 1))
                container: Any = {} if kind is mapping else []
                if is_map:
                    into[key] = container
                else:
                    into.append(container)
                outer.append((into, is_map, key))
                into, is_map, key_next, key = container, kind is mapping, kind is mapping, None
            elif self._stops(kind, ev):
                break

    def _stops(self, kind: type, ev: Any) -> bool:
        """The other events: True at the end of the stream; unsure of an alias or of a
        second document (both are the full builder's)."""
        if kind is ev.AliasEvent:
            raise _Unsure
        if kind is ev.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _Unsure
        return kind is ev.StreamEndEvent


def _path(outer: list[tuple[Any, bool, Any]], into: Any, is_map: bool, key: Any) -> PathKey:
    """The path of the value about to be put in the innermost container ``into``.

    An outer sequence already holds the container being filled (put there when it began):
    its index is the sequence's last. The first saved container is the root list.
    """
    if not outer:
        return ()  # the root itself
    parts = [k if m else len(c) - 1 for c, m, k in outer[1:]]
    parts.append(key if is_map else len(into))
    return tuple(parts)


def _size(value: Any) -> int:
    """How many marks ``value`` took: itself, and for a mapping each key and value."""
    if isinstance(value, dict):
        return 1 + sum(1 + _size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(v) for v in value)
    return 1


def locate(data: Any, marks: array[int], path: PathKey) -> tuple[Mark | None, Mark, bool]:
    """``(key mark, value mark, found)`` of ``path``, or of its nearest present parent.

    The key mark is None for the root and for an item of a sequence; ``found`` says whether
    the whole path is present.
    """
    node, at = data, 0
    key_mark: Mark | None = None
    for part in path:
        if isinstance(node, dict):
            if not _hashable(part) or part not in node:
                return key_mark, _unpack(marks[at]), False
            at += 1
            for key, value in node.items():
                if key is part or key == part:
                    key_mark = _unpack(marks[at])
                    at += 1
                    node = value
                    break
                at += 1 + _size(value)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            at += 1 + sum(_size(v) for v in node[:part])
            key_mark = None
            node = node[part]
        else:
            return key_mark, _unpack(marks[at]), False
    return key_mark, _unpack(marks[at]), True


def _hashable(part: object) -> bool:
    try:
        hash(part)
    except TypeError:
        return False
    return True


def index(data: Any, marks: array[int]) -> tuple[dict[PathKey, Mark], dict[PathKey, Mark]]:
    """The tables of places by path (values, keys) of the full builder, from the marks.

    For a file asked for many places: each lookup is then a dictionary's.
    """
    values: dict[PathKey, Mark] = {}
    keys: dict[PathKey, Mark] = {}
    at = 0
    # the nodes in file order (children pushed reversed): a mapping's child has its key's
    # mark first, then its value's
    stack: list[tuple[PathKey, Any, bool]] = [((), data, False)]
    while stack:
        path, value, keyed = stack.pop()
        if keyed:
            keys[path] = _unpack(marks[at])
            at += 1
        values[path] = _unpack(marks[at])
        at += 1
        if isinstance(value, dict):
            stack.extend(((*path, k), value[k], True) for k in reversed(list(value)))
        elif isinstance(value, list):
            stack.extend(((*path, i), value[i], False) for i in reversed(range(len(value))))
    return values, keys
