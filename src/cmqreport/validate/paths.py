"""Checks of what the prose points to: no image from outside the project, no odd link.

Every Markdown field of every prose file, and the text of every template of the project, is
scanned for images and links in each syntax pandoc reads: ``![alt](dest)``, ``![alt][ref]``
or ``![ref]`` with a definition ``[ref]: dest`` anywhere in the report (one document for
pandoc), images inside links, autolinks ``<scheme:…>``. An image must be a file inside the
project (the rule of figures' ``file:``, :func:`~cmqreport.load.paths.project_path`); a
link must lead to the web, to an address or to a part of the report. The scan errs on the
side of reporting: a destination counts in every form pandoc may read it (backslash
escapes, HTML entities, ``%2F``), and brackets inside code are scanned too. Conversion
drops whatever this would miss (``data/filters/guard.lua``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.load.layout import TEMPLATES_DIR
from cmqreport.load.paths import is_inside, project_path
from cmqreport.load.project import Project
from cmqreport.load.regular import MAX_TEMPLATE_BYTES, file_problem
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted

__all__ = ["LinkChecks", "Target", "scan_markdown", "web_addresses"]

Kind = Literal["image", "link", "definition"]

#: What may start something pandoc reads as an image, a link or an autolink.
_TOKEN = re.compile(r"\\.|!\[|[\[\]<]", re.DOTALL)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
#: A destination up to its first space or unbalanced parenthesis (one level of nesting).
_DEST = re.compile(r"(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*", re.DOTALL)
_ANGLE_DEST = re.compile(r"<([^<>\n]*)>")
#: pandoc also reads spaces in a destination (``![](a b)`` is ``a%20b``): up to ``)``.
_REST = re.compile(r"[^)\n]{0,2048}")
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^()]*\))\s*$""")
_SPACE = re.compile(r"[ \t]*\n?[ \t]*")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Link schemes a report may carry.
_LINK_SCHEMES = {"http", "https", "mailto"}
#: pandoc's longest reference label.
_LABEL_MAX = 999


@dataclass(frozen=True)
class Target:
    """An image, a link or a reference definition found in a text."""

    kind: Kind
    dest: str
    #: Where it starts in the text (its ``!`` or ``[``).
    offset: int
    #: The label of a definition (normalised as pandoc matches them).
    label: str = ""


@dataclass
class Scan:
    """What one text points to, and the labels its images use by reference."""

    targets: list[Target] = field(default_factory=list)
    image_labels: set[str] = field(default_factory=set)


def scan_markdown(text: str) -> Scan:
    """Every image, link and definition of ``text``, in one pass (linear in its length)."""
    out = Scan()
    stack: list[tuple[bool, int, int]] = []  # (is an image, start, start of its text)
    for match in _TOKEN.finditer(text):
        tok, i = match.group(), match.start()
        if tok[0] == "\\":
            continue
        if tok == "<":
            auto = _AUTOLINK.match(text, i)
            if auto:
                out.targets.append(Target("link", auto.group(1), i))
            continue
        if tok != "]":
            stack.append((tok == "![", i, match.end()))
            continue
        if stack:
            _closed(text, i, *stack.pop(), out)
    return out


def _closed(text: str, i: int, image: bool, start: int, inner: int, out: Scan) -> None:
    """What follows the ``]`` at ``i`` of a bracket opened at ``start``."""
    after = text[i + 1 : i + 2]
    if after == "(":
        kind: Kind = "image" if image else "link"
        out.targets.extend(Target(kind, d, start) for d in _inline_dests(text, i + 2))
    elif after == ":" and not image:
        label = _label(text[inner:i])
        out.targets.extend(Target("definition", d, start, label) for d in _def_dests(text, i + 2))
    elif image:
        label = text[inner:i]
        if after == "[":
            close = text.find("]", i + 2, i + 2 + _LABEL_MAX)
            if close > i + 2:
                label = text[i + 2 : close]
        out.image_labels.add(_label(label))


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _inline_dests(text: str, pos: int) -> list[str]:
    """The destination of ``](`` … ``)`` read from ``pos``: as one word, and up to ``)``."""
    pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    angle = _ANGLE_DEST.match(text, pos)
    if angle:
        return [angle.group(1)]
    word = _DEST.match(text, pos).group()  # type: ignore[union-attr]
    rest = _REST.match(text, pos).group()  # type: ignore[union-attr]
    whole = _TITLE.sub("", rest).strip()
    return [word, whole] if whole != word else [word]


def _def_dests(text: str, pos: int) -> list[str]:
    """The destination of a definition ``[ref]:`` read from ``pos``."""
    pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    angle = _ANGLE_DEST.match(text, pos)
    if angle:
        return [angle.group(1)]
    return [_DEST.match(text, pos).group()]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- what is allowed


def forms(dest: str) -> set[str]:
    """``dest`` as written, and as pandoc may read it (escapes, entities, ``%2F`` decoded)."""
    unescaped = _ESCAPED.sub(r"\1", dest)
    if "&" in unescaped:  # an entity: html (and its table of entities) imported only then
        import html

        unescaped = html.unescape(unescaped)
    found = {dest, unescaped, unquote(unescaped), unquote(unquote(unescaped))}
    return {f.strip() for f in found if f.strip()}


