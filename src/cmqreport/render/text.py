"""Data text made safe Markdown for one report: references, footnotes, French typography."""

from __future__ import annotations

import re
from collections.abc import Mapping

from cmqreport.model.textscan import FOOTNOTE, REF
from cmqreport.render.french import Formatter
from cmqreport.render.markdown import Md, escape, escape_cell, neutralise
from cmqreport.render.nodes import Label

__all__ = ["TextMaker", "indent", "paragraphs"]


class TextMaker:
    """Turns data text into safe Markdown, cross-references resolved from the outline."""

    def __init__(self, fmt: Formatter, labels: Mapping[tuple[str, str], Label]) -> None:
        self.fmt = fmt
        self.labels = labels

    def ref(self, kind: str, ident: str) -> str:
        """``[3.2](#fig-x){.ref}`` for ``[[fig:x]]``; ``??`` for an id the outline does not know.

        The class ``ref`` tells each output format that the link's text is the target's
        number, which it writes its own way (a field, ``\\ref``); a section the data leaves
        unnumbered is a plain link with its title.
        """
        label = self.labels.get((kind, ident))
        if label is None:
            return "??"
        if not label.numbered:
            return f"[{self.fmt.plain_typography(escape(label.number))}](#{label.anchor})"
        return f"[{label.number}](#{label.anchor}){{.ref}}"

    def prose(self, text: str | None, notes: Mapping[str, str] | None = None) -> Md:
        """A Markdown field: neutralised, references and footnotes resolved, typography."""
        if not text:
            return Md("")
        out: str = neutralise(text)
        out = REF.sub(lambda mt: self.ref(mt.group(1), mt.group(2)), out)
        if notes is not None:

            def note(mt: re.Match[str]) -> str:
                body = notes.get(mt.group(1))
                if body is None:
                    return mt.group(0)
                inner = self.prose(body, None).replace("\n\n", " ").replace("\n", " ")
                return f"^[{inner}]"

            out = FOOTNOTE.sub(note, out)
        return Md(self.fmt.typography(out))

    def plain(self, text: object) -> Md:
        """A plain field: escaped, shown as typed (French no-break spaces only)."""
        return Md(self.fmt.plain_typography(escape(str(text))))

    def cell(self, value: object) -> str:
        """A table cell from the data: numbers in the locale's format, text escaped."""
        if isinstance(value, bool) or value is None:
            return escape_cell(value)
        if isinstance(value, int | float):
            return self.fmt.number(value)
        return self.fmt.plain_typography(escape_cell(value))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a Markdown field (blank lines separate them)."""
    return [p for p in _BLANK_LINE.split(text.strip("\n")) if p.strip()]


_BLANK_LINE = re.compile(r"\n\s*\n")


def indent(text: str, spaces: int) -> str:
    """Every non-blank line indented (the continuation of a list item)."""
    pad = " " * spaces
    return "\n".join((pad + line) if line.strip() else "" for line in text.split("\n"))
