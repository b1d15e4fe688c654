"""Markdown → DOCX, LaTeX and PDF through pandoc (pypandoc, whose wheel carries pandoc).

Each conversion returns pandoc's warnings as lines for people; nothing here prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cmqreport.errors import CmqError

__all__ = ["READER", "find_tex_engine", "to_docx", "to_latex", "to_pdf"]

#: Markdown as pandoc reads it: raw HTML/LaTeX and math are off, so data stays text.
READER = (
    "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-tex_math_single_backslash"
    "-native_divs+fenced_divs"
)
#: The package's data folder (reference document, citation style).
_DATA = Path(__file__).resolve().parent.parent / "data"

# Numbers are part of the captions' text: LaTeX must not add its own "Figure 1:".
_LATEX_HEADER = r"""
\usepackage{caption}
\captionsetup{labelformat=empty,labelsep=none}
\usepackage{csquotes}
"""


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
    lines = [x.strip() for x in proc.stderr.decode("utf-8", "replace").splitlines()]
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


def _common(workdir: Path, citeproc: bool) -> list[str]:
    # The guard runs first: pandoc reads no image but the build's own (work/assets) and
    # fetches nothing. Not --sandbox: it would ignore SOURCE_DATE_EPOCH (DOCX dated 1970,
    # no PDF trailer id). No user data folder (~/.local/share/pandoc): its templates would
    # replace pandoc's own; this folder does not exist, so pandoc's defaults are used.
    args = [
        f"--data-dir={_DATA / 'pandoc'}",
        f"--lua-filter={guard_filter()}",
        "--standalone",
        "--toc",
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


def to_docx(markdown: str, workdir: Path, target: Path, *, citeproc: bool, epoch: int) -> list[str]:
    """Write a DOCX built on the reference document to ``target``; return pandoc's warnings."""
    args = [*_common(workdir, citeproc), "--to=docx", f"--output={target}"]
    ref = reference_docx()
    if ref.is_file():
        args.append(f"--reference-doc={ref}")
    return _run(args, markdown, workdir, epoch)


def _latex_args(workdir: Path, citeproc: bool, header: Path) -> list[str]:
    return [
        *_common(workdir, citeproc),
        "--top-level-division=chapter",
        "--variable=documentclass:report",
        "--variable=papersize:a4",
        "--variable=geometry:margin=2.5cm",
        "--variable=fontsize:11pt",
        "--variable=colorlinks:true",
        f"--include-in-header={header}",
    ]


def to_latex(
    markdown: str, workdir: Path, target: Path, *, citeproc: bool, epoch: int
) -> list[str]:
    """Write a standalone LaTeX document (XeLaTeX or LuaLaTeX); return pandoc's warnings."""
    with tempfile.TemporaryDirectory() as tmp:
        header = Path(tmp) / "header.tex"
        header.write_text(_LATEX_HEADER, encoding="utf-8")
        args = [*_latex_args(workdir, citeproc, header), "--to=latex", f"--output={target}"]
        return _run(args, markdown, workdir, epoch)


def find_tex_engine() -> str | None:
    """The first TeX engine found (xelatex, then lualatex), or None."""
    for engine in ("xelatex", "lualatex"):
        if shutil.which(engine):
            return engine
    return None


def to_pdf(
    markdown: str, workdir: Path, target: Path, *, citeproc: bool, epoch: int, engine: str
) -> list[str]:
    """Write a PDF through LaTeX with ``engine``; return pandoc's warnings."""
    with tempfile.TemporaryDirectory() as tmp:
        header = Path(tmp) / "header.tex"
        header.write_text(_LATEX_HEADER, encoding="utf-8")
        args = [
            *_latex_args(workdir, citeproc, header),
            f"--pdf-engine={engine}",
            f"--output={target}",
        ]
        return _run(args, markdown, workdir, epoch)
