"""The sandboxed Jinja environment of the report: loaders, escaping, helpers, wording.

Every value a template prints is escaped unless it is :class:`~cmqreport.render.markdown.Md`
(already safe); what templates produce themselves is safe Markdown. A project's
``templates/`` folder comes first: a file of the same name replaces the built-in one, and
``builtin/NAME`` always reaches the built-in file (``{% extends "builtin/campus.md.j2" %}``).

The sentences, headings and captions the renderer writes are macros of the ``text_*.md.j2``
templates; :class:`Wording` calls them, so that a project can change the wording by
defining only the macros it wants different.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.errors import DataError
from cmqreport.load.paths import is_inside
from cmqreport.render.markdown import Md, escape
from cmqreport.render.nodes import Node, slug
from cmqreport.validate.templates import not_utf8_diagnostic, outside_diagnostic

__all__ = [
    "TemplateFault",
    "Wording",
    "builtin_templates",
    "environment",
    "template_error",
]


def builtin_templates() -> Path:
    """Folder of the built-in templates, shipped inside the package."""
    return Path(__file__).resolve().parent / "templates"


def environment(
    template_dirs: list[Path],
    typography: Callable[[str], str] | None = None,
    root: Path | None = None,
) -> Any:
    """The sandboxed environment: the project's templates first, then the built-in ones.

    ``typography`` is the locale's pass on the text of headings, plain fields (none by default).

    A project template is read only when its real path is inside ``root`` (the project;
    by default each folder of ``template_dirs``): a symlink to a file elsewhere, or a
    ``templates/`` folder that is one, is refused (:class:`TemplateFault`).
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined

    from cmqreport.render.sandbox import bounded_environment
    from cmqreport.render.template_cache import builtin_cache

    builtin = builtin_templates()
    loaders: list[Any] = [
        _project_loader(d, root or d) for d in template_dirs if d.is_dir() or d.is_symlink()
    ]
    loaders.append(FileSystemLoader(str(builtin)))
    loaders.append(PrefixLoader({"builtin": FileSystemLoader(str(builtin))}))
    env = bounded_environment(
        {"plain": lambda v: escape(str(v)), "join": _join},
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        # the built-in templates compiled once per user, not at every build
        bytecode_cache=builtin_cache(builtin),
    )
    # What templates produce themselves (blocks, super(), macros, caller()) is joined by
    # concat: it is safe Markdown already and must not be escaped again when printed.
    env.concat = _concat
    heading = partial(_heading, typography or _same)
    env.globals.update(heading=heading, span=_span, span_id=_span_id, link=_link)
    return env


class TemplateFault(Exception):
    """A project template that may not be read: its diagnostic, placed at the file."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class TemplateMisuse(Exception):
    """A helper called from a template with the wrong arguments (French message)."""


def _project_loader(folder: Path, root: Path) -> Any:
    """A loader of ``folder`` that reads only UTF-8 files whose real path is in ``root``."""
    from jinja2 import FunctionLoader
    from jinja2.loaders import split_template_path

    def load(name: str) -> tuple[str, str, Any] | None:
        path = folder.joinpath(*split_template_path(name))
        if not (path.is_file() or path.is_symlink()):
            return None
        for checked in (folder, path):
            if not is_inside(root, checked):
                raise TemplateFault(outside_diagnostic(_shown(checked, root)))
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateFault(not_utf8_diagnostic(_shown(path, root), data, exc)) from None
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime

    return FunctionLoader(load)


def _shown(path: Path, root: Path) -> str:
    """``path`` as the diagnostics show it: relative to the project when inside it."""
    absolute = path.absolute()
    if absolute.is_relative_to(root.absolute()):
        return absolute.relative_to(root.absolute()).as_posix()
    return path.as_posix()


def _finalize(value: Any) -> Any:
    # every value a template prints is escaped unless it is already safe Markdown
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, _SCALARS):
        return value
    return _printed(value)


#: Values printed as Python writes them: numbers, dates (text is escaped above).
_SCALARS = (int, float, Decimal, dt.date, dt.time, dt.timedelta)


def _printed(value: Any) -> Any:
    """A list (or dict, set) of texts and numbers, escaped as text; an object of the data
    with a text of its own (a period); anything else is a mistake of the template.

    Printing an object would write Python's view of it (every field, the whole subtree of
    a part of the report), which is never report text and can be huge.
    """
    from jinja2 import Undefined

    from cmqreport.render.sandbox_sizes import check_size, weight

    if isinstance(value, Undefined):
        return value  # StrictUndefined says which name is unknown when it is printed
    if isinstance(value, list | tuple | dict | set | frozenset):
        check_size(weight(value))  # bounded before the plain walk below
        if _plain(value):
            return escape(str(value))
        raise TemplateMisuse(
            "le gabarit imprime une liste d'objets : imprimez leurs champs un à un "
            "({% for c in campuses %}{{ c.title }}{% endfor %})"
        )
    if type(value).__module__.startswith("cmqreport.model") and "__str__" in vars(type(value)):
        return escape(str(value))
    raise TemplateMisuse(
        f"le gabarit imprime une valeur de type « {type(value).__name__} » : imprimez un de "
        "ses champs (campus.title, campus.data.year…), pas l'objet entier"
    )


def _plain(value: Any) -> bool:
    """True when ``value`` holds only texts, numbers and lists of them."""
    if value is None or isinstance(value, (str, bool, *_SCALARS)):
        return True
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return all(_plain(item) for item in value)
    return False


def _concat(parts: Any) -> Md:
    """Join the output of a template fragment; the result is safe Markdown."""
    from cmqreport.render.sandbox_sizes import check_output

    out: list[str] = []
    size = 0
    for part in parts:
        size += len(part)
        check_output(size)  # before the parts are joined: memory stays bounded
        out.append(part)
    return Md("".join(out))


def _join(items: Any, sep: str = "") -> Md:
    """Jinja's join, keeping safe Markdown safe and escaping the rest."""
    glue = _INLINE_SEP.sub(r"\\\1", sep)
    return Md(glue.join(i if isinstance(i, Md) else escape(str(i)) for i in items))


