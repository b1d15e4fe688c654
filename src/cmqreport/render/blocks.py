"""A section's body: its paragraphs with its figures, tables and actions placed.

Planned by the outline (:func:`plan_body` numbers each figure and table in the order the
text shows them) and written afterwards (:func:`write_body`), from the same plan.

A paragraph made only of a marker places a piece there: ``[[fig:ID]]``, ``[[tab:ID]]``,
``[[action:ID]]``, ``[[actions]]`` (the actions not placed yet). What no marker places
follows the text: the funding chart, the figures, the tables, then the actions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from cmqreport import model as m
from cmqreport.model.textscan import MARKER
from cmqreport.model.walk import DataPath, sections
from cmqreport.render.markdown import Md, destination, escape
from cmqreport.render.nodes import (
    ActionsPiece,
    Asset,
    Content,
    FigurePiece,
    FinancesPiece,
    IncludePiece,
    Label,
    Node,
    Numbering,
    Paragraph,
    Piece,
    TablePiece,
    section_anchor,
)
from cmqreport.render.tables import data_table, finances, include_table
from cmqreport.render.text import indent, paragraphs
from cmqreport.render.writer import Writer

__all__ = ["PLACEHOLDER", "Recorder", "plan_body", "section_nodes", "write_body", "write_piece"]

PLACEHOLDER = "placeholder.png"


class Recorder:
    """What the outline learns while it numbers: every label and every asset."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.labels: dict[tuple[str, str], Label] = {}
        self.assets: dict[str, Asset] = {}

    def label(
        self, kind: str, ident: str, number: str, anchor: str, *, numbered: bool = True
    ) -> None:
        """Record what ``[[kind:ident]]`` prints (a later duplicate id wins)."""
        self.labels[(kind, ident)] = Label(kind, number, anchor, numbered)

    def figure(self, fig: m.Figure, counters: Numbering) -> FigurePiece:
        """Number a figure and record its picture: drawn from its sequence, copied from its
        file, or a placeholder when it has neither."""
        number, anchor = counters.figure(), f"fig-{fig.id}"
        self.label("fig", fig.id, number, anchor)
        if fig.sequence is not None:
            drawn = Asset(f"assets/{fig.id}.png", sequence=tuple(fig.sequence))
            name = self._asset(drawn)
        elif fig.file:
            name = self._asset(Asset(_picture_name(fig.file), source=self.root / fig.file))
        else:
            name = self._asset(Asset("assets/" + PLACEHOLDER, placeholder=True))
        return FigurePiece(fig, number, anchor, name)

    def finances(self, fin: m.Finances, counters: Numbering) -> FinancesPiece:
        """Number a funding chart and record the chart to draw."""
        number, anchor = counters.figure(), f"fig-{fin.id}"
        self.label("fig", fin.id, number, anchor)
        name = self._asset(Asset(f"assets/{fin.id}.png", chart=fin))
        return FinancesPiece(fin, number, anchor, name)

    def _asset(self, asset: Asset) -> str:
        """Record ``asset`` under its name, or a free variant (``x-2.png``) when another
        file already has it: two pictures never share an output file."""
        name, n = asset.name, 1
        while name in self.assets and self.assets[name] != replace(asset, name=name):
            n += 1
            stem, dot, suffix = asset.name.rpartition(".")
            name = f"{stem}-{n}.{suffix}" if dot and "/" not in suffix else f"{asset.name}-{n}"
        self.assets[name] = replace(asset, name=name)
        return name

    def table(self, tab: m.Table, counters: Numbering) -> TablePiece:
        """Number a table."""
        number, anchor = counters.table(), f"tab-{tab.id}"
        self.label("tab", tab.id, number, anchor)
        return TablePiece(tab, number, anchor)

    def include(self, an: m.Annex, cy: m.CampusYear, counters: Numbering) -> IncludePiece:
        """Number the table an annex includes."""
        number = counters.table()
        ident = an.table_id or f"{an.id}-tableau"
        anchor = f"tab-{ident}"
        self.label("tab", ident, number, anchor)
        return IncludePiece(an, cy, number, anchor)


def _picture_name(file: str) -> str:
    """Where a project picture goes in the output: its path under ``assets/``, kept
    (``assets/a/x.png`` and ``assets/b/x.png`` are two files), other folders below it."""
    parts = [p for p in PurePosixPath(file).parts if p not in ("/", ".", "..")]
    if parts[:1] == ["assets"]:
        parts = parts[1:]
    return "/".join(["assets", *parts]) if parts else "assets/" + PLACEHOLDER


