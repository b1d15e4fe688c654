"""Typst: pandoc's ``-t typst`` writer with cmqreport's template and filter, compiled in
process by the ``typst`` package, so a PDF needs no system install.

``data/filters/typst.lua`` turns the Markdown's convention into the template's functions
(``cmq-ref``, ``cmq-pages``); ``data/typst/template.typst`` numbers chapters, annexes,
figures and tables as LaTeX does, and sets French typography on A4.
"""

from __future__ import annotations

from pathlib import Path

from cmqreport.convert.latex import EngineFailed

__all__ = ["compile_typst", "pandoc_args"]

_DATA = Path(__file__).resolve().parent.parent / "data"
_TEMPLATE = _DATA / "typst" / "template.typst"
_FILTER = _DATA / "filters" / "typst.lua"


def pandoc_args() -> list[str]:
    """pandoc's options for the ``.typ`` that :func:`compile_typst` compiles."""
    return ["--to=typst", f"--template={_TEMPLATE}", f"--lua-filter={_FILTER}"]


def compile_typst(typ: Path, root: Path, target: Path, epoch: int) -> list[str]:
    """Compile ``typ`` (whose pictures are under ``root``) into ``target``; return Typst's
    warnings for people.

    Only the fonts inside the ``typst`` package are used, and the PDF is dated by
    ``epoch``: every machine makes the same bytes. Raises :class:`EngineFailed` when
    Typst stops.
    """
    try:
        import typst
    except ImportError as exc:  # a broken install: say it in one line, write the rest
        raise EngineFailed(f"le module typst est introuvable ({exc}).") from exc
    try:
        data, warnings = typst.compile_with_warnings(
            str(typ), root=str(root), font_paths=[], ignore_system_fonts=True, timestamp=epoch
        )
    except typst.TypstError as exc:
        raise EngineFailed(f"typst a échoué : {_one_line(exc.message)}") from exc
    target.write_bytes(data)
    return [f"typst : {_one_line(w.message)}" for w in warnings]


def _one_line(message: str) -> str:
    lines = [x.strip() for x in str(message).splitlines() if x.strip()]
    return lines[0] if lines else "sans message"
