"""Load YAML data files with the exact place of every key and value.

The loader works on the parser's *events* rather than on ruamel's composed nodes, so that:

* every value and key keeps its 1-based line and column;
* deep nesting never reaches Python's recursion limit (the tree is built with a stack);
* aliases are counted as they would expand, so an "alias bomb" is refused at once;
* tags (``!!python/object``) are refused instead of constructed;
* scalars are resolved by the YAML 1.2 core schema: dates stay text, for the model to check
  and report with their place, and ``no``/``yes`` stay text with a warning.

Files are decoded by :mod:`cmqreport.load.yaml_decode`: UTF-8 with or without BOM, CRLF or
LF; anything else is reported. Syntax errors are worded by :mod:`cmqreport.load.yaml_syntax`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.diagnostics.french import os_reason
from cmqreport.load.regular import MAX_TEXT_CHARS, MAX_YAML_BYTES, read_regular
from cmqreport.load.yaml_decode import control_characters, decode
from cmqreport.load.yaml_fast import events, fast_read, index, locate
from cmqreport.load.yaml_scalars import HARMLESS_TAGS, is_yaml11_bool, resolve_plain, short_tag
from cmqreport.load.yaml_syntax import syntax_diagnostic

__all__ = ["Loaded", "PathKey", "dotted", "load_yaml", "load_yaml_text", "resolve_plain"]

PathKey = tuple[str | int, ...]
#: A 1-based (line, column).
Mark = tuple[int, int]

#: Deepest nesting a report's data may use. Real files stay under 10.
MAX_DEPTH = 64
#: Most nodes that aliases may add to a file; legitimate reuse is far below.
MAX_ALIAS_NODES = 10_000
#: Places found by walking the data before a file's tables of places are made.
_LOOKUPS = 8


@dataclass
class Loaded:
    """A loaded YAML file: plain Python data plus the place of every value and key."""

    file: str
    data: Any = None
    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)
    block: set[PathKey] = field(default_factory=set)
    lines: list[str] = field(default_factory=list, repr=False)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Paths whose problem the reader reported itself: the model does not repeat it.
    reported: set[PathKey] = field(default_factory=set)
    #: The fast path's places (:mod:`cmqreport.load.yaml_fast`): the marks of the nodes in
    #: file order, instead of ``values`` and ``keys``; and the text, as UTF-8, for ``lines``.
    marks: Any = field(default=None, repr=False)
    utf8: bytes | None = field(default=None, repr=False)
    #: Places asked of the marks so far: past a few, the tables are made (see _marks_at).
    asked: int = field(default=0, repr=False)

    @property
    def ok(self) -> bool:
        """True when the file could be read into data without an error."""
        return self.data is not None and not any(d.level == "error" for d in self.diagnostics)

    def text_place(self, path: PathKey, offset: int) -> Place:
        """The place of character ``offset`` of the string at ``path``.

        Exact for literal block scalars (``|``), whose lines are the file's lines, and for
        scalars written on one line as they are read (plain, or quoted without escapes);
        for other scalars, the place of the value itself.
        """
        base = self.place(path)
        if base.line is None or base.col is None or not self._has(path):
            return base
        value: Any = self.data
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return base
        if not isinstance(value, str) or not 0 <= offset <= len(value):
            return base
        if tuple(path) not in self.block:
            return self._inline_place(base, base.line, base.col, value, offset)
        before = value[:offset]
        line = base.line + 1 + before.count("\n")
        line_start = before.rfind("\n") + 1
        col_in_line = offset - line_start
        line_end = value.find("\n", line_start)
        text_line = value[line_start : line_end if line_end >= 0 else len(value)]
        lines = self._lines()
        src_line = lines[line - 1] if 0 < line <= len(lines) else ""
        # the block's indentation: the source line's, less what the text line keeps
        indent = len(src_line) - len(src_line.lstrip(" "))
        indent -= len(text_line) - len(text_line.lstrip(" "))
        return Place(self.file, line, indent + col_in_line + 1)

    def _inline_place(self, base: Place, line: int, col: int, value: str, offset: int) -> Place:
        """``text_place`` of a scalar on one line (at ``base``): exact when written as read."""
        lines = self._lines()
        src = lines[line - 1] if line <= len(lines) else ""
        start = col - 1
        if src[start : start + 1] in ("'", '"'):
            start += 1
        if "\n" not in value and src[start : start + len(value)] == value:
            return Place(self.file, line, start + offset + 1)
        return base

    def adapt(self, diag: Diagnostic, path: PathKey) -> Diagnostic:
        """A model diagnostic about ``path`` in the words of this kind of source.

        YAML's are already; a workbook speaks of columns and cells instead of keys.
        """
        return diag

    def _lines(self) -> list[str]:
        """The file's lines (split from the kept text on the fast path, when first needed)."""
        if not self.lines and self.utf8 is not None:
            self.lines = self.utf8.decode("utf-8").split("\n")
        return self.lines

    def _marks_at(self, path: PathKey) -> tuple[Mark | None, Mark, bool] | None:
        """:func:`locate` on the fast path's marks; None once the tables are made.

        Each lookup walks the data before ``path``: a file asked for many places (many
        findings) gets the tables of the full builder instead, made once from the marks.
        """
        if self.marks is None:
            return None
        self.asked += 1
        if self.asked > _LOOKUPS:
            self.values, self.keys = index(self.data, self.marks)
            self.marks = None
            return None
        return locate(self.data, self.marks, tuple(path))

    def _has(self, path: PathKey) -> bool:
        """True when the file has a value at ``path``."""
        found = self._marks_at(path)
        return found[2] if found is not None else tuple(path) in self.values

    def place(self, path: PathKey, *, key: bool = False) -> Place:
        """The place of the value (or the key) at ``path``, else of its nearest parent."""
        found = self._marks_at(path)
        if found is not None:
            key_mark, value_mark, _ = found
            return Place(self.file, *(key_mark if key and key_mark else value_mark))
        table = self.keys if key else self.values
        p = tuple(path)
        while True:
            if p in table:
                line, col = table[p]
                return Place(self.file, line, col)
            if key and p in self.values:
                line, col = self.values[p]
                return Place(self.file, line, col)
            if not p:
                return Place(self.file, 1, 1)
            p = p[:-1]


