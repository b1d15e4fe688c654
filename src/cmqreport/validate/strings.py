"""The checks of every string of every file, in one walk of each file's data.

What no text may hold (:mod:`cmqreport.validate.text`), the prose's acronyms, citations,
footnotes and cross-references (:mod:`cmqreport.validate.prose`), its images and links
(:mod:`cmqreport.validate.paths`): each string is read once for all of them, rather than
once per group of rules, and each rule looks at a string only when it holds what the rule
looks for.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport.diagnostics import Diagnostic
from cmqreport.load.project import Project
from cmqreport.validate.paths import LinkChecks
from cmqreport.validate.prose import ProseChecks
from cmqreport.validate.sources import every_string, is_prose_file
from cmqreport.validate.text import TEXT_SIGNS, WORKBOOK_SIGNS, text_findings

__all__ = ["string_checks"]


def string_checks(project: Project) -> Iterator[Diagnostic]:
    """Every rule about the strings of the data files, each file walked once."""
    prose = ProseChecks(project)
    links = LinkChecks(project)
    for rel, src in sorted(project.sources.items()):
        of_prose = prose.file(rel, src) if is_prose_file(rel) else None
        if src.data is None:
            continue
        workbook = rel.lower().endswith((".xlsx", ".xlsm"))
        # a string that is not prose matters only to the text rules: given when it holds
        # what they look for (a workbook's, Excel's « _x001B_ » form too)
        signs = WORKBOOK_SIGNS if workbook else TEXT_SIGNS
        look = signs.search
        for path, text, is_key, is_prose in every_string(src.data, signs):
            # (lists, empty for nearly every string, rather than a generator for each)
            if look(text) is not None:
                yield from text_findings(src, path, text, is_key, workbook)
            if is_prose and of_prose is not None:
                yield from of_prose.string(path, text)
                links.add(rel, src, path, text)
        if of_prose is not None:
            yield from of_prose.end()
    yield from prose.unused_acronyms()
    yield from links.findings()
