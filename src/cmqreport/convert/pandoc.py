"""Markdown → DOCX, LaTeX and PDF through pandoc (pypandoc, whose wheel carries pandoc).

Each conversion returns pandoc's warnings as lines for people; nothing here prints.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cmqreport.convert import latex, typst_pdf
from cmqreport.diagnostics import printable
from cmqreport.errors import CmqError

__all__ = ["READER", "find_tex_engine", "to_docx", "to_latex", "to_pdf"]

#: Markdown as pandoc reads it: raw HTML/LaTeX and math are off, so data stays text;
#: ``smart`` is off, so that ``"X"``, ``--``, ``...`` and ``'`` print as typed (the French
#: typography of :mod:`cmqreport.render.french` is the only one).
READER = (
    "markdown-smart-raw_html-raw_tex-raw_attribute-tex_math_dollars-tex_math_single_backslash"
    "-native_divs+fenced_divs"
)
#: The package's data folder (reference document, citation style).
_DATA = Path(__file__).resolve().parent.parent / "data"


def _pandoc_path() -> str:
    import pypandoc

    path: str = pypandoc.get_pandoc_path()
    return path


def _run(args: list[str], text: str, cwd: Path, epoch: int) -> list[str]:
    """Run pandoc; return its warnings (an image it could not read, an unknown citation)."""
    # pandoc stamps DOCX and PDF with SOURCE_DATE_EPOCH: it gets the epoch that
    # cmqreport.epoch decided, never the raw variable, so every output has the same date
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    proc = subprocess.run(
        [_pandoc_path(), f"--from={READER}", *args],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
    )
    # pandoc's messages quote the text: no control character of it reaches the terminal
    err = printable(proc.stderr.decode("utf-8", "replace"))
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


#: A page list as the renderer writes it (:func:`cmqreport.render.acronyms.pages_span`).
_PAGE_LIST = re.compile(r'\[\]\{\.pages targets="([^"]*)"\}')


def _page_targets(markdown: str) -> str:
    """The ids the page lists of ``markdown`` name, once each, in the order they first
    appear, one a line: the DOCX filter gives their anchors bookmarks without a walk of the
    whole document to find them first."""
    ids = dict.fromkeys(i for m in _PAGE_LIST.finditer(markdown) for i in m.group(1).split())
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
