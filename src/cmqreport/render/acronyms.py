"""Acronyms spelled out at their first use, and the back-link index of acronyms and terms.

Runs on the rendered body: an acronym is spelled out once per scope (``section``,
``chapter`` or ``document``), never in headings, figures, tables or captions; every use, in
text or not, is indexed by the section it appears in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cmqreport.load.project import Project
from cmqreport.model.textscan import AcronymMatcher
from cmqreport.render.markdown import Md, escape
from cmqreport.render.nodes import slug
from cmqreport.render.text import TextMaker

__all__ = ["Usage", "acronym_entries", "expand_acronyms", "glossary_entries"]


@dataclass
class Usage:
    """Where an acronym or a glossary term is used: section labels and anchors, in order."""

    places: dict[str, str] = field(default_factory=dict)  # anchor → label


_HEADING = re.compile(r"^(#{1,6}) (.*?)(?: \{#([^ }]+)[^}]*\})?\s*$")


class _Scan:
    """The state of one pass over the body: the section, what is spelled out, the uses."""

    def __init__(self, project: Project, labels: dict[str, str]) -> None:
        cfg_ignore = project.config.acronym_ignore if project.config else []
        self.project = project
        self.labels = labels
        self.known = project.known_acronyms()
        self.matcher = AcronymMatcher(self.known, cfg_ignore)
        self.acr_use: dict[str, Usage] = {}
        self.term_use: dict[str, Usage] = {}
        self.terms = [
            (t.term, re.compile(rf"(?<!\w){re.escape(t.term)}s?(?!\w)", re.IGNORECASE))
            for t in project.glossary
        ]
        self.seen: set[str] = set()
        self.anchor = ""

    def used(self, table: dict[str, Usage], key: str) -> None:
        """Record a use of ``key`` in the current section."""
        table.setdefault(key, Usage()).places.setdefault(
            self.anchor, self.labels.get(self.anchor, "")
        )

    def index_only(self, line: str) -> str:
        """Record the acronyms of a line that is never expanded; return it unchanged."""
        for hit in self.matcher.find(line):
            self.used(self.acr_use, hit.acronym)
        return line

    def expand(self, line: str) -> str:
        """The line with each acronym not yet spelled out in this scope spelled out."""
        for term, rx in self.terms:
            if rx.search(line):
                self.used(self.term_use, term)
        hits = self.matcher.find(line)
        if not hits:
            return line
        pieces = []
        pos = 0
        for hit in hits:
            self.used(self.acr_use, hit.acronym)
            if hit.acronym in self.seen:
                continue
            self.seen.add(hit.acronym)
            expansion = self.known[hit.acronym].expansion
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
        return "".join(pieces)


def expand_acronyms(
    markdown: str, project: Project, scope: str, labels: dict[str, str]
) -> tuple[str, dict[str, Usage], dict[str, Usage]]:
    """Spell out each acronym at its first use per scope; index acronym and term uses."""
    scan = _Scan(project, labels)
    out_lines: list[str] = []
    in_meta = markdown.startswith("---\n")
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
                scan.anchor = heading.group(3)
            if scope == "section" or (scope == "chapter" and level == 1):
                scan.seen = set()
            out_lines.append(scan.index_only(line))
        elif line.startswith(("![", "|", ": ")) or not line.strip():
            # figures, tables and captions: indexed, never expanded
            out_lines.append(scan.index_only(line))
        else:
            out_lines.append(scan.expand(line))
    return "\n".join(out_lines), scan.acr_use, scan.term_use


def _back_links(usage: Usage | None) -> list[Md]:
    places = usage.places if usage else {}
    return [Md(f"[{escape(lbl) if lbl else '↑'}](#{a})") for a, lbl in places.items() if a]


def acronym_entries(
    project: Project, text: TextMaker, uses: dict[str, Usage]
) -> list[dict[str, Any]]:
    """The list of acronyms (for ``acronyms.md.j2``), alphabetical, with their back-links."""
    out = []
    known = project.known_acronyms()
    for acr in sorted(known, key=lambda a: a.lower()):
        entry = known[acr]
        out.append(
            {
                "acronym": text.plain(acr),
                "anchor": f"acr-{slug(acr)}",
                "expansion": text.plain(entry.expansion),
                "uses": _back_links(uses.get(acr)),
                "glossary": f"glo-{slug(entry.glossary)}" if entry.glossary else None,
                "glossary_term": text.plain(entry.glossary) if entry.glossary else None,
            }
        )
    return out


def glossary_entries(
    project: Project, text: TextMaker, uses: dict[str, Usage]
) -> list[dict[str, Any]]:
    """The glossary (for ``glossary.md.j2``), alphabetical, with its back-links."""
    return [
        {
            "term": text.plain(term.term),
            "anchor": f"glo-{slug(term.term)}",
            "definition": text.prose(term.definition).replace("\n\n", " "),
            "uses": _back_links(uses.get(term.term)),
        }
        for term in sorted(project.glossary, key=lambda t: t.term.lower())
    ]
