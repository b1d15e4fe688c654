"""Checks of the project's own templates (``templates/``), without rendering them.

Every file of ``templates/`` must be inside the project for real (a symlink to a file
elsewhere, or ``templates/`` itself a symlink out of the project, is never read), and every
``*.j2`` file must be UTF-8, free of control characters (CMQ-V120, at their line and
column) and valid Jinja. The literal Markdown a template writes may show no image and make
no link outside the project. What a template does when it runs is checked
by rendering it (the render stage).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.load.paths import is_inside
from cmqreport.load.project import Project
from cmqreport.load.regular import MAX_TEMPLATE_BYTES, file_problem
from cmqreport.load.yaml_decode import control_characters
from cmqreport.validate.jinja_french import french_reason

__all__ = [
    "TEMPLATES_DIR",
    "TOO_NESTED",
    "busiest_line",
    "has_templates",
    "not_utf8_diagnostic",
    "outside_diagnostic",
    "template_checks",
    "too_nested_diagnostic",
]

#: The folder of a project's own templates.
TEMPLATES_DIR = "templates"


def has_templates(project: Project) -> bool:
    """True when the project has its own ``templates/`` folder."""
    return (project.root / TEMPLATES_DIR).is_dir()


def template_checks(project: Project) -> Iterator[Diagnostic]:
    """Every file of the project's ``templates/`` folder: real path, encoding, control
    characters, syntax."""
    folder = project.root / TEMPLATES_DIR
    if not (folder.is_dir() or folder.is_symlink()):
        return
    if not is_inside(project.root, folder):
        yield outside_diagnostic(TEMPLATES_DIR)
        return
    for path in _files(folder):
        rel = path.relative_to(project.root).as_posix()
        if not is_inside(project.root, path):
            yield outside_diagnostic(rel)
        elif path.is_dir():
            continue  # a linked folder inside the project: its files are read through it
        elif problem := file_problem(path, rel, MAX_TEMPLATE_BYTES, "gabarit"):
            yield problem  # a pipe, a device, a broken link: never opened, never skipped
        elif path.suffix == ".j2":
            yield from _check_template(path, rel)


def _files(folder: Path) -> Iterator[Path]:
    """Every file and link under ``folder``, not following links to folders."""
    for top, dirs, files in os.walk(folder):
        here = Path(top)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                yield here / name  # a linked folder: checked as one path, never walked
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        yield from (here / name for name in sorted(files))


def _check_template(path: Path, rel: str) -> Iterator[Diagnostic]:
    from jinja2 import Environment, TemplateSyntaxError

    data = path.read_bytes()
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield not_utf8_diagnostic(rel, data, exc)
        return
    # an ESC or a BEL written by the template would reach every output: CMQ-V120 at its
    # line and column; the syntax is still checked, each one read as U+FFFD. A CR ends a
    # line for Jinja (a template saved on Windows): it is no control character here.
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    source, controls = control_characters(source, rel)
    yield from controls
    try:
        tree = Environment(trim_blocks=True, lstrip_blocks=True).parse(source, rel, rel)
        targets = list(_literal_targets(tree, rel))  # walks the tree: as deep as it nests
    except TemplateSyntaxError as exc:
        reason = french_reason(str(exc.message))
        yield Diagnostic(
            "CMQ-V040",
            f"erreur de syntaxe dans le gabarit : {cut(reason, 200).rstrip('.')}.",
            Place(rel, exc.lineno, None),
            hint="Corrigez le gabarit ou supprimez-le pour revenir au gabarit intégré.",
        )
        return
    except (RecursionError, MemoryError):  # Python's own bound on nesting
        yield too_nested_diagnostic(rel, source)
        return
    yield from targets


#: Why Jinja (or Python, compiling it) cannot read a template that nests too deep.
TOO_NESTED = (
    "le gabarit imbrique trop de balises, de parenthèses ou d'opérateurs enchaînés pour "
    "être compilé (ligne la plus chargée indiquée)"
)


def too_nested_diagnostic(file: str, source: str) -> Diagnostic:
    """CMQ-V133: a template too deeply nested to be compiled, at its busiest line."""
    return Diagnostic(
        "CMQ-V133",
        f"{TOO_NESTED}.",
        Place(file, busiest_line(source), None),
        hint="Découpez l'expression ou les blocs imbriqués en plusieurs {% set %} ou macros.",
    )


def busiest_line(source: str) -> int:
    """The line (from 1) with the most brackets, operators and tags: where a template too
    nested to compile most likely nests."""
    marks = "()[]{}+-*/~%|,"
    counts = [sum(line.count(c) for c in marks) for line in source.splitlines() or [""]]
    return counts.index(max(counts)) + 1


# ![alt](target), [text](target), [id]: target, <img src="target">, <scheme:…>
_TARGETS = re.compile(
    r"(?P<bang>!?)\[[^\]\n]*\]\(\s*<?(?P<inline>[^\s)>]+)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<definition>[^\s>]+)"
    r"|\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]+:[^\s>]*)>",
    re.MULTILINE,
)
# a target that leaves the project: absolute, climbing, home, or with a scheme (file:, http:)
_LOCAL_OUTSIDE = re.compile(r"^(?:[/\\~]|[A-Za-z]:[/\\]|(?:.*[/\\])?\.\.(?:[/\\]|$))")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Schemes a link (not an image) may use: pandoc fetches nothing for them.
_LINK_SCHEMES = ("http", "https", "mailto")


def _literal_targets(tree: object, rel: str) -> Iterator[Diagnostic]:
    """The images and links of a template's own text that reach outside the project.

    An image (or a link definition, which an image may use) is fetched by pandoc: only a
    relative path inside the project is allowed. A link is only written: web and mail
    addresses are allowed, not paths outside the project.
    """
    from jinja2 import nodes

    assert isinstance(tree, nodes.Node)
    for node in tree.find_all(nodes.TemplateData):
        for match in _TARGETS.finditer(node.data):
            target = next(g for k, g in match.groupdict().items() if k != "bang" and g)
            fetched = bool(match.group("bang") or match.group("definition") or match.group("src"))
            if not _outside(target, fetched=fetched):
                continue
            line = node.lineno + node.data.count("\n", 0, match.start())
            yield Diagnostic(
                "CMQ-V033",
                f"le gabarit renvoie à « {cut(target, 60)} », hors du projet.",
                Place(rel, line, None),
                hint="Une image du rapport vient des données (figures, file: assets/…), "
                "jamais d'un chemin ou d'une adresse écrits dans un gabarit.",
            )


def _outside(target: str, *, fetched: bool) -> bool:
    if target.startswith("#") or _LOCAL_OUTSIDE.match(target):
        return not target.startswith("#")
    scheme = _SCHEME.match(target)
    if scheme is None:
        return False
    return fetched or scheme.group(1).lower() not in _LINK_SCHEMES


def outside_diagnostic(file: str) -> Diagnostic:
    """CMQ-V065: a template (or ``templates/``) whose real path is outside the project."""
    return Diagnostic(
        "CMQ-V065",
        "ce gabarit est un lien vers un fichier hors du projet : il n'est pas lu.",
        Place(file, None, None),
        hint="Remplacez le lien par une copie du gabarit, dans le dossier templates/ du projet.",
    )


def not_utf8_diagnostic(file: str, data: bytes, exc: UnicodeDecodeError) -> Diagnostic:
    """CMQ-V040: a template that is not UTF-8, at the line of its first bad byte."""
    line = data.count(b"\n", 0, exc.start) + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return Diagnostic(
        "CMQ-V040",
        f"le gabarit n'est pas encodé en UTF-8 (octet 0x{data[exc.start]:02x}).",
        Place(file, line, col),
        hint="Enregistrez le gabarit en UTF-8 (dans l'éditeur : « Enregistrer sous », UTF-8).",
    )
