"""Regenerate src/cmqreport/data/reference.docx, the Word styles of the DOCX output.

Starts from pandoc's own reference document (so every style pandoc uses exists) and sets
what a French administrative report needs: A4 paper, 2.5 cm margins, French language,
Liberation/DejaVu-compatible fonts, numbered-looking heading sizes, centred captions.

    .venv/bin/python scripts/make_reference_docx.py
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parent.parent / "src" / "cmqreport" / "data" / "reference.docx"


def main() -> None:
    raw = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout
    doc = Document(io.BytesIO(raw))
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.paragraph_format.keep_with_next = True
        # chapters, annexes and back matter start on a new page, as in the printed report
        style.paragraph_format.page_break_before = level == 1
    names = {s.name for s in styles}
    for name in ("Caption", "Image Caption", "Table Caption"):
        if name in names:
            styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            styles[name].font.italic = True
    # fixed core properties: the same reference gives byte-identical documents
    props = doc.core_properties
    props.author = "cmqreport"
    props.last_modified_by = "cmqreport"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(buf.getvalue())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