def plan_body(
    rec: Recorder,
    counters: Numbering,
    body: str,
    figures: Sequence[m.Figure],
    tables: Sequence[m.Table],
    actions: Sequence[m.Action] = (),
    finances: m.Finances | None = None,
) -> list[Piece]:
    """The pieces of a body in the order they are printed, figures and tables numbered."""
    figs = {f.id: f for f in figures}
    tabs = {t.id: t for t in tables}
    acts = {a.id: a for a in actions}
    placed: set[str] = set()
    pieces: list[Piece] = []

    def place_fig(fid: str) -> None:
        if finances is not None and fid == finances.id:
            pieces.append(rec.finances(finances, counters))
        elif fid in figs:
            pieces.append(rec.figure(figs[fid], counters))
        placed.add("fig:" + fid)

    def place_actions(chosen: list[m.Action]) -> None:
        pieces.append(ActionsPiece(tuple(chosen)))
        placed.update("act:" + a.id for a in chosen)

    for para in paragraphs(body):
        marker = MARKER.match(para)
        what = marker.group(1) if marker else ""
        if marker is None:
            pieces.append(Paragraph(para))
        elif what.startswith("fig:"):
            place_fig(what[4:])
        elif what.startswith("tab:") and what[4:] in tabs:
            pieces.append(rec.table(tabs[what[4:]], counters))
            placed.add(what)
        elif what == "actions":
            place_actions([a for a in actions if "act:" + a.id not in placed])
        elif what.startswith("action:") and what[7:] in acts:
            place_actions([acts[what[7:]]])
    if finances is not None and "fig:" + finances.id not in placed:
        place_fig(finances.id)
    pieces += [rec.figure(f, counters) for f in figures if "fig:" + f.id not in placed]
    pieces += [rec.table(t, counters) for t in tables if "tab:" + t.id not in placed]
    rest = [a for a in actions if "act:" + a.id not in placed]
    if rest:
        place_actions(rest)
    return pieces


def section_nodes(
    rec: Recorder,
    counters: Numbering,
    items: Sequence[m.Section],
    parent: str,
    level: int,
    notes: Mapping[str, str],
    *,
    start: int = 1,
    actions: Sequence[m.Action] = (),
    finances: tuple[str, m.Finances] | None = None,
) -> list[Node]:
    """Data sections and their subsections, numbered under ``parent`` from ``start``.

    An unnumbered section's subsections are numbered under the nearest numbered one.
    """
    roots: list[Node] = []
    nodes: dict[DataPath, Node] = {}
    base: dict[DataPath, str] = {(): parent}  # what a child's number starts with
    count: dict[DataPath, int] = {(): start - 1}
    for sec, path, _parent in sections(items):
        up = path[:-2]  # (…, i, "sections", j) → (…, i)
        if not sec.unnumbered:
            count[up] = count.get(up, 0) + 1
        number = "" if sec.unnumbered else f"{base[up]}.{count[up]}"
        depth = len(path) // 2
        node = Node("section", section_anchor(sec.id), number, sec.title, level + depth, data=sec)
        rec.label("sec", sec.id, number or sec.title, node.anchor, numbered=bool(number))
        mine = [a for a in actions if a.section == sec.id]
        fin = finances[1] if finances and finances[0] == sec.id else None
        pieces = plan_body(rec, counters, sec.body, sec.figures, sec.tables, mine, fin)
        node.content = Content(tuple(pieces), notes)
        nodes[path], base[path] = node, number or base[up]
        (nodes[up].children if up else roots).append(node)
    return roots


# --------------------------------------------------------------------------- writing


def write_body(w: Writer, content: Content, owner: object = None) -> Md:
    """The Markdown of a planned body; its paragraphs marked as text of ``owner``'s body
    (a section's ``body``, a campus's ``intro``) for the DOCX's map."""
    field = "body" if isinstance(owner, m.Section | m.Annex) else "intro"
    value = getattr(owner, field, None)
    parts, start = [], 0
    for piece in content.pieces:
        part = write_piece(w, piece, content.notes)
        if isinstance(piece, Paragraph) and isinstance(value, str):
            at = value.find(piece.text, start)
            start = at if at >= 0 else start
            part = w.sources.mark(owner, (field,), part, start)
        parts.append(part)
    return Md("\n\n".join(p for p in parts if p))


def write_piece(w: Writer, piece: Piece, notes: Mapping[str, str]) -> str:
    """The Markdown of one piece of a body."""
    if isinstance(piece, Paragraph):
        return w.text.prose(piece.text, notes)
    if isinstance(piece, ActionsPiece):
        return _actions(w, piece.actions, notes)
    if isinstance(piece, FigurePiece):
        return _figure(w, piece)
    if isinstance(piece, TablePiece):
        return data_table(w, piece)
    if isinstance(piece, FinancesPiece):
        return finances(w, piece)
    return include_table(w, piece)


def _actions(w: Writer, actions: Sequence[m.Action], notes: Mapping[str, str]) -> str:
    items = []
    for act in actions:
        text = w.sources.mark(act, ("text",), w.text.prose(act.text, notes))
        head = f"**{w.text.plain(act.title)}**"
        first, _, more = text.partition("\n")
        line = f"- {head}\u00a0: {first}" if first else f"- {head}"
        if more:
            line += "\n" + indent(more, 2)
        items.append(line)
    return "\n".join(items) if all("\n\n" not in i for i in items) else "\n\n".join(items)


def _figure(w: Writer, piece: FigurePiece) -> str:
    # no number in the caption: each output format numbers figures (« Figure 3.2 – »)
    fig = piece.figure
    caption = w.sources.mark(fig, ("caption",), w.text.plain(fig.caption))
    alt = escape(fig.alt or fig.caption).replace('"', "'")
    target = destination(piece.asset)
    # the frame standing for a missing picture names the file it waits for (ids are
    # [a-z0-9-]: nothing to quote)
    missing = "" if fig.file or fig.drawn else f' missing="{fig.expected_file}"'
    return f'![{caption}]({target}){{#{piece.anchor} width={fig.width}% fig-alt="{alt}"{missing}}}'
