"""Find, read and model-check every data file of a project folder.

The folders and names come from :mod:`cmqreport.load.layout`; each file is read (YAML, or a
campus-year's workbook), checked against its model, and then against its place: a
campus-year in ``years/2021`` must say ``year: 2021``. What is read, with its places and
diagnostics, fills a :class:`ProjectData`; :class:`~cmqreport.load.project.Project` adds the
questions the later stages ask of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.load.layout import (
    CAMPUSES_DIR,
    CONFIG_NAME,
    LEGACY_WORKBOOK_SUFFIXES,
    WORKBOOK_SUFFIX,
    YAML_SUFFIXES,
    YEARS_DIR,
    classify,
    is_campus_code,
    is_hidden,
    is_lock_file,
    is_yaml_name,
    is_year_dir,
    year_folder,
)
from cmqreport.load.loader_strays import strays
from cmqreport.load.paths import is_inside
from cmqreport.load.pydantic_errors import pydantic_diagnostics
from cmqreport.load.regular import MAX_WORKBOOK_BYTES, MAX_YAML_BYTES, file_problem
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted, load_yaml

__all__ = ["Loader", "ProjectData", "YearData"]

M = TypeVar("M", bound=m.Model)


@dataclass
class YearData:
    """Everything a project holds for one year."""

    year: int
    network: m.NetworkYear | None = None
    perspectives: m.PerspectivesFile | None = None
    campuses: dict[str, m.CampusYear] = field(default_factory=dict)


@dataclass
class ProjectData:
    """What the loader read: models, sources (with places) and diagnostics."""

    root: Path
    config: m.ProjectConfig | None = None
    campuses: dict[str, m.CampusFile] = field(default_factory=dict)
    years: dict[int, YearData] = field(default_factory=dict)
    acronyms: dict[str, m.Acronym] = field(default_factory=dict)
    glossary: list[m.GlossaryTerm] = field(default_factory=list)
    references: list[m.Reference] = field(default_factory=list)
    sources: dict[str, Loaded] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Data files that exist but gave no model (unreadable, invalid, misplaced): checks that
    #: would need their content stay silent rather than report errors that are not there.
    failed: set[str] = field(default_factory=set)


class Loader:
    """Reads the files of ``data.root`` into ``data``, in a fixed order (see :meth:`run`)."""

    def __init__(self, data: ProjectData) -> None:
        self.p = data

    def run(self) -> None:
        """Read the configuration, the top-level files, campuses, years; report strays."""
        root = self.p.root
        self.p.config = self.read(root / CONFIG_NAME, m.ProjectConfig)
        for path in self._top_files("acronyms"):
            acr = self.read(path, m.AcronymsFile)
            if acr:
                self.p.acronyms = {
                    k: (v if isinstance(v, m.Acronym) else m.Acronym(expansion=v))
                    for k, v in acr.acronyms.items()
                }
        for path in self._top_files("glossary"):
            glo = self.read(path, m.GlossaryFile)
            if glo:
                self.p.glossary = list(glo.terms)
        for path in self._top_files("references"):
            refs = self.read(path, m.ReferencesFile)
            if refs:
                self.p.references = list(refs.references)
        self._campuses(root / CAMPUSES_DIR)
        self._years(root / YEARS_DIR)
        # files that gave no model are reported already, not as strays
        self.p.diagnostics += strays(root, set(self.p.sources) | self.p.failed)

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, with forward slashes."""
        # files are found under the root: cut as text, not parsed again by pathlib (on
        # Windows, whose names hold « \\ », the prefix never matches)
        if (whole := str(path)).startswith(prefix := f"{self.p.root}/"):
            return whole[len(prefix) :]
        return path.relative_to(self.p.root).as_posix()

    def read(self, path: Path, model: type[M]) -> M | None:
        """Read the file at ``path`` and check it against ``model``; None when it fails."""
        rel = self.rel(path)
        if not is_inside(self.p.root, path):
            self._outside(rel)
            return None
        workbook = path.suffix.lower() == WORKBOOK_SUFFIX
        problem = file_problem(
            path,
            rel,
            MAX_WORKBOOK_BYTES if workbook else MAX_YAML_BYTES,
            "classeur" if workbook else "fichier de données",
        )
        if problem is not None:  # a pipe, a device, a folder, a file far too large
            self.p.failed.add(rel)
            self.p.diagnostics.append(problem)
            return None
        src = self._source(path, rel)
        self.p.sources[rel] = src
        self.p.diagnostics.extend(src.diagnostics)
        if not src.ok:
            self.p.failed.add(rel)
            return None
        if not isinstance(src.data, dict):
            self.p.failed.add(rel)
            self.p.diagnostics.append(
                Diagnostic(
                    "CMQ-V016",
                    "le fichier doit être une suite « clé: valeur ».",
                    src.place(()),
                    hint=f"Voir le modèle {model.__name__} (cmqreport schema).",
                )
            )
            return None
        try:
            loaded = model.model_validate(src.data)
        except ValidationError as exc:
            self.p.diagnostics.extend(pydantic_diagnostics(exc, src, model))
            self.p.failed.add(rel)
            return None
        if any(d.level == "error" for d in src.diagnostics):
            # a workbook whose cells had errors: all of them are reported, the data is not used
            self.p.failed.add(rel)
            return None
        return loaded

    def _outside(self, rel: str) -> None:
        """A data file that is a link to a file outside the project: never opened."""
        self.p.failed.add(rel)
        self.p.diagnostics.append(
            Diagnostic(
                "CMQ-V063",
                f"{rel} est un lien vers un fichier hors du projet : il n'est pas lu.",
                Place(rel),
                hint="Remplacez le lien par une copie du fichier dans le projet.",
            )
        )

    def _source(self, path: Path, rel: str) -> Loaded:
        if path.suffix.lower() == WORKBOOK_SUFFIX:
            # openpyxl is imported only by a project that has workbooks
            from cmqreport.load.workbook import load_workbook_data

            return load_workbook_data(path, rel)
        return load_yaml(path, rel)

    def _top_files(self, stem: str) -> list[Path]:
        """The files of a top-level kind present in the project (``acronyms.yaml``, ``.yml``):
        anything of that name, so that a pipe or a folder there is reported, not skipped."""
        return [p for ext in YAML_SUFFIXES if _present(p := self.p.root / f"{stem}{ext}")]

    # ----------------------------------------------------------------------- campuses

    def _campuses(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if not is_yaml_name(path.name):  # a pipe or a folder named AGT.yaml: reported
                continue
            campus = self.read(path, m.CampusFile)
            if campus is None:
                continue
            if campus.code != path.stem:
                self._mismatch(
                    path,
                    "code",
                    f"le code « {campus.code} » ne correspond pas au nom du fichier {path.name}.",
                    path.stem,
                )
                continue
            self.p.campuses[campus.code] = campus

    # ----------------------------------------------------------------------- years

    def _years(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for ydir in sorted(folder.iterdir()):
            if ydir.is_dir() and is_year_dir(ydir.name):
                year = int(ydir.name)
                self.p.years[year] = self._year(ydir, year)

    def _year(self, ydir: Path, year: int) -> YearData:
        data = YearData(year)
        for path in self._year_files(ydir):
            kind = classify(self.rel(path))
            if kind is None:
                continue  # a YAML file that is no part of the year: reported as a stray
            if kind.kind == "network_year":
                net = self.read(path, m.NetworkYear)
                if net and self._in_folder(path, "year", net.year, year):
                    data.network = net
            elif kind.kind == "perspectives":
                per = self.read(path, m.PerspectivesFile)
                if per and self._in_folder(path, "planned_in", per.planned_in, year):
                    data.perspectives = per
            elif kind.kind == "campus_year":
                cy = self.read(path, m.CampusYear)
                if cy and self._in_folder(path, "year", cy.year, year) and self._named(path, cy):
                    data.campuses[cy.campus] = cy
        return data

    def _in_folder(self, path: Path, key: str, found: int, year: int) -> bool:
        """True when the year a file says (``year``, ``planned_in``) is its folder's."""
        if found == year:
            return True
        self._mismatch(path, key, f"{key}: {found} dans le dossier {year_folder(year)}.", year)
        return False

    def _named(self, path: Path, cy: m.CampusYear) -> bool:
        """True when a campus-year's ``campus`` is the code its file is named after."""
        if cy.campus == path.stem:
            return True
        self._mismatch(
            path, "campus", f"campus: {cy.campus} dans le fichier {path.name}.", path.stem
        )
        return False

    def _year_files(self, ydir: Path) -> list[Path]:
        """The data files of a year folder: YAML, and a campus-year's workbook.

        One campus-year has one file: AGT.yaml and AGT.xlsx together are an error, and
        neither is read. An old-format workbook where a campus-year is expected (AGT.xls)
        is an error too: its data would be missing from the report.
        """
        files: list[Path] = []
        campus_files: dict[str, list[Path]] = {}
        for path in sorted(ydir.iterdir()):
            # by name only: a pipe or a folder named like data is reported when read
            if is_hidden(path.name) or is_lock_file(path.name):
                continue
            suffix = path.suffix.lower()
            campus = is_campus_code(path.stem)
            if suffix in LEGACY_WORKBOOK_SUFFIXES and campus:
                self._legacy_workbook(path)
            elif campus and (suffix == WORKBOOK_SUFFIX or is_yaml_name(path.name)):
                campus_files.setdefault(path.stem, []).append(path)
            elif is_yaml_name(path.name):
                files.append(path)
        for stem, paths in sorted(campus_files.items()):
            if len(paths) == 1:
                files.append(paths[0])
            else:
                self._two_files(stem, paths)
        return sorted(files)

    def _legacy_workbook(self, path: Path) -> None:
        rel = self.rel(path)
        self.p.failed.add(rel)
        kind = "Excel 97-2003 (.xls)" if path.suffix.lower() == ".xls" else "avec macros (.xlsm)"
        self.p.diagnostics.append(
            Diagnostic(
                "CMQ-V050",
                f"classeur au format {kind} : il n'est pas lu.",
                Place(rel),
                hint=f"Enregistrez-le au format « Classeur Excel (.xlsx) » sous le nom "
                f"{path.stem}.xlsx.",
            )
        )

    def _two_files(self, stem: str, paths: list[Path]) -> None:
        """A campus-year given twice (YAML and workbook): neither is read."""
        rels = [self.rel(p) for p in paths]
        self.p.failed.update(rels)
        for rel in rels[1:]:
            self.p.diagnostics.append(
                Diagnostic(
                    "CMQ-V059",
                    f"{' et '.join(rels)} décrivent la même année du campus {stem} : "
                    "aucun des deux n'est lu.",
                    Place(rel),
                    hint="Gardez un seul fichier : supprimez ou déplacez l'autre (après "
                    "cmqreport import-xlsx si le classeur est le plus récent).",
                )
            )

    def _mismatch(self, path: Path, key: str, message: str, expected: object) -> None:
        """A file whose ``key`` contradicts its place: reported, and its model not used."""
        rel = self.rel(path)
        self.p.failed.add(rel)
        where: PathKey = (key,)
        src = self.p.sources.get(rel)
        place = src.place(where) if src else Place(rel)
        self.p.diagnostics.append(
            Diagnostic(
                "CMQ-V029",
                message,
                place,
                hint=f"Écrivez {key}: {expected}.",
                path=dotted(where),
            )
        )


def _present(path: Path) -> bool:
    """True when something (a file, a link, even a broken one, a pipe) has this name."""
    return path.exists() or path.is_symlink()
