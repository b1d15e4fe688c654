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

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.errors import DataError
from cmqreport.render.markdown import Md, escape
from cmqreport.render.nodes import Node, slug

__all__ = ["Wording", "builtin_templates", "environment", "template_error"]


def builtin_templates() -> Path:
    """Folder of the built-in templates, shipped inside the package."""
    return Path(__file__).resolve().parent / "templates"


def environment(template_dirs: list[Path], typography: Callable[[str], str] | None = None) -> Any:
    """The sandboxed environment: the project's templates first, then the built-in ones.

    ``typography`` is the locale's pass on the text of headings (none by default).
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    builtin = builtin_templates()
    loaders: list[Any] = [FileSystemLoader(str(d)) for d in template_dirs if d.is_dir()]
    loaders.append(FileSystemLoader(str(builtin)))
    loaders.append(PrefixLoader({"builtin": FileSystemLoader(str(builtin))}))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    # What templates produce themselves (blocks, super(), macros, caller()) is joined by
    # concat: it is safe Markdown already and must not be escaped again when printed.
    env.concat = _concat  # type: ignore[method-assign]
    env.filters["plain"] = lambda v: escape(str(v))
    env.filters["join"] = _join
    heading = partial(_heading, typography or _same)
    env.globals.update(heading=heading, span=_span, span_id=_span_id, link=_link)
    return env


def _finalize(value: Any) -> Any:
    # every value a template prints is escaped unless it is already safe Markdown
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return escape(value)
    return value


def _concat(parts: Any) -> Md:
    """Join the output of a template fragment; the result is safe Markdown."""
    return Md("".join(parts))


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
    classes = ""
    if node.kind == "annex":
        classes = " .annex"
    elif not node.number:
        classes = " .unnumbered"
    title = typography(escape(node.title))
    return Md(f"{'#' * node.level} {title} {{#{node.anchor}{classes}}}")


def _span(text: str, anchor: str) -> Md:
    """Text that is a link target: ``[text]{#anchor}``."""
    return Md(f"[{text if isinstance(text, Md) else escape(text)}]{{#{slug(anchor)}}}")


def _span_id(anchor: str, *classes: str) -> Md:
    """An attribute block giving an id and classes: ``{#anchor .unnumbered}``."""
    return Md("{" + " ".join([f"#{slug(anchor)}", *(f".{slug(c)}" for c in classes)]) + "}")


def _link(text: str, anchor: str) -> Md:
    """A link to an anchor of the report."""
    return Md(f"[{text if isinstance(text, Md) else escape(text)}](#{slug(anchor)})")


class Wording:
    """The macros of one ``text_*.md.j2`` template: the project's, else the built-in ones.

    A project's file of the same name may define only some macros; the others come from
    the built-in file.
    """

    def __init__(self, env: Any, name: str) -> None:
        self._env = env
        self._modules = [self._run(_module, env, n) for n in (name, f"builtin/{name}")]

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


def template_error(exc: Exception, project_root: Path) -> DataError:
    """A template's syntax or rendering error as a diagnostic naming its file and line."""
    from jinja2 import TemplateSyntaxError

    frame_file, frame_line = _jinja_frame(exc)
    name = getattr(exc, "filename", None) or frame_file or getattr(exc, "name", None) or "?"
    line = getattr(exc, "lineno", None) or frame_line
    root = project_root.resolve()
    if name and root.as_posix() in str(name):
        name = Path(str(name)).resolve().relative_to(root).as_posix()
    elif name and builtin_templates().as_posix() in str(name):
        name = "builtin/" + Path(str(name)).name
    what = "syntaxe" if isinstance(exc, TemplateSyntaxError) else "exécution"
    diag = Diagnostic(
        "CMQ-V040",
        f"erreur de {what} dans le gabarit : {exc}.",
        Place(str(name), line, None),
        hint="Corrigez le gabarit ou supprimez-le pour revenir au gabarit intégré.",
    )
    return DataError(f"{diag.place}: {diag.message}", [diag])


def _jinja_frame(exc: Exception) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of a rendering error."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
