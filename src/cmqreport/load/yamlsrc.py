"""Load YAML data files with the exact place of every key and value.

The loader works on the parser's *events* rather than on ruamel's composed nodes, so that:

* every value and key keeps its 1-based line and column;
* deep nesting never reaches Python's recursion limit (the tree is built with a stack);
* aliases are counted as they would expand, so an "alias bomb" is refused at once;
* tags (``!!python/object``) are refused instead of constructed;
* scalars are resolved by the YAML 1.2 core schema: dates stay text, for the model to check
  and report with their place, and ``no``/``yes`` stay text with a warning.

Files are decoded here: UTF-8 with or without BOM, CRLF or LF; anything else is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place, cut

__all__ = ["Loaded", "PathKey", "load_yaml", "load_yaml_text"]

PathKey = tuple[str | int, ...]

#: Deepest nesting a report's data may use. Real files stay under 10.
MAX_DEPTH = 64
#: Most nodes that aliases may add to a file; legitimate reuse is far below.
MAX_ALIAS_NODES = 10_000

_HARMLESS_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


@dataclass
class Loaded:
    """A loaded YAML file: plain Python data plus the place of every value and key."""

    file: str
    data: Any = None
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    block: set[PathKey] = field(default_factory=set)
    lines: list[str] = field(default_factory=list, repr=False)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Paths whose problem the reader reported itself: the model does not repeat it.
    reported: set[PathKey] = field(default_factory=set)

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
        if base.line is None or base.col is None or tuple(path) not in self.values:
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
            src = self.lines[base.line - 1] if base.line <= len(self.lines) else ""
            start = base.col - 1
            if src[start : start + 1] in ("'", '"'):
                start += 1
            if "\n" not in value and src[start : start + len(value)] == value:
                return Place(self.file, base.line, start + offset + 1)
            return base
        before = value[:offset]
        line = base.line + 1 + before.count("\n")
        line_start = before.rfind("\n") + 1
        col_in_line = offset - line_start
        line_end = value.find("\n", line_start)
        text_line = value[line_start : line_end if line_end >= 0 else len(value)]
        src_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        # the block's indentation: the source line's, less what the text line keeps
        indent = len(src_line) - len(src_line.lstrip(" "))
        indent -= len(text_line) - len(text_line.lstrip(" "))
        return Place(self.file, line, indent + col_in_line + 1)

    def adapt(self, diag: Diagnostic, path: PathKey) -> Diagnostic:
        """A model diagnostic about ``path`` in the words of this kind of source.

        YAML's are already; a workbook speaks of columns and cells instead of keys.
        """
        return diag

    def place(self, path: PathKey, *, key: bool = False) -> Place:
        """The place of the value (or the key) at ``path``, else of its nearest parent."""
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


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (timestamps stay text)."""
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
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def _decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """Decode UTF-8 (BOM allowed); report other encodings with the first bad place."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Diagnostic(
            "CMQ-V013",
            "le fichier est en UTF-16.",
            Place(file, 1, 1),
            hint="Ré-enregistrez-le en UTF-8.",
        )
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        if raw.count(b"\x00") * 4 >= len(raw):  # every other byte: UTF-16 without BOM
            return None, Diagnostic(
                "CMQ-V013",
                "le fichier semble être en UTF-16 (octets nuls).",
                Place(file, 1, 1),
                hint="Ré-enregistrez-le en UTF-8.",
            )
        line = raw.count(b"\n", 0, nul) + 1
        return None, Diagnostic(
            "CMQ-V013",
            "le fichier contient un octet nul (fichier binaire ?).",
            Place(file, line, 1),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # a column counts characters: the valid UTF-8 before the bad byte counts once
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        guess = raw[exc.start : exc.start + 8].decode("latin-1", "replace")
        return None, Diagnostic(
            "CMQ-V013",
            f"octet {raw[exc.start]:#04x} invalide en UTF-8 (Latin-1 ou Windows-1252 ?).",
            Place(file, line, col),
            hint="Ré-enregistrez le fichier en UTF-8 (« Enregistrer sous » → UTF-8).",
            value=cut(guess, 20),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _events(text: str) -> Iterator[Any]:
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


class _Abort(Exception):
    """Stop reading a file after a fatal diagnostic."""


@dataclass
class _Frame:
    container: Any
    path: PathKey
    is_map: bool
    key: Any = None
    key_pending: bool = True
    key_mark: tuple[int, int] = (0, 0)
    seen: dict[Any, int] = field(default_factory=dict)
    index: int = 0
    size: int = 1
    anchor: str | None = None


def load_yaml(path: Path, display: str) -> Loaded:
    """Read and parse one YAML file; ``display`` is how diagnostics name it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out = Loaded(display)
        out.diagnostics.append(
            Diagnostic("CMQ-V034", f"lecture impossible : {exc.strerror}.", Place(display))
        )
        return out
    text, problem = _decode(raw, display)
    if problem is not None or text is None:
        out = Loaded(display)
        out.diagnostics.append(problem)  # type: ignore[arg-type]
        return out
    return load_yaml_text(text, display)