_INLINE_SEP = re.compile(r"([\\`*_\[\]<>#|$~^@])")


def _same(text: str) -> str:
    return text


def _heading(typography: Callable[[str], str], node: Node) -> Md:
    """``## Title {#anchor}``: no number in the text, each output format numbers headings.

    A section the data leaves unnumbered is ``.unnumbered``; an annex is ``.annex`` (the
    formats letter annexes A, B…, the first one opens the annexes).
    """
    if not isinstance(node, Node):
        raise TemplateMisuse(
            "heading() attend une partie du rapport (chapitre, section, campus), "
            f"pas « {_cut(node)} »"
        )
    classes = ""
    if node.kind == "annex":
        classes = " .annex"
    elif not node.number:
        classes = " .unnumbered"
    title = typography(escape(node.title))
    return Md(f"{'#' * node.level} {title} {{#{node.anchor}{classes}}}")


def _span(text: str, anchor: str) -> Md:
    """Text that is a link target: ``[text]{#anchor}``."""
    _check_texts("span", text, anchor)
    return Md(f"[{text if isinstance(text, Md) else escape(text)}]{{#{slug(anchor)}}}")


def _span_id(anchor: str, *classes: str) -> Md:
    """An attribute block giving an id and classes: ``{#anchor .unnumbered}``."""
    _check_texts("span_id", anchor, *classes)
    return Md("{" + " ".join([f"#{slug(anchor)}", *(f".{slug(c)}" for c in classes)]) + "}")


def _link(text: str, anchor: str) -> Md:
    """A link to an anchor of the report."""
    _check_texts("link", text, anchor)
    return Md(f"[{text if isinstance(text, Md) else escape(text)}](#{slug(anchor)})")


def _check_texts(helper: str, *values: Any) -> None:
    for value in values:
        if not isinstance(value, str):
            raise TemplateMisuse(f"{helper}() attend du texte, pas « {_cut(value)} »")


