"""Find, read and model-check every data file of a project.

Stage one of the pipeline (load): the result is a :class:`Project` holding the validated
models, the place of every value, and the diagnostics of every file. Pydantic's errors are
turned into :class:`~cmqreport.diagnostics.Diagnostic` here; nothing downstream sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.errors import UsageError
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted, load_yaml

__all__ = ["Project", "YearData", "find_project", "load_project"]

CONFIG_NAME = "cmqreport.yaml"
_YEAR_DIR = re.compile(r"^\d{4}$")
_CAMPUS_FILE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
#: Folders whose content is not data.
_IGNORED_DIRS = {"templates", "assets", "build", "docs", ".git", ".github", "__pycache__"}

M = TypeVar("M", bound=m.Model)


@dataclass
class YearData:
    """Everything a project holds for one year."""

    year: int
    network: m.NetworkYear | None = None
    perspectives: m.PerspectivesFile | None = None
    campuses: dict[str, m.CampusYear] = field(default_factory=dict)


@dataclass
class Project:
    """A loaded project: models, sources (with places) and diagnostics."""

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

    def known_campuses(self) -> set[str]:
        """Campus codes with a campuses/CODE.yaml file, even one that could not be read."""
        known = set(self.campuses)
        for rel in self.failed:
            parts = rel.split("/")
            if len(parts) == 2 and parts[0] == "campuses":
                known.add(Path(parts[1]).stem)
        return known

    def failed_in(self, prefix: str) -> bool:
        """True when a data file whose path starts with ``prefix`` gave no model."""
        return any(rel.startswith(prefix) for rel in self.failed)

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
    if not (directory / CONFIG_NAME).is_file():
        raise UsageError(
            f"{directory} n'est pas un projet cmqreport : {CONFIG_NAME} est absent "
            "(utilisez --project DOSSIER)."
        )
    return directory


def load_project(directory: Path) -> Project:
    """Read every data file of the project at ``directory`` and check it against the model."""
    root = find_project(directory)
    project = Project(root)
    loader = _Loader(project)
    loader.run()
    return project


class _Loader:
    def __init__(self, project: Project) -> None:
        self.p = project

    def rel(self, path: Path) -> str:
        return path.relative_to(self.p.root).as_posix()

    def read(self, path: Path, model: type[M]) -> M | None:
        rel = self.rel(path)
        if path.suffix.lower() == ".xlsx":
            from cmqreport.load.workbook import load_workbook_data

            src: Loaded = load_workbook_data(path, rel)
        else:
            src = load_yaml(path, rel)
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

    def run(self) -> None:
        root = self.p.root
        self.p.config = self.read(root / CONFIG_NAME, m.ProjectConfig)
        for name, attr in (("acronyms", "acronyms"), ("glossary", "glossary")):
            for ext in (".yaml", ".yml"):
                if (root / f"{name}{ext}").is_file():
                    self._optional(root / f"{name}{ext}", attr)
        for ext in (".yaml", ".yml"):
            if (root / f"references{ext}").is_file():
                refs = self.read(root / f"references{ext}", m.ReferencesFile)
                if refs:
                    self.p.references = list(refs.references)
        self._campuses(root / "campuses")
        self._years(root / "years")
        self._strays(root)

    def _optional(self, path: Path, attr: str) -> None:
        if attr == "acronyms":
            acr = self.read(path, m.AcronymsFile)
            if acr:
                self.p.acronyms = {
                    k: (v if isinstance(v, m.Acronym) else m.Acronym(expansion=v))
                    for k, v in acr.acronyms.items()
                }
        else:
            glo = self.read(path, m.GlossaryFile)
            if glo:
                self.p.glossary = list(glo.terms)

    def _campuses(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if not _is_yaml(path):
                continue
            campus = self.read(path, m.CampusFile)
            if campus is None:
                continue
            if campus.code != path.stem:
                self._mismatch(
                    path,
                    ("code",),
                    f"le code « {campus.code} » ne correspond pas au nom du fichier {path.name}.",
                    f"Écrivez code: {path.stem}.",
                )
                continue
            self.p.campuses[campus.code] = campus

    def _years(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for ydir in sorted(folder.iterdir()):
            if not (ydir.is_dir() and _YEAR_DIR.match(ydir.name)):
                continue
            year = int(ydir.name)
            data = YearData(year)
            for path in self._year_files(ydir):
                if path.stem == "network":
                    net = self.read(path, m.NetworkYear)
                    if net and net.year != year:
                        self._mismatch(
                            path,
                            ("year",),
                            f"year: {net.year} dans le dossier years/{year}.",
                            f"Écrivez year: {year}.",
                        )
                    elif net:
                        data.network = net
                elif path.stem == "perspectives":
                    per = self.read(path, m.PerspectivesFile)
                    if per and per.planned_in != year:
                        self._mismatch(
                            path,
                            ("planned_in",),
                            f"planned_in: {per.planned_in} dans le dossier years/{year}.",
                            f"Écrivez planned_in: {year}.",
                        )
                    elif per:
                        data.perspectives = per
                elif _CAMPUS_FILE.match(path.stem):
                    cy = self.read(path, m.CampusYear)
                    if cy is None:
                        continue
                    if cy.year != year:
                        self._mismatch(
                            path,
                            ("year",),
                            f"year: {cy.year} dans le dossier years/{year}.",
                            f"Écrivez year: {year}.",
                        )
                    elif cy.campus != path.stem:
                        self._mismatch(
                            path,
                            ("campus",),
                            f"campus: {cy.campus} dans le fichier {path.name}.",
                            f"Écrivez campus: {path.stem}.",
                        )
                    else:
                        data.campuses[cy.campus] = cy
            self.p.years[year] = data

    def _year_files(self, ydir: Path) -> list[Path]:
        """The data files of a year folder: YAML, and a campus-year's workbook.

        One campus-year has one file: AGT.yaml and AGT.xlsx together are an error, and
        neither is read. An old-format workbook where a campus-year is expected (AGT.xls)
        is an error too: its data would be missing from the report.
        """
        files: list[Path] = []
        campus_files: dict[str, list[Path]] = {}
        for path in sorted(ydir.iterdir()):
            if not path.is_file() or path.name.startswith((".", "~$")):
                continue
            suffix = path.suffix.lower()
            campus = bool(_CAMPUS_FILE.match(path.stem))
            if suffix in (".xls", ".xlsm") and campus:
                rel = self.rel(path)
                self.p.failed.add(rel)
                kind = "Excel 97-2003 (.xls)" if suffix == ".xls" else "avec macros (.xlsm)"
                self.p.diagnostics.append(
                    Diagnostic(
                        "CMQ-V050",
                        f"classeur au format {kind} : il n'est pas lu.",
                        Place(rel),
                        hint=f"Enregistrez-le au format « Classeur Excel (.xlsx) » sous le nom "
                        f"{path.stem}.xlsx.",
                    )
                )
            elif campus and (suffix == ".xlsx" or _is_yaml(path)):
                campus_files.setdefault(path.stem, []).append(path)
            elif _is_yaml(path):
                files.append(path)
        for stem, paths in sorted(campus_files.items()):
            if len(paths) == 1:
                files.append(paths[0])
                continue
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
        return sorted(files)

    def _mismatch(self, path: Path, key: PathKey, message: str, hint: str) -> None:
        rel = self.rel(path)
        self.p.failed.add(rel)
        self.p.diagnostics.append(
            Diagnostic("CMQ-V029", message, self.p.place(rel, key), hint=hint, path=dotted(key))
        )

    def _strays(self, root: Path) -> None:
        # files that gave no model are reported already, not as strays
        known = set(self.p.sources) | self.p.failed
        for path in sorted(root.rglob("*")):
            rel_parts = path.relative_to(root).parts
            if any(part in _IGNORED_DIRS or part.startswith(".") for part in rel_parts[:-1]):
                continue
            if not path.is_file() or rel_parts[0] in _IGNORED_DIRS:
                continue
            rel = path.relative_to(root).as_posix()
            if rel in known:
                continue
            name = path.name
            if name.startswith("~$"):
                self._stray(
                    rel,
                    "fichier verrou d'Office (classeur ouvert dans Excel ?).",
                    "Fermez le classeur ; ce fichier est ignoré.",
                )
            elif path.suffix.lower() in (".yaml", ".yml"):
                self._stray(
                    rel,
                    "ce fichier YAML n'appartient à aucune partie du projet.",
                    "Emplacements reconnus : cmqreport.yaml, acronyms.yaml, "
                    "glossary.yaml, references.yaml, campuses/CODE.yaml, "
                    "years/AAAA/{network,perspectives,CODE}.yaml.",
                )
            elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
                self._stray(
                    rel,
                    "ce classeur n'appartient à aucune partie du projet ; il n'est pas lu.",
                    "Seul le classeur d'une année d'un campus est lu : years/AAAA/CODE.xlsx "
                    "(ex. years/2021/AGT.xlsx, créé par cmqreport export-xlsx).",
                )
            elif len(rel_parts) > 1 and rel_parts[0] in ("years", "campuses"):
                self._stray(
                    rel,
                    "fichier inattendu parmi les données.",
                    "Déplacez-le dans assets/ ou supprimez-le.",
                )

    def _stray(self, rel: str, message: str, hint: str) -> None:
        self.p.diagnostics.append(Diagnostic("CMQ-V028", message, Place(rel), hint=hint))


def _is_yaml(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in (".yaml", ".yml")
        and not path.name.startswith(".")
    )


# --------------------------------------------------------------------------- pydantic → diagnostics

_TYPE_WORDS = {
    "string_type": "du texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "true ou false",
    "bool_parsing": "true ou false",
    "list_type": "une liste (lignes commençant par « - »)",
    "dict_type": "un bloc « clé: valeur »",
    "model_type": "un bloc « clé: valeur »",
    "model_attributes_type": "un bloc « clé: valeur »",
}
_NUMBER_TEXT = re.compile(r"^[-+]?[\d\s\u00a0\u202f.,]+\s*(€|%|EUR)?$")


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Keep only the parts of a pydantic location that exist in the data (drop union tags)."""
    out: list[Any] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and isinstance(part, str) and part not in cur:
            # pydantic names a key that is not text (null, true, 1.5) by its str()
            part = next((k for k in cur if not isinstance(k, str) and str(k) == part), part)
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if in_dict or in_list:
            out.append(part)
            cur = cur[part]
        elif (
            isinstance(cur, dict) and isinstance(part, str) and part.isdigit() and int(part) in cur
        ):
            out.append(int(part))
            cur = cur[int(part)]
        elif isinstance(cur, dict) and not isinstance(part, int) and not _is_tag(part):
            # a missing key: keep it so the message can name it
            out.append(part)
            cur = None
    return tuple(out)


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and (
        part[:1].isupper() or "[" in part or part in ("str", "int", "float", "bool", "date")
    )


