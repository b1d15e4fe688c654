"""Checks of the report's prose: acronyms, citations, footnotes and cross-references.

Every prose string of every file is read once, in the walk of every string
(:mod:`cmqreport.validate.strings`); each problem is placed at the character where it is,
inside the string.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmqreport.diagnostics import Diagnostic
from cmqreport.diagnostics.hints import did_you_mean
from cmqreport.load.layout import CONFIG_NAME, year_of
from cmqreport.load.project import Project
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted
from cmqreport.model.textscan import AcronymMatcher, citations, footnote_calls
from cmqreport.validate.references import CrossReferences
from cmqreport.validate.sources import is_prose_file

__all__ = ["FileProse", "ProseChecks"]


class ProseChecks:
    """What the prose of a project may use, and which acronyms it used so far.

    The walk of every string (:mod:`cmqreport.validate.strings`) gives it each prose file
    (:meth:`file`), then each of its prose strings; :meth:`unused_acronyms` comes last.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        cfg = project.config
        ignore = cfg.acronym_ignore if cfg else _raw_ignore(project)
        self.matcher = AcronymMatcher(project.known_acronyms(), ignore or ())
        self.refs = {r.id for r in project.references}
        # what an unreadable file would have defined is unknown: no errors about it
        self.check_acronyms = ignore is not None and not project.has_failed("acronyms")
        self.check_refs = not project.has_failed("references")
        # a data file that could not be read at all (a workbook beside its YAML, a .xls) may
        # use any acronym: none is reported unused
        self.all_read = not any(
            is_prose_file(rel) and rel not in project.sources for rel in project.failed
        )
        self.used: set[str] = set()
        self.crossrefs = CrossReferences(project)
        #: What :meth:`AcronymMatcher.scan` found in each text read so far: a text written
        #: again (a status, a partner's name, a sentence copied from campus to campus) is
        #: scanned once
        self._scanned: dict[str, tuple[list[str], list[tuple[str, int]]]] = {}

    def file(self, rel: str, src: Loaded) -> FileProse | None:
        """The checks of one prose file's strings; None for a file that was not read."""
        if not src.ok:
            self.all_read = False
            return None
        return FileProse(self, rel, src)

    def acronyms(self, src: Loaded, path: PathKey, text: str) -> list[Diagnostic]:
        """Records the acronyms ``text`` uses; reports those it uses undefined."""
        found = self._scanned.get(text)
        if found is None:
            found = self._scanned[text] = self.matcher.scan(text)
        used, undefined = found
        if used:
            self.used.update(used)
        if not undefined or not self.check_acronyms:
            return []
        return [
            _at(
                src,
                path,
                offset,
                "CMQ-V026",
                word,
                f"sigle « {word} » utilisé mais non défini.",
                f"Ajoutez « {word}: développement » à acronyms.yaml, ou « {word} » à "
                "acronym_ignore dans cmqreport.yaml si ce n'est pas un sigle.",
            )
            for word, offset in undefined
        ]

    def citations(self, src: Loaded, path: PathKey, text: str) -> Iterator[Diagnostic]:
        """Citations ``[@key]`` of ``text`` that references.yaml does not define."""
        if not self.check_refs:
            return
        for key, offset in citations(text):
            if key not in self.refs:
                hint = did_you_mean(key, self.refs) or "Ajoutez-la à references.yaml."
                yield _at(
                    src,
                    path,
                    offset,
                    "CMQ-V025",
                    key,
                    f"la référence « {key} » n'existe pas.",
                    hint,
                )

    def unused_acronyms(self) -> Iterator[Diagnostic]:
        """Acronyms no prose uses (unknown when a prose file could not be read)."""
        if not self.all_read:
            return
        rel = self.project.rel_of("acronyms")
        for acronym in sorted(set(self.project.acronyms) - self.used):
            yield Diagnostic(
                "CMQ-V027",
                f"le sigle « {acronym} » n'est utilisé nulle part.",
                self.project.place(rel, ("acronyms", acronym), key=True),
                path=f"acronyms.{acronym}",
                hint="Supprimez-le ou utilisez-le.",
            )


class FileProse:
    """The prose checks of one file: its footnotes are checked against its strings."""

    def __init__(self, checks: ProseChecks, rel: str, src: Loaded) -> None:
        self.checks, self.src = checks, src
        self.year = year_of(rel)
        notes = src.data.get("footnotes") if isinstance(src.data, dict) else None
        self.defined = (
            {k for k in notes if isinstance(k, str)} if isinstance(notes, dict) else set()
        )
        self.called: set[str] = set()

    def string(self, path: PathKey, text: str) -> list[Diagnostic]:
        """The problems of one prose string of the file."""
        src = self.src
        found = self.checks.acronyms(src, path, text)
        if "[" not in text:
            return found  # no citation, footnote call nor cross-reference: most texts
        if "@" in text:
            found += self.checks.citations(src, path, text)
        for note, offset in footnote_calls(text) if "[^" in text else ():
            self.called.add(note)
            if note not in self.defined:
                found.append(
                    _at(
                        src,
                        path,
                        offset,
                        "CMQ-V030",
                        note,
                        f"la note « {note} » n'est pas définie.",
                        "Ajoutez-la sous footnotes: dans ce fichier.",
                    )
                )
        if self.year is not None and "[[" in text:
            found += self.checks.crossrefs.check(self.year, src, path, text)
        return found

    def end(self) -> Iterator[Diagnostic]:
        """The footnotes of the file that no string calls."""
        for note in sorted(self.defined - self.called):
            yield Diagnostic(
                "CMQ-V031",
                f"la note « {note} » n'est jamais appelée.",
                self.src.place(("footnotes", note), key=True),
                path=f"footnotes.{note}",
                hint=f"Appelez-la par [^{note}] ou supprimez-la.",
            )


def _at(
    src: Loaded,
    path: PathKey,
    offset: int,
    code: str,
    value: str,
    message: str,
    hint: str | None,
) -> Diagnostic:
    """A diagnostic about ``value``, found at ``offset`` of the string at ``path``."""
    return Diagnostic(
        code, message, src.text_place(path, offset), path=dotted(path), value=value, hint=hint
    )


def _raw_ignore(project: Project) -> list[str] | None:
    """``acronym_ignore`` of a cmqreport.yaml that failed the model; None if unreadable."""
    src = project.sources.get(CONFIG_NAME)
    if src is None or not src.ok or not isinstance(src.data, dict):
        return None
    words = src.data.get("acronym_ignore") or []
    return [w for w in words if isinstance(w, str)] if isinstance(words, list) else None