def dotted(path: PathKey) -> str:
    """A data path as diagnostics show it: ``actions[3].date``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: Path, display: str) -> Loaded:
    """Read and parse one YAML file; ``display`` is how diagnostics name it."""
    try:
        raw = read_regular(path, MAX_YAML_BYTES)  # never blocks on a pipe, never reads forever
    except OSError as exc:
        out = Loaded(display)
        out.diagnostics.append(
            Diagnostic("CMQ-V034", f"lecture impossible : {os_reason(exc)}.", Place(display))
        )
        return out
    text, problem = decode(raw, display)
    if problem is not None or text is None:
        out = Loaded(display)
        out.diagnostics.append(problem)  # type: ignore[arg-type]
        return out
    text, controls = control_characters(text, display)
    loaded = load_yaml_text(text, display)
    loaded.diagnostics[:0] = controls
    return loaded


def load_yaml_text(text: str, display: str, *, fast_path: bool = True) -> Loaded:
    """Parse YAML text into plain data with places (see the module docstring).

    A clean file takes the fast path (:mod:`cmqreport.load.yaml_fast`) unless
    ``fast_path`` is false; any other is read by the builder below, which reports it.
    """
    # a file shorter than the text limit cannot hold a value over it: only such a file
    # skips the builder, which reports the long value at its place
    fast = fast_read(text) if fast_path and len(text) <= MAX_TEXT_CHARS else None
    if fast is not None:
        # a clean file: its places are kept compact, and found again when asked for
        return Loaded(
            display, data=fast.data, block=fast.block, marks=fast.marks, utf8=text.encode()
        )
    out = Loaded(display)
    out.lines = text.split("\n")
    try:
        _Builder(out).build(text)
    except _Abort:
        out.data = None
    if out.data is None and not out.diagnostics:
        out.diagnostics.append(
            Diagnostic(
                "CMQ-V014",
                "le fichier ne contient aucune donnée.",
                Place(display, 1, 1),
                hint="Ajoutez les clés attendues ou supprimez le fichier.",
            )
        )
    return out


# --------------------------------------------------------------------------- events


def _mark(event: Any) -> Mark:
    m = event.start_mark
    return (m.line + 1, m.column + 1)


class _Abort(Exception):
    """Stop reading a file after a fatal diagnostic."""


@dataclass
class _Frame:
    """A mapping or a sequence being filled, on the builder's stack."""

    container: Any
    path: PathKey
    is_map: bool
    key: Any = None
    key_pending: bool = True
    key_mark: Mark = (0, 0)
    #: Keys of a mapping already met, with their line (for duplicates).
    seen: dict[Any, int] = field(default_factory=dict)
    index: int = 0
    #: Nodes under this one, the node itself included (an alias to it adds as many).
    size: int = 1
    anchor: str | None = None


