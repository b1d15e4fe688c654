"""Render a year's report to pandoc Markdown through Jinja templates.

Stages: number the outline (:mod:`cmqreport.render.outline`), turn data text into safe Markdown
(references resolved, footnotes inlined, raw markup neutralised, French typography), render
the templates in Jinja's sandbox, then spell out acronyms at their first use and index where
acronyms and glossary terms are used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport import model as m
from cmqreport.analyse.changes import ROLE_NAMES, ROLE_SHORT, changes_of_year, person
from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.errors import DataError
from cmqreport.load.project import Project
from cmqreport.model.textscan import FOOTNOTE, MARKER, REF, AcronymMatcher
from cmqreport.render.french import Formatter
from cmqreport.render.markdown import Md, escape, escape_cell, neutralise
from cmqreport.render.outline import (
    Label,
    Node,
    Numbering,
    annex_letter,
    campus_anchor,
    section_anchor,
)

__all__ = ["Asset", "Rendered", "render_markdown"]

PLACEHOLDER = "placeholder.png"


@dataclass(frozen=True)
class Asset:
    """A file the Markdown refers to: copied from the project or generated (charts)."""

    name: str  # path relative to the output directory
    source: Path | None = None  # project file to copy
    chart: m.Finances | None = None  # chart to draw
    placeholder: bool = False


@dataclass
class Rendered:
    """The Markdown of a report and what it needs beside it."""

    markdown: str
    assets: list[Asset] = field(default_factory=list)
    bibliography: list[dict[str, Any]] = field(default_factory=list)


def builtin_templates() -> Path:
    """Folder of the built-in templates, shipped inside the package."""
    return Path(__file__).resolve().parent / "templates"


# --------------------------------------------------------------------------- text → Markdown


class TextMaker:
    """Turns data text into safe Markdown for one report."""

    def __init__(self, fmt: Formatter, labels: dict[tuple[str, str], Label] | None) -> None:
        self.fmt = fmt
        self.labels = labels

    def ref(self, kind: str, ident: str) -> str:
        if self.labels is None:
            return "?"
        label = self.labels.get((kind, ident))
        if label is None:
            return "??"
        return f"[{label.number}](#{label.anchor})"

    def prose(self, text: str | None, notes: dict[str, str] | None = None) -> Md:
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
        """A plain field: escaped, with French typography."""
        return Md(self.fmt.typography(escape(str(text))))


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip("\n")) if p.strip()]


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join((pad + line) if line.strip() else "" for line in text.split("\n"))


# --------------------------------------------------------------------------- the renderer


class Renderer:
    """Renders the report of one year of a project."""

    def __init__(self, project: Project, year: int, template_dirs: list[Path]) -> None:
        self.p = project
        self.year = year
        self.cfg = project.config or m.ProjectConfig(network="", region="")
        self.fmt = Formatter(self.cfg.locale)
        self.data = project.year(year)
        if self.data.network is None:
            raise DataError(f"pas de données réseau pour {year} (years/{year}/network.yaml).")
        self.network: m.NetworkYear = self.data.network
        self.template_dirs = template_dirs
        self.assets: dict[str, Asset] = {}
        # set again by each build_tree pass: the second knows every label of the first
        self.text = TextMaker(self.fmt, None)
        self.found: dict[tuple[str, str], Label] = {}

    # ---- outline -------------------------------------------------------------------

    def build_tree(
        self, labels: dict[tuple[str, str], Label] | None
    ) -> tuple[list[Node], list[Node], dict[tuple[str, str], Label]]:
        """Chapters and annexes as nodes; returns them with every label found."""
        self.text = TextMaker(self.fmt, labels)
        self.found = {}
        chapters: list[Node] = []
        for i, ch in enumerate(self.network.chapters, start=1):
            number = str(i)
            node = Node("chapter", f"chap-{ch.id}", number, ch.title, 1, data=ch)
            node.extra["kind"] = ch.kind.value
            self.found[("chap", ch.id)] = Label("chap", number, node.anchor)
            counters = Numbering(number)
            node.body = self.text.prose(ch.intro, self.network.footnotes)
            builder: Callable[[Node, m.Chapter, Numbering], None] = {
                m.ChapterKind.structuring: self._structuring,
                m.ChapterKind.campuses: self._campuses,
                m.ChapterKind.perspectives: self._perspectives,
                m.ChapterKind.free: self._free,
            }[ch.kind]
            builder(node, ch, counters)
            chapters.append(node)
        annexes = self._annexes()
        return chapters, annexes, self.found

    def _section_nodes(
        self,
        sections: list[m.Section],
        parent: str,
        level: int,
        counters: Numbering,
        notes: dict[str, str],
        start: int = 1,
        actions: list[m.Action] | None = None,
        finances: tuple[str, m.Finances] | None = None,
    ) -> list[Node]:
        out: list[Node] = []
        k = start - 1
        for sec in sections:
            if not sec.unnumbered:
                k += 1
            number = "" if sec.unnumbered else f"{parent}.{k}"
            node = Node("section", section_anchor(sec.id), number, sec.title, level, data=sec)
            self.found[("sec", sec.id)] = Label("sec", number or sec.title, node.anchor)
            mine = [a for a in (actions or []) if a.section == sec.id]
            fin = finances[1] if finances and finances[0] == sec.id else None
            node.body = self._body(sec.body, sec.figures, sec.tables, mine, counters, notes, fin)
            node.children = self._section_nodes(
                sec.sections,
                number or parent,
                level + 1,
                counters,
                notes,
                actions=actions,
                finances=finances,
            )
            out.append(node)
        return out

    def _body(
        self,
        body: str,
        figures: list[m.Figure],
        tables: list[m.Table],
        actions: list[m.Action],
        counters: Numbering,
        notes: dict[str, str],
        finances: m.Finances | None = None,
    ) -> Md:
        """A section's text with its figures, tables and actions placed."""
        figs = {f.id: f for f in figures}
        tabs = {t.id: t for t in tables}
        acts = {a.id: a for a in actions}
        placed: set[str] = set()
        parts: list[str] = []

        def place_fig(fid: str) -> None:
            if finances is not None and fid == finances.id:
                parts.append(self._finances(finances, counters))
            elif fid in figs:
                parts.append(self._figure(figs[fid], counters))
            placed.add("fig:" + fid)

        for para in _paragraphs(body):
            marker = MARKER.match(para)
            if marker is None:
                parts.append(self.text.prose(para, notes))
                continue
            what = marker.group(1)
            if what.startswith("fig:"):
                place_fig(what[4:])
            elif what.startswith("tab:") and what[4:] in tabs:
                parts.append(self._table(tabs[what[4:]], counters))
                placed.add(what)
            elif what == "actions":
                remaining = [a for a in actions if "act:" + a.id not in placed]
                parts.append(self._actions(remaining, notes))
                placed.update("act:" + a.id for a in remaining)
            elif what.startswith("action:") and what[7:] in acts:
                parts.append(self._actions([acts[what[7:]]], notes))
                placed.add("act:" + what[7:])
        if finances is not None and "fig:" + finances.id not in placed:
            place_fig(finances.id)
        for fig in figures:
            if "fig:" + fig.id not in placed:
                parts.append(self._figure(fig, counters))
        for tab in tables:
            if "tab:" + tab.id not in placed:
                parts.append(self._table(tab, counters))
        rest = [a for a in actions if "act:" + a.id not in placed]
        if rest:
            parts.append(self._actions(rest, notes))
        return Md("\n\n".join(p for p in parts if p))

    def _actions(self, actions: list[m.Action], notes: dict[str, str]) -> str:
        items = []
        for act in actions:
            text = self.text.prose(act.text, notes)
            head = f"**{self.text.plain(act.title)}**"
            first, _, more = text.partition("\n")
            line = f"- {head}\u00a0: {first}" if first else f"- {head}"
            if more:
                line += "\n" + _indent(more, 2)
            items.append(line)
        return "\n".join(items) if all("\n\n" not in i for i in items) else "\n\n".join(items)

    def _figure(self, fig: m.Figure, counters: Numbering) -> str:
        number = counters.figure()
        anchor = f"fig-{fig.id}"
        self.found[("fig", fig.id)] = Label("fig", number, anchor)
        if fig.file:
            name = "assets/" + Path(fig.file).name
            self.assets[name] = Asset(name, source=self.p.root / fig.file)
        else:
            name = "assets/" + PLACEHOLDER
            self.assets[name] = Asset(name, placeholder=True)
        caption = self.text.plain(f"Figure {number} – {fig.caption}")
        alt = escape(fig.alt or fig.caption).replace('"', "'")
        return f'![{caption}]({name}){{#{anchor} width={fig.width}% fig-alt="{alt}"}}'

    def _table(self, tab: m.Table, counters: Numbering, number: str | None = None) -> str:
        number = number or counters.table()
        anchor = f"tab-{tab.id}"
        self.found[("tab", tab.id)] = Label("tab", number, anchor)
        return self._pipe_table(
            [self.text.plain(c) for c in tab.columns],
            [[self._cell(v) for v in row] for row in tab.rows],
            f"Tableau {number} – {tab.caption}",
            anchor,
            tab.widths,
        ) + (f"\n\n{self.text.prose(tab.note)}" if tab.note else "")

    def _cell(self, value: object) -> str:
        if isinstance(value, bool) or value is None:
            return escape_cell(value)
        if isinstance(value, int | float):
            return self.fmt.number(value)
        return self.fmt.typography(escape_cell(value))

    def _pipe_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        caption: str,
        anchor: str,
        widths: list[int] | None = None,
    ) -> str:
        ncol = len(header)
        rows = [([*r] + [""] * ncol)[:ncol] for r in rows]
        if widths and len(widths) == ncol:
            total = sum(widths)
            dashes = ["-" * max(3, round(60 * w / total)) for w in widths]
        else:
            longest = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(ncol)]
            total = sum(longest) or 1
            dashes = ["-" * max(3, round(60 * n / total)) for n in longest]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(dashes) + "|"]
        lines += ["| " + " | ".join(c.replace("\n", " ") for c in r) + " |" for r in rows]
        cap = self.text.plain(caption)
        return "\n".join(lines) + f"\n\n: {cap} {{#{anchor}}}"

    def _finances(self, fin: m.Finances, counters: Numbering) -> str:
        number = counters.figure()
        anchor = f"fig-{fin.id}"
        self.found[("fig", fin.id)] = Label("fig", number, anchor)
        name = f"assets/{fin.id}.png"
        self.assets[name] = Asset(name, chart=fin)
        caption = self.text.plain(f"Figure {number} – {fin.caption}")
        years = sorted({y for line in fin.lines for y in line.amounts})
        header = [Md("Source")] + [Md(str(y)) for y in years]
        rows = [
            [self.text.plain(line.source)]
            + [
                self.fmt.money(line.amounts[y], fin.currency) if y in line.amounts else "–"
                for y in years
            ]
            for line in fin.lines
        ]
        totals = [Md("**Total**")] + [
            Md(
                "**"
                + self.fmt.money(sum(line.amounts.get(y, 0) for line in fin.lines), fin.currency)
                + "**"
            )
            for y in years
        ]
        table = self._pipe_table(
            header,
            [*rows, totals],
            f"Détail de la figure {number} – {fin.caption}",
            f"tab-{fin.id}-detail",
        )
        note = f"\n\n{self.text.prose(fin.note)}" if fin.note else ""
        return f"![{caption}]({name}){{#{anchor} width=90%}}\n\n{table}{note}"

    # ---- chapters ------------------------------------------------------------------

    def _free(self, node: Node, ch: m.Chapter, counters: Numbering) -> None:
        node.children = self._section_nodes(
            ch.sections, node.number, 2, counters, self.network.footnotes
        )

    def _structuring(self, node: Node, ch: m.Chapter, counters: Numbering) -> None:
        changes = changes_of_year(
            self.p.campuses, self.p.campus_order(), self.year, _active(self.p, self.year)
        )
        notes = self.network.footnotes
        k = 0

        def sub(anchor: str, title: str, body: str) -> Node:
            nonlocal k
            k += 1
            child = Node("section", anchor, f"{node.number}.{k}", title, 2, body=Md(body))
            node.children.append(child)
            return child

        ignore_gov = set(changes.new_campuses) | set(changes.applications)
        by_campus: dict[str, list[str]] = {}
        for change in changes.governance:
            if change.campus in ignore_gov:
                continue
            by_campus.setdefault(change.campus, []).append(self._governance_sentence(change))
        if by_campus or ch.notes.get("governance"):
            items = []
            for code, sentences in by_campus.items():
                lead = ch.notes.get(f"governance:{code}")
                text = (self.text.prose(lead) + " " if lead else "") + " ".join(sentences)
                items.append(f"- Pour le CMQ {self.text.plain(code)}\u00a0: {text}")
            intro = self.text.prose(ch.notes.get("governance"), notes)
            lead_in = (
                ""
                if intro
                else ("Les principales modifications concernant la gouvernance ont concerné\u00a0:")
            )
            sub(
                "sec-structurants-gouvernance",
                "La gouvernance",
                "\n\n".join(x for x in (intro, lead_in, "\n".join(items)) if x),
            )
        portage_codes = sorted(
            {c.campus for c in changes.portage}
            | {k.split(":", 1)[1] for k in ch.notes if k.startswith("portage:")},
            key=self._order,
        )
        if portage_codes or ch.notes.get("portage"):
            items = []
            for code in portage_codes:
                parts: list[str] = []
                note = ch.notes.get(f"portage:{code}")
                if note:
                    parts.append(self.text.prose(note, notes))
                for pc in (c for c in changes.portage if c.campus == code):
                    if pc.new.note:
                        parts.append(self.text.prose(pc.new.note, notes))
                    if pc.previous:
                        parts.append(
                            "L’établissement porteur passe du "
                            f"{self.text.plain(pc.previous.establishment)}"
                            f" à {self.text.plain(pc.new.establishment)}"
                            + (
                                f" à partir du {self.fmt.date(pc.new.start)}"
                                if pc.new.start
                                else ""
                            )
                            + "."
                        )
                items.append(
                    f"- Concernant le CMQ {self.text.plain(code)}\u00a0: "
                    + " ".join(parts).replace("\n\n", " ")
                )
            sub(
                "sec-structurants-portage",
                "Le portage",
                "\n\n".join(
                    x
                    for x in (self.text.prose(ch.notes.get("portage"), notes), "\n".join(items))
                    if x
                ),
            )
        for code in changes.new_campuses:
            campus = self.p.campuses[code]
            body = [
                self.text.prose(ch.notes.get("new_campus"), notes),
                self.text.prose(campus.description, notes),
                self._team_sentence(
                    code, "La labellisation d’un nouveau CMQ conduit à mettre en place une équipe."
                ),
            ]
            sub(
                f"sec-structurants-nouveau-{code.lower()}",
                f"Un nouveau CMQ\u00a0: le CMQ {self.text.plain(code)}",
                "\n\n".join(b for b in body if b),
            )
        for code in changes.applications:
            campus = self.p.campuses[code]
            body = [
                self.text.prose(ch.notes.get("application"), notes),
                self.text.prose(campus.description, notes),
                self._team_sentence(code, ""),
            ]
            sub(
                f"sec-structurants-demande-{code.lower()}",
                "Une nouvelle demande de labellisation de CMQ\u00a0: le CMQ "
                f"{self.text.plain(code)}",
                "\n\n".join(b for b in body if b),
            )
        node.children += self._section_nodes(
            ch.sections, node.number, 2, counters, notes, start=k + 1
        )

    def _order(self, code: str) -> int:
        order = self.p.campus_order()
        return order.index(code) if code in order else len(order)

    def _who(self, holder: m.GovernanceRole) -> str:
        """``Mme X, Directrice de l’ESTP,``: the person and what they are, if known."""
        text: str = self.text.plain(person(holder))
        quality = holder.title
        if quality and holder.organisation and holder.organisation not in quality:
            quality = f"{quality} ({holder.organisation})"
        if quality:
            text += f", {self.text.plain(quality)},"
        return text

    def _governance_sentence(self, change: Any) -> str:
        """« Mme X a remplacé M. Y au poste de DO à partir du 1er novembre 2021 »."""
        new = change.new
        role = ROLE_SHORT[new.role]
        when = f" à partir du {self.fmt.date(new.start)}" if new.start else ""
        interim = " (par intérim)" if new.interim else ""
        who = self._who(new)
        if change.previous is not None:
            prev = change.previous
            end = f" (arrêt au {self.fmt.date(prev.end)})" if prev.end else ""
            sentence = (
                f"{who} a remplacé{interim} {self.text.plain(person(prev))} au poste de {role}"
                f"{when}{end}."
            )
        else:
            sentence = f"{who} prend la charge de {ROLE_NAMES[new.role]}{interim}{when}."
        if new.note:
            sentence += " " + self.text.prose(new.note).replace("\n\n", " ")
        return sentence[0].upper() + sentence[1:]

    def _team_sentence(self, code: str, lead: str) -> str:
        campus = self.p.campuses[code]
        parts = []
        for holder in sorted(campus.governance, key=lambda h: list(m.Role).index(h.role)):
            if holder.end is not None:
                continue
            interim = " par intérim" if holder.interim else ""
            what = (
                f"le poste de {ROLE_SHORT[holder.role]}"
                if holder.role in (m.Role.DC, m.Role.DO)
                else ROLE_NAMES[holder.role].replace("chargé(e) des ", "les ")
            )
            sentence = f"{self._who(holder).rstrip(',')} prend en charge {what}{interim}."
            if holder.note:
                sentence += " " + self.text.prose(holder.note).replace("\n\n", " ")
            parts.append(sentence)
        text = " ".join(parts)
        return f"{lead} {text}".strip() if text else ""

    def _campuses(self, node: Node, ch: m.Chapter, counters: Numbering) -> None:
        k = 0
        for code in self.p.campus_order():
            cy = self.data.campuses.get(code)
            campus = self.p.campuses.get(code)
            if cy is None or campus is None:
                continue
            k += 1
            number = f"{node.number}.{k}"
            title = cy.title or f"CMQ {campus.name}"
            child = Node("campus", campus_anchor(code), number, title, 2, data=cy)
            child.extra.update(code=code, campus=campus)
            self.found[("sec", f"campus-{code.lower()}")] = Label("sec", number, child.anchor)
            fin = (
                (cy.finances_section, cy.finances) if cy.finances and cy.finances_section else None
            )
            child.body = self._body(cy.intro, cy.figures, cy.tables, [], counters, cy.footnotes)
            child.children = self._section_nodes(
                cy.sections, number, 3, counters, cy.footnotes, actions=cy.actions, finances=fin
            )
            if cy.finances and not cy.finances_section:
                child.body = Md(child.body + "\n\n" + self._finances(cy.finances, counters))
            node.children.append(child)
        node.extra["campuses"] = k

    def _perspectives(self, node: Node, ch: m.Chapter, counters: Numbering) -> None:
        from cmqreport.analyse.perspectives import compute_diff

        diff = compute_diff(self.p, self.year)
        notes = self.network.footnotes
        review = Node(
            "section",
            "sec-perspectives-bilan",
            f"{node.number}.1",
            f"Comparaison actions {self.year} vs. perspectives émises en {self.year - 1}",
            2,
        )
        review.body = Md(self.text.prose(ch.notes.get("review"), notes))
        if not getattr(diff, "items", None):
            missing = (
                f"Le rapport {self.year - 1} ne formulait pas de perspectives pour {self.year}."
            )
            review.body = Md("\n\n".join(x for x in (review.body, missing) if x))
        review.extra["diff"] = diff
        review.extra["themes"] = self._diff_themes(diff)
        node.children.append(review)
        plans = Node(
            "section",
            "sec-perspectives-plans",
            f"{node.number}.2",
            f"Perspectives pour {self.year + 1}",
            2,
        )
        plans.body = self.text.prose(ch.notes.get("plans"), notes)
        nextp = self.data.perspectives
        if nextp is None or not nextp.items:
            none = f"Aucune perspective n’est encore formulée pour {self.year + 1}."
            plans.body = Md("\n\n".join(x for x in (plans.body, none) if x))
        if nextp:
            plans.body = Md("\n\n".join(x for x in (plans.body, self.text.prose(nextp.intro)) if x))
            themes: dict[str, list[m.Perspective]] = {}
            for item in nextp.items:
                themes.setdefault(item.theme, []).append(item)
            for j, (theme, items) in enumerate(themes.items(), start=1):
                body: list[str] = []
                if nextp.themes_intro.get(theme):
                    body.append(self.text.prose(nextp.themes_intro[theme]))
                for item in items:
                    text = self.text.prose(item.text)
                    if len(items) == 1 and item.title.strip() == theme.strip():
                        body.append(text)
                    else:
                        first, sep, rest = text.partition("\n\n")
                        body.append(f"**{self.text.plain(item.title)}**\u00a0: {first}{sep}{rest}")
                anchor = f"sec-perspective-{_slug(theme)}"
                plans.children.append(
                    Node(
                        "section",
                        anchor,
                        f"{plans.number}.{j}",
                        theme,
                        3,
                        body=Md("\n\n".join(body)),
                    )
                )
        node.children.append(plans)
        node.children += self._section_nodes(ch.sections, node.number, 2, counters, notes, start=3)

    def _evidence(self, ev: Any) -> str:
        """An action answering a perspective, linked to the section that presents it."""
        title, code = self.text.plain(ev.title), self.text.plain(ev.campus)
        cy = self.data.campuses.get(ev.campus)
        action = next((a for a in cy.actions if a.id == ev.action), None) if cy else None
        if action is not None and action.section:
            return f"[{title}](#{section_anchor(action.section)}) ({code})"
        if cy is not None:
            return f"[{title}](#{campus_anchor(ev.campus)}) ({code})"
        return f"{title} ({code})"

    def _diff_themes(self, diff: Any) -> list[dict[str, Any]]:
        themes: dict[str, list[dict[str, Any]]] = {}
        for item in getattr(diff, "items", []):
            evidence = [self._evidence(ev) for ev in item.evidence]
            title = self.text.plain(item.title)
            status = self.text.plain(item.status)
            comment = self.text.prose(item.comment, self.network.footnotes).replace("\n\n", " ")
            line = f"- **{title}** (*{status}*)" + (f"\u00a0: {comment}" if comment else "")
            if evidence:
                line += " Réalisations liées\u00a0: " + ", ".join(evidence) + "."
            themes.setdefault(item.theme, []).append(
                {
                    "line": Md(line),
                    "id": item.id,
                    "title": self.text.plain(item.title),
                    "status": self.text.plain(item.status),
                    "comment": self.text.prose(item.comment, self.network.footnotes),
                    "campuses": self.text.plain(", ".join(item.campuses))
                    if item.campuses
                    else Md("–"),
                    "evidence": [Md(e) for e in evidence],
                }
            )
        return [{"theme": self.text.plain(t), "items": items} for t, items in themes.items()]

    # ---- annexes -------------------------------------------------------------------

    def _annexes(self) -> list[Node]:
        out: list[Node] = []
        index = 0
        for code in self.p.campus_order():
            cy = self.data.campuses.get(code)
            if cy is None:
                continue
            for an in cy.annexes:
                letter = annex_letter(index)
                index += 1
                anchor = f"annexe-{an.id}"
                self.found[("annexe", an.id)] = Label("annexe", letter, anchor)
                node = Node(
                    "annex", anchor, f"Annexe {letter}", f"({code}) – {an.title}", 1, data=an
                )
                node.extra["letter"] = letter
                counters = Numbering(letter)
                parts: list[str] = [
                    self._body(an.body, an.figures, an.tables, [], counters, cy.footnotes)
                ]
                if an.include == "action_plan" and cy.action_plan:
                    parts.append(self._action_plan(cy, an, counters))
                elif an.include == "indicators" and cy.indicators:
                    parts.append(self._indicators(cy, an, counters))
                node.body = Md("\n\n".join(p for p in parts if p))
                out.append(node)
        return out

    def _include_label(
        self, an: m.Annex, counters: Numbering, default: str
    ) -> tuple[str, str, str]:
        number = counters.table()
        ident = an.table_id or f"{an.id}-tableau"
        anchor = f"tab-{ident}"
        self.found[("tab", ident)] = Label("tab", number, anchor)
        return number, anchor, an.table_caption or default

    def _action_plan(self, cy: m.CampusYear, an: m.Annex, counters: Numbering) -> str:
        number, anchor, caption = self._include_label(an, counters, "Objectifs et plan d’action")
        rows = []
        for obj in cy.action_plan:
            first = True
            for op in obj.objectives or [m.OperationalObjective(id="", title="")]:
                done = " ; ".join(
                    self.text.prose(a, cy.footnotes).replace("\n", " ") for a in op.achievements
                )
                rows.append(
                    [
                        self.text.plain(f"{obj.id}. {obj.title}") if first else "",
                        self.text.plain(f"{op.id} {op.title}".strip()),
                        done,
                    ]
                )
                first = False
        header = [Md("Objectifs stratégiques"), Md("Objectifs opérationnels"), Md("Réalisations")]
        return self._pipe_table(header, rows, f"Tableau {number} – {caption}", anchor, [25, 30, 45])

    def _indicators(self, cy: m.CampusYear, an: m.Annex, counters: Numbering) -> str:
        number, anchor, caption = self._include_label(an, counters, "Suivi des indicateurs")
        rows = []
        last_axis = None
        for ind in cy.indicators:
            value = ind.value
            rows.append(
                [
                    self.text.plain(ind.axis) if ind.axis != last_axis else "",
                    self.text.plain(ind.indicator),
                    self._cell(value) if value is not None else "",
                    self.text.prose(ind.comment, cy.footnotes).replace("\n", " ")
                    if ind.comment
                    else "",
                ]
            )
            last_axis = ind.axis
        header = [Md("Axe"), Md("Indicateur"), Md("Valeur"), Md("Commentaire")]
        return self._pipe_table(
            header, rows, f"Tableau {number} – {caption}", anchor, [20, 25, 10, 45]
        )


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