def _cut(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


class Wording:
    """The macros of one ``text_*.md.j2`` template: the project's, else the built-in ones.

    A project's file of the same name may define only some macros; the others come from
    the built-in file.
    """

    def __init__(self, env: Any, name: str) -> None:
        self._env = env
        first = self._run(env.get_template, name)
        self._modules = [self._run(lambda: first.module)]
        # without a project file of that name, ``name`` is the built-in file itself: its
        # second copy would only cost a compile (a tenth of the render) for the same macros
        if first.filename != os.path.normpath(builtin_templates() / name):
            self._modules.append(self._run(_module, env, f"builtin/{name}"))

    def _run(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except Exception:
            # called from Python, not from a template: let Jinja point at the template line
            self._env.handle_exception()

    def _macro(self, name: str) -> Any:
        for module in self._modules:
            macro = getattr(module, name, None)
            if macro is not None:
                return macro
        raise AttributeError(name)

    def __call__(self, name: str, *args: Any) -> Md:
        """Markdown: the macro's output, the values it prints escaped unless already Md."""
        return Md(self._run(self._macro(name), *args))

    def text(self, name: str, *args: Any) -> str:
        """Plain text (a heading, a caption): the caller escapes the whole output.

        The values are passed as they are, so that they are escaped once, with the words
        around them.
        """
        raw = [Md(a) if isinstance(a, str) else a for a in args]
        return str(self._run(self._macro(name), *raw))


def _module(env: Any, name: str) -> Any:
    """The macros a template defines (its module)."""
    return env.get_template(name).module


def template_error(exc: BaseException, project_root: Path) -> DataError | None:
    """A template's failure at its file and line: CMQ-V133 past a bound of the sandbox,
    CMQ-V134 for what the sandbox forbids, else CMQ-V040 (or V065); ``None`` when ``exc``
    did not come from a template (then it is a bug of cmqreport, not of a template).
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplatesNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    from cmqreport.render.sandbox import TemplateLimit

    if isinstance(exc, TemplateFault):
        return DataError(f"{exc.diagnostic.place}: {exc.diagnostic.message}", [exc.diagnostic])
    frame_file, frame_line = _jinja_frame(exc)
    ours = isinstance(exc, TemplateError | TemplateLimit | TemplateMisuse)
    if frame_file is None and not ours:
        return None
    name = getattr(exc, "filename", None) or frame_file or getattr(exc, "name", None) or "?"
    if isinstance(exc, TemplateNotFound | TemplatesNotFound):
        name = frame_file or exc.name  # the template that includes, not the one not found
    line = getattr(exc, "lineno", None) or frame_line
    root = project_root.resolve()
    if name and Path(str(name)).resolve().is_relative_to(root):
        name = Path(str(name)).resolve().relative_to(root).as_posix()
    elif name and builtin_templates().as_posix() in str(name):
        name = "builtin/" + Path(str(name)).name
    code, hint = "CMQ-V040", "Corrigez le gabarit ou supprimez-le pour revenir au gabarit intégré."
    if isinstance(exc, TemplateLimit | RecursionError | MemoryError):
        code, hint = "CMQ-V133", _LIMIT_HINT
    elif isinstance(exc, SecurityError) or type(exc).__name__ == "OverflowError":
        code = "CMQ-V134"
    what = "de syntaxe" if isinstance(exc, TemplateSyntaxError) else "d'exécution"
    diag = Diagnostic(
        code,
        f"erreur {what} dans le gabarit : {_cut_sentence(_why(exc))}.",
        Place(str(name), line, None),
        hint=hint,
    )
    return DataError(f"{diag.place}: {diag.message}", [diag])


_LIMIT_HINT = (
    "Un gabarit du rapport écrit du texte : réduisez les boucles, la répétition ou la "
    "récursion (les limites : cmqreport explain CMQ-V133)."
)


#: What a Python error raised by a template means, in the words of the message.
_WHY = {
    "ZeroDivisionError": "division par zéro",
    "RecursionError": (
        "le gabarit s'appelle lui-même sans fin (une macro, un include ou un extends "
        "qui revient au même gabarit)"
    ),
    "MemoryError": "il demande trop de mémoire",
    "OverflowError": "nombre trop grand pour être calculé",
}


def _why(exc: BaseException) -> str:
    """The French reason of a template's failure (Python's own words in parentheses)."""
    from jinja2 import TemplateNotFound, TemplatesNotFound, TemplateSyntaxError

    from cmqreport.render.sandbox import TemplateLimit
    from cmqreport.validate.jinja_french import french_reason

    kind = type(exc).__name__
    detail = str(exc).strip().rstrip(".")
    if isinstance(exc, TemplateLimit | TemplateMisuse):
        return detail
    if isinstance(exc, TemplateSyntaxError):
        return french_reason(str(exc.message))
    if isinstance(exc, TemplatesNotFound):
        names = ", ".join(f"« {n} »" for n in exc.templates)
        return f"aucun des gabarits {names} n'existe (un gabarit s'inclut par son nom, sans ../)"
    if isinstance(exc, TemplateNotFound):
        return f"gabarit introuvable « {exc.name} » (un gabarit s'inclut par son nom, sans ../)"
    if kind in _WHY and kind != "OverflowError":
        return _WHY[kind]
    translated = french_reason(detail)
    if not translated.startswith("message de Jinja"):
        return translated
    if kind in _WHY:
        return _WHY[kind]
    return f"{translated} ({kind})"


def _cut_sentence(text: str) -> str:
    """One line of at most 200 characters, without a final period (the message adds one)."""
    line = " ".join(text.split()).rstrip(".")
    return line if len(line) <= 200 else line[:199] + "…"


def _jinja_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of a rendering error."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
