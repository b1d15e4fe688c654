"""Checks of what no text may hold: control characters anywhere, and in a Markdown field a
heading of its own or a Word style.

A raw control character of a YAML file is reported where the file is read (the parser
would stop at it, :func:`cmqreport.load.yaml_decode.control_characters`); these checks find
the ones a YAML escape (``"\\e"``) or a workbook's cell put in a value (Excel writes
them ``_x001B_``, which openpyxl leaves as it is: that form counts too; not ``_x000D_``,
the carriage return of pasted Windows text). A heading inside a field is refused rather
than demoted: the report's headings are its structure (chapters, sections, subsections),
and a body's own would break the numbering and the table of contents. Styles come only
from the templates and the reference document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmqreport.diagnostics import CONTROL, Diagnostic, cut
from cmqreport.load.yaml_decode import control_diagnostic
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted
from cmqreport.model.textscan import control_characters, is_markdown, structure

__all__ = ["TEXT_SIGNS", "WORKBOOK_SIGNS", "text_findings"]

#: What any of these checks needs in a text: a control character (:data:`CONTROL`), or for
#: a heading or a Word style a « # », a line feed or a brace. A text without one (nearly
#: every text) is not looked at further.
TEXT_SIGNS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f#{]")
#: The same for a workbook's texts, with the start of Excel's form of a control character.
WORKBOOK_SIGNS = re.compile(TEXT_SIGNS.pattern + "|_x")

#: At most this many findings of one kind in one value: a pasted dump is not a list of 10⁵.
_PER_VALUE = 20


def text_findings(
    src: Loaded, path: PathKey, text: str, is_key: bool, workbook: bool
) -> list[Diagnostic]:
    """Control characters in one string of a file (a key, or any value; ``workbook``: in
    Excel's form too); headings and Word styles when it is a Markdown field.

    Each scan is tried only when the text holds what it looks for: most texts hold none
    (:data:`TEXT_SIGNS` tells them, :data:`WORKBOOK_SIGNS` for a workbook's).
    """
    found: list[Diagnostic] = []
    if CONTROL.search(text) is not None:
        found += _controls(src, path, text, is_key)
    if workbook and "_x" in text:
        found += _excel_controls(src, path, text)
    # a heading needs a « # » or a second line (setext), a Word style a brace
    if not is_key and ("#" in text or "\n" in text or "{" in text) and is_markdown(path):
        found += _structure(src, path, text)
    return found


def _controls(src: Loaded, path: PathKey, text: str, is_key: bool) -> Iterator[Diagnostic]:
    for n, (char, offset) in enumerate(control_characters(text)):
        if n == _PER_VALUE:
            return
        place = src.place(path, key=True) if is_key else src.text_place(path, offset)
        yield control_diagnostic(char, place, dotted(path))


#: How Excel stores a control character in a cell (« _x001B_ »), which openpyxl leaves so.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _excel_controls(src: Loaded, path: PathKey, text: str) -> Iterator[Diagnostic]:
    found = (chr(int(m.group(1), 16)) for m in _EXCEL_ESCAPE.finditer(text))
    controls = [c for c in found if CONTROL.fullmatch(c) and c != "\r"]
    for char in controls[:_PER_VALUE]:
        yield control_diagnostic(char, src.place(path), dotted(path))


def _structure(src: Loaded, path: PathKey, text: str) -> Iterator[Diagnostic]:
    for n, (kind, offset) in enumerate(structure(text)):
        if n == _PER_VALUE:
            return
        line = text[offset:].split("\n", 1)[0]
        if kind == "heading":
            message = f"ligne de titre « {cut(line, 40)} » dans un texte."
            hint = (
                "Les titres viennent de la structure du rapport : faites-en une sous-section "
                "(sections:) ou du gras (**…**) ; un « # » de texte s'écrit « \\# »."
            )
            code = "CMQ-V121"
        else:
            message = f"style Word choisi dans le texte (« {cut(line, 40)} »)."
            hint = "Retirez custom-style : les styles viennent des gabarits du rapport."
            code = "CMQ-V122"
        place = src.text_place(path, offset)
        yield Diagnostic(code, message, place, path=dotted(path), value=cut(line, 40), hint=hint)
