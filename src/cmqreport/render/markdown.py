"""Text from data, made safe for pandoc Markdown.

Two kinds of data text reach the report:

* plain text (titles, names, table cells) is escaped by :func:`escape` so that every
  character prints as written;
* Markdown fields are passed through :func:`neutralise`, which keeps Markdown but turns raw
  HTML, raw LaTeX and math into literal text;
* a path the Markdown points at (an image) is written by :func:`destination`;
* the cells of a stand-alone document such as ``diff-perspectives --format md`` use
  :func:`escape_inline` (plain text) and :func:`inline_markdown` (Markdown text), which keep
  the text on one line.

Pipe tables are written by :func:`pipe_table` only.

:class:`Md` marks text that is already safe Markdown; the Jinja environment escapes every
other string it prints, so a template cannot forget to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from cmqreport.diagnostics import without_controls
from cmqreport.model.textscan import CITE_GROUP, HEADING_LINE, WORD_STYLE

__all__ = [
    "Md",
    "destination",
    "escape",
    "escape_cell",
    "escape_inline",
    "inline_markdown",
    "neutralise",
    "pipe_table",
]


class Md(str):
    """A string that is already safe pandoc Markdown."""

    __slots__ = ()


# Characters that start Markdown syntax anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>#|$~^@])")
# Characters that start block syntax at the beginning of a line.
# (the indent never spans lines: a run of empty lines is not rescanned from each of them)
_LINE_START = re.compile(r"^([^\S\n]*+)([-+:>=]|\d+[.)])(?=\s|$)", re.MULTILINE)


def _escape_marker(m: re.Match[str]) -> str:
    marker = m.group(2)
    if marker[0].isdigit():  # "1." → "1\.": the backslash goes before the punctuation
        return m.group(1) + marker[:-1] + "\\" + marker[-1]
    return m.group(1) + "\\" + marker


def escape(text: str) -> Md:
    """Plain text → Markdown that prints exactly ``text`` (on one logical paragraph)."""
    text = _INLINE.sub(r"\\\1", without_controls(str(text)))
    text = _LINE_START.sub(_escape_marker, text)
    # a line break in plain text is a space: plain fields never make paragraphs
    return Md(" ".join(text.split()))


def escape_cell(value: object) -> Md:
    """A table cell: plain text, with ``|`` and line breaks made safe for pipe tables."""
    if value is None:
        return Md("")
    return escape(str(value))


# (an autolink holds no « < »: each « < » looks ahead only as far as the next one)
_HTML = re.compile(r"<(?!(?:https?|mailto|ftp)[:][^<>\s]*>)(?=[A-Za-z!/?])")
_TEX_CMD = re.compile(r"\\(?=[A-Za-z])")
# "@compte" outside brackets is a social-media handle, not pandoc's in-text citation
_BARE_AT = re.compile(r"(?<![\w\\])@(?=\w)")
_DOLLAR = re.compile(r"(?<!\\)\$")
_ATTR_RAW = re.compile(r"\{=[A-Za-z]+\}")


def neutralise(text: str) -> Md:
    """Markdown from data with raw HTML, raw LaTeX, math and raw blocks shown as text.

    What only the report's structure and templates may do is text too: a heading line
    (``# Titre``, a line of ``===`` or ``---`` under text), a fenced div (``:::``) and a
    Word style (``{custom-style=…}``). ``validate`` refuses all of these (CMQ-V121, CMQ-V122) and
    control characters (CMQ-V120, here U+FFFD); this is the second line.
    """
    text = without_controls(text)
    text = HEADING_LINE.sub(r"\1\\\2", text)
    text = _FENCE.sub(r"\1\\\2", text)
    text = "\n".join(_underline(lines) for lines in _pairs(text.split("\n")))
    text = WORD_STYLE.sub(r"\\\g<0>", text)
    text = _HTML.sub(r"\\<", text)
    text = _TEX_CMD.sub(r"\\\\", text)
    text = _DOLLAR.sub(r"\\$", text)
    text = _ATTR_RAW.sub(lambda m: "\\" + m.group(0), text)
    text = _escape_bare_at(text)
    text = _escape_unbalanced(text)
    return Md(text.strip("\n"))


# a fenced div: its classes and attributes are the templates' and filters' (.annex, styles)
_FENCE = re.compile(r"^([ \t]*)(:{3,})", re.MULTILINE)
_UNDERLINE = re.compile(r"([ \t]*)([=-]+[ \t]*)")


def _pairs(lines: list[str]) -> Iterable[tuple[str, str]]:
    return zip(["", *lines[:-1]], lines, strict=True)


def _underline(pair: tuple[str, str]) -> str:
    """A line of ``===`` or ``---`` under a line of text (a heading) made text."""
    previous, line = pair
    match = _UNDERLINE.fullmatch(line)
    if match is None or not previous.strip() or _UNDERLINE.fullmatch(previous):
        return line
    return f"{match.group(1)}\\{match.group(2)}"


# a code span (its backslashes are literal), an escaped character, or a bracket
_BRACKETS = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)|\\.|[\[\]]")


def _escape_unbalanced(text: str) -> str:
    """Escape every ``[`` or ``]`` that closes or opens nothing.

    Such a bracket is text, but inside a footnote written ``^[…]`` it would end the note
    early (or swallow the text after it): escaped, it stays text wherever the field goes.
    """
    opened: list[int] = []
    lone: list[int] = []
    for match in _BRACKETS.finditer(text):
        if match.group(0) == "[":
            opened.append(match.start())
        elif match.group(0) == "]":
            if opened:
                opened.pop()
            else:
                lone.append(match.start())
    lone = sorted(lone + opened)
    for pos in reversed(lone):
        text = text[:pos] + "\\" + text[pos:]
    return text


def _escape_bare_at(text: str) -> str:
    """Escape ``@`` outside citation brackets (only ``[@id]`` cites)."""
    out: list[str] = []
    pos = 0
    for group in CITE_GROUP.finditer(text):
        out.append(_BARE_AT.sub(r"\\@", text[pos : group.start()]))
        out.append(group.group(0))
        pos = group.end()
    out.append(_BARE_AT.sub(r"\\@", text[pos:]))
    return "".join(out)


def destination(path: str) -> Md:
    """A relative path as the destination of a link or image: ``assets/salon.png``, or
    ``<assets/photo (1).png>`` when the name holds other characters.

    Between angle brackets, spaces and parentheses are part of the path; ``<``, ``>`` and
    backslashes are escaped, and nothing in the name can close the destination early.
    """
    if _PLAIN_PATH.fullmatch(path):
        return Md(path)
    inner = _BRACKETED.sub(r"\\\1", " ".join(path.splitlines()))
    return Md(f"<{inner}>")


# a path that needs no brackets: letters, digits, "-", "_", ".", "/"
_PLAIN_PATH = re.compile(r"[\w./-]+")
_BRACKETED = re.compile(r"([\\<>])")


# Characters that pandoc Markdown reads as markup inside a line of a table cell: emphasis,
# code, links, HTML, cell borders, sub/superscript, TeX math and citations.
_INLINE_CELL = re.compile(r"([\\`*_\[\]<>|~^$@])")


def escape_inline(text: str) -> Md:
    """Plain text for a one-line table cell: every markup character escaped."""
    return Md(_INLINE_CELL.sub(r"\\\1", " ".join(text.split())))


def inline_markdown(text: str) -> Md:
    """Markdown text for a one-line table cell: the Markdown kept, raw markup disarmed.

    ``|`` would end the cell, ``<`` would start raw HTML and ``\\word`` raw LaTeX: each is
    escaped so that the data stays text.
    """
    line = " ".join(text.split())
    line = _BARE_BAR.sub(r"\\|", line)
    line = line.replace("<", "\\<")
    return Md(_BACKSLASH_WORD.sub(r"\\\\", line))


_BARE_BAR = re.compile(r"(?<!\\)\|")
_BACKSLASH_WORD = re.compile(r"\\(?=[A-Za-z])")


def pipe_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[int] | None = None,
    align: str | None = None,
    right: Collection[int] = (),
) -> Md:
    """A pipe table of cells that are already Markdown; short rows are padded.

    The rule under the header gives either alignments (``align``: one ``l`` or ``r`` per
    column) or relative column widths: ``widths`` when given for every column, else the
    longest cell of each column (pandoc wraps a pipe table whose rule is wide); with
    widths, the columns listed in ``right`` (amounts) are right-aligned.
    """
    ncol = len(header)
    cells = [([*r] + [""] * ncol)[:ncol] for r in rows]
    if align is not None:
        rule = [("---:" if a == "r" else "---") for a in align.ljust(ncol, "l")]
    else:
        if widths and len(widths) == ncol:
            sizes = list(widths)
        else:
            sizes = [max([len(header[i])] + [len(r[i]) for r in cells]) for i in range(ncol)]
        total = sum(sizes) or 1
        rule = [
            "-" * max(3, round(60 * n / total)) + (":" if i in right else "")
            for i, n in enumerate(sizes)
        ]
    lines = [_row(header), "|" + "|".join(rule) + "|" if align is None else _row(rule)]
    lines += [_row(c.replace("\n", " ") for c in r) for r in cells]
    return Md("\n".join(lines))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
