"""LaTeX: pandoc's writer with cmqreport's filter and header, and the compilation of the
written ``.tex`` into a PDF with XeLaTeX or LuaLaTeX.

The Markdown carries no numbers: ``data/filters/latex.lua`` turns its convention into
LaTeX's own machinery (``\\chapter``, ``\\appendix``, ``\\caption``, ``\\ref``, the
``\\cmqpages`` page lists of ``data/latex/header.tex``). The ``.tex`` is compiled here, not
through pandoc's PDF route, so that the PDF's bytes depend on the Markdown only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from cmqreport.errors import CmqError

__all__ = ["TEX_ENGINES", "EngineFailed", "compile_tex", "pandoc_args"]

#: The TeX engines a PDF can be compiled with, in the order they are looked for.
TEX_ENGINES = ("xelatex", "lualatex")
_DATA = Path(__file__).resolve().parent.parent / "data"
_HEADER = _DATA / "latex" / "header.tex"
_FILTER = _DATA / "filters" / "latex.lua"
#: Two runs resolve every \ref and page list; a third only when LaTeX asks for it.
_MAX_RUNS = 3
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)$", re.M)
_UNDEFINED = re.compile(r"^LaTeX Warning: Reference `([^']*)' on page \d+ undefined", re.M)
_LINES = re.compile(r"at lines? (\d+)(?:--(\d+))?")
#: Overfull boxes up to this width are invisible on paper.
_TOLERANCE_PT = 1.0


class EngineFailed(CmqError):
    """A PDF engine (TeX or Typst) is missing or could not make the PDF; the message is
    one line for people."""


def trailer_id(markdown: str) -> str:
    """The PDF's ``/ID``, from the Markdown: the same text gives the same bytes."""
    digest = hashlib.md5(markdown.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    return f"<{digest}> <{digest}>"


def pandoc_args(markdown: str) -> list[str]:
    """pandoc's options for a ``.tex`` that compiles with XeLaTeX and LuaLaTeX."""
    return [
        "--to=latex",
        "--top-level-division=chapter",
        # LaTeX numbers chapters and sections; the filter keeps .unnumbered ones starred
        "--number-sections",
        "--variable=secnumdepth:2",
        "--variable=toc-depth:2",
        "--variable=documentclass:report",
        "--variable=papersize:a4",
        "--variable=geometry:margin=2.5cm",
        "--variable=fontsize:11pt",
        "--variable=colorlinks:true",
        "--variable=csquotes:true",
        f"--variable=pdf-trailer-id:{trailer_id(markdown)}",
        f"--include-in-header={_HEADER}",
        f"--lua-filter={_FILTER}",
    ]


def compile_tex(tex: Path, engine: str, epoch: int) -> list[str]:
    """Compile ``tex`` into the PDF beside it with ``engine``; return its warnings for
    people (lines wider than the margin, references to nothing).

    Raises :class:`EngineFailed` when the engine is missing or stops (a broken install
    without its format file, an error in the document).
    """
    exe = shutil.which(engine)
    if exe is None:
        raise EngineFailed(
            f"{engine} n'est pas installé (choisissez --pdf-engine typst, ou installez TeX)."
        )
    # the PDF's dates come from the epoch, and FORCE_SOURCE_DATE makes \today use it too
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "FORCE_SOURCE_DATE": "1"}
    log = tex.with_suffix(".log")
    for run in range(_MAX_RUNS):
        proc = subprocess.run(
            [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
            cwd=tex.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=900,
            check=False,
        )
        if proc.returncode != 0:
            why = _first_error(proc.stdout, log)
            if "format file" in why:  # installed, but its format was never built
                raise EngineFailed(
                    f"{engine} est installé mais ne démarre pas ({why} ; "
                    f"« fmtutil-sys --byfmt {engine} » le reconstruit)."
                )
            raise EngineFailed(f"{engine} a échoué : {why}")
        text = log.read_text(encoding="utf-8", errors="replace")
        if run >= 1 and "Rerun to get" not in text:
            break
    return _warnings(text, engine, tex.name)


def _first_error(stdout: bytes, log: Path) -> str:
    """The line that says why TeX stopped (``! …``), else its last words."""
    text = stdout.decode("utf-8", "replace")
    if log.is_file():
        text += "\n" + log.read_text(encoding="utf-8", errors="replace")
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    for line in lines:
        if line.startswith("!") or "can't find the format file" in line:
            return line.lstrip("! ")
    return lines[-1] if lines else "sans message"


def _warnings(log: str, engine: str, name: str) -> list[str]:
    """What the final log says a reader would notice."""
    out = []
    for match in _OVERFULL.finditer(log):
        width = float(match.group(1))
        if width > _TOLERANCE_PT:
            where = _LINES.search(match.group(2))
            place = f"{name}, ligne {where.group(1)}" if where else name
            out.append(f"{engine} : une ligne dépasse la marge de {width:.1f} pt ({place}).")
    out += [
        f"{engine} : renvoi vers « {ref} », qui n'existe pas." for ref in _UNDEFINED.findall(log)
    ]
    # a wide table row makes one box per cell: say each place once
    return list(dict.fromkeys(out))
