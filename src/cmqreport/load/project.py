"""A loaded project, and the entry point of the load stage.

Stage one of the pipeline (load): :func:`load_project` gives a :class:`Project` holding the
validated models, the place of every value, and the diagnostics of every file. The files
are read by :mod:`cmqreport.load.loader`; pydantic's errors are turned into diagnostics by
:mod:`cmqreport.load.pydantic_errors`; nothing downstream sees them.
"""

from __future__ import annotations

from pathlib import Path

from cmqreport import model as m
from cmqreport.diagnostics import Place
from cmqreport.errors import UsageError
from cmqreport.load.collector import paused_collection
from cmqreport.load.layout import CONFIG_NAME, Kind, classify, source_rel, stem_of, year_of
from cmqreport.load.loader import Loader, ProjectData, YearData
from cmqreport.load.loader_strays import without_excluded
from cmqreport.load.pydantic_errors import pydantic_diagnostics
from cmqreport.load.yamlsrc import Loaded, PathKey

__all__ = ["Project", "YearData", "find_project", "load_project", "pydantic_diagnostics"]


class Project(ProjectData):
    """A loaded project: models, sources (with places) and diagnostics (see ProjectData)."""

    def year(self, year: int) -> YearData:
        """The data of ``year`` (empty when the project has none)."""
        return self.years.get(year) or YearData(year)

    def source(self, rel: str) -> Loaded | None:
        """The loaded file at ``rel`` (relative to the project, forward slashes)."""
        return self.sources.get(rel)

    def place(self, rel: str, path: PathKey, *, key: bool = False) -> Place:
        """The place of ``path`` inside the file ``rel``."""
        src = self.sources.get(rel)
        return src.place(path, key=key) if src else Place(rel)

    def rel_of(self, kind: Kind, year: int | None = None, campus: str | None = None) -> str:
        """The file of that kind the project holds (``years/2021/AGT.xlsx``), by suffix order.

        ``….yaml`` when there is none, for messages.
        """
        return source_rel(stem_of(kind, year, campus), self.sources)

    def known_campuses(self) -> set[str]:
        """Campus codes with a campuses/CODE.yaml file, even one that could not be read."""
        known = set(self.campuses)
        for rel in self.failed:
            kind = classify(rel)
            if kind is not None and kind.kind == "campus" and kind.campus:
                known.add(kind.campus)
        return known

    def known_acronyms(self) -> dict[str, m.Acronym]:
        """Every acronym the prose may use: acronyms.yaml, then each campus code spelled out
        by its name (campuses/CODE.yaml), unless acronyms.yaml defines it otherwise."""
        known = dict(self.acronyms)
        for code, campus in sorted(self.campuses.items()):
            known.setdefault(code, m.Acronym(expansion=campus.name))
        return known

    def has_failed(self, kind: Kind | None = None, *, year: int | None = None) -> bool:
        """True when a data file of ``kind`` (in the folder of ``year``) gave no model.

        Without ``kind``, any file of the year folder counts, an unread workbook included.
        """
        for rel in self.failed:
            if year is not None and year_of(rel) != year:
                continue
            found = classify(rel)
            if kind is None or (found is not None and found.kind == kind):
                return True
        return False

    def campus_order(self) -> list[str]:
        """Campus codes in presentation order: configured order, then alphabetical."""
        order = list(self.config.campus_order) if self.config else []
        return order + sorted(c for c in self.campuses if c not in order)


def find_project(directory: Path) -> Path:
    """Return the project root, or raise a usage error saying what is missing."""
    if not directory.exists():
        raise UsageError(f"le dossier de projet {directory} n'existe pas.")
    if not directory.is_dir():
        raise UsageError(f"{directory} n'est pas un dossier.")
    config = directory / CONFIG_NAME
    if not (config.exists() or config.is_symlink()):  # a pipe there is reported when read
        raise UsageError(
            f"{directory} n'est pas un projet cmqreport : {CONFIG_NAME} est absent "
            "(utilisez --project DOSSIER)."
        )
    return directory


def load_project(directory: Path) -> Project:
    """Read every data file of the project at ``directory`` and check it against the model."""
    project = Project(find_project(directory))
    with paused_collection():
        Loader(project).run()
    if project.config and project.config.exclude:
        project.diagnostics = without_excluded(project.diagnostics, project.config.exclude)
    return project
