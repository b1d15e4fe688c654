"""The Excel round trip of a campus-year: one workbook per campus and year.

Campus directors fill a workbook rather than YAML: French headers, dropdowns for closed
lists, dates as dates. :func:`export_campus_year` writes that workbook (prefilled with a
:class:`~cmqreport.model.CampusYear`, or empty for a new year) and
:func:`load_workbook_data` reads one back into the plain data a YAML campus-year gives, so
that :mod:`cmqreport.load.project` checks both with the same model. Every value keeps its cell,
and every diagnostic names it: ``years/2021/AGT.xlsx!Actions!F7``.

Layout (one sheet per kind of data, headers in row 1, one record per row):

* « Campus »: key/value rows (Campus, Année, Titre, Introduction, Section des moyens
  financiers, the caption, currency and note of the funding figure);
* « Axes », « Sections » (a subsection names its « Section parente »), « Actions »
  (partners and perspectives one per line), « Chiffres » (the metrics of an action);
* « Figures » and « Tableaux » (« Rattaché(e) à » a section or an annex; a table is one
  « En-tête » row holding its columns C1…Cn, then one « Ligne » row per row);
* « Indicateurs », « Plan d'action » (one row per achievement), « Financement » (Source and
  one column per year), « Annexes », « Notes » (footnotes);
* « Lisez-moi » (help) and the hidden « Listes » (dropdown values) are never read.

openpyxl is imported inside the functions only: ``cmqreport validate`` of a project
without workbooks never pays for it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic, Place, Severity, cut
from cmqreport.errors import DataError, UsageError
from cmqreport.load.yamlsrc import Loaded, PathKey

if TYPE_CHECKING:
    from cmqreport import model as m

__all__ = [
    "SHEETS",
    "WorkbookLoaded",
    "campus_year_yaml",
    "column_letter",
    "export_campus_year",
    "export_cli",
    "import_cli",
    "load_workbook_data",
    "workbook_bytes",
    "write_atomic",
]

# --------------------------------------------------------------------------- layout

README = "Lisez-moi"
CAMPUS = "Campus"
AXES = "Axes"
SECTIONS = "Sections"
ACTIONS = "Actions"
METRICS = "Chiffres"
FIGURES = "Figures"
TABLES = "Tableaux"
INDICATORS = "Indicateurs"
PLAN = "Plan d'action"
FUNDING = "Financement"
ANNEXES = "Annexes"
NOTES = "Notes"
LISTS = "Listes"

#: Data sheets, in workbook order.
SHEETS = (
    CAMPUS,
    AXES,
    SECTIONS,
    ACTIONS,
    METRICS,
    FIGURES,
    TABLES,
    INDICATORS,
    PLAN,
    FUNDING,
    ANNEXES,
    NOTES,
)
#: Sheets written for people (help, dropdown values): never read.
_AUX_SHEETS = (README, LISTS)

#: Excel's limit on the text of one cell.
MAX_CELL_TEXT = 32_767
#: Blank rows tolerated inside a table; a value further down is a stray, not data.
MAX_GAP = 10
#: Rows covered by dropdowns that read another sheet's list (ids of axes, sections...).
_LIST_ROWS = 2000
_LAST_ROW = 1_048_576

STATUS_VALUES = (
    "réalisé",
    "en cours",
    "partiellement réalisé",
    "non réalisé",
    "abandonné",
    "reporté",
)
_INCLUDE_LABELS = {"action_plan": "Plan d'action", "indicators": "Indicateurs"}
_YES, _NO = "Oui", "Non"
_HEADER_ROW, _BODY_ROW = "En-tête", "Ligne"
_SKIPPED = "\0"  # no table id: the rows after a refused header row without id
_DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Col:
    """One column of a data sheet: the data key it holds and how its cells are read."""

    key: str
    header: str
    kind: str
    width: int = 20
    required: bool = False
    aliases: tuple[str, ...] = ()


def _id(required: bool = True) -> Col:
    return Col("id", "Identifiant", "id", 28, required)


def _title() -> Col:
    return Col("title", "Titre", "text", 50, True)


_COLUMNS: dict[str, tuple[Col, ...]] = {
    AXES: (_id(), _title(), Col("description", "Description", "markdown", 70)),
    SECTIONS: (
        _id(),
        _title(),
        Col("parent", "Section parente", "id", 28),
        Col("unnumbered", "Non numérotée", "bool", 14),
        Col("body", "Texte", "markdown", 100),
    ),
    ACTIONS: (
        _id(),
        _title(),
        Col("text", "Texte", "markdown", 80),
        Col("axis", "Axe", "id", 28),
        Col("section", "Section", "id", 28),
        Col("start", "Début", "date", 12),
        Col("end", "Fin", "date", 12),
        Col("partners", "Partenaires (un par ligne)", "lines", 36),
        Col("status", "Statut", "status", 20),
        Col(
            "answers", "Répond à (une perspective par ligne)", "ids", 34, aliases=("Perspectives",)
        ),
    ),
    METRICS: (
        Col("action", "Action", "id", 28, True),
        Col("label", "Libellé", "text", 44, True),
        Col("value", "Valeur", "number", 12, True),
        Col("unit", "Unité", "text", 10),
    ),
    FIGURES: (
        Col("owner", "Rattachée à", "id", 28, True, aliases=("Rattaché à",)),
        _id(),
        Col("caption", "Légende", "text", 50, True),
        Col("file", "Fichier", "text", 30),
        Col("width", "Largeur (%)", "int", 12),
        Col("alt", "Texte alternatif", "text", 40),
        Col("source", "Source", "text", 30),
    ),
    TABLES: (
        Col("owner", "Rattaché à", "id", 28, aliases=("Rattachée à",)),
        Col("id", "Identifiant", "id", 28, True),
        Col("row", "Ligne", "rowkind", 10),
        Col("caption", "Légende", "text", 40),
        Col("note", "Note", "markdown", 36),
        Col("widths", "Largeurs (%)", "widths", 14),
    ),
    INDICATORS: (
        Col("axis", "Axe du référentiel", "text", 40, True, aliases=("Axe",)),
        Col("indicator", "Indicateur", "text", 50, True),
        Col("value", "Valeur", "any", 12),
        Col("comment", "Commentaire", "markdown", 80),
    ),
    PLAN: (
        Col("objective", "Objectif", "id", 10, True),
        Col("objective_title", "Intitulé de l'objectif", "text", 50),
        Col("operational", "Objectif opérationnel", "id", 14),
        Col("operational_title", "Intitulé de l'objectif opérationnel", "text", 50),
        Col("achievement", "Réalisation", "markdown", 70),
    ),
    FUNDING: (Col("source", "Source", "text", 40, True),),
    ANNEXES: (
        _id(),
        _title(),
        Col("body", "Texte", "markdown", 80),
        Col("include", "Inclure", "include", 16),
        Col("table_id", "Identifiant du tableau", "id", 28),
        Col("table_caption", "Légende du tableau", "text", 40),
    ),
    NOTES: (_id(), Col("text", "Texte", "markdown", 100, True)),
}

#: Rows of the « Campus » sheet: label, data path, kind, help.
_CAMPUS_FIELDS: tuple[tuple[str, PathKey, str, str], ...] = (
    ("Campus", ("campus",), "id", "Code du campus (ne pas modifier)."),
    ("Année", ("year",), "int", "Année du rapport (ne pas modifier)."),
    ("Titre", ("title",), "text", "Titre de la section du campus ; vide : « CMQ » et son nom."),
    ("Introduction", ("intro",), "markdown", "Texte d'introduction (Markdown)."),
    (
        "Section des moyens financiers",
        ("finances_section",),
        "id",
        "Identifiant de la section où placer la figure des moyens financiers.",
    ),
    (
        "Moyens financiers : identifiant",
        ("finances", "id"),
        "id",
        "Identifiant de la figure des moyens financiers (défaut : moyens-financiers).",
    ),
    (
        "Moyens financiers : légende",
        ("finances", "caption"),
        "text",
        "Légende de la figure (défaut : Moyens financiers du CMQ).",
    ),
    ("Moyens financiers : devise", ("finances", "currency"), "text", "Devise (défaut : EUR)."),
    ("Moyens financiers : note", ("finances", "note"), "markdown", "Note sous la figure."),
)
_CAMPUS_HEADERS = ("Champ", "Valeur", "Aide")

_README_TEXT = (
    "Une feuille par type de données ; une ligne par élément, les en-têtes en ligne 1.",
    "Ne renommez ni les feuilles ni les en-têtes ; n'insérez pas de lignes au-dessus des "
    "en-têtes ; ne fusionnez pas de cellules.",
    "Dates : tapez une vraie date (ex. 04/02/2021) ; le texte s'écrit en Markdown "
    "(*italique*, **gras**, listes « - »).",
    "Plusieurs valeurs dans une cellule (partenaires, perspectives) : une par ligne (Alt+Entrée).",
    "Identifiants : minuscules, chiffres et tirets (ex. voie-des-talents).",
    "Pas de formules sans valeur : copiez puis « Collage spécial → Valeurs » au besoin.",
    "Un tableau de la feuille Tableaux : une ligne « En-tête » (colonnes C1, C2…) puis une "
    "ligne « Ligne » par ligne du tableau.",
    "Vérification : cmqreport validate (chaque erreur nomme la feuille et la cellule).",
)

# --------------------------------------------------------------------------- small helpers


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _norm(text: str) -> str:
    """Compare headers and names as people see them: case, accents and apostrophes aside."""
    text = text.replace("’", "'").replace("\u00a0", " ").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split()).rstrip(" :")


def _bare(text: str) -> str:
    """A header without its parenthesised help (« Largeur (%) » → « largeur »)."""
    return _norm(re.sub(r"\([^)]*\)", " ", text))


def _near(text: str, choices: Sequence[str]) -> str | None:
    """The expected name ``text`` most likely stands for: close in spelling, or contained
    in it as a word (« Titre de l'action » → « Titre »)."""
    from cmqreport.load.project import suggest

    near = suggest(text, list(choices))
    if near:
        return near
    words = _bare(text)
    hits = [c for c in choices if re.search(rf"(^|\W){re.escape(_bare(c))}($|\W)", words)]
    return max(hits, key=len) if hits else None


def _number_text(value: int | float) -> str:
    """A number typed where text is expected (« 1.1 », « 2021 ») as the text it shows."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Bad:
    """A cell whose problem was reported: its value is left out of the data."""


BAD = _Bad()


@dataclass
class _Cell:
    value: Any
    coord: str


# --------------------------------------------------------------------------- loaded workbook


@dataclass
class WorkbookLoaded(Loaded):
    """A loaded workbook: the data of a YAML campus-year, with the cell of every value.

    It answers :meth:`place` like a YAML file, with ``file!Sheet!C12`` places, so that the
    model's errors and the checks across files land on the cell.
    """

    cells: dict[PathKey, tuple[str, str]] = field(default_factory=dict)
    key_cells: dict[PathKey, tuple[str, str]] = field(default_factory=dict)
    #: Path of a record (an action, a section...) → its sheet and row.
    rows: dict[PathKey, tuple[str, int]] = field(default_factory=dict)
    #: (sheet, data key) → column letter, for the cell of a value left empty.
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (sheet, data key) → header shown to people.
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Header of one value when its key alone is ambiguous (the two titles of a plan row).
    names: dict[PathKey, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the workbook could be read; problems of single cells are like the
        model's errors: reported, and the rest of the workbook is still checked."""
        return self.data is not None

    def _at(self, sheet: str, cell: str | None = None) -> Place:
        return Place(self.file, sheet=sheet, cell=cell)

    def place(self, path: PathKey, *, key: bool = False) -> Place:
        """The cell of the value (or of the key) at ``path``, else of its nearest parent.

        A value left empty is placed in its column on its record's row.
        """
        p = tuple(path)
        if key and p in self.key_cells:
            return self._at(*self.key_cells[p])
        while True:
            if p in self.cells:
                return self._at(*self.cells[p])
            if p and p[:-1] in self.rows and isinstance(p[-1], str):
                sheet, row = self.rows[p[:-1]]
                letter = self.columns.get((sheet, p[-1]))
                if letter:
                    return self._at(sheet, f"{letter}{row}")
            if p in self.rows:
                sheet, row = self.rows[p]
                return self._at(sheet, f"A{row}")
            if not p:
                return Place(self.file)
            p = p[:-1]

    def text_place(self, path: PathKey, offset: int) -> Place:
        """A cell has no finer place than itself."""
        return self.place(path)

    def label(self, path: PathKey) -> tuple[str | None, str]:
        """The sheet and the header (« Titre ») of the value at ``path``."""
        place = self.place(path)
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        sheet = place.sheet
        if tuple(path) in self.names:
            return sheet, self.names[tuple(path)]
        if sheet is not None and (sheet, key) in self.labels:
            return sheet, self.labels[(sheet, key)]
        return sheet, key

    def adapt(self, diag: Diagnostic, path: PathKey) -> Diagnostic:
        """Say the model's findings in the words of the workbook (columns, cells, dates)."""
        sheet, label = self.label(path)
        code = diag.code
        if code == "CMQ-V003":
            if path == ("finances", "lines"):
                return replace(
                    diag,
                    message="les moyens financiers n'ont aucune ligne.",
                    place=self._at(FUNDING, "A2"),
                    hint=f"Ajoutez une ligne (Source et montants) à la feuille « {FUNDING} », "
                    f"ou videz les champs « Moyens financiers » de la feuille « {CAMPUS} ».",
                )
            place = self.place(path)
            if place.sheet is None:  # a top-level key: a row of the « Campus » sheet
                sheet, place = CAMPUS, self._at(CAMPUS)
            where = f"la colonne « {label} »" if sheet != CAMPUS else f"la ligne « {label} »"
            return replace(
                diag,
                message=f"« {label} » est obligatoire.",
                place=place,
                hint=f"Remplissez {where} de la feuille « {sheet} ».",
            )
        if code == "CMQ-V004":
            return replace(
                diag,
                hint="Tapez une date dans une cellule au format Date (ex. 04/02/2021), "
                "ou écrivez-la 2021-02-04.",
            )
        if code == "CMQ-V015":
            return replace(
                diag,
                hint="Tapez le nombre seul (ex. 15000,5) dans une cellule au format Nombre : "
                "le format affiche les espaces et le symbole €.",
            )
        if code == "CMQ-V005" and diag.hint:
            return replace(diag, hint=f"Vérifiez la cellule « {label} ».")
        if code == "CMQ-V006" and diag.hint and diag.hint.startswith("Valeurs possibles"):
            choices = re.sub(r"'([^']*)'", r"\1", diag.hint.removeprefix("Valeurs possibles : "))
            return replace(diag, hint=f"Choisissez dans la liste : {choices}")
        return diag


# --------------------------------------------------------------------------- reading: the file


def _ole_kind(path: Path) -> str:
    """Which Office file hides in an OLE container: an encrypted workbook or an old .xls.

    Excel saves a workbook protected by a password as an OLE file whose directory names an
    « EncryptedPackage » stream; an Excel 97-2003 workbook names a « Workbook » stream.
    """
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
        if marker in head:
            return "password"
        if len(head) >= 0x34:
            # the first sector of the directory, wherever the header says it is
            shift = int.from_bytes(head[0x1E:0x20], "little")
            first = int.from_bytes(head[0x30:0x34], "little")
            if 7 <= shift <= 16 and first < 0xFFFFFFFA:
                fh.seek((first + 1) << shift)
                if marker in fh.read(1 << shift):
                    return "password"
    return "xls"


def _open_failure(path: Path, display: str) -> Diagnostic | None:
    """A diagnostic when ``path`` is not a readable .xlsx file (checked from its bytes)."""
    where = Place(display)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return Diagnostic("CMQ-V034", f"lecture impossible : {exc.strerror}.", where)
    if size == 0:
        return Diagnostic(
            "CMQ-V014",
            "le classeur est vide (0 octet).",
            where,
            hint="Recréez-le : cmqreport export-xlsx CODE ANNÉE --empty.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE compound file: either an Excel 97-2003 workbook or an encrypted .xlsx
        if _ole_kind(path) == "password":
            return Diagnostic(
                "CMQ-V050",
                "le classeur est protégé par un mot de passe (chiffré) : il ne peut pas être lu.",
                where,
                hint="Dans Excel : Fichier → Informations → Protéger le classeur → Chiffrer avec "
                "mot de passe, effacez le mot de passe et enregistrez.",
            )
        return Diagnostic(
            "CMQ-V050",
            "le fichier est un classeur Excel 97-2003 (.xls), format non lu.",
            where,
            hint="Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format "
            "« Classeur Excel (.xlsx) ».",
        )
    if not zipfile.is_zipfile(path):
        return Diagnostic(
            "CMQ-V050",
            "le fichier n'est pas un classeur .xlsx (ni une archive ZIP) : endommagé, ou "
            "d'un autre format renommé en .xlsx.",
            where,
            hint="Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format "
            "« Classeur Excel (.xlsx) », ou recréez-le avec cmqreport export-xlsx.",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        names, mimetype = set(), b""
    if b"opendocument" in mimetype:
        return Diagnostic(
            "CMQ-V050",
            "le fichier est un classeur OpenDocument (.ods), pas un .xlsx.",
            where,
            hint="Dans LibreOffice : Fichier → Enregistrer sous → « Excel 2007-365 (.xlsx) ».",
        )
    if "xl/workbook.xml" not in names:
        return Diagnostic(
            "CMQ-V050",
            "l'archive ne contient pas de classeur Excel (xl/workbook.xml absent) : fichier "
            "endommagé ou d'un autre type renommé en .xlsx.",
            where,
            hint="Enregistrez le classeur au format « Classeur Excel (.xlsx) ».",
        )
    return None


def _open_workbook(path: Path, *, data_only: bool) -> Any:
    import openpyxl  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        # « Data Validation extension is not supported », « Unknown extension »: harmless
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only, keep_links=False)


def load_workbook_data(path: Path, display: str) -> WorkbookLoaded:
    """Read a campus-year workbook into the data a YAML file gives, with every cell's place.

    Never raises for a bad file: an unreadable workbook gives ``data=None`` and a diagnostic;
    problems of single cells give diagnostics and leave those values out of the data.
    """
    out = WorkbookLoaded(display)
    problem = _open_failure(path, display)
    if problem is not None:
        out.diagnostics.append(problem)
        return out
    try:
        book = _open_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl fails in many ways on a damaged archive
        out.diagnostics.append(
            Diagnostic(
                "CMQ-V050",
                f"classeur endommagé, illisible ({type(exc).__name__}).",
                Place(display),
                hint="Ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau au "
                "format .xlsx.",
                value=cut(str(exc)),
            )
        )
        return out
    _Reader(out, book, path).run()
    return out


# --------------------------------------------------------------------------- reading: the cells


@dataclass
class _Formula:
    text: str


@dataclass
class _ErrorValue:
    text: str


class _Reported:
    """A cell already reported (a formula without value): nothing more to say about it."""


@dataclass
class _Grid:
    """The non-empty cells of one sheet, by row then column."""

    name: str
    rows: dict[int, dict[int, _Cell]] = field(default_factory=dict)


@dataclass
class _Record:
    """One row of a data sheet: its cells and their values, by column key.

    A value is BAD when its cell was reported (the value is then left out of the data).
    """

    sheet: str
    row: int
    cells: dict[str, _Cell] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """The value of ``key``, None when empty or reported."""
        value = self.values.get(key)
        return None if value is BAD else value


class _Reader:
    """Turns the sheets of an open workbook into campus-year data."""

    def __init__(self, out: WorkbookLoaded, book: Any, path: Path) -> None:
        self.out = out
        self.book = book
        self.path = path
        self.grids: dict[str, _Grid] = {}

    # ----------------------------------------------------------------- diagnostics

    def report(
        self,
        code: str,
        message: str,
        sheet: str,
        cell: str | None,
        *,
        hint: str | None = None,
        value: object = None,
        severity: Severity | None = None,
    ) -> None:
        self.out.diagnostics.append(
            Diagnostic(
                code,
                message,
                Place(self.out.file, sheet=sheet, cell=cell),
                hint=hint,
                value=cut(value) if value is not None else None,
                severity=severity,
            )
        )

    # ----------------------------------------------------------------- the whole workbook

    def run(self) -> None:
        self._sheets()
        self._formulas()
        data = self._campus()
        settings = data.pop("finances", None)
        sections, section_paths = self._sections()
        actions = self._list(ACTIONS, "actions")
        annexes = self._list(ANNEXES, "annexes")
        self._metrics(actions)
        # a section wins over an annex of the same id (ids defined twice are reported later)
        owners = {**_ids(annexes, ("annexes",)), **section_paths}
        containers = _containers(sections, annexes)
        code = data.get("campus")
        if isinstance(code, str) and code:
            # the campus code names its introduction (figures and tables before 3.x.1)
            owners[code] = ()
            containers[()] = data
        parts = {
            "axes": self._list(AXES, "axes"),
            "sections": sections,
            "actions": actions,
            "footnotes": self._notes(),
            "indicators": self._list(INDICATORS, "indicators"),
            "action_plan": self._plan(),
            "finances": self._funding(settings),
            "annexes": annexes,
        }
        self._figures(owners, containers)
        self._tables(owners, containers)
        # keys in the order of a YAML campus-year; empty parts are left to their defaults
        finances_section = data.pop("finances_section", None)
        data.update({k: v for k, v in parts.items() if v})
        if finances_section is not None:
            data["finances_section"] = finances_section
        self.out.data = data

    def _sheets(self) -> None:
        """Match the workbook's sheets to the expected ones; report the missing and unknown."""
        wanted = {_norm(name): name for name in (*SHEETS, *_AUX_SHEETS)}
        found: dict[str, Any] = {}
        unknown: list[str] = []
        for ws in self.book.worksheets:
            name = wanted.get(_norm(ws.title))
            if name is None or name in found:
                unknown.append(ws.title)
            else:
                found[name] = ws
        missing = [s for s in SHEETS if s not in found]
        renamed: set[str] = set()
        for title in unknown:
            near = _near(title, missing)
            if near:
                renamed.add(near)
            self.report(
                "CMQ-V058",
                f"feuille « {title} » inconnue : elle n'est pas lue.",
                title,
                None,
                hint=f"Vouliez-vous dire « {near} » ? Renommez-la."
                if near
                else "Feuilles lues : " + ", ".join(SHEETS) + ".",
                # its data would be lost: an error when it looks like an expected sheet
                severity=Severity.error if near else None,
            )
        for name in missing:
            if name in renamed:
                continue
            self.report(
                "CMQ-V058",
                f"feuille « {name} » absente du classeur.",
                name,
                None,
                hint="Recréez le classeur avec cmqreport export-xlsx, ou ajoutez la feuille "
                "avec ses en-têtes.",
                severity=Severity.error if name == CAMPUS else None,
            )
        if CAMPUS not in found:
            # reported with the sheet: not once more as two missing values
            self.out.reported.update({("campus",), ("year",)})
        for name, ws in found.items():
            if name not in _AUX_SHEETS:
                self.grids[name] = self._grid(name, ws)

    def _grid(self, name: str, ws: Any) -> _Grid:
        grid = _Grid(name)
        # ``_cells`` holds only the cells stored in the file: iterating rows instead would
        # walk a million empty rows for one value in row 1048576 (and read-only mode would
        # trust the sheet's <dimension>, which may lie)
        for (row, col), cell in sorted(ws._cells.items()):
            value = cell.value
            if value is None:
                continue
            if cell.data_type == "e":
                value = _ErrorValue(str(value))
            elif cell.data_type == "f":
                value = _Formula(str(getattr(value, "text", None) or value))
            grid.rows.setdefault(row, {})[col] = _Cell(value, f"{column_letter(col)}{row}")
        for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            self.report(
                "CMQ-V054",
                f"cellules fusionnées {rng.coord}.",
                name,
                f"{column_letter(rng.min_col)}{rng.min_row}",
                hint="Annulez la fusion (Accueil → Fusionner et centrer) et recopiez la valeur "
                "dans chaque cellule.",
            )
            top = grid.rows.get(rng.min_row, {}).get(rng.min_col)
            size = (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1)
            if top is None or size > 10_000:
                continue
            # the merged value belongs to every cell it covers: no cascade of « missing »
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    coord = f"{column_letter(col)}{row}"
                    grid.rows.setdefault(row, {}).setdefault(col, _Cell(top.value, coord))
        return grid

    def _formulas(self) -> None:
        """Replace formulas by the values Excel computed, which a workbook saves beside them."""
        pending = [
            (name, row, col, cell)
            for name, grid in self.grids.items()
            for row, cells in grid.rows.items()
            for col, cell in cells.items()
            if isinstance(cell.value, _Formula)
        ]
        if not pending:
            return  # the usual case: the workbook is read once
        try:
            cached = _open_workbook(self.path, data_only=True)
            sheets = {_norm(ws.title): ws for ws in cached.worksheets}
        except Exception:  # read once already: only a file changed meanwhile fails here
            sheets = {}
        for name, row, col, cell in pending:
            ws = sheets.get(_norm(name))
            stored = ws._cells.get((row, col)) if ws is not None else None
            value = stored.value if stored is not None else None
            if value is None:
                self.report(
                    "CMQ-V051",
                    f"formule sans valeur calculée ({cut(cell.value.text, 40)}).",
                    name,
                    cell.coord,
                    hint="Ouvrez et enregistrez le classeur dans Excel ou LibreOffice, ou "
                    "remplacez la formule par sa valeur (Copier, Collage spécial → Valeurs).",
                    value=cell.value.text,
                )
                cell.value = _Reported()
            elif stored is not None and stored.data_type == "e":
                cell.value = _ErrorValue(str(value))
            else:
                cell.value = value

    # ----------------------------------------------------------------- one cell

    def convert(self, kind: str, cell: _Cell, sheet: str, label: str) -> Any:
        """The data value of a cell in a column of ``kind``: None if empty, BAD if reported."""
        value = cell.value
        if isinstance(value, _Reported):
            return BAD
        if isinstance(value, _ErrorValue):
            self.report(
                "CMQ-V052",
                f"la cellule contient l'erreur {value.text}.",
                sheet,
                cell.coord,
                hint="Corrigez la formule qui la produit, ou remplacez-la par une valeur.",
                value=value.text,
            )
            return BAD
        if isinstance(value, _Formula):  # pragma: no cover - replaced by _formulas()
            return BAD
        if isinstance(value, str):
            # Excel keeps the CR of pasted Windows text (« _x000D_ »)
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            if not value.strip():
                return None
        if isinstance(value, dt.time | dt.timedelta):
            self.report(
                "CMQ-V053",
                f"« {label} » contient une heure ou une durée ({value}).",
                sheet,
                cell.coord,
                hint="Tapez une date (ex. 04/02/2021)."
                if kind == "date"
                else "Mettez la cellule au format Texte ou Nombre et retapez la valeur.",
                value=str(value),
            )
            return BAD
        if kind == "date":
            return self._date(value, cell, sheet)
        if isinstance(value, dt.date):  # datetime too
            self.report(
                "CMQ-V053",
                f"« {label} » contient une date ({_day(value)}) au lieu d'un texte ou d'un nombre.",
                sheet,
                cell.coord,
                hint="Excel a pu convertir la saisie en date (« 1.1 » → 1er janvier) : mettez la "
                "cellule au format Texte et retapez la valeur.",
                value=_day(value),
            )
            return BAD
        return self._typed(kind, value, cell, sheet, label)

    def _typed(self, kind: str, value: Any, cell: _Cell, sheet: str, label: str) -> Any:
        if kind in ("text", "markdown"):
            return _number_text(value) if _is_number(value) else value
        if kind == "id":
            if _is_number(value):
                return _number_text(value)
            return value.strip() if isinstance(value, str) else value
        if kind == "int":
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return value.strip() if isinstance(value, str) else value
        if kind in ("number", "any"):
            return value
        if kind == "bool":
            return self._bool(value, cell, sheet, label)
        if kind in ("lines", "ids"):
            if _is_number(value):
                return [_number_text(value)]
            if not isinstance(value, str):
                return value
            if kind == "lines":  # partners: one per line (a name may hold commas)
                return [line.strip() for line in value.split("\n") if line.strip()]
            return [part for part in re.split(r"[\s,;]+", value) if part]
        if kind == "status":
            if not isinstance(value, str):
                return value
            canonical = {_norm(s): s for s in STATUS_VALUES}
            return canonical.get(_norm(value), value.strip())
        if kind == "include":
            return self._include(value, cell, sheet)
        if kind == "widths":
            return _widths(value)
        if kind == "rowkind":
            return _norm(str(value))
        raise AssertionError(kind)  # pragma: no cover - every kind is listed above

    def _date(self, value: Any, cell: _Cell, sheet: str) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            return value.strip()  # ISO text: the model checks that the day exists
        if _is_number(value):
            from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped]

            try:
                meant = f" (le {from_excel(value).strftime('%d/%m/%Y')} ?)"
            except (ValueError, OverflowError, TypeError, AttributeError):
                meant = ""
            self.report(
                "CMQ-V053",
                f"le nombre {_number_text(value)} n'est pas une date{meant}.",
                sheet,
                cell.coord,
                hint="Appliquez le format Date à la cellule, ou tapez la date (ex. 04/02/2021).",
                value=_number_text(value),
            )
            return BAD
        text = str(value).strip()
        iso = _french_date(text)
        hint = "Tapez une vraie date dans une cellule au format Date (ex. 04/02/2021)"
        hint += f", ou écrivez {iso}." if iso else ", ou écrivez-la AAAA-MM-JJ (ex. 2021-02-04)."
        self.report(
            "CMQ-V053",
            f"« {cut(text, 40)} » est une date écrite comme du texte.",
            sheet,
            cell.coord,
            hint=hint,
            value=text,
        )
        return BAD

    def _bool(self, value: Any, cell: _Cell, sheet: str, label: str) -> Any:
        if isinstance(value, bool):
            return value
        text = _norm(str(value))
        if text in ("oui", "vrai", "true", "1", "x"):
            return True
        if text in ("non", "faux", "false", "0"):
            return False
        self.report(
            "CMQ-V006",
            f"« {cut(value)} » n'est pas une valeur autorisée pour « {label} ».",
            sheet,
            cell.coord,
            hint="Choisissez Oui ou Non dans la liste.",
            value=value,
        )
        return BAD

    def _include(self, value: Any, cell: _Cell, sheet: str) -> Any:
        text = _norm(str(value))
        for key, label in _INCLUDE_LABELS.items():
            if text in (_norm(label), key):
                return key
        self.report(
            "CMQ-V006",
            f"« {cut(value)} » n'est pas une valeur autorisée pour « Inclure ».",
            sheet,
            cell.coord,
            hint="Valeurs possibles : " + " ou ".join(_INCLUDE_LABELS.values()) + " (ou vide).",
            value=value,
        )
        return BAD

    # ----------------------------------------------------------------- sheets of records

    def _records(
        self, sheet: str, extra: Callable[[str], Col | None] | None = None
    ) -> tuple[list[_Record], list[Col]]:
        """The rows of a data sheet read by their headers; reports layout problems."""
        grid = self.grids.get(sheet)
        cols = _COLUMNS[sheet]
        self.out.labels.update({(sheet, c.key): c.header for c in cols})
        if grid is None:
            return [], []
        by_name: dict[str, Col] = {}
        for known in cols:
            for name in (known.header, *known.aliases):
                by_name.setdefault(_norm(name), known)
                by_name.setdefault(_bare(name), known)
        mapped: dict[int, Col] = {}
        used: dict[str, str] = {}
        ignored: set[int] = set()
        renamed: set[str] = set()
        header = grid.rows.get(1, {})
        for index, cell in sorted(header.items()):
            value = cell.value
            if _is_number(value):
                text = _number_text(value)
            elif isinstance(value, str):
                text = value.strip()
            else:
                text = ""  # a formula or an error as a header: nothing to match
            if not text:
                continue
            col: Col | None = by_name.get(_norm(text)) or by_name.get(_bare(text))
            if col is None and extra is not None:
                col = extra(text)
            if col is None:
                ignored.add(index)
                near = _near(text, [c.header for c in cols if c.key not in used])
                if near:
                    renamed.add(near)
                self.report(
                    "CMQ-V056",
                    f"en-tête « {cut(text, 40)} » inconnu : la colonne n'est pas lue.",
                    sheet,
                    cell.coord,
                    hint=f"Vouliez-vous dire « {near} » ?"
                    if near
                    else "En-têtes reconnus : " + ", ".join(c.header for c in cols) + ".",
                    value=text,
                    # a renamed column loses its data; a column of private notes does not
                    severity=None if near else Severity.warning,
                )
                continue
            if col.key in used:
                ignored.add(index)
                self.report(
                    "CMQ-V057",
                    f"en-tête « {cut(text, 40)} » en double (déjà en {used[col.key]}1) : "
                    "cette colonne n'est pas lue.",
                    sheet,
                    cell.coord,
                    hint="Supprimez ou renommez l'une des deux colonnes.",
                    value=text,
                )
                continue
            used[col.key] = column_letter(index)
            mapped[index] = col
            self.out.columns[(sheet, col.key)] = column_letter(index)
            self.out.labels[(sheet, col.key)] = col.header
        records = self._rows(grid, mapped, ignored)
        after = column_letter(max(header, default=0) + 1)
        for col in cols:
            if col.required and col.key not in used and col.header not in renamed and records:
                self.report(
                    "CMQ-V056",
                    f"colonne « {col.header} » absente.",
                    sheet,
                    f"{after}1",
                    hint=f"Ajoutez l'en-tête « {col.header} » en ligne 1 et remplissez la colonne.",
                )
        for record in records:
            for key, cell in record.cells.items():
                col = next(c for c in mapped.values() if c.key == key)
                record.values[key] = self.convert(col.kind, cell, sheet, col.header)
        return records, list(mapped.values())

    def _rows(self, grid: _Grid, mapped: dict[int, Col], ignored: set[int]) -> list[_Record]:
        records: list[_Record] = []
        previous = 1
        strays: set[int] = set()
        for row in sorted(r for r in grid.rows if r > 1):
            cells = {c: v for c, v in grid.rows[row].items() if c not in ignored}
            if not cells:
                continue
            if row - previous > MAX_GAP + 1:
                first = cells[min(cells)]
                self.report(
                    "CMQ-V055",
                    f"valeur isolée en {first.coord}, loin sous le tableau (dernière ligne lue : "
                    f"{previous}) : elle n'est pas lue.",
                    grid.name,
                    first.coord,
                    hint="Supprimez-la, ou les lignes vides qui la séparent du tableau.",
                    value=_shown(first.value),
                )
                break
            previous = row
            record = _Record(grid.name, row)
            for index, cell in sorted(cells.items()):
                col = mapped.get(index)
                if col is not None:
                    record.cells[col.key] = cell
                elif index not in strays:
                    strays.add(index)
                    self.report(
                        "CMQ-V055",
                        f"valeur dans une colonne sans en-tête ({column_letter(index)}) : elle "
                        "n'est pas lue.",
                        grid.name,
                        cell.coord,
                        hint="Ajoutez l'en-tête de la colonne, ou déplacez ou supprimez la valeur.",
                        value=_shown(cell.value),
                    )
            if record.cells:
                records.append(record)
        return records

    def _put(
        self, record: _Record, key: str, path: PathKey, target: dict[str, Any], name: str = ""
    ) -> None:
        """``target[name or key]`` = the record's value of ``key``, with its cell at ``path``."""
        name = name or key
        value = record.values.get(key)
        col = next((c for c in _COLUMNS[record.sheet] if c.key == key), None)
        if value is BAD or (
            value is None
            and col is not None
            and col.required
            and (record.sheet, key) not in self.out.columns
        ):
            # reported (the cell, or the whole column once): the model must not repeat it
            self.out.reported.add(path)
            return
        if value is None or name in target:
            return
        target[name] = value
        cell = record.cells[key]
        self.out.cells[path] = (record.sheet, cell.coord)
        if isinstance(value, list):
            for i in range(len(value)):
                self.out.cells[(*path, i)] = (record.sheet, cell.coord)

    def _fill(
        self, record: _Record, path: PathKey, target: dict[str, Any], keys: Sequence[str]
    ) -> dict[str, Any]:
        """Copy the values of ``keys`` into ``target``, the record at ``path``."""
        self.out.rows[path] = (record.sheet, record.row)
        for key in keys:
            self._put(record, key, (*path, key), target)
        return target

    def _missing(self, record: _Record, key: str, what: str) -> None:
        if record.values.get(key) is BAD:
            return  # its cell was reported
        letter = self.out.columns.get((record.sheet, key))
        if letter is None:
            return  # the whole column is missing: reported once
        header = self.out.labels.get((record.sheet, key), key)
        self.report(
            "CMQ-V003",
            f"« {header} » est obligatoire.",
            record.sheet,
            f"{letter}{record.row}",
            hint=f"Indiquez {what}.",
        )

    def _unknown(self, record: _Record, key: str, what: str, choices: Sequence[str]) -> None:
        """``what`` names the missing thing with its agreement: « section parente {} inconnue »."""
        from cmqreport.load.project import suggest

        value = str(record.get(key))
        near = suggest(value, list(choices))
        self.report(
            "CMQ-V032",
            what.format(f"« {cut(value)} »") + ".",
            record.sheet,
            record.cells[key].coord,
            hint=f"Vouliez-vous dire « {near} » ?"
            if near
            else "Identifiants possibles : " + (", ".join(choices) or "aucun") + ".",
            value=value,
        )

    def _list(self, sheet: str, top: str) -> list[dict[str, Any]]:
        """A sheet whose rows are the items of one list of the data."""
        records, _ = self._records(sheet)
        keys = [c.key for c in _COLUMNS[sheet]]
        return [self._fill(r, (top, i), {}, keys) for i, r in enumerate(records)]

    # ----------------------------------------------------------------- campus sheet

    def _campus(self) -> dict[str, Any]:
        """The key/value rows of the « Campus » sheet."""
        out: dict[str, Any] = {}
        for label, path, _, _ in _CAMPUS_FIELDS:
            self.out.labels[(CAMPUS, str(path[-1]))] = label
        grid = self.grids.get(CAMPUS)
        if grid is None:
            return out
        fields = {_norm(label): (label, path, kind) for label, path, kind, _ in _CAMPUS_FIELDS}
        known = [label for label, _, _, _ in _CAMPUS_FIELDS]
        seen: dict[str, int] = {}
        previous = 1
        for row in sorted(r for r in grid.rows if r > 1):
            cells = grid.rows[row]
            if row - previous > MAX_GAP + 1:
                first = cells[min(cells)]
                self.report(
                    "CMQ-V055",
                    f"valeur isolée en {first.coord}, loin sous les champs (dernière ligne lue : "
                    f"{previous}) : elle n'est pas lue.",
                    CAMPUS,
                    first.coord,
                    hint="Supprimez-la.",
                    value=_shown(first.value),
                )
                break
            previous = row
            for col, cell in sorted(cells.items()):
                if col > len(_CAMPUS_HEADERS):
                    self.report(
                        "CMQ-V055",
                        "valeur hors des colonnes Champ, Valeur et Aide : elle n'est pas lue.",
                        CAMPUS,
                        cell.coord,
                        hint="Déplacez-la dans la colonne Valeur, ou supprimez-la.",
                        value=_shown(cell.value),
                    )
            name_cell, value_cell = cells.get(1), cells.get(2)
            name = name_cell.value if name_cell is not None else None
            if not isinstance(name, str) or not name.strip():
                if value_cell is not None:
                    self.report(
                        "CMQ-V055",
                        "valeur sans nom de champ en colonne A : elle n'est pas lue.",
                        CAMPUS,
                        value_cell.coord,
                        hint="Écrivez le nom du champ en colonne A, ou supprimez la valeur.",
                        value=_shown(value_cell.value),
                    )
                continue
            assert name_cell is not None
            spec = fields.get(_norm(name))
            if spec is None:
                near = _near(name, known)
                self.report(
                    "CMQ-V056",
                    f"champ « {cut(name, 40)} » inconnu : la ligne n'est pas lue.",
                    CAMPUS,
                    name_cell.coord,
                    hint=f"Vouliez-vous dire « {near} » ?"
                    if near
                    else "Champs reconnus : " + ", ".join(known) + ".",
                    value=name,
                    severity=None if near or value_cell is not None else Severity.warning,
                )
                continue
            label, path, kind = spec
            if label in seen:
                self.report(
                    "CMQ-V057",
                    f"champ « {label} » en double (déjà ligne {seen[label]}) : cette ligne "
                    "n'est pas lue.",
                    CAMPUS,
                    name_cell.coord,
                    hint="Supprimez l'une des deux lignes.",
                    value=name,
                )
                continue
            seen[label] = row
            self.out.rows[path] = (CAMPUS, row)
            self.out.columns[(CAMPUS, str(path[-1]))] = "B"
            self.out.key_cells[path] = (CAMPUS, name_cell.coord)
            if value_cell is None:
                continue
            value = self.convert(kind, value_cell, CAMPUS, label)
            if value is BAD:
                self.out.reported.add(path)
            if value is BAD or value is None:
                continue
            target = out
            for part in path[:-1]:
                target = target.setdefault(str(part), {})
            target[str(path[-1])] = value
            self.out.cells[path] = (CAMPUS, value_cell.coord)
        return out

    # ----------------------------------------------------------------- sections, metrics

    def _sections(self) -> tuple[list[dict[str, Any]], dict[str, PathKey]]:
        """Sections in row order; a « Section parente » declared above nests a section."""
        records, _ = self._records(SECTIONS)
        top: list[dict[str, Any]] = []
        latest: dict[str, tuple[dict[str, Any], PathKey]] = {}
        first: dict[str, PathKey] = {}
        for record in records:
            parent_id = record.get("parent")
            siblings: list[dict[str, Any]] = top
            base: PathKey = ("sections",)
            if parent_id is not None:
                if parent_id in latest:
                    parent, parent_path = latest[parent_id]
                    siblings = parent.setdefault("sections", [])
                    base = (*parent_path, "sections")
                else:
                    self._unknown(
                        record,
                        "parent",
                        "section parente {} inconnue (elle doit être au-dessus)",
                        sorted(latest),
                    )
            path = (*base, len(siblings))
            item = self._fill(record, path, {}, ("id", "title", "unnumbered", "body"))
            siblings.append(item)
            ident = item.get("id")
            if isinstance(ident, str):
                # a child names the nearest section of that id above it
                latest[ident] = (item, path)
                first.setdefault(ident, path)
        return top, first

    def _metrics(self, actions: list[dict[str, Any]]) -> None:
        index = _ids(actions, ("actions",))
        records, _ = self._records(METRICS)
        for record in records:
            action = record.get("action")
            if action is None:
                self._missing(record, "action", "l'identifiant de l'action (feuille Actions)")
                continue
            if action not in index:
                self._unknown(record, "action", "action {} inconnue", sorted(index))
                continue
            i = int(index[action][1])
            metrics = actions[i].setdefault("metrics", [])
            path = ("actions", i, "metrics", len(metrics))
            metrics.append(self._fill(record, path, {}, ("label", "value", "unit")))

    # ----------------------------------------------------------------- figures, tables

    def _owner(
        self,
        record: _Record,
        owners: dict[str, PathKey],
        containers: dict[PathKey, dict[str, Any]],
    ) -> tuple[PathKey, dict[str, Any]] | None:
        owner = record.get("owner")
        if owner is None:
            self._missing(
                record, "owner", "l'identifiant de la section ou de l'annexe, ou le code du campus"
            )
            return None
        if owner not in owners:
            self._unknown(
                record, "owner", "section, annexe ou campus {} inconnu(e)", sorted(owners)
            )
            return None
        return owners[owner], containers[owners[owner]]

    def _figures(
        self, owners: dict[str, PathKey], containers: dict[PathKey, dict[str, Any]]
    ) -> None:
        records, _ = self._records(FIGURES)
        keys = ("id", "caption", "file", "width", "alt", "source")
        for record in records:
            found = self._owner(record, owners, containers)
            if found is not None:
                base, owner = found
                figures = owner.setdefault("figures", [])
                figures.append(self._fill(record, (*base, "figures", len(figures)), {}, keys))

    def _tables(
        self, owners: dict[str, PathKey], containers: dict[PathKey, dict[str, Any]]
    ) -> None:
        """Long format: an « En-tête » row opens a table, its « Ligne » rows follow."""

        def cell_column(text: str) -> Col | None:
            match = re.fullmatch(r"[Cc] ?(\d{1,3})", text)
            if not match or int(match.group(1)) < 1:
                return None
            return Col(f"c{int(match.group(1))}", f"C{int(match.group(1))}", "any", 18)

        records, cols = self._records(TABLES, extra=cell_column)
        cell_keys = sorted(
            (c.key for c in cols if re.fullmatch(r"c\d+", c.key)), key=lambda k: int(k[1:])
        )
        width = int(cell_keys[-1][1:]) if cell_keys else 0
        declared: dict[str, tuple[PathKey, dict[str, Any]]] = {}
        current: tuple[PathKey, dict[str, Any]] | None = None
        skipped: str | None = None  # the id of a table whose header row was refused
        header_kind, body_kind = _norm(_HEADER_ROW), _norm(_BODY_ROW)
        for record in records:
            kind = record.get("row")
            if kind is None:  # not said: a row with a caption opens a table
                kind = header_kind if "caption" in record.cells else body_kind
            if kind not in (header_kind, body_kind):
                self.report(
                    "CMQ-V006",
                    f"« {cut(record.cells['row'].value)} » n'est pas une valeur autorisée pour "
                    "« Ligne ».",
                    TABLES,
                    record.cells["row"].coord,
                    hint=f"Choisissez « {_HEADER_ROW} » (titres des colonnes, légende) ou "
                    f"« {_BODY_ROW} » (une ligne du tableau).",
                    value=record.cells["row"].value,
                )
                continue
            cells = _cells_of(record, cell_keys, width, self.out.columns)
            if kind == header_kind:
                current = None
                found = self._owner(record, owners, containers)
                if found is None:
                    # its rows would only repeat the error: they go with their table
                    skipped = record.get("id") or _SKIPPED
                    continue
                base, owner = found
                tables = owner.setdefault("tables", [])
                path = (*base, "tables", len(tables))
                table = self._fill(record, path, {}, ("id", "caption"))
                columns = _trim(cells)
                table["columns"] = [_number_text(v) if _is_number(v) else v for v, _ in columns]
                first_cell = cells[0][1] if cells else f"G{record.row}"
                self.out.cells[(*path, "columns")] = (TABLES, first_cell)
                for i, (_, coord) in enumerate(columns):
                    self.out.cells[(*path, "columns", i)] = (TABLES, coord)
                self._put(record, "widths", (*path, "widths"), table)
                self._put(record, "note", (*path, "note"), table)
                tables.append(table)
                current, skipped = (path, table), None
                if isinstance(table.get("id"), str):
                    declared.setdefault(table["id"], current)
                continue
            ident = record.get("id")
            if skipped is not None and (ident is None or ident == skipped):
                continue
            skipped = None
            target = current
            if ident is not None and (current is None or current[1].get("id") != ident):
                target = declared.get(ident)
                if target is None:
                    self._unknown(record, "id", "tableau {} inconnu", sorted(declared))
                    continue
            if target is None:
                self.report(
                    "CMQ-V003",
                    "ligne de tableau sans ligne « En-tête » au-dessus.",
                    TABLES,
                    f"A{record.row}",
                    hint=f"Ajoutez d'abord une ligne « {_HEADER_ROW} » (identifiant, légende, "
                    "titres des colonnes).",
                )
                continue
            path, table = target
            rows = table.setdefault("rows", [])
            row_path = (*path, "rows", len(rows))
            self.out.rows[row_path] = (TABLES, record.row)
            kept = _trim(cells)
            # a row is as wide as the table, or wider when it holds more cells
            row = [v for v, _ in kept] + [None] * (len(table["columns"]) - len(kept))
            for i, (_, coord) in enumerate(cells[: len(row)]):
                self.out.cells[(*row_path, i)] = (TABLES, coord)
            rows.append(row)

    # ----------------------------------------------------------------- notes, plan, funding

    def _notes(self) -> dict[str, Any]:
        records, _ = self._records(NOTES)
        notes: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for record in records:
            ident = record.get("id")
            if ident is None:
                self._missing(record, "id", "l'identifiant de la note (appelée par [^id])")
                continue
            if ident in rows:
                self.report(
                    "CMQ-V021",
                    f"la note « {cut(ident)} » est déjà définie (ligne {rows[ident]}).",
                    NOTES,
                    record.cells["id"].coord,
                    hint="Choisissez un identifiant unique, ou supprimez la ligne.",
                    value=ident,
                )
                continue
            rows[ident] = record.row
            path: PathKey = ("footnotes", ident)
            self.out.key_cells[path] = (NOTES, record.cells["id"].coord)
            self.out.rows[path] = (NOTES, record.row)
            if record.get("text") is None and "text" not in record.cells:
                self._missing(record, "text", "le texte de la note")
                continue
            self._put(record, "text", path, notes, ident)
        return notes

    def _plan(self) -> list[dict[str, Any]]:
        """One row per achievement; consecutive rows of one objective make one objective."""
        records, _ = self._records(PLAN)
        plan: list[dict[str, Any]] = []
        for record in records:
            obj_id = record.get("objective")
            if not plan or (obj_id is not None and plan[-1].get("id") != obj_id):
                self._plan_item(record, ("action_plan", len(plan)), "objective")
                plan.append({})
            base: PathKey = ("action_plan", len(plan) - 1)
            objective = plan[-1]
            self._put(record, "objective", (*base, "id"), objective, "id")
            self._put(record, "objective_title", (*base, "title"), objective, "title")
            op_id = record.get("operational")
            has_op = op_id is not None or "operational_title" in record.cells
            ops: list[dict[str, Any]] = objective.setdefault("objectives", [])
            if has_op and (not ops or (op_id is not None and ops[-1].get("id") != op_id)):
                self._plan_item(record, (*base, "objectives", len(ops)), "operational")
                ops.append({})
            if not has_op:
                if "achievement" in record.cells:
                    self.report(
                        "CMQ-V003",
                        "réalisation sans objectif opérationnel.",
                        PLAN,
                        record.cells["achievement"].coord,
                        hint="Indiquez l'objectif opérationnel (ex. 1.1) de cette réalisation.",
                    )
                continue
            op_path = (*base, "objectives", len(ops) - 1)
            op = ops[-1]
            self._put(record, "operational", (*op_path, "id"), op, "id")
            self._put(record, "operational_title", (*op_path, "title"), op, "title")
            if "achievement" in record.cells:
                done = op.setdefault("achievements", [])
                self._put(record, "achievement", (*op_path, "achievements", len(done)), {})
                if record.get("achievement") is not None:
                    done.append(record.get("achievement"))
        for objective in plan:
            if not objective.get("objectives"):
                objective.pop("objectives", None)
        return plan

    def _plan_item(self, record: _Record, path: PathKey, key: str) -> None:
        """Where the id and title of an objective (or operational one) are, even if empty."""
        self.out.rows[path] = (PLAN, record.row)
        for name, source in (("id", key), ("title", f"{key}_title")):
            self.out.names[(*path, name)] = self.out.labels[(PLAN, source)]
            letter = self.out.columns.get((PLAN, source))
            if letter:
                self.out.cells[(*path, name)] = (PLAN, f"{letter}{record.row}")

    def _funding(self, settings: dict[str, Any] | None) -> dict[str, Any] | None:
        years: dict[str, int] = {}

        def year_column(text: str) -> Col | None:
            if re.fullmatch(r"\d{4}", text) and 1990 <= int(text) <= 2100:
                years[f"y{text}"] = int(text)
                return Col(f"y{text}", text, "number", 14)
            return None

        records, _ = self._records(FUNDING, extra=year_column)
        lines: list[dict[str, Any]] = []
        for record in records:
            path: PathKey = ("finances", "lines", len(lines))
            line = self._fill(record, path, {}, ("source",))
            amounts: dict[str, Any] = {}
            for key, year in sorted(years.items(), key=lambda kv: kv[1]):
                if key in record.cells:
                    self._put(record, key, (*path, "amounts", year), amounts, str(year))
            # a line always has its amounts (the model requires them), even none
            line["amounts"] = {int(k): v for k, v in amounts.items()}
            lines.append(line)
        if not lines and not settings:
            return None
        finances = dict(settings or {})
        if lines:
            finances["lines"] = lines
        order = ["id", "caption", "currency", "lines", "note"]
        return {k: finances[k] for k in order if k in finances}


def _ids(items: list[dict[str, Any]], base: PathKey) -> dict[str, PathKey]:
    """Id → path of the first item of ``items`` with that id."""
    out: dict[str, PathKey] = {}
    for i, item in enumerate(items):
        if isinstance(item.get("id"), str):
            out.setdefault(item["id"], (*base, i))
    return out


def _containers(
    sections: list[dict[str, Any]], annexes: list[dict[str, Any]]
) -> dict[PathKey, dict[str, Any]]:
    """Every section (at any depth) and annex by its path: where figures and tables go."""
    out: dict[PathKey, dict[str, Any]] = {}
    stack: list[tuple[PathKey, dict[str, Any]]] = [
        (("sections", i), s) for i, s in enumerate(sections)
    ]
    while stack:
        path, sec = stack.pop()
        out[path] = sec
        stack.extend(((*path, "sections", j), sub) for j, sub in enumerate(sec.get("sections", [])))
    out.update({("annexes", i): an for i, an in enumerate(annexes)})
    return out


def _cells_of(
    record: _Record, keys: list[str], width: int, columns: dict[tuple[str, str], str]
) -> list[tuple[Any, str]]:
    """The C1…Cn values of a « Tableaux » row with their coordinates (None when empty)."""
    by_number = {int(k[1:]): k for k in keys}
    out: list[tuple[Any, str]] = []
    for n in range(1, width + 1):
        key = by_number.get(n)
        if key is None:
            out.append((None, f"A{record.row}"))
            continue
        out.append((record.get(key), f"{columns[(TABLES, key)]}{record.row}"))
    return out


def _widths(value: Any) -> Any:
    """« 75; 25 » → [75, 25] (a comma would be a decimal comma in a French Excel)."""
    if _is_number(value):
        return [int(value) if float(value).is_integer() else value]
    if not isinstance(value, str):
        return value
    parts = [p for p in re.split(r"[\s;/]+", value) if p]
    return [int(p) if p.isdigit() else p for p in parts]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: object) -> str:
    if isinstance(value, _Formula | _ErrorValue):
        return value.text
    return str(value)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _french_date(text: str) -> str | None:
    """« 04/02/2021 » → « 2021-02-04 » when it is a real day (for the hint)."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _trim(values: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """Drop the empty cells at the end of a row."""
    end = len(values)
    while end and values[end - 1][0] is None:
        end -= 1
    return values[:end]


# --------------------------------------------------------------------------- writing

#: Timestamp of a workbook without SOURCE_DATE_EPOCH: the same data gives the same bytes.
_FIXED_TIME = dt.datetime(2000, 1, 1)


def _timestamp() -> dt.datetime:
    """SOURCE_DATE_EPOCH (UTC) if set, else a constant; never before 1980 (ZIP's epoch)."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = _FIXED_TIME
    if env.isdigit():
        try:
            when = dt.datetime.fromtimestamp(int(env), tz=dt.UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            when = _FIXED_TIME
    return min(max(when, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31))


def _sections_walk(
    sections: Sequence[m.Section], parent: str | None = None
) -> Iterator[tuple[m.Section, str | None]]:
    for sec in sections:
        yield sec, parent
        yield from _sections_walk(sec.sections, sec.id)


def _containers_of(cy: m.CampusYear) -> Iterator[tuple[str, Any]]:
    """(owner id, campus/section/annex) in report order: what holds figures and tables.

    The campus's own introduction is named by the campus code (« TI »)."""
    yield cy.campus, cy
    for sec, _ in _sections_walk(cy.sections):
        yield sec.id, sec
    for an in cy.annexes:
        yield an.id, an


def _lines(items: Sequence[str]) -> str | None:
    return "\n".join(items) if items else None


def _plain_number(value: float) -> int | float:
    """46.0 → 46: Excel shows the number people typed."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _unless_default(fin: m.Finances | None, key: str) -> Any:
    if fin is None:
        return None
    value = getattr(fin, key)
    return None if value == type(fin).model_fields[key].default else value


def _content(cy: m.CampusYear | None, code: str, year: int) -> dict[str, list[list[Any]]]:
    """The data rows of every sheet (values as cells hold them), headers excepted."""
    rows: dict[str, list[list[Any]]] = {name: [] for name in SHEETS}
    fin = cy.finances if cy else None
    values: dict[PathKey, Any] = {
        ("campus",): cy.campus if cy else code,
        ("year",): cy.year if cy else year,
        ("title",): cy.title if cy else None,
        ("intro",): (cy.intro or None) if cy else None,
        ("finances_section",): cy.finances_section if cy else None,
        # defaults stay blank, as a YAML file leaves them out (the help says what they are)
        ("finances", "id"): _unless_default(fin, "id"),
        ("finances", "caption"): _unless_default(fin, "caption"),
        ("finances", "currency"): _unless_default(fin, "currency"),
        ("finances", "note"): fin.note if fin else None,
    }
    for label, path, _, help_text in _CAMPUS_FIELDS:
        rows[CAMPUS].append([label, values[path], help_text])
    if cy is None:
        return rows
    rows[AXES] = [[a.id, a.title, a.description] for a in cy.axes]
    for sec, parent in _sections_walk(cy.sections):
        unnumbered = _YES if sec.unnumbered else _NO
        rows[SECTIONS].append([sec.id, sec.title, parent, unnumbered, sec.body or None])
    for act in cy.actions:
        rows[ACTIONS].append(
            [
                act.id,
                act.title,
                act.text or None,
                act.axis,
                act.section,
                act.start,
                act.end,
                _lines(act.partners),
                act.status.value if act.status else None,
                _lines(act.answers),
            ]
        )
        for met in act.metrics:
            rows[METRICS].append([act.id, met.label, _plain_number(met.value), met.unit])
    for owner, box in _containers_of(cy):
        for fig in box.figures:
            rows[FIGURES].append(
                [owner, fig.id, fig.caption, fig.file, fig.width, fig.alt, fig.source]
            )
        for tab in box.tables:
            widths = "; ".join(str(w) for w in tab.widths) if tab.widths else None
            head = [owner, tab.id, _HEADER_ROW, tab.caption, tab.note, widths]
            rows[TABLES].append([*head, *tab.columns])
            for row in tab.rows:
                rows[TABLES].append([None, tab.id, _BODY_ROW, None, None, None, *row])
    rows[INDICATORS] = [[i.axis, i.indicator, i.value, i.comment] for i in cy.indicators]
    for obj in cy.action_plan:
        if not obj.objectives:
            rows[PLAN].append([obj.id, obj.title, None, None, None])
        first = True
        for op in obj.objectives:
            for k, done in enumerate(op.achievements or [None]):
                # titles once per objective: a title repeated on every row would be edited
                # on one row and not the others
                obj_title = obj.title if first else None
                rows[PLAN].append([obj.id, obj_title, op.id, op.title if k == 0 else None, done])
                first = False
    if fin:
        years = sorted({y for line in fin.lines for y in line.amounts})
        for line in fin.lines:
            amounts = [line.amounts.get(y) for y in years]
            rows[FUNDING].append(
                [line.source, *(None if a is None else _plain_number(a) for a in amounts)]
            )
    for an in cy.annexes:
        include = _INCLUDE_LABELS[an.include] if an.include else None
        rows[ANNEXES].append(
            [an.id, an.title, an.body or None, include, an.table_id, an.table_caption]
        )
    rows[NOTES] = [[k, v] for k, v in cy.footnotes.items()]
    return rows


def _headers(cy: m.CampusYear | None, year: int) -> dict[str, list[Col]]:
    """The columns of every sheet: fixed, plus C1…Cn for tables and one per funding year."""
    out: dict[str, list[Col]] = {name: list(cols) for name, cols in _COLUMNS.items()}
    width = 6
    years = list(range(year - 3, year + 2))
    if cy is not None:
        for _, box in _containers_of(cy):
            for tab in box.tables:
                width = max(width, len(tab.columns), *(len(r) for r in tab.rows))
        if cy.finances:
            years = sorted({y for line in cy.finances.lines for y in line.amounts})
    out[TABLES] += [Col(f"c{n}", f"C{n}", "any", 18) for n in range(1, width + 1)]
    out[FUNDING] += [Col(f"y{y}", str(y), "number", 14) for y in years]
    return out


def _where(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letter(col)}{row}"


def _set(ws: Any, row: int, col: int, value: Any, style: dict[str, Any]) -> None:
    """Write one value; text stays text, dates get a date format."""
    if value is None:
        return
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        if len(value) > MAX_CELL_TEXT:
            raise DataError(
                f"{_where(ws.title, row, col)} : texte de {len(value)} caractères, plus que les "
                f"{MAX_CELL_TEXT} qu'une cellule Excel peut contenir ; raccourcissez-le ou "
                "découpez-le dans le YAML."
            )
        try:
            cell.value = value
        except Exception:  # openpyxl's IllegalCharacterError: control characters
            raise DataError(
                f"{_where(ws.title, row, col)} : le texte contient un caractère de contrôle "
                "qu'Excel refuse ; retirez-le du YAML."
            ) from None
        if cell.data_type == "f":
            cell.data_type = "s"  # text that begins with « = » is text, not a formula
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = _DATE_FORMAT
    cell.alignment = style["wrap"]


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    return {
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "bold": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
    }


def _header_row(
    ws: Any, headers: Sequence[str], widths: Sequence[int], style: dict[str, Any]
) -> None:
    for i, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = style["bold"]
        cell.fill = style["fill"]
        cell.alignment = style["wrap"]
        ws.column_dimensions[column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _validation(kind: str, source: str | None = None, *, strict: bool = True) -> Any:
    """A dropdown (list) or a check of the typed value, with a message in French."""
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    if kind == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1="32874",  # 1990-01-01
            formula2="73415",  # 2100-12-31
            allow_blank=True,
        )
        dv.error = "Tapez une date, par exemple 04/02/2021."
        dv.prompt = "Une date, par exemple 04/02/2021."
        dv.showInputMessage = True
    elif kind == "width":
        dv = DataValidation(
            type="whole", operator="between", formula1="10", formula2="100", allow_blank=True
        )
        dv.error = "Un nombre entier de 10 à 100 (pourcentage de la largeur de la page)."
    else:
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        dv.error = "Choisissez une valeur de la liste."
    dv.errorTitle = "Valeur non autorisée"
    # a list the user may extend (a perspective, an owner added later) only suggests
    dv.showErrorMessage = strict
    return dv


def _inline(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _range(sheet: str, letter: str) -> str:
    return f"{sheet}!${letter}$2:${letter}${_LIST_ROWS}"


def _validations(sheet: str, cols: Sequence[Col]) -> list[tuple[Any, str]]:
    """The dropdowns of one data sheet, with the column range each covers."""
    first = {name: column_letter(1) for name in (AXES, SECTIONS, ACTIONS)}
    specs: dict[tuple[str, str], Any] = {
        (SECTIONS, "parent"): lambda: _validation("list", _range(SECTIONS, first[SECTIONS])),
        (SECTIONS, "unnumbered"): lambda: _validation("list", _inline((_YES, _NO))),
        (ACTIONS, "axis"): lambda: _validation("list", _range(AXES, first[AXES])),
        (ACTIONS, "section"): lambda: _validation("list", _range(SECTIONS, first[SECTIONS])),
        (ACTIONS, "start"): lambda: _validation("date"),
        (ACTIONS, "end"): lambda: _validation("date"),
        (ACTIONS, "status"): lambda: _validation("list", _inline(STATUS_VALUES)),
        (ACTIONS, "answers"): lambda: _validation("list", _range(LISTS, "A"), strict=False),
        (METRICS, "action"): lambda: _validation("list", _range(ACTIONS, first[ACTIONS])),
        (FIGURES, "owner"): lambda: _validation("list", _range(LISTS, "C"), strict=False),
        (FIGURES, "width"): lambda: _validation("width"),
        (TABLES, "owner"): lambda: _validation("list", _range(LISTS, "C"), strict=False),
        (TABLES, "row"): lambda: _validation("list", _inline((_HEADER_ROW, _BODY_ROW))),
        (ANNEXES, "include"): lambda: _validation("list", _inline(tuple(_INCLUDE_LABELS.values()))),
    }
    out = []
    for i, col in enumerate(cols, start=1):
        make = specs.get((sheet, col.key))
        if make is not None:
            letter = column_letter(i)
            out.append((make(), f"{letter}2:{letter}{_LAST_ROW}"))
    return out


def workbook_bytes(
    cy: m.CampusYear | None,
    code: str,
    year: int,
    *,
    campus_name: str = "",
    perspectives: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The .xlsx file of a campus-year (see :func:`export_campus_year`), as bytes."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    style = _styles()
    book = Workbook()
    readme = book.active
    readme.title = README
    name = f"CMQ {campus_name} ({code})" if campus_name else f"CMQ {code}"
    readme.cell(row=1, column=1, value=f"Rapport d'activité {year} — {name}").font = style["bold"]
    for i, text in enumerate(_README_TEXT, start=3):
        readme.cell(row=i, column=1, value=text).alignment = style["wrap"]
    readme.column_dimensions["A"].width = 110

    content = _content(cy, code, year)
    headers = _headers(cy, year)
    campus = book.create_sheet(CAMPUS)
    _header_row(campus, _CAMPUS_HEADERS, (34, 90, 60), style)
    for r, row in enumerate(content[CAMPUS], start=2):
        campus.cell(row=r, column=1, value=row[0]).font = style["bold"]
        for c in (1, 2, 3):
            _set(campus, r, c, row[c - 1], style)
    finances_row = 2 + [p for _, p, _, _ in _CAMPUS_FIELDS].index(("finances_section",))
    dv = _validation("list", _range(SECTIONS, "A"))
    campus.add_data_validation(dv)
    dv.add(f"B{finances_row}")

    for sheet in SHEETS[1:]:
        ws = book.create_sheet(sheet)
        cols = headers[sheet]
        _header_row(ws, [c.header for c in cols], [c.width for c in cols], style)
        for r, row in enumerate(content[sheet], start=2):
            for c, value in enumerate(row, start=1):
                _set(ws, r, c, value, style)
        for dv, where in _validations(sheet, cols):
            ws.add_data_validation(dv)
            dv.add(where)
        if sheet == PLAN:
            # numbers of objectives are text: typed « 1.10 » must not become the number 1.1
            for i, col in enumerate(cols, start=1):
                if col.key in ("objective", "operational"):
                    ws.column_dimensions[column_letter(i)].number_format = "@"

    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    for i, text in enumerate(("Perspectives", "Intitulé", "Rattachement"), start=1):
        lists.cell(row=1, column=i, value=text)
    for r, (pid, title) in enumerate(perspectives, start=2):
        _set(lists, r, 1, pid, style)
        _set(lists, r, 2, title, style)
    owners = [owner for owner, _ in _containers_of(cy)] if cy else []
    for r, owner in enumerate(owners, start=2):
        _set(lists, r, 3, owner, style)

    when = _timestamp()
    props = book.properties
    props.creator = "cmqreport"
    props.lastModifiedBy = "cmqreport"
    props.title = f"{name} — {year}"
    props.created = props.modified = when
    buffer = io.BytesIO()
    # not book.save(): it stamps the current time as « modified »
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _stable_zip(buffer.getvalue(), when)


def _stable_zip(raw: bytes, when: dt.datetime) -> bytes:
    """The same archive with fixed entry times, so that the same data gives the same bytes."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename: all or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_campus_year(
    cy: m.CampusYear | None,
    code: str,
    year: int,
    target: Path,
    *,
    campus_name: str = "",
    perspectives: Sequence[tuple[str, str]] = (),
) -> None:
    """Write the workbook of campus ``code`` for ``year`` to ``target`` (atomically).

    ``cy`` prefills it (``None``: an empty workbook for a new year, which still has every
    sheet, header and dropdown). ``perspectives`` — (id, title) of the previous year's
    report — feed the « Répond à » dropdown. Loading the file with
    :func:`load_workbook_data` gives back data equal to ``cy``.
    """
    data = workbook_bytes(cy, code, year, campus_name=campus_name, perspectives=perspectives)
    write_atomic(target, data)


# --------------------------------------------------------------------------- commands


def export_cli(
    project_dir: Path,
    code: str,
    year: int,
    out: Path | None,
    *,
    empty: bool = False,
    force: bool = False,
) -> tuple[Path, list[str]]:
    """``cmqreport export-xlsx``: write the workbook; returns its path and notes for people.

    Raises :class:`UsageError` for an unknown campus or an existing file (without
    ``force``), :class:`DataError` when the campus-year to export has errors.
    """
    from cmqreport.load.project import load_project

    project = load_project(project_dir)
    code = code.strip().upper()
    data = project.year(year)
    known = project.known_campuses() | set(data.campuses)
    if code not in known:
        raise UsageError(
            f"campus « {code} » inconnu (campus du projet : "
            + (", ".join(sorted(known)) or "aucun")
            + ")."
        )
    target = out if out is not None else project.root / "years" / str(year) / f"{code}.xlsx"
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"{target} : le classeur doit avoir l'extension .xlsx.")
    if target.exists() and not force:
        raise UsageError(f"{target} existe déjà : ajoutez --force pour le remplacer.")
    prefix = f"years/{year}/{code}."
    broken = sorted(rel for rel in project.failed if rel.startswith(prefix))
    yamls = [rel for rel in (f"{prefix}yaml", f"{prefix}yml") if (project.root / rel).is_file()]
    cy = None if empty else data.campuses.get(code)
    diags = [d for d in project.diagnostics if d.place is not None and d.place.file in broken]
    if not empty and cy is None and yamls and len(broken) > 1:
        # a YAML beside the workbook exported from it: the YAML is what is converted
        cy, diags = _read_campus_year(project.root / yamls[0], yamls[0])
        broken = [yamls[0]] if cy is None else []
    if not empty and cy is None and broken:
        raise DataError(
            f"{', '.join(broken)} contient des erreurs : corrigez-les (cmqreport validate) "
            "ou exportez un classeur vide (--empty).",
            diags,
        )
    campus = project.campuses.get(code)
    previous = project.year(year - 1).perspectives
    plans = [(p.id, p.title) for p in previous.items] if previous else []
    export_campus_year(
        cy, code, year, target, campus_name=campus.name if campus else "", perspectives=plans
    )
    notes: list[str] = []
    others = yamls
    try:
        inside = target.resolve().parent == (project.root / "years" / str(year)).resolve()
    except OSError:
        inside = False
    if inside and others:
        notes.append(
            f"{', '.join(others)} existe aussi : une année d'un campus ne doit avoir qu'un "
            "fichier ; supprimez ou déplacez le YAML quand le classeur est prêt."
        )
    return target, notes


