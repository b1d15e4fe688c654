"""The output formats of a report, and the conversion of its Markdown into each of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cmqreport.errors import UsageError

__all__ = ["FORMATS", "SUFFIXES", "Converted", "convert_report", "parse_formats"]

#: Every output format, in the order they are produced and listed.
FORMATS = ("md", "docx", "latex", "pdf")
#: File name suffix of each format.
SUFFIXES = {"md": ".md", "docx": ".docx", "latex": ".tex", "pdf": ".pdf"}
_ALIASES = {"tex": "latex", "markdown": "md"}
_NO_TEX = "aucun moteur TeX (xelatex ou lualatex) n'est installé ; les autres formats sont écrits."


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
) -> Converted:
    """Convert ``markdown`` (already in ``work/<stem>.md``) into the other ``formats``.

    Every file is written inside ``work`` (whose assets pandoc reads); the Markdown file
    counts as made when ``md`` is wanted. A missing TeX engine
    skips the PDF (with its reason) and lets the other formats through.
    """
    from cmqreport.convert import pandoc

    done = Converted(made=["md"] if "md" in formats else [])
    for fmt, label, run in (("docx", "DOCX", pandoc.to_docx), ("latex", "LaTeX", pandoc.to_latex)):
        if fmt in formats:
            progress(f"Conversion {label}")
            target = work / (stem + SUFFIXES[fmt])
            done.warnings += run(markdown, work, target, citeproc=citeproc, epoch=epoch)
            done.made.append(fmt)
    if "pdf" in formats:
        engine = pandoc.find_tex_engine()
        if engine is None:
            done.skipped["pdf"] = _NO_TEX
        else:
            progress(f"Conversion PDF ({engine})")
            target = work / (stem + SUFFIXES["pdf"])
            done.warnings += pandoc.to_pdf(
                markdown, work, target, citeproc=citeproc, epoch=epoch, engine=engine
            )
            done.made.append("pdf")
    return done