# --------------------------------------------------------------------------- Jinja


def _environment(template_dirs: list[Path]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    builtin = builtin_templates()
    loaders: list[Any] = [FileSystemLoader(str(d)) for d in template_dirs if d.is_dir()]
    loaders.append(FileSystemLoader(str(builtin)))
    loaders.append(PrefixLoader({"builtin": FileSystemLoader(str(builtin))}))

    def finalize(value: Any) -> Any:
        # every value a template prints is escaped unless it is already safe Markdown
        if isinstance(value, Md):
            return value
        if value is None:
            return ""
        if isinstance(value, str):
            return escape(value)
        return value

    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    # What templates produce themselves (blocks, super(), macros, caller()) is joined by
    # concat: it is safe Markdown already and must not be escaped again when printed.
    env.concat = _concat  # type: ignore[method-assign]
    env.filters["plain"] = lambda v: escape(str(v))
    env.filters["join"] = _join
    env.globals.update(heading=_heading, span=_span, span_id=_span_id, link=_link)
    return env


def _concat(parts: Any) -> Md:
    """Join the output of a template fragment; the result is safe Markdown."""
    return Md("".join(parts))


def _join(items: Any, sep: str = "") -> Md:
    """Jinja's join, keeping safe Markdown safe and escaping the rest."""
    glue = _INLINE_SEP.sub(r"\\\1", sep)
    return Md(glue.join(i if isinstance(i, Md) else escape(str(i)) for i in items))


_INLINE_SEP = re.compile(r"([\\`*_\[\]<>#|$~^@])")


def _heading(node: Node) -> Md:
    """``## 3.1 Title {#anchor .unnumbered}``: numbers are part of the text, the same in
    every output format."""
    return Md(f"{'#' * node.level} {escape(node.heading)} {{#{node.anchor} .unnumbered}}")


def _span(text: str, anchor: str) -> Md:
    """Text that is a link target: ``[text]{#anchor}``."""
    return Md(f"[{text if isinstance(text, Md) else escape(text)}]{{#{_slug(anchor)}}}")


def _span_id(anchor: str) -> Md:
    """An attribute block giving an id: ``{#anchor}``."""
    return Md(f"{{#{_slug(anchor)}}}")


def _link(text: str, anchor: str) -> Md:
    """A link to an anchor of the report."""
    return Md(f"[{text if isinstance(text, Md) else escape(text)}](#{_slug(anchor)})")


def _template_error(exc: Exception, project: Project) -> DataError:
    from jinja2 import TemplateSyntaxError

    frame_file, frame_line = _jinja_frame(exc)
    name = getattr(exc, "filename", None) or frame_file or getattr(exc, "name", None) or "?"
    line = getattr(exc, "lineno", None) or frame_line
    if name and project.root.resolve().as_posix() in str(name):
        name = Path(str(name)).resolve().relative_to(project.root.resolve()).as_posix()
    elif name and builtin_templates().as_posix() in str(name):
        name = "builtin/" + Path(str(name)).name
    what = "syntaxe" if isinstance(exc, TemplateSyntaxError) else "exécution"
    diag = Diagnostic(
        "CMQ-V040",
        f"erreur de {what} dans le gabarit : {exc}.",
        Place(str(name), line, None),
        hint="Corrigez le gabarit ou supprimez-le pour revenir au gabarit intégré.",
    )
    return DataError(f"{diag.place}: {diag.message}", [diag])


def _jinja_frame(exc: Exception) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of a rendering error."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


# --------------------------------------------------------------------------- acronyms


@dataclass
class Usage:
    """Where an acronym or a glossary term is used: section labels and anchors, in order."""

    places: dict[str, str] = field(default_factory=dict)  # anchor → label


_HEADING = re.compile(r"^(#{1,6}) (.*?)(?: \{#([^ }]+)[^}]*\})?\s*$")


def expand_acronyms(
    markdown: str, project: Project, scope: str, labels: dict[str, str]
) -> tuple[str, dict[str, Usage], dict[str, Usage]]:
    """Spell out each acronym at its first use per scope; index acronym and term uses."""
    cfg_ignore = project.config.acronym_ignore if project.config else []
    matcher = AcronymMatcher(project.acronyms, cfg_ignore)
    acr_use: dict[str, Usage] = {}
    term_use: dict[str, Usage] = {}
    terms = [
        (t.term, re.compile(rf"(?<!\w){re.escape(t.term)}s?(?!\w)", re.IGNORECASE))
        for t in project.glossary
    ]
    seen: set[str] = set()
    anchor = ""
    out_lines: list[str] = []
    in_meta = markdown.startswith("---\n")

    def used(table: dict[str, Usage], key: str) -> None:
        table.setdefault(key, Usage()).places.setdefault(anchor, labels.get(anchor, ""))

    for i, line in enumerate(markdown.split("\n")):
        if in_meta:
            out_lines.append(line)
            if i > 0 and line in ("---", "..."):
                in_meta = False
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if heading.group(3):
                anchor = heading.group(3)
            if scope == "section" or (scope == "chapter" and level == 1):
                seen = set()
            for hit in matcher.find(line):
                used(acr_use, hit.acronym)
            out_lines.append(line)
            continue
        if line.startswith(("![", "|", ": ")) or not line.strip():
            # figures, tables and captions: indexed, never expanded
            for hit in matcher.find(line):
                used(acr_use, hit.acronym)
            out_lines.append(line)
            continue
        for term, rx in terms:
            if rx.search(line):
                used(term_use, term)
        hits = matcher.find(line)
        if not hits:
            out_lines.append(line)
            continue
        pieces = []
        pos = 0
        for hit in hits:
            used(acr_use, hit.acronym)
            if hit.acronym in seen:
                continue
            seen.add(hit.acronym)
            expansion = project.acronyms[hit.acronym].expansion
            before = line[max(0, hit.start - len(expansion) - 3) : hit.start]
            after = line[hit.end : hit.end + len(expansion) + 4]
            if expansion.lower() in before.lower() or expansion.lower() in after.lower():
                continue  # already written out by the author: « X (ATS) » or « ATS (X) »
            # a plural (« les VRAIs ») stays inside the parenthesis: « … (VRAIs) »
            end = hit.end
            if line[end : end + 1] == "s" and not line[end + 1 : end + 2].isalnum():
                end += 1
            pieces.append(line[pos : hit.start])
            pieces.append(f"{escape(expansion)} ({line[hit.start : end]})")
            pos = end
        pieces.append(line[pos:])
        out_lines.append("".join(pieces))
    return "\n".join(out_lines), acr_use, term_use


# --------------------------------------------------------------------------- entry point


def render_markdown(
    project: Project, year: int, *, template_dirs: list[Path] | None = None
) -> Rendered:
    """The report of ``year`` as pandoc Markdown, with the assets it refers to."""
    from jinja2 import TemplateError

    dirs = template_dirs if template_dirs is not None else [project.root / "templates"]
    r = Renderer(project, year, dirs)
    _, _, labels = r.build_tree(None)
    chapters, annexes, labels = r.build_tree(labels)
    env = _environment(dirs)
    section_labels = {"resume": "Résumé", "presentation": "Présentation"}
    section_labels.update(_node_labels([*chapters, *annexes]))
    cfg = r.cfg
    net = r.network
    authors = net.authors if net.authors is not None else cfg.authors
    context: dict[str, Any] = {
        "year": year,
        "config": cfg,
        "network": net,
        "title": r.text.plain(net.title),
        "subtitle": r.text.plain(net.subtitle) if net.subtitle else "",
        "summary": r.text.prose(net.summary, net.footnotes),
        "presentation": _presentation(r),
        "chapters": chapters,
        "annexes": annexes,
        "fmt": r.fmt,
    }
    try:
        body = env.get_template("body.md.j2").render(context)
    except TemplateError as exc:
        raise _template_error(exc, project) from None
    body, acr_use, term_use = expand_acronyms(
        body, project, cfg.acronym_scope.value, section_labels
    )
    acronyms = []
    for acr in sorted(project.acronyms, key=lambda a: a.lower()):
        entry = project.acronyms[acr]
        uses = acr_use.get(acr, Usage()).places
        acronyms.append(
            {
                "acronym": r.text.plain(acr),
                "anchor": f"acr-{_slug(acr)}",
                "expansion": r.text.plain(entry.expansion),
                "uses": [
                    Md(f"[{escape(lbl) if lbl else '↑'}](#{a})") for a, lbl in uses.items() if a
                ],
                "glossary": f"glo-{_slug(entry.glossary)}" if entry.glossary else None,
                "glossary_term": r.text.plain(entry.glossary) if entry.glossary else None,
            }
        )
    glossary = []
    for term in sorted(project.glossary, key=lambda t: t.term.lower()):
        uses = term_use.get(term.term, Usage()).places
        glossary.append(
            {
                "term": r.text.plain(term.term),
                "anchor": f"glo-{_slug(term.term)}",
                "definition": r.text.prose(term.definition).replace("\n\n", " "),
                "uses": [
                    Md(f"[{escape(lbl) if lbl else '↑'}](#{a})") for a, lbl in uses.items() if a
                ],
            }
        )
    bibliography = [_csl(ref) for ref in project.references]
    meta = {
        "title": escape(net.title),
        "lang": cfg.locale.replace("_", "-"),
        "toc-title": "Table des matières",
        "link-citations": True,
        "reference-section-title": "Références",
    }
    if net.subtitle:
        meta["subtitle"] = escape(net.subtitle)
    if authors:
        meta["author"] = [escape(a) for a in authors]
    if net.date:
        meta["date"] = r.fmt.date(net.date)
    if bibliography:
        meta["bibliography"] = "references.json"
    context.update(
        body=Md(body),
        acronyms=acronyms,
        glossary=glossary,
        metadata=Md(_yaml_block(meta)),
        has_references=bool(bibliography),
    )
    try:
        text = env.get_template("report.md.j2").render(context)
    except TemplateError as exc:
        raise _template_error(exc, project) from None
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return Rendered(text, sorted(r.assets.values(), key=lambda a: a.name), bibliography)


def _presentation(r: Renderer) -> Md:
    net = r.network
    text = net.presentation
    if "[[label-events]]" not in text:
        return r.text.prose(text, net.footnotes)
    changes = changes_of_year(r.p.campuses, r.p.campus_order(), r.year, _active(r.p, r.year))
    items = []
    published = [lc for lc in changes.labels if lc.event.jo_date]
    filed = [
        lc
        for lc in changes.labels
        if lc.event.kind == m.LabelEventKind.application
        and not lc.event.jo_date
        and not any(o.campus == lc.campus and o.event.jo_date for o in published)
    ]
    what = {
        m.LabelEventKind.creation: "la création du CMQ {code}",
        m.LabelEventKind.renewal: "le renouvellement du label pour le CMQ {code}",
        m.LabelEventKind.excellence: "la reconnaissance du CMQ {code} dans la catégorie Excellence",
        m.LabelEventKind.withdrawal: "la fin du label du CMQ {code}",
    }
    if published:
        items.append("- la publication au Journal Officiel du\u00a0:\n")
        for lc in published:
            campus = r.p.campuses[lc.campus]
            # the campus code alone: its first use is spelled out from acronyms.yaml
            sentence = what.get(lc.event.kind, "{code}").format(code=lc.campus)
            if lc.event.duration_years:
                sentence += f" pour une durée de {lc.event.duration_years} ans"
            note = r.text.prose(lc.event.note).replace("\n\n", " ") if lc.event.note else ""
            items.append(
                f"    - {r.fmt.date(lc.when)}\u00a0: {escape(sentence)}."
                + (f" {note}" if note else "")
            )
    for lc in filed:
        campus = r.p.campuses[lc.campus]
        kind = (
            "renouvellement du label"
            if lc.campus in _active(r.p, r.year)
            or any(ev.kind == m.LabelEventKind.creation for ev in campus.labels)
            else "création"
        )
        note = r.text.prose(lc.event.note).replace("\n\n", " ") if lc.event.note else ""
        items.append(
            f"- Le dépôt du dossier de demande de {kind} du CMQ {lc.campus}."
            + (f" {note}" if note else "")
        )
    events = Md("\n".join(items).replace("\n\n", "\n"))
    out = []
    for para in _paragraphs(text):
        if para.strip() == "[[label-events]]":
            out.append(events)
        else:
            out.append(r.text.prose(para, net.footnotes))
    return Md("\n\n".join(out))


def _node_labels(nodes: list[Node]) -> dict[str, str]:
    """Anchor → what a back-link shows (the number, or the title when unnumbered)."""
    out: dict[str, str] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        out[node.anchor] = node.number or node.title
        stack.extend(node.children)
    return out


def _active(project: Project, year: int) -> set[str]:
    """Campuses that report activities in ``year`` or before."""
    return {code for y, data in project.years.items() if y <= year for code in data.campuses}


def _csl(ref: m.Reference) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": ref.id,
        "type": {
            "report": "report",
            "legislation": "legislation",
            "webpage": "webpage",
            "book": "book",
            "article": "article-journal",
            "document": "document",
        }[ref.type],
        "title": ref.title,
    }
    if ref.author:
        item["author"] = [{"literal": a} for a in ref.author]
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.issued:
        item["issued"] = {"date-parts": [[ref.issued.year, ref.issued.month, ref.issued.day]]}
    elif ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.url:
        item["URL"] = ref.url
    if ref.note:
        item["note"] = ref.note
    return item


def _yaml_block(meta: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)
