"""Acronyms spelled out at their first use; every use of an acronym or a glossary term
marked, for the page lists of the acronyms and of the glossary.

Runs on the rendered body: an acronym is spelled out once per scope (``section``,
``chapter`` or ``document``), never in headings, figures, tables or captions. Each use in
the text (tables included) becomes an anchor span, ``[CMQ]{#u-acr-cmq-3}`` or
``[cordées de la réussite]{#u-glo-cordees-de-la-reussite-1}``, numbered in report order;
uses in headings, captions, link texts, URLs and citations are not marked (an anchor there
would reach the table of contents, or nest in a link). The entry of the list gives the ids
of its uses, in order: ``[]{.pages targets="u-acr-cmq-1 u-acr-cmq-2"}``, which each output
format writes as the pages of those anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cmqreport.load.project import Project
from cmqreport.model.textscan import AcronymMatcher, Hit
from cmqreport.render.markdown import Md, escape
from cmqreport.render.nodes import slug
from cmqreport.render.sources import Sources
from cmqreport.render.text import TextMaker

__all__ = [
    "PAGE_LIST",
    "Usage",
    "acronym_entries",
    "expand_acronyms",
    "glossary_entries",
    "pages_span",
]


@dataclass
class Usage:
    """Where an acronym or a glossary term is used: the ids of its anchors, in order."""

    targets: list[str] = field(default_factory=list)


_HEADING = re.compile(r"^(#{1,6}) (.*?)(?: \{#([^ }]+)[^}]*\})?\s*$")
# Where no anchor goes: links and images (their text too), spans, attributes, autolinks,
# URLs, code and citations.
_NO_ANCHOR = re.compile(
    r"(?<!\\)!?\[(?:\\.|[^\[\]\\])*\]\([^)]*\)(?:\{[^}]*\})?"
    r"|(?<!\\)\[(?:\\.|[^\[\]\\])*\]\{[^}]*\}"
    r"|\{[^}]*\}"
    r"|<[^>\s]+>"
    r"|(?:https?://|www\.)\S+"
    r"|`[^`]*`"
    r"|\[[^\[\]]*@[^\[\]]*\]"
)


def _protected(line: str) -> list[tuple[int, int]]:
    return [(mt.start(), mt.end()) for mt in _NO_ANCHOR.finditer(line)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


class _Scan:
    """The state of one pass over the body: what is spelled out, the uses marked."""

    def __init__(self, project: Project, sources: Sources | None = None) -> None:
        self.sources = sources
        cfg_ignore = project.config.acronym_ignore if project.config else []
        self.project = project
        # campus codes are acronyms by themselves (spelled out by the campus's name)
        self.known = project.known_acronyms()
        self.matcher = AcronymMatcher(self.known, cfg_ignore)
        self.acr_use: dict[str, Usage] = {}
        self.term_use: dict[str, Usage] = {}
        # longer terms first: « plate-forme technologique » before « plate-forme »
        terms = sorted(project.glossary, key=lambda t: -len(t.term))
        self.terms = [
            (t.term, re.compile(rf"(?<!\w){re.escape(t.term)}s?(?!\w)", re.IGNORECASE))
            for t in terms
        ]
        # one search tells whether a line holds any term: most lines hold none, and each
        # term's own pattern then runs only on the lines that do
        self.any_term = re.compile(
            rf"(?<!\w)(?:{'|'.join(re.escape(t.term) for t in terms)})s?(?!\w)", re.IGNORECASE
        )
        self.seen: set[str] = set()

    def anchor(self, table: dict[str, Usage], prefix: str, key: str, text: str) -> str:
        """``text`` as the anchor span of the next use of ``key``."""
        usage = table.setdefault(key, Usage())
        ident = f"u-{prefix}-{slug(key)}-{len(usage.targets) + 1}"
        usage.targets.append(ident)
        return f"[{text}]{{#{ident}}}"

    def acronyms(self, line: str, *, expand: bool, mark: bool = True) -> str:
        """The line with its acronyms marked, each one not yet spelled out spelled out.

        An acronym already in parentheses gets its expansion before them: « X (AE) », never
        « (X (AE)) ». ``mark=False`` (captions) spells out without marking the use.
        """
        hits = self.matcher.find(line)
        if not hits:
            return line
        spans = _protected(line)
        pieces = []
        pos = 0
        for hit in hits:
            # a plural (« les VRAIs ») stays with its acronym: « … ([VRAIs]{#…}) »
            end = hit.end
            if line[end : end + 1] == "s" and not line[end + 1 : end + 2].isalnum():
                end += 1
            word = line[hit.start : end]
            if mark and not _inside(spans, hit.start, end):
                word = self.anchor(self.acr_use, "acr", hit.acronym, word)
            start = hit.start
            if expand and self._spell_out(line, hit):
                expansion = self._source(hit.acronym, escape(self.known[hit.acronym].expansion))
                if start > pos and line[start - 1] == "(" and line[end : end + 1] == ")":
                    start -= 1
                    word = f"{expansion} ({word}"
                else:
                    word = f"{expansion} ({word})"
            pieces += [line[pos:start], word]
            pos = end
        pieces.append(line[pos:])
        return "".join(pieces)

    def _source(self, code: str, expansion: str) -> str:
        return spelled_from(self.project, self.sources, code, expansion)

    def _spell_out(self, line: str, hit: Hit) -> bool:
        """Whether this use is the first one of its scope and not written out already."""
        if hit.acronym in self.seen:
            return False
        self.seen.add(hit.acronym)
        expansion = self.known[hit.acronym].expansion.lower()
        before = line[max(0, hit.start - len(expansion) - 3) : hit.start]
        after = line[hit.end : hit.end + len(expansion) + 4]
        # already written out by the author: « X (ATS) » or « ATS (X) »
        return expansion not in before.lower() and expansion not in after.lower()

    def terms_in(self, line: str) -> str:
        """The line with each use of a glossary term marked."""
        if not self.terms or self.any_term.search(line) is None:
            return line
        for term, rx in self.terms:
            if not rx.search(line):
                continue
            spans = _protected(line)

            def mark(mt: re.Match[str], term: str = term, spans: list[Any] = spans) -> str:
                if _inside(spans, mt.start(), mt.end()):
                    return mt.group(0)
                return self.anchor(self.term_use, "glo", term, mt.group(0))

            line = rx.sub(mark, line)
        return line


def expand_acronyms(
    markdown: str, project: Project, scope: str, sources: Sources | None = None
) -> tuple[str, dict[str, Usage], dict[str, Usage]]:
    """Spell out each acronym at its first use per scope; mark acronym and term uses.

    With ``sources``, each expansion written out carries the source markers of the line
    that defines it, so a remark on it in the DOCX points at acronyms.yaml."""
    scan = _Scan(project, sources)
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
            if scope == "section" or (scope == "chapter" and level == 1):
                scan.seen = set()
            out_lines.append(line)
        elif line.startswith("![") or not line.strip():
            out_lines.append(line)  # a figure's caption is its alt text too: left as written
        elif line.startswith(": "):
            # a table's caption is read where it stands: spelled out, its uses not counted
            out_lines.append(scan.acronyms(line, expand=True, mark=False))
        else:  # text, tables and footnotes alike: the first use is spelled out wherever it is
            out_lines.append(scan.terms_in(scan.acronyms(line, expand=True)))
    return "\n".join(out_lines), scan.acr_use, scan.term_use


def spelled_from(project: Project, sources: Sources | None, code: str, expansion: str) -> str:
    """``expansion`` in the source markers of the data that spells ``code`` out: its
    line of acronyms.yaml, else the campus's name (campuses/CODE.yaml)."""
    if sources is None:
        return expansion
    if code in project.acronyms:
        value = project.acronyms[code].expansion
        return sources.mark_at(project.rel_of("acronyms"), ("acronyms", code), value, expansion)
    name = project.campuses[code].name
    return sources.mark_at(project.rel_of("campus", campus=code), ("name",), name, expansion)