def _fields_of(model: type[m.Model], path: PathKey) -> list[str]:
    """Field names expected at ``path`` (for did-you-mean), best effort."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest choice to ``word``, if close enough."""
    if not choices:
        return None
    from rapidfuzz import fuzz, process, utils

    best = process.extractOne(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=60
    )
    return best[0] if best else None


def pydantic_diagnostics(
    exc: ValidationError, src: Loaded, model: type[m.Model]
) -> list[Diagnostic]:
    """Turn a pydantic ``ValidationError`` into diagnostics placed in the source file."""
    out: list[Diagnostic] = []
    seen: set[PathKey] = set()
    seen_kinds: set[tuple[PathKey, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(loc, src.data)
        kind = err["type"]
        if kind == "invalid_key":  # a key that is not text where field names are expected
            path = (*_data_path(loc[:-1], src.data), err.get("input"))
            kind = "extra_forbidden"
        if (path, kind) in seen_kinds or (kind != "missing" and path in seen):
            continue
        if any(path[: len(done)] == done for done in src.reported):
            continue  # the reader reported this value already (a workbook's cell)
        seen.add(path)
        seen_kinds.add((path, kind))
        on_key = bool(loc) and loc[-1] == "[key]"  # the key of a mapping is at fault
        out.append(src.adapt(_one(err, kind, path, src, model, on_key=on_key), path))
    return out


def _one(
    err: Any, kind: str, path: PathKey, src: Loaded, model: type[m.Model], *, on_key: bool = False
) -> Diagnostic:
    value = err.get("input")
    shown = cut(value) if isinstance(value, str | int | float | bool) else None
    where = dotted(path)
    if kind == "extra_forbidden":
        key = "?" if not path else "(vide)" if path[-1] is None else str(path[-1])
        near = suggest(key, _fields_of(model, path[:-1]))
        hint = (
            f"Vouliez-vous dire « {near} » ?"
            if near
            else "Supprimez-la ou vérifiez son orthographe."
        )
        allowed = _fields_of(model, path[:-1])
        if not near and allowed:
            hint += " Clés possibles : " + ", ".join(allowed) + "."
        return Diagnostic(
            "CMQ-V002", f"clé inconnue « {key} ».", src.place(path, key=True), hint=hint, path=where
        )
    if kind == "missing":
        key = str(path[-1]) if path else "?"
        return Diagnostic(
            "CMQ-V003",
            f"la clé « {key} » est obligatoire ici.",
            src.place(path[:-1]),
            hint=f"Ajoutez « {key}: … ».",
            path=where,
        )
    place = src.place(path, key=on_key)
    message = str(err.get("msg", ""))
    if kind == "value_error" and "date" in message:
        kind = "date_type"  # a number where a date is expected (see model.Date)
    elif kind == "value_error" and "booléen" in message:
        kind = "float_type"  # true/false where a number is expected (see model.Number)
    if kind.startswith(("date_", "datetime_")):
        return Diagnostic(
            "CMQ-V004",
            f"« {shown} » n'est pas une date.",
            place,
            hint="Attendu AAAA-MM-JJ (ex. 2021-02-04).",
            path=where,
            value=shown,
        )
    if (
        kind in ("float_parsing", "int_parsing")
        and isinstance(value, str)
        and _NUMBER_TEXT.match(value.strip())
    ):
        return Diagnostic(
            "CMQ-V015",
            f"« {shown} » est un nombre écrit comme du texte.",
            place,
            hint="Écrivez le nombre seul, sans espace ni symbole, avec un point "
            "décimal (ex. 15000.00).",
            path=where,
            value=shown,
        )
    if kind in _TYPE_WORDS:
        found = "trouvée" if value is None or isinstance(value, list) else "trouvé"
        return Diagnostic(
            "CMQ-V005",
            f"{_describe(value)} {found}, {_TYPE_WORDS[kind]} attendu.",
            place,
            path=where,
            value=shown,
            hint="Mettez le texte entre guillemets si c'est du texte."
            if kind == "string_type"
            else None,
        )
    if kind == "enum" or kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        head, sep, last = expected.rpartition(" or ")
        expected = f"{head} ou {last}" if sep else expected
        return Diagnostic(
            "CMQ-V006",
            f"« {shown} » n'est pas une valeur autorisée.",
            place,
            hint=f"Valeurs possibles : {expected}.",
            path=where,
            value=shown,
        )
    if kind == "string_pattern_mismatch":
        return Diagnostic(
            "CMQ-V006",
            f"« {shown} » n'a pas le format attendu.",
            place,
            hint=_pattern_hint(path),
            path=where,
            value=shown,
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        bound = ", ".join(f"{k} {v}" for k, v in ctx.items())
        return Diagnostic(
            "CMQ-V006",
            f"« {shown} » est hors des limites ({bound}).",
            place,
            path=where,
            value=shown,
        )
    if kind in ("too_short", "too_long", "string_too_long"):
        return Diagnostic(
            "CMQ-V006",
            "nombre d'éléments ou longueur non autorisé.",
            place,
            hint=str(err.get("msg", "")),
            path=where,
        )
    return Diagnostic(
        "CMQ-V006", f"valeur refusée : {err.get('msg', kind)}.", place, path=where, value=shown
    )


def _describe(value: Any) -> str:
    if value is None:
        return "valeur vide"
    if isinstance(value, bool):
        return "booléen"
    if isinstance(value, int | float):
        return "nombre"
    if isinstance(value, str):
        return f"texte « {cut(value, 40)} »"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "bloc « clé: valeur »"
    return type(value).__name__


def _pattern_hint(path: PathKey) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if last in ("campus", "code", "campuses", "campus_order"):
        return "Un code de campus s'écrit en majuscules (ex. AGT)."
    return "Un identifiant s'écrit en minuscules, chiffres et tirets (ex. voie-des-talents)."
