"""A loaded workbook: the data of a YAML campus-year, with the cell of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cmqreport.diagnostics import Diagnostic, Place
from cmqreport.load.workbook.sheets import CAMPUS, FUNDING
from cmqreport.load.yamlsrc import Loaded, PathKey

__all__ = ["WorkbookLoaded"]


def _number_meant(value: str | None) -> str | None:
    """« 1 200 » or « 15 000,50 € » typed as text → the number meant, as a French Excel
    takes it (« 1200 », « 15000,5 »)."""
    if not value:
        return None
    text = re.sub(r"[\s\u00a0\u202f€]", "", value).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    shown = str(int(number)) if number.is_integer() else repr(number).replace(".", ",")
    return f"{shown} (le nombre seul)"


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

    def words(self, sheet: str, coord: str) -> str:
        """A cell as the director sees it: « feuille Actions, ligne 3, colonne Statut (F3) »."""
        match = re.fullmatch(r"([A-Z]+)(\d+)", coord)
        if match is None or sheet == CAMPUS:  # a sheet of rows « Champ, Valeur »
            return f"feuille {sheet}, cellule {coord}"
        letter, row = match.groups()
        header = next(
            (self.labels[k] for k, at in self.columns.items() if k[0] == sheet and at == letter),
            None,
        )
        column = f"colonne {header} ({coord})" if header else f"cellule {coord}"
        return f"feuille {sheet}, ligne {row}, {column}"

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
        diag = self._adapted(diag, path)
        place = diag.place
        if place is not None and place.sheet and place.cell:
            return replace(diag, message=f"{self.words(place.sheet, place.cell)} : {diag.message}")
        return diag

    def _adapted(self, diag: Diagnostic, path: PathKey) -> Diagnostic:
        code = diag.code
        if code == "CMQ-V003":
            return self._required(diag, path)
        if code == "CMQ-V004":
            return replace(
                diag,
                hint="Tapez une date dans une cellule au format Date (ex. 04/02/2021), "
                "ou écrivez-la 2021-02-04.",
            )
        if code == "CMQ-V015":
            meant = _number_meant(diag.value)
            typed = f"Tapez {meant}" if meant else "Tapez le nombre seul (ex. 15000,5)"
            return replace(
                diag,
                hint=f"{typed} dans une cellule au format Nombre : le format affiche les "
                "espaces et le symbole €.",
            )
        if code == "CMQ-V005" and diag.hint:
            return replace(diag, hint=f"Vérifiez la cellule « {self.label(path)[1]} ».")
        if code == "CMQ-V006" and diag.hint and diag.hint.startswith("Valeurs possibles"):
            choices = re.sub(r"'([^']*)'", r"\1", diag.hint.removeprefix("Valeurs possibles : "))
            return replace(diag, hint=f"Choisissez dans la liste : {choices}")
        return diag

    def _required(self, diag: Diagnostic, path: PathKey) -> Diagnostic:
        """A missing value: the column (or the « Campus » row) to fill, on its row."""
        if path == ("finances", "lines"):
            return replace(
                diag,
                message="les moyens financiers n'ont aucune ligne.",
                place=self._at(FUNDING, "A2"),
                hint=f"Ajoutez une ligne (Source et montants) à la feuille « {FUNDING} », "
                f"ou videz les champs « Moyens financiers » de la feuille « {CAMPUS} ».",
            )
        sheet, label = self.label(path)
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