#: A page list as :func:`pages_span` writes it; group 1: the ids it names.
PAGE_LIST = re.compile(r'\[\]\{\.pages targets="([^"]*)"\}')


def pages_span(usage: Usage | None) -> Md:
    """``[]{.pages targets="…"}``: where each output format writes the pages of the uses."""
    if usage is None or not usage.targets:
        return Md("")
    return Md(f'[]{{.pages targets="{" ".join(usage.targets)}"}}')


def acronym_entries(
    project: Project, text: TextMaker, uses: dict[str, Usage], sources: Sources | None = None
) -> list[dict[str, Any]]:
    """The list of acronyms (for ``acronyms.md.j2``), alphabetical, with their uses; with
    ``sources``, each expansion in the markers of the line that gives it."""
    out = []
    known = project.known_acronyms()
    for acr in sorted(known, key=lambda a: a.lower()):
        entry = known[acr]
        usage = uses.get(acr)
        out.append(
            {
                "acronym": text.plain(acr),
                "anchor": f"acr-{slug(acr)}",
                "expansion": Md(spelled_from(project, sources, acr, text.plain(entry.expansion))),
                "targets": list(usage.targets) if usage else [],
                "pages": pages_span(usage),
                "glossary": f"glo-{slug(entry.glossary)}" if entry.glossary else None,
                "glossary_term": text.plain(entry.glossary) if entry.glossary else None,
            }
        )
    return out


def glossary_entries(
    project: Project, text: TextMaker, uses: dict[str, Usage]
) -> list[dict[str, Any]]:
    """The glossary (for ``glossary.md.j2``), alphabetical, with its uses."""
    out = []
    for term in sorted(project.glossary, key=lambda t: t.term.lower()):
        usage = uses.get(term.term)
        out.append(
            {
                "term": text.plain(term.term),
                "anchor": f"glo-{slug(term.term)}",
                "definition": Md(text.prose(term.definition).replace("\n\n", " ")),
                "targets": list(usage.targets) if usage else [],
                "pages": pages_span(usage),
            }
        )
    return out
