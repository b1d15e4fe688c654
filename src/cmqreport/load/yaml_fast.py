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

from cmqreport.load.yaml_scalars import HARMLESS_TAGS, is_yaml11_bool, resolve_plain

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
    scalar, alias, document = ev.ScalarEvent, ev.AliasEvent, ev.DocumentStartEvent
    starts = {ev.MappingStartEvent: True, ev.SequenceStartEvent: False}
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    marks: array[int] = array("Q")
    push = marks.append
    # each frame: [container, is_map, key_pending, key]
    stack: list[list[Any]] = []
    block: set[PathKey] = set()
    root: list[Any] = []
    documents = 0
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                if event.tag not in HARMLESS_TAGS or event.anchor:
                    raise _Unsure
                mark = event.start_mark
                push(((mark.line + 1) << _SHIFT) | (mark.column + 1))
                _scalar(event, stack, block, root)
            elif kind in ends:
                stack.pop()
            elif kind in starts:
                if event.tag not in HARMLESS_TAGS or event.anchor or len(stack) >= MAX_DEPTH:
                    raise _Unsure
                mark = event.start_mark
                push(((mark.line + 1) << _SHIFT) | (mark.column + 1))
                is_map = starts[kind]
                container: Any = {} if is_map else []
                _put(stack, container, root)
                stack.append([container, is_map, True, None])
            elif kind is alias:
                raise _Unsure  # aliases are counted by the full builder
            elif kind is document:
                documents += 1
                if documents > 1:
                    raise _Unsure
            elif kind is ev.StreamEndEvent:
                break
    finally:
        parser.dispose()
    if not root or root[0] is None:
        raise _Unsure  # an empty file: said by the full builder
    return FastRead(root[0], marks, block)


def _scalar(event: Any, stack: list[list[Any]], block: set[PathKey], root: list[Any]) -> None:
    """A scalar: a mapping's key, or a value put in its container."""
    raw = event.value
    style = event.style
    plain = style in (None, "") and (not isinstance(event.implicit, tuple) or event.implicit[0])
    value = resolve_plain(raw) if plain else raw
    if stack and stack[-1][1] and stack[-1][2]:  # a key
        top = stack[-1]
        if value in top[0]:
            raise _Unsure  # a duplicate key: reported by the full builder
        top[3] = value
        top[2] = False
        return
    if plain and isinstance(value, str) and is_yaml11_bool(raw):
        raise _Unsure  # its warning is the full builder's
    if style == "|":
        block.add(_path(stack))
    _put(stack, value, root)


def _put(stack: list[list[Any]], value: Any, root: list[Any]) -> None:
    """Put a value in the innermost container (a mapping's value, or an item), or as root."""
    if not stack:
        root.append(value)
        return
    top = stack[-1]
    if not top[1]:
        top[0].append(value)
    elif top[2]:
        raise _Unsure  # a mapping or sequence as a key
    else:
        top[0][top[3]] = value
        top[2] = True


def _path(stack: list[list[Any]]) -> PathKey:
    """The path of the value about to be put in the innermost container.

    An outer sequence already holds the container being filled (put there when it began):
    its index is the sequence's last.
    """
    inner = len(stack) - 1
    return tuple(f[3] if f[1] else len(f[0]) - (n < inner) for n, f in enumerate(stack))


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
