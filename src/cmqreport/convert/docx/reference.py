"""A project's own reference document: does it have the styles the report uses?

pandoc takes the look of the DOCX from the reference document's styles, matched by name.
A style the reference lacks silently falls back to pandoc's default look, so a project's
``templates/reference.docx`` is checked first and every missing style named. The styles
this package sets itself (TOC levels, table of figures, footer, the table style) need not
be there.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from cmqreport.convert.docx.xml import NS, parse, w
from cmqreport.errors import DataError

__all__ = ["REQUIRED_STYLES", "check_reference", "missing_styles"]

#: Style names (as Word stores them, whatever the language of its interface).
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Author",
    "Date",
    "heading 1",
    "heading 2",
    "heading 3",
    "heading 4",
    "Body Text",
    "First Paragraph",
    "Compact",
    "Image Caption",
    "Table Caption",
    "Captioned Figure",
    "Hyperlink",
    "Table",
)


def missing_styles(path: Path) -> list[str]:
    """The :data:`REQUIRED_STYLES` that ``path`` lacks, in that order."""
    with zipfile.ZipFile(path) as z:
        root = parse(z.read("word/styles.xml"))
    names = {(el.get(w("val")) or "").casefold() for el in root.iterfind("w:style/w:name", NS)}
    return [s for s in REQUIRED_STYLES if s.casefold() not in names]


def check_reference(path: Path, shown: str) -> None:
    """Raise a :class:`DataError` naming ``shown`` (the file as the user knows it) and every
    style it lacks, or that it is no DOCX at all."""
    try:
        missing = missing_styles(path)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise DataError(
            f"{shown} : ce n'est pas un document Word lisible ({exc.__class__.__name__}) ; "
            "partez de la référence de cmqreport (voir le README)."
        ) from exc
    except Exception as exc:  # lxml's XMLSyntaxError: a damaged styles part
        raise DataError(f"{shown} : styles illisibles ({exc}).") from exc
    if missing:
        raise DataError(
            f"{shown} : il manque les styles "
            + ", ".join(f"« {s} »" for s in missing)
            + " ; ajoutez-les (ou partez de la référence de cmqreport, voir le README)."
        )
