"""One record for every problem found in a project."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cmqreport.diagnostics.codes import CODES, Severity

__all__ = [
    "CONTROL",
    "Diagnostic",
    "Place",
    "char_name",
    "cut",
    "printable",
    "summary",
    "without_controls",
]

#: C0 and C1 control characters and DEL: never text of a report (tab and line feed are).
#: A terminal obeys them (ESC starts a sequence that may retitle or clear it).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"}


def char_name(char: str) -> str:
    """``U+001B (ESC)``: a control character as people can read it."""
    name = _NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def printable(text: str) -> str:
    """``text`` with each control character written ``U+001B``: safe on a terminal."""
    return CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def without_controls(text: str) -> str:
    """``text`` with each control character replaced by U+FFFD, which pandoc, TeX and
    Typst print: what an output or a parser receives instead of the character."""
    return CONTROL.sub("\ufffd", text)


@dataclass(frozen=True)
class Place:
    """Where a value lives: a YAML position (1-based) or a workbook cell."""

    file: str
    line: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __post_init__(self) -> None:
        # a file or sheet name is shown on the terminal too
        for name in ("file", "sheet"):
            text = getattr(self, name)
            if isinstance(text, str) and CONTROL.search(text):
                object.__setattr__(self, name, printable(text))

    @classmethod
    def at_offset(cls, file: str, text: str, offset: int) -> Place:
        """The line and column (1-based) of ``offset`` in ``text``, the whole of ``file``."""
        line = text.count("\n", 0, offset) + 1
        return cls(file, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}" + (f":{self.col}" if self.col else "")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the data."""

    code: str
    message: str
    place: Place | None = None
    hint: str | None = None
    path: str | None = None
    value: str | None = None
    severity: Severity | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        # data quoted in a message, a value or a path reaches a terminal: no control
        # character of it does (each is written U+001B)
        for name in ("message", "hint", "path", "value"):
            text = getattr(self, name)
            if isinstance(text, str) and CONTROL.search(text):
                object.__setattr__(self, name, printable(text))

    @property
    def slug(self) -> str:
        """The stable slug of the code (``date-invalid``)."""
        return CODES[self.code].slug

    @property
    def level(self) -> Severity:
        """The severity: the diagnostic's own, else its code's."""
        return self.severity or CODES[self.code].severity

    def sort_key(self) -> tuple[str, str, int, int, str]:
        """Order by file, line, column, code (for a workbook: sheet, row, column)."""
        p = self.place
        if p is None:
            return ("", "", 0, 0, self.code)
        if p.sheet is not None:
            match = re.fullmatch(r"([A-Z]+)(\d+)", p.cell or "")
            row = int(match.group(2)) if match else 0
            col = _column_number(match.group(1)) if match else 0
            return (p.file, p.sheet, row, col, self.code)
        return (p.file, "", p.line or 0, p.col or 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the diagnostic."""
        p = self.place
        return {
            "code": self.code,
            "slug": self.slug,
            "severity": self.level.value,
            "message": self.message,
            "hint": self.hint,
            "file": p.file if p else None,
            "line": p.line if p else None,
            "col": p.col if p else None,
            "sheet": p.sheet if p else None,
            "cell": p.cell if p else None,
            "place": str(p) if p else None,
            "path": self.path,
            "value": self.value,
        }


def _column_number(letters: str) -> int:
    """A → 1, AA → 27 (Excel's column names)."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def cut(value: object, limit: int = 60) -> str:
    """Show a value briefly: one line, at most ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(diags: Sequence[Diagnostic]) -> dict[str, int]:
    """Counts per severity."""
    out = {"errors": 0, "warnings": 0, "infos": 0}
    for d in diags:
        out[{"error": "errors", "warning": "warnings", "info": "infos"}[d.level.value]] += 1
    return out