def _read_campus_year(path: Path, rel: str) -> tuple[m.CampusYear | None, list[Diagnostic]]:
    """One campus-year file read and checked on its own (diagnostics when it fails)."""
    from pydantic import ValidationError

    from cmqreport import model as mdl
    from cmqreport.load.project import pydantic_diagnostics
    from cmqreport.load.yamlsrc import load_yaml

    src = load_yaml(path, rel)
    if not src.ok or not isinstance(src.data, dict):
        return None, src.diagnostics
    try:
        return mdl.CampusYear.model_validate(src.data), []
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, src, mdl.CampusYear)


def import_cli(
    workbook: Path, out: Path | None, *, force: bool = False
) -> tuple[Path, list[Diagnostic], list[str]]:
    """``cmqreport import-xlsx``: write the YAML of a workbook.

    Returns the path written, the workbook's warnings and notes for people. Raises
    :class:`DataError` (with the diagnostics) when the workbook has errors.
    """
    from pydantic import ValidationError

    from cmqreport import model as mdl
    from cmqreport.load.project import pydantic_diagnostics

    if not workbook.is_file():
        raise UsageError(f"{workbook} n'existe pas.")
    target = out if out is not None else workbook.with_suffix(".yaml")
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{target} : le fichier écrit doit avoir l'extension .yaml.")
    if target.exists() and not force:
        raise UsageError(f"{target} existe déjà : ajoutez --force pour le remplacer.")
    src = load_workbook_data(workbook, str(workbook))
    diags = list(src.diagnostics)
    errors = [d for d in diags if d.level == Severity.error]
    cy = None
    if src.data is not None:
        try:
            cy = mdl.CampusYear.model_validate(src.data)
        except ValidationError as exc:
            errors += pydantic_diagnostics(exc, src, mdl.CampusYear)
    if errors or cy is None:
        raise DataError(f"{workbook} contient des erreurs : rien n'a été écrit.", errors)
    write_atomic(target, campus_year_yaml(cy, source=workbook.name).encode("utf-8"))
    notes = []
    if target.parent.resolve() == workbook.parent.resolve() and target.stem == workbook.stem:
        notes.append(
            f"{workbook.name} et {target.name} sont côte à côte : une année d'un campus ne doit "
            "avoir qu'un fichier ; supprimez ou déplacez le classeur."
        )
    return target, [d for d in diags if d.level != Severity.error], notes


def campus_year_yaml(cy: m.CampusYear, *, source: str = "") -> str:
    """A campus-year as YAML: keys in the model's order, multi-line text as ``|`` blocks."""
    from enum import Enum

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        if isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value)
        return value

    data = plain(cy.model_dump(mode="python", exclude_defaults=True))
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one line per paragraph, as people write them
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    if source:
        buffer.write(f"# Importé de {source} par cmqreport import-xlsx.\n")
    yaml.dump(data, buffer)
    return buffer.getvalue()
