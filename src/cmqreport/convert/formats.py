"""The output formats of a report, and the conversion of its Markdown into each of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.errors import UsageError

__all__ = [
    "DEFAULT_PDF_ENGINE",
    "FORMATS",
    "PDF_ENGINES",
    "SUFFIXES",
    "Converted",
    "convert_report",
    "parse_formats",
    "parse_pdf_engine",
]

#: Every output format, in the order they are produced and listed.
FORMATS = ("md", "docx", "latex", "pdf")
#: File name suffix of each format.
SUFFIXES = {"md": ".md", "docx": ".docx", "latex": ".tex", "pdf": ".pdf"}
_ALIASES = {"tex": "latex", "markdown": "md"}
#: The engines a PDF can be made with; Typst comes with ``pip install``, TeX does not.
PDF_ENGINES = ("typst", "xelatex", "lualatex")
#: The engine used when neither ``--pdf-engine`` nor ``pdf_engine:`` chooses one.
DEFAULT_PDF_ENGINE = "typst"


def parse_formats(text: str) -> list[str]:
    """``md,docx`` → ``["md", "docx"]`` (in :data:`FORMATS` order); unknown names are a
    usage error."""
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    wanted = [_ALIASES.get(f, f) for f in wanted]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError(
            f"format inconnu « {','.join(bad) or text} » (possibles : md, docx, latex, pdf)."
        )
    return [f for f in FORMATS if f in wanted]


def parse_pdf_engine(name: str | None) -> str:
    """``XeLaTeX`` → ``xelatex``; ``None`` → :data:`DEFAULT_PDF_ENGINE`; an unknown name
    is a usage error."""
    engine = (name or DEFAULT_PDF_ENGINE).strip().lower()
    if engine not in PDF_ENGINES:
        raise UsageError(f"moteur PDF inconnu « {name} » (possibles : {', '.join(PDF_ENGINES)}).")
    return engine


@dataclass
class Converted:
    """What :func:`convert_report` made in the work folder."""

    #: Formats whose file is ready, in :data:`FORMATS` order.
    made: list[str] = field(default_factory=list)
    #: Formats that could not be made, with the reason for people.
    skipped: dict[str, str] = field(default_factory=dict)
    #: pandoc's warnings, one line each.
    warnings: list[str] = field(default_factory=list)


def convert_report(
    markdown: str,
    work: Path,
    stem: str,
    formats: Sequence[str],
    *,
    citeproc: bool,
    epoch: int,
    progress: Callable[[str], None],
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    reference_docx: Path | None = None,
    docx_source: tuple[str, Mapping[str, Mapping[str, Any]]] | None = None,
) -> Converted:
    """Convert ``markdown`` (already in ``work/<stem>.md``) into the other ``formats``.

    Every file is written inside ``work`` (whose assets pandoc reads); the Markdown file
    counts as made when ``md`` is wanted. The PDF is made with ``pdf_engine``; an engine
    that is missing or stops skips the PDF (with its reason in one line) and lets the
    other formats through. ``reference_docx`` is the project's own reference document;
    ``docx_source`` the Markdown with source markers and their map, for the DOCX.
    """
    from cmqreport.convert import pandoc
    from cmqreport.convert.latex import EngineFailed

    done = Converted(made=["md"] if "md" in formats else [])
    if "docx" in formats:
        progress("Conversion DOCX")
        target = work / (stem + SUFFIXES["docx"])
        marked, smap = docx_source or (markdown, None)
        done.warnings += pandoc.to_docx(
            marked, work, target, citeproc=citeproc, epoch=epoch, reference=reference_docx,
            sources=smap,
        )  # fmt: skip
        done.made.append("docx")
    if "latex" in formats:
        progress("Conversion LaTeX")
        target = work / (stem + SUFFIXES["latex"])
        done.warnings += pandoc.to_latex(markdown, work, target, citeproc=citeproc, epoch=epoch)
        done.made.append("latex")
    if "pdf" in formats:
        progress(f"Conversion PDF ({pdf_engine})")
        # the .tex just written is the one compiled: the LaTeX output makes this PDF
        tex = work / (stem + SUFFIXES["latex"]) if "latex" in done.made else None
        try:
            done.warnings += pandoc.to_pdf(
                markdown,
                work,
                work / (stem + SUFFIXES["pdf"]),
                citeproc=citeproc,
                epoch=epoch,
                engine=pdf_engine,
                tex=tex,
            )
        except EngineFailed as exc:
            done.skipped["pdf"] = f"{exc} Les autres formats sont écrits."
        else:
            done.made.append("pdf")
    return done
