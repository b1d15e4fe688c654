"""The layout of a campus-year workbook: its sheets, their columns, the « Campus » rows.

This table is shared by the reader (:mod:`cmqreport.load.workbook`) and the writer
(:mod:`cmqreport.write.workbook`): a header written is a header read. It is pure data
(``COLUMNS`` and ``CAMPUS_FIELDS`` are long tables, not logic).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmqreport.load.yamlsrc import PathKey

__all__ = [
    "ACTIONS",
    "ANNEXES",
    "AUX_SHEETS",
    "AXES",
    "BODY_ROW",
    "CAMPUS",
    "CAMPUS_FIELDS",
    "CAMPUS_HEADERS",
    "COLUMNS",
    "EXAMPLE",
    "FIGURES",
    "FUNDING",
    "HEADER_ROW",
    "INCLUDE_LABELS",
    "INDICATORS",
    "LABEL_SEP",
    "LISTS",
    "MAX_CELL_TEXT",
    "MAX_GAP",
    "METRICS",
    "NO",
    "NOTES",
    "PLAN",
    "README",
    "SECTIONS",
    "SHEETS",
    "STATUS_VALUES",
    "TABLES",
    "YES",
    "Col",
    "column_letter",
]

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
AUX_SHEETS = (README, LISTS)

#: The first cell of the example row (row 2 of a data sheet): the reader skips the row.
EXAMPLE = "Exemple :"
#: Between an id and its title in a dropdown (« agt-relation-client — Relation client »).
LABEL_SEP = " — "

#: Excel's limit on the text of one cell.
MAX_CELL_TEXT = 32_767
#: Blank rows tolerated inside a table; a value further down is a stray, not data.
MAX_GAP = 10

STATUS_VALUES = (
    "réalisé",
    "en cours",
    "partiellement réalisé",
    "non réalisé",
    "abandonné",
    "reporté",
)
INCLUDE_LABELS = {"action_plan": "Plan d'action", "indicators": "Indicateurs"}
YES, NO = "Oui", "Non"
#: The two kinds of rows of the « Tableaux » sheet.
HEADER_ROW, BODY_ROW = "En-tête", "Ligne"


@dataclass(frozen=True)
class Col:
    """One column of a data sheet: the data key it holds and how its cells are read."""

    key: str
    header: str
    kind: str
    width: int = 20
    required: bool = False
    aliases: tuple[str, ...] = ()


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _id(required: bool = True) -> Col:
    return Col("id", "Identifiant", "id", 28, required)


def _title() -> Col:
    return Col("title", "Titre", "text", 50, True)


#: The fixed columns of every data sheet but « Campus » (« Tableaux » adds C1…Cn,
#: « Financement » one column per year).
COLUMNS: dict[str, tuple[Col, ...]] = {
    AXES: (_id(), _title(), Col("description", "Description", "markdown", 70)),
    SECTIONS: (
        _id(),
        _title(),
        Col("parent", "Section parente", "id", 28),
        Col("unnumbered", "Non numérotée", "bool", 14),
        Col("body", "Texte", "markdown", 70),
    ),
    # the short columns first, the long text last: Début and Statut stay on the screen
    ACTIONS: (
        _id(),
        _title(),
        Col("start", "Début", "date", 12),
        Col("end", "Fin", "date", 12),
        Col("axis", "Axe", "id", 28),
        Col("status", "Statut", "status", 20),
        Col("section", "Section", "id", 28),
        Col("partners", "Partenaires (un par ligne)", "lines", 36),
        Col(
            "answers", "Répond à (une perspective par ligne)", "ids", 34, aliases=("Perspectives",)
        ),
        Col("text", "Texte", "markdown", 60),
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
    NOTES: (_id(), Col("text", "Texte", "markdown", 70, True)),
}

#: Rows of the « Campus » sheet: label, data path, kind, help.
CAMPUS_FIELDS: tuple[tuple[str, PathKey, str, str], ...] = (
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
#: The three columns of the « Campus » sheet.
CAMPUS_HEADERS = ("Champ", "Valeur", "Aide")