_NOT_A_KEY = "une clé doit être un texte simple, pas une liste ou un bloc."


class _Builder:
    """Plain data and places from parser events, one handler per kind of event."""

    def __init__(self, out: Loaded) -> None:
        self.out = out
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.documents = 0
        self.root: Any = None
        self.handlers: dict[str, Callable[[Any], None]] = {
            "DocumentStartEvent": self.document,
            "ScalarEvent": self.scalar,
            "MappingStartEvent": self.start,
            "SequenceStartEvent": self.start,
            "MappingEndEvent": self.end,
            "SequenceEndEvent": self.end,
            "AliasEvent": self.alias,
        }

    def build(self, text: str) -> None:
        """Fill ``out`` from ``text``; raises ``_Abort`` after a fatal diagnostic."""
        try:
            for event in events(text):
                handler = self.handlers.get(type(event).__name__)
                if handler is not None:
                    handler(event)
        except _Abort:
            raise
        except Exception as exc:  # the parser's own syntax errors
            self.out.diagnostics.append(syntax_diagnostic(exc, text, self.out.file))
            raise _Abort from None
        self.out.data = self.root

    # ----------------------------------------------------------------------- handlers

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(
                "CMQ-V001",
                "le fichier contient plusieurs documents YAML (« --- »).",
                _mark(event),
                hint="Un fichier = un document : retirez le second « --- ».",
            )

    def scalar(self, event: Any) -> None:
        self.check_tag(event)
        mark = _mark(event)
        raw = event.value
        plain = event.style in (None, "") and (
            not isinstance(event.implicit, tuple) or event.implicit[0]
        )
        value = resolve_plain(raw) if plain else raw
        is_key = self.expects_key()
        if len(raw) > MAX_TEXT_CHARS:
            self.too_long(len(raw), mark)
        if plain and isinstance(value, str) and is_yaml11_bool(raw) and not is_key:
            self.out.diagnostics.append(
                Diagnostic(
                    "CMQ-V012",
                    f"« {raw} » est un booléen en YAML 1.1 mais du texte ici.",
                    Place(self.out.file, *mark),
                    hint=f'Écrivez true ou false, ou mettez le texte entre guillemets ("{raw}").',
                    path=dotted(self.child_path()),
                    value=raw,
                )
            )
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if event.style == "|" and not is_key:
            self.out.block.add(self.child_path())
        self.attach(value, mark, 1, scalar_text=raw)

    def start(self, event: Any) -> None:
        self.check_tag(event)
        mark = _mark(event)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(
                "CMQ-V011",
                f"plus de {MAX_DEPTH} niveaux d'imbrication.",
                mark,
                hint="Vérifiez les crochets et l'indentation ; une donnée de "
                "rapport n'a pas besoin d'autant de niveaux.",
            )
        if self.expects_key():
            self.fail("CMQ-V001", _NOT_A_KEY, mark)
        is_map = type(event).__name__ == "MappingStartEvent"
        path = self.child_path()
        frame = _Frame({} if is_map else [], path, is_map)
        frame.key_mark = mark
        frame.anchor = event.anchor or None
        self.stack.append(frame)
        self.out.values.setdefault(path, mark)

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        start = self.out.values.get(frame.path, _mark(event))
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size)
        # the container was created empty and filled in place: attach it now
        self.attach(frame.container, start, frame.size, scalar_text=None)

    def alias(self, event: Any) -> None:
        mark = _mark(event)
        if event.anchor not in self.anchors:
            self.fail("CMQ-V001", f"alias *{event.anchor} sans ancre.", mark)
        value, size = self.anchors[event.anchor]
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            self.fail(
                "CMQ-V010",
                "les alias de ce fichier se démultiplient (plus de "
                f"{MAX_ALIAS_NODES} éléments) : « alias bomb ».",
                mark,
                hint="Écrivez les données sans alias (*nom) ni ancres (&nom).",
            )
        self.attach(value, mark, size, scalar_text=value if isinstance(value, str) else None)

    # ----------------------------------------------------------------------- tree

    def attach(self, value: Any, mark: Mark, size: int, *, scalar_text: str | None) -> None:
        """Put a finished node in its parent: as the root, a key, a value or an item."""
        if not self.stack:
            self.root = value
            self.out.values[()] = mark
            return
        top = self.stack[-1]
        top.size += size
        if top.is_map and top.key_pending:
            self.take_key(top, value, mark, scalar_text)
        elif top.is_map:
            child = (*top.path, top.key)
            self.out.keys[child] = top.key_mark
            self.out.values[child] = mark
            if top.key not in top.container:  # a duplicate key keeps its first value
                top.container[top.key] = value
            top.key_pending = True
        else:
            self.out.values[(*top.path, top.index)] = mark
            top.container.append(value)
            top.index += 1

    def take_key(self, top: _Frame, key: Any, mark: Mark, scalar_text: str | None) -> None:
        """A mapping's next key; a duplicate is reported (and its value later ignored)."""
        if scalar_text is None:
            self.fail("CMQ-V001", _NOT_A_KEY, mark)
        if key in top.seen:
            self.out.diagnostics.append(
                Diagnostic(
                    "CMQ-V007",
                    f"la clé « {cut(key)} » apparaît deux fois (déjà ligne {top.seen[key]}).",
                    Place(self.out.file, *mark),
                    hint="Supprimez ou renommez l'une des deux.",
                    path=dotted((*top.path, key)),
                )
            )
        else:
            top.seen[key] = mark[0]
        top.key = key
        top.key_mark = mark
        top.key_pending = False

    def expects_key(self) -> bool:
        """True when the next node is the key of a mapping."""
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key_pending

    def child_path(self) -> PathKey:
        """The path the next node will have."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        return (*top.path, top.key if top.is_map else top.index)

    def check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in HARMLESS_TAGS:
            self.fail(
                "CMQ-V009",
                f"l'étiquette YAML « {cut(short_tag(tag))} » est refusée.",
                _mark(event),
                hint="Supprimez l'étiquette : les données ne contiennent que du texte, "
                "des nombres, des listes et des blocs.",
            )

    def too_long(self, size: int, mark: Mark) -> None:
        """A text longer than :data:`MAX_TEXT_CHARS`: an error; the file is not used."""
        self.out.diagnostics.append(
            Diagnostic(
                "CMQ-V129",
                f"texte de {size} caractères, plus que la limite de {MAX_TEXT_CHARS} "
                "caractères d'une valeur.",
                Place(self.out.file, *mark),
                path=dotted(self.child_path()),
                hint="Découpez-le en plusieurs sections, ou vérifiez qu'il s'agit du bon texte.",
            )
        )

    def fail(self, code: str, message: str, mark: Mark, **kw: Any) -> None:
        """Report a fatal problem and stop reading the file."""
        self.out.diagnostics.append(Diagnostic(code, message, Place(self.out.file, *mark), **kw))
        raise _Abort
