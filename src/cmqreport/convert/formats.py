"""The output formats of a report, and the conversion of its Markdown into each of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.errors import UsageError

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "DEFAULT_PDF_ENGINE",
    "FORMATS",
    "PDF_ENGINES",
    "SUFFIXES",
    "Conversion",
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


#: How each converted format is named in the progress line.
_NAMES = {"docx": "DOCX", "latex": "LaTeX", "pdf": "PDF"}

#: One conversion: it may wait for the others' results (the PDF for the LaTeX it compiles)
#: and returns pandoc's and the engine's warnings.
_Job = Callable[[Mapping[str, "Future[list[str]]"]], list[str]]


@dataclass(frozen=True)
class Conversion:
    """What one build converts: its Markdown, where, and into which formats."""

    #: The report's Markdown, already written to ``work/<stem>.md``.
    markdown: str
    #: The build's work folder: every file is written inside it (pandoc reads its assets).
    work: Path
    #: The outputs' name without suffix (``rapport-2021``).
    stem: str
    #: The wanted formats, in :data:`FORMATS` order.
    formats: Sequence[str]
    #: True when the report cites a bibliography (pandoc runs citeproc).
    citeproc: bool
    #: The publication date, in seconds since 1970, for reproducible outputs.
    epoch: int
    #: The engine of the PDF (:data:`PDF_ENGINES`).
    pdf_engine: str = DEFAULT_PDF_ENGINE
    #: The project's own reference document for the DOCX, if it has one.
    reference_docx: Path | None = None
    #: The Markdown with source markers and their map, for the DOCX.
    docx_source: tuple[str, Mapping[str, Mapping[str, Any]]] | None = None

    def target(self, fmt: str) -> Path:
        """The file of ``fmt`` in the work folder."""
        return self.work / (self.stem + SUFFIXES[fmt])


def convert_report(what: Conversion, progress: Callable[[str], None]) -> Converted:
    """Convert the Markdown of ``what`` into its other formats.

    The Markdown file counts as made when ``md`` is wanted. The formats are converted at
    the same time (pandoc, LibreOffice and TeX are processes of their own), each into its
    own files; warnings and errors are then read in :data:`FORMATS` order, so they do not
    depend on which finished first, and the first error (in that order) is raised once all
    have stopped. An engine that is missing or stops skips the PDF (with its reason in one
    line) and lets the other formats through.
    """
    from concurrent.futures import ThreadPoolExecutor

    from cmqreport.convert.latex import EngineFailed

    done = Converted(made=["md"] if "md" in what.formats else [])
    jobs = _jobs(what)
    if not jobs:
        return done
    names = [_NAMES[f] + (f" ({what.pdf_engine})" if f == "pdf" else "") for f in jobs]
    progress("Conversion " + ", ".join(names))
    futures: dict[str, Future[list[str]]] = {}
    lead = _longest(jobs, what.pdf_engine)
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="cmqreport") as pool:
        for fmt, job in jobs.items():  # FORMATS order: the LaTeX is submitted before the PDF
            run = job if fmt in lead else partial(_behind, job)
            futures[fmt] = pool.submit(run, futures)
    error: BaseException | None = None
    for fmt, future in futures.items():
        exc = future.exception()
        if exc is None:
            done.warnings += future.result()
            done.made.append(fmt)
        elif fmt == "pdf" and isinstance(exc, EngineFailed):
            done.skipped["pdf"] = f"{exc} Les autres formats sont écrits."
        elif error is None:
            error = exc
    if error is not None:
        raise error
    return done


def _longest(formats: Mapping[str, _Job], pdf_engine: str) -> set[str]:
    """The conversions on the longest path of the build, which the others must not slow
    down: the DOCX when LibreOffice lays it out (twice: seconds), else a PDF made by TeX
    (two or three runs) with the LaTeX it compiles. Otherwise every conversion takes about
    as long as the others, and all run alike."""
    if "docx" in formats:
        from cmqreport.convert.docx.layout import find_soffice

        if find_soffice() is not None:
            return {"docx"}
    if "pdf" in formats and pdf_engine != "typst":
        return {"pdf", "latex"}
    return set(formats)


def _behind(job: _Job, others: Mapping[str, Future[list[str]]]) -> list[str]:
    """``job`` with its pandoc at a lower priority (:data:`cmqreport.convert.pandoc.BEHIND`)."""
    from cmqreport.convert.pandoc import BEHIND

    token = BEHIND.set(True)
    try:
        return job(others)
    finally:
        BEHIND.reset(token)


def _jobs(what: Conversion) -> dict[str, _Job]:
    """The conversion of each wanted format but Markdown, in :data:`FORMATS` order."""
    from cmqreport.convert import pandoc

    md, work, cite, epoch = what.markdown, what.work, what.citeproc, what.epoch

    def docx(_: Mapping[str, Future[list[str]]]) -> list[str]:
        marked, smap = what.docx_source or (md, None)
        return pandoc.to_docx(marked, work, what.target("docx"), citeproc=cite, epoch=epoch,
                              reference=what.reference_docx, sources=smap)  # fmt: skip

    def latex(_: Mapping[str, Future[list[str]]]) -> list[str]:
        return pandoc.to_latex(md, work, what.target("latex"), citeproc=cite, epoch=epoch)

    def pdf(others: Mapping[str, Future[list[str]]]) -> list[str]:
        tex = None
        if what.pdf_engine != "typst" and "latex" in others:
            # the .tex just written is the one compiled: the LaTeX output makes this PDF
            others["latex"].result()
            tex = what.target("latex")
        return pandoc.to_pdf(md, work, what.target("pdf"), citeproc=cite, epoch=epoch,
                             engine=what.pdf_engine, tex=tex)  # fmt: skip

    every: dict[str, _Job] = {"docx": docx, "latex": latex, "pdf": pdf}
    return {fmt: every[fmt] for fmt in FORMATS if fmt in what.formats and fmt in every}