def image_problem(root: Path, dest: str) -> str | None:
    """``CMQ-V060`` (outside the project), ``CMQ-V061`` (by address) or None (a project file)."""
    problem = None
    for form in forms(dest):
        scheme = _SCHEME.match(form)
        if scheme and len(scheme.group(1)) > 1:  # « C: » is a Windows drive
            if scheme.group(1).lower() == "file":
                return "CMQ-V060"
            problem = "CMQ-V061"
            continue
        try:
            if project_path(root, form) is None:
                return "CMQ-V060"
        except (OSError, ValueError):  # a name no system holds: it cannot be a project file
            return "CMQ-V060"
    return problem


def link_allowed(dest: str) -> bool:
    """True for a link to the web, to an address or to a part of the report (``#id``)."""
    for form in forms(dest):
        scheme = _SCHEME.match(form)
        if form.startswith("#") or (scheme and scheme.group(1).lower() in _LINK_SCHEMES):
            continue
        return False
    return True


# --------------------------------------------------------------------------- the checks


class PlaceOf:
    """The place of an offset of one text: a YAML string or a template file."""

    def __init__(self, src: Loaded | None, path: PathKey, text: str, rel: str) -> None:
        self.src, self.path, self.text, self.rel = src, path, text, rel

    def __call__(self, offset: int) -> Place:
        if self.src is not None:
            return self.src.text_place(self.path, offset)
        return Place.at_offset(self.rel, self.text, offset)


class LinkChecks:
    """Images and links of the prose and of the templates, checked once all are read.

    The walk of every string (:mod:`cmqreport.validate.strings`) gives it each prose string
    (:meth:`add`); :meth:`findings` then reads the templates and says what is wrong (an
    image's definition may come from any text of the report).
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.texts: list[tuple[PlaceOf, Scan]] = []

    def add(self, rel: str, src: Loaded, path: PathKey, text: str) -> None:
        """Scan one prose string (one that holds no bracket holds no image nor link)."""
        if "[" in text or "<" in text:
            self.texts.append((PlaceOf(src, path, text, rel), scan_markdown(text)))

    def findings(self) -> Iterator[Diagnostic]:
        """Images from outside the project or from the network, links that lead elsewhere."""
        project, texts = self.project, self.texts
        for rel, text in _template_texts(project.root):
            texts.append((PlaceOf(None, (), text, rel), scan_markdown(text)))
        # a definition serves an image when any image of the report uses its label
        image_labels = {label for _, scan in texts for label in scan.image_labels}
        problems: dict[str, str | None] = {}  # the same picture is often shown many times
        for at, scan in texts:
            # a destination read two ways (as one word, and up to « ) ») is one link:
            # reported once, in its first form, the one pandoc reads
            said: set[int] = set()
            for target in scan.targets:
                as_image = target.kind == "image" or (
                    target.kind == "definition" and target.label in image_labels
                )
                if as_image:
                    if target.dest not in problems:
                        problems[target.dest] = image_problem(project.root, target.dest)
                    diag = _image(problems[target.dest], at, target)
                else:
                    diag = _link(at, target)
                if diag is not None and target.offset not in said:
                    said.add(target.offset)
                    yield diag


def _image(code: str | None, at: PlaceOf, target: Target) -> Diagnostic | None:
    if code is None:
        return None
    value = cut(target.dest)
    if code == "CMQ-V060":
        message = f"l'image « {value} » est hors du projet : rien hors du projet n'est lu."
    else:
        message = f"l'image « {value} » est distante : la construction ne télécharge rien."
    hint = "Copiez l'image dans assets/ et faites-en une figure (figures: … file: assets/nom.png)."
    return _diag(code, message, at, target.offset, value, hint)


def _link(at: PlaceOf, target: Target) -> Diagnostic | None:
    if link_allowed(target.dest):
        return None
    value = cut(target.dest)
    return _diag(
        "CMQ-V062",
        f"le lien « {value} » ne mène ni au web, ni à une adresse, ni au rapport.",
        at,
        target.offset,
        value,
        "Écrivez une adresse web (https://…), mailto:… ou #id d'une partie du rapport.",
    )


def _diag(code: str, message: str, at: PlaceOf, offset: int, value: str, hint: str) -> Diagnostic:
    path = dotted(at.path) if at.src is not None else None
    return Diagnostic(code, message, at(offset), path=path, value=value, hint=hint)


def web_addresses(src: Loaded, found: list[tuple[PathKey, Any]]) -> Iterator[Diagnostic]:
    """A reference's ``url`` and a campus's ``website`` (``found`` in the file ``src``)
    become links of the report: each must be a web address."""
    for path, value in found:
        if not isinstance(value, str):
            continue
        if value.strip() and not link_allowed(value):
            yield Diagnostic(
                "CMQ-V062",
                f"l'adresse « {cut(value)} » n'est pas une adresse web.",
                src.place(path),
                path=dotted(path),
                value=cut(value),
                hint="Écrivez une adresse web complète (https://…).",
            )


def _template_texts(root: Path) -> Iterator[tuple[str, str]]:
    """The text of each template of the project that is a file inside it (others: unread)."""
    folder = root / TEMPLATES_DIR
    if not is_inside(root, folder) or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if not is_inside(root, path) or file_problem(path, "", MAX_TEMPLATE_BYTES):
            continue  # a pipe, a device, a file too large: reported where templates are read
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # reported where templates are read
            continue
        yield path.relative_to(root).as_posix(), text