def load_yaml_text(text: str, display: str) -> Loaded:
    """Parse YAML text into plain data with places (see the module docstring)."""
    out = Loaded(display)
    out.lines = text.split("\n")
    try:
        _build(text, out)
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


def _mark(event: Any) -> tuple[int, int]:
    m = event.start_mark
    return (m.line + 1, m.column + 1)


def _build(text: str, out: Loaded) -> None:
    file = out.file
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    alias_nodes = 0
    documents = 0
    root: Any = None

    def fail(code: str, message: str, mark: tuple[int, int], **kw: Any) -> None:
        out.diagnostics.append(Diagnostic(code, message, Place(file, *mark), **kw))
        raise _Abort

    def attach(value: Any, mark: tuple[int, int], size: int, *, scalar_text: str | None) -> None:
        nonlocal root
        if not stack:
            root = value
            out.values[()] = mark
            return
        top = stack[-1]
        top.size += size
        if top.is_map:
            if top.key_pending:
                if scalar_text is None:
                    fail(
                        "CMQ-V001",
                        "une clé doit être un texte simple, pas une liste ou un bloc.",
                        mark,
                    )
                key = value
                if key in top.seen:
                    out.diagnostics.append(
                        Diagnostic(
                            "CMQ-V007",
                            f"la clé « {cut(key)} » apparaît deux fois "
                            f"(déjà ligne {top.seen[key]}).",
                            Place(file, *mark),
                            hint="Supprimez ou renommez l'une des deux.",
                            path=_dotted((*top.path, key)),
                        )
                    )
                else:
                    top.seen[key] = mark[0]
                top.key = key
                top.key_mark = mark
                top.key_pending = False
                return
            child = (*top.path, top.key)
            out.keys[child] = top.key_mark
            out.values[child] = mark
            if top.key not in top.container:
                top.container[top.key] = value
            top.key_pending = True
        else:
            child = (*top.path, top.index)
            out.values[child] = mark
            top.container.append(value)
            top.index += 1

    def child_path() -> PathKey:
        if not stack:
            return ()
        top = stack[-1]
        if top.is_map:
            return (*top.path, top.key)
        return (*top.path, top.index)

    def check_tag(event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag in _HARMLESS_TAGS:
            return
        if tag:
            fail(
                "CMQ-V009",
                f"l'étiquette YAML « {cut(_short_tag(tag))} » est refusée.",
                _mark(event),
                hint="Supprimez l'étiquette : les données ne contiennent que du texte, "
                "des nombres, des listes et des blocs.",
            )

    try:
        for event in _events(text):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    fail(
                        "CMQ-V001",
                        "le fichier contient plusieurs documents YAML (« --- »).",
                        _mark(event),
                        hint="Un fichier = un document : retirez le second « --- ».",
                    )
            elif kind == "ScalarEvent":
                check_tag(event)
                mark = _mark(event)
                raw = event.value
                plain = event.style in (None, "") and (
                    not isinstance(event.implicit, tuple) or event.implicit[0]
                )
                value = resolve_plain(raw) if plain else raw
                if plain and isinstance(value, str) and raw.lower() in _YAML11_BOOLS:
                    is_key = bool(stack) and stack[-1].is_map and stack[-1].key_pending
                    if not is_key:
                        out.diagnostics.append(
                            Diagnostic(
                                "CMQ-V012",
                                f"« {raw} » est un booléen en YAML 1.1 mais du texte ici.",
                                Place(file, *mark),
                                hint="Écrivez true ou false, ou mettez le texte entre "
                                f'guillemets ("{raw}").',
                                path=_dotted(child_path()),
                                value=raw,
                            )
                        )
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if event.style == "|" and not (
                    stack and stack[-1].is_map and stack[-1].key_pending
                ):
                    out.block.add(child_path())
                attach(value, mark, 1, scalar_text=raw)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                check_tag(event)
                mark = _mark(event)
                if len(stack) >= MAX_DEPTH:
                    fail(
                        "CMQ-V011",
                        f"plus de {MAX_DEPTH} niveaux d'imbrication.",
                        mark,
                        hint="Vérifiez les crochets et l'indentation ; une donnée de "
                        "rapport n'a pas besoin d'autant de niveaux.",
                    )
                is_map = kind == "MappingStartEvent"
                if stack and stack[-1].is_map and stack[-1].key_pending:
                    fail(
                        "CMQ-V001",
                        "une clé doit être un texte simple, pas une liste ou un bloc.",
                        mark,
                    )
                path = child_path()
                frame = _Frame({} if is_map else [], path, is_map)
                frame.key_mark = mark
                frame.anchor = event.anchor or None
                stack.append(frame)
                out.values.setdefault(path, mark)
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                frame = stack.pop()
                start = out.values.get(frame.path, _mark(event))
                if frame.anchor:
                    anchors[frame.anchor] = (frame.container, frame.size)
                # the container was created empty and filled in place: attach it now
                attach(frame.container, start, frame.size, scalar_text=None)
            elif kind == "AliasEvent":
                mark = _mark(event)
                if event.anchor not in anchors:
                    fail("CMQ-V001", f"alias *{event.anchor} sans ancre.", mark)
                value, size = anchors[event.anchor]
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES:
                    fail(
                        "CMQ-V010",
                        "les alias de ce fichier se démultiplient (plus de "
                        f"{MAX_ALIAS_NODES} éléments) : « alias bomb ».",
                        mark,
                        hint="Écrivez les données sans alias (*nom) ni ancres (&nom).",
                    )
                attach(value, mark, size, scalar_text=value if isinstance(value, str) else None)
    except _Abort:
        raise
    except Exception as exc:  # the parser's own syntax errors
        mark_obj = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        problem = str(getattr(exc, "problem", None) or exc).strip()
        context = getattr(exc, "context", None)
        if context_mark is not None and "quoted scalar" in (context or ""):
            # an unclosed quote runs to the end of the file: the fix is at the opening quote
            mark_obj = context_mark
        line = (mark_obj.line + 1) if mark_obj is not None else 1
        col = (mark_obj.column + 1) if mark_obj is not None else 1
        src_line = _line(text, line)
        lead = src_line[: len(src_line) - len(src_line.lstrip(" \t"))]
        if "tab" in problem.lower() or "\t" in lead:
            if "\t" in lead:
                col = lead.index("\t") + 1
            code, msg = "CMQ-V008", "tabulation utilisée pour indenter."
            hint = "Remplacez les tabulations par des espaces."
        elif mark_obj is context_mark and "quoted scalar" in (context or ""):
            code = "CMQ-V001"
            msg = "syntaxe YAML invalide : guillemet ouvert ici et jamais fermé."
            hint = (
                "Fermez le guillemet ; entre apostrophes, une apostrophe du texte s'écrit "
                "deux fois (l''année)."
            )
        else:
            code = "CMQ-V001"
            msg = _french_syntax(problem, context)
            if (
                context_mark is not None
                and "flow" in (context or "")
                and context_mark.line + 1 < line
            ):
                opening = "[" if "sequence" in (context or "") else "{"
                msg = msg[:-1] + (
                    f" ; « {opening} » ouvert ligne {context_mark.line + 1}, "
                    f"colonne {context_mark.column + 1}, jamais fermé ?"
                )
            hint = "Vérifiez l'indentation, les deux-points et les guillemets à cet endroit."
        out.diagnostics.append(Diagnostic(code, msg, Place(file, line, col), hint=hint))
        raise _Abort from None

    out.data = root


def _short_tag(tag: str) -> str:
    """A tag as people write it: ``!!python/object`` rather than ``tag:yaml.org,2002:…``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _french_syntax(problem: str, context: str | None) -> str:
    table = {
        "mapping values are not allowed": "deux-points inattendu (une valeur contient « : » ?)",
        "could not find expected ':'": "« : » manquant après une clé",
        "found undefined alias": "alias sans ancre",
        "found character that cannot start any token": "caractère interdit en début de valeur",
        "did not find expected key": "indentation incohérente (clé attendue)",
        "did not find expected '-' indicator": "indentation incohérente dans une liste",
        "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
        "did not find expected node content": "valeur attendue",
        "found unknown escape character": (
            "séquence d'échappement inconnue entre guillemets doubles"
        ),
        "did not find expected ',' or ']'": "« , » ou « ] » attendu dans la liste entre crochets",
        "did not find expected ',' or '}'": "« , » ou « } » attendu dans le bloc entre accolades",
    }
    for en, fr in table.items():
        if en in problem:
            return f"syntaxe YAML invalide : {fr}."
    detail = problem.split("\n")[0]
    return f"syntaxe YAML invalide : {detail}" + (f" ({context})" if context else "") + "."


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


dotted = _dotted
