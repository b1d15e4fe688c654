"""Markdown → DOCX, LaTeX and PDF through pandoc (pypandoc, whose wheel carries pandoc).

Each conversion returns pandoc's warnings as lines for people; nothing here prints.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from cmqreport.convert import latex, typst_pdf
from cmqreport.diagnostics import printable
from cmqreport.errors import CmqError

__all__ = ["BEHIND", "READER", "find_tex_engine", "to_docx", "to_latex", "to_pdf"]

#: Markdown as pandoc reads it: raw HTML/LaTeX and math are off, so data stays text;
#: ``smart`` is off, so that ``"X"``, ``--``, ``...`` and ``'`` print as typed (the French
#: typography of :mod:`cmqreport.render.french` is the only one).
READER = (
    "markdown-smart-raw_html-raw_tex-raw_attribute-tex_math_dollars-tex_math_single_backslash"
    "-native_divs+fenced_divs"
)
#: The package's data folder (reference document, citation style).
_DATA = Path(__file__).resolve().parent.parent / "data"


#: True in a conversion that is not on the build's longest path
#: (:func:`cmqreport.convert.formats.convert_report`): its pandoc runs at a lower priority,
#: so that on a machine of few cores it takes only the time the longest one leaves.
BEHIND: ContextVar[bool] = ContextVar("BEHIND", default=False)
#: How much lower (``nice``) such a pandoc runs.
_BEHIND_NICE = 10


def _yield_cpu(pid: int) -> None:
    """Lower the priority of the process ``pid`` (where the system allows it)."""
    if not hasattr(os, "setpriority"):  # Windows: every process keeps its priority
        return
    try:
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, mine + _BEHIND_NICE))
    except OSError:  # ended already, or not allowed: it runs as it is
        pass


@functools.cache
def _pandoc_path() -> str:
    """The pandoc that pypandoc-binary ships (the one the golden files are made with),
    found where the package keeps it: importing pypandoc and its search (it runs every
    pandoc it can find to compare their versions) cost a hundredth of a build. With
    ``PYPANDOC_PANDOC`` set, or without that file, pypandoc chooses."""
    if not os.environ.get("PYPANDOC_PANDOC"):
        spec = importlib.util.find_spec("pypandoc")
        name = "pandoc.exe" if sys.platform == "win32" else "pandoc"
        for folder in (spec.submodule_search_locations or []) if spec else []:
            exe = Path(folder) / "files" / name
            if exe.is_file() and os.access(exe, os.X_OK):
                return str(exe)
    import pypandoc

    path: str = pypandoc.get_pandoc_path()
    return path


def _run(args: list[str], text: str, cwd: Path, epoch: int) -> list[str]:
    """Run pandoc; return its warnings (an image it could not read, an unknown citation)."""
    # pandoc stamps DOCX and PDF with SOURCE_DATE_EPOCH: it gets the epoch that
    # cmqreport.epoch decided, never the raw variable, so every output has the same date
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    pipe = subprocess.PIPE
    command = [_pandoc_path(), f"--from={READER}", *args]
    with subprocess.Popen(command, stdin=pipe, stdout=pipe, stderr=pipe, cwd=cwd, env=env) as proc:
        if BEHIND.get():
            _yield_cpu(proc.pid)
        try:
            _, stderr = proc.communicate(text.encode("utf-8"), timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    # pandoc's messages quote the text: no control character of it reaches the terminal
    err = printable(stderr.decode("utf-8", "replace"))
    lines = [x.strip() for x in err.splitlines()]
    if proc.returncode != 0:
        message = [x for x in lines if x]
        raise CmqError(
            "pandoc a échoué : " + (message[-1] if message else f"code {proc.returncode}")
        )
    return [x for x in lines if x]


def reference_docx() -> Path:
    """The reference document that gives the DOCX its Word styles (A4, headings, captions)."""
    return _DATA / "reference.docx"


def guard_filter() -> Path:
    """The Lua filter that keeps every image and link of an output inside the work folder."""
    return _DATA / "filters" / "guard.lua"


def _common(
    workdir: Path, citeproc: bool, *, toc: bool = True, guard: Path | None = None
) -> list[str]:
    # The guard runs first: pandoc reads no image but the build's own (work/assets) and
    # fetches nothing. Not --sandbox: it would ignore SOURCE_DATE_EPOCH (DOCX dated 1970,
    # no PDF trailer id). No user data folder (~/.local/share/pandoc): its templates would
    # replace pandoc's own; this folder does not exist, so pandoc's defaults are used.
    args = [
        f"--data-dir={_DATA / 'pandoc'}",
        f"--lua-filter={guard or guard_filter()}",
        "--standalone",
        *(["--toc"] if toc else []),
        f"--resource-path={workdir}",
    ]
    if citeproc:
        # numbered citations ([1], [2]) as French reports written with LaTeX use them; the
        # bibliography is named here so that no metadata block of the text can name another
        args += [
            "--bibliography=references.json",  # in the work folder, pandoc's directory
            "--citeproc",
            f"--csl={_DATA / 'numeric-fr.csl'}",
        ]
    return args


def _docx_args(workdir: Path, target: Path, citeproc: bool, reference: Path) -> list[str]:
    # no --toc: the filter writes the TOC and the lists of figures and tables, with entries;
    # citeproc runs before the filter, which then numbers and lists the references' heading.
    # The guard before citeproc cleans the metadata only: docx.lua applies its rules for
    # pictures and links in its own walk, before the writer reads a picture
    meta_guard = _DATA / "filters" / "guard-meta.lua"
    args = [*_common(workdir, citeproc, toc=False, guard=meta_guard), "--to=docx"]
    args.append(f"--output={target}")
    return [*args, f"--lua-filter={_DATA / 'filters' / 'docx.lua'}", f"--reference-doc={reference}"]


def _page_targets(markdown: str) -> str:
    """The ids the page lists of ``markdown`` name, once each, in the order they first
    appear, one a line: the DOCX filter gives their anchors bookmarks without a walk of the
    whole document to find them first."""
    from cmqreport.render.acronyms import PAGE_LIST

    ids = dict.fromkeys(i for m in PAGE_LIST.finditer(markdown) for i in m.group(1).split())
    return "".join(i + "\n" for i in ids)


def _notes_may_name_annexes(markdown: str) -> bool:
    """Whether a footnote of ``markdown`` may write « annexe » before a reference (then
    the DOCX filter looks into every note for it): a note written ``^[…]`` lies within its
    paragraph; one written ``[^1]`` may be anywhere; an entity (``&#110;``) may spell
    the word."""
    if "[^" in markdown:
        return "nnexe" in markdown or "&" in markdown
    return any(
        "nnexe" in chunk or "&" in chunk for chunk in markdown.split("\n\n") if "^[" in chunk
    )


def to_docx(
    markdown: str,
    workdir: Path,
    target: Path,
    *,
    citeproc: bool,
    epoch: int,
    reference: Path | None = None,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """Write the DOCX to ``target``; return pandoc's warnings.

    ``sources`` is the map of the Markdown's source markers (:mod:`cmqreport.render.sources`):
    the DOCX keeps it (:mod:`cmqreport.convert.docx.sources`) for ``cmqreport review``.

    Numbers, cross-references and page lists are Word fields (see ``data/filters/docx.lua``
    and :mod:`cmqreport.convert.docx`). ``reference`` is a project's own reference document,
    checked for the styles the report uses; when LibreOffice is installed, its layout gives
    the fields their cached page numbers (:func:`cmqreport.convert.docx.paginate`).
    """
    import datetime as dt

    from cmqreport.convert import docx
    from cmqreport.convert.docx.layout import find_soffice
    from cmqreport.convert.docx.reference import check_reference
    from cmqreport.convert.docx.sources import embed
    from cmqreport.render.french import Formatter

    if reference is not None:
        check_reference(reference, f"{reference.parent.name}/{reference.name}")
    day = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    with tempfile.TemporaryDirectory() as tmp:
        raw, manifest = Path(tmp) / "pandoc.docx", Path(tmp) / "manifest.json"
        anchors = Path(tmp) / "anchors.txt"
        anchors.write_text(_page_targets(markdown), encoding="utf-8")
        args = [
            *_docx_args(workdir, raw, citeproc, reference or reference_docx()),
            f"--metadata=cmq-manifest:{manifest}",
            f"--metadata=cmq-anchors:{anchors}",
            f"--metadata=cmq-annex-notes:{str(_notes_may_name_annexes(markdown)).lower()}",
            f"--metadata=cmq-date:{Formatter().date(day)}",
        ]
        warnings = _run(args, markdown, workdir, epoch)
        made = docx.read_raw(raw, manifest)
    if sources is not None:
        embed(made.parts, sources)
    docx.finish(made, target, None)
    soffice = find_soffice()
    if soffice is not None:
        warnings += docx.paginate(made, target, soffice)
    return warnings


def to_latex(
    markdown: str, workdir: Path, target: Path, *, citeproc: bool, epoch: int
) -> list[str]:
    """Write a standalone LaTeX document (XeLaTeX or LuaLaTeX) where LaTeX numbers
    chapters, annexes, captions and references; return pandoc's warnings."""
    args = [*_common(workdir, citeproc), *latex.pandoc_args(markdown), f"--output={target}"]
    return _run(args, markdown, workdir, epoch)


def find_tex_engine() -> str | None:
    """The first TeX engine found (xelatex, then lualatex), or None."""
    for engine in latex.TEX_ENGINES:
        if shutil.which(engine):
            return engine
    return None


def to_pdf(
    markdown: str,
    workdir: Path,
    target: Path,
    *,
    citeproc: bool,
    epoch: int,
    engine: str,
    tex: Path | None = None,
) -> list[str]:
    """Write a PDF with ``engine`` (``typst``, ``xelatex`` or ``lualatex``); return the
    warnings of pandoc and of the engine.

    With TeX, ``tex`` is a ``.tex`` that :func:`to_latex` already wrote beside ``target``
    (else it is written first). Raises :class:`~cmqreport.convert.latex.EngineFailed`
    when the engine is missing or stops.
    """
    if engine == "typst":
        typ = target.with_suffix(".typ")
        args = [*_common(workdir, citeproc), *typst_pdf.pandoc_args(), f"--output={typ}"]
        warnings = _run(args, markdown, workdir, epoch)
        return warnings + typst_pdf.compile_typst(typ, workdir, target, epoch)
    warnings = []
    if tex is None:
        tex = target.with_suffix(".tex")
        warnings = to_latex(markdown, workdir, tex, citeproc=citeproc, epoch=epoch)
    warnings += latex.compile_tex(tex, engine, epoch)
    made = tex.with_suffix(".pdf")
    if made != target:
        made.replace(target)
    return warnings
