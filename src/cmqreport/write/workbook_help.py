"""What the workbook says to the director: the input message of every column, the example
row of every sheet, the « Lisez-moi ».

Pure data and wording: :mod:`cmqreport.write.workbook_sheet` puts them in the cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cmqreport.load.workbook.sheets import (
    ACTIONS,
    ANNEXES,
    AXES,
    BODY_ROW,
    EXAMPLE,
    FIGURES,
    FUNDING,
    INDICATORS,
    METRICS,
    NOTES,
    PLAN,
    SECTIONS,
    SHEETS,
    TABLES,
    Col,
)

__all__ = ["example_row", "prompt", "readme_lines"]

_ID_HELP = "Identifiant : minuscules, chiffres et tirets, sans espace (ex. voie-des-talents)."
_LIST_HELP = "Choisissez dans la liste (l'identifiant suffit si vous le tapez)."

#: (sheet, data key) → input message; other columns get the message of their kind.
_PROMPTS: dict[tuple[str, str], str] = {
    (SECTIONS, "parent"): "Vide pour une section ; pour une sous-section, la section qui la "
    "contient. " + _LIST_HELP,
    (SECTIONS, "unnumbered"): "Oui : section sans numéro. Vide ou Non : numérotée.",
    (ACTIONS, "axis"): "L'axe stratégique de l'action (feuille Axes). " + _LIST_HELP,
    (ACTIONS, "section"): "La section du rapport où l'action est racontée (feuille "
    "Sections). " + _LIST_HELP,
    (ACTIONS, "status"): "Où en est l'action. Choisissez dans la liste.",
    (ACTIONS, "partners"): "Un partenaire par ligne : Alt+Entrée (Excel) ou Ctrl+Entrée "
    "(LibreOffice) pour aller à la ligne dans la cellule.",
    (ACTIONS, "answers"): "La perspective de l'an dernier à laquelle l'action répond ; une "
    "par ligne (Alt+Entrée dans Excel, Ctrl+Entrée dans LibreOffice).",
    (METRICS, "action"): "L'identifiant de l'action (feuille Actions). " + _LIST_HELP,
    (METRICS, "value"): "Un nombre seul, sans espace ni unité (ex. 1200).",
    (FIGURES, "owner"): "La section ou l'annexe où placer la figure. " + _LIST_HELP,
    (FIGURES, "file"): "Nom du fichier image, déposé dans le dossier assets du projet.",
    (FIGURES, "width"): "Largeur en pourcentage de la page, de 10 à 100.",
    (TABLES, "owner"): "Sur la ligne « En-tête » : la section ou l'annexe du tableau.",
    (TABLES, "row"): f"« En-tête » (une par tableau, les titres des colonnes) puis « {BODY_ROW} "
    "» pour chaque ligne du tableau.",
    (TABLES, "widths"): "Largeurs des colonnes en %, séparées par « ; » (ex. 70; 30).",
    (INDICATORS, "value"): "La valeur de l'indicateur (un nombre ou un court texte).",
    (PLAN, "objective"): "Numéro de l'objectif (ex. 1) ; reste du texte (« 1.1 » aussi).",
    (PLAN, "operational"): "Numéro de l'objectif opérationnel (ex. 1.1), du texte.",
    (ANNEXES, "include"): "Pour joindre le plan d'action ou les indicateurs à l'annexe.",
    (FUNDING, "source"): "Le financeur (ex. Région) ; les montants en euros dans les "
    "colonnes des années, en nombres seuls.",
}

_KIND_PROMPTS = {
    "id": _ID_HELP,
    "text": "Du texte, sur une ligne.",
    "markdown": "Du texte ; un paragraphe par ligne (Alt+Entrée dans Excel, Ctrl+Entrée "
    "dans LibreOffice) ; *italique*, **gras**.",
    "number": "Un nombre seul, sans espace ni symbole (ex. 15000,50).",
    "any": "Une valeur.",
    "int": "Un nombre entier.",
}

#: An example value for some columns of each sheet (the first column says « Exemple : »).
_EXAMPLES: dict[str, dict[str, object]] = {
    AXES: {"title": "Attractivité des métiers", "description": "Faire connaître les métiers."},
    SECTIONS: {"title": "Faits marquants", "unnumbered": "Non"},
    ACTIONS: {
        "title": "Salon de l'orientation",
        "status": "réalisé",
        "partners": "Rectorat\nRégion",
        "text": "Deux jours de rencontres avec les lycéens.",
    },
    METRICS: {"label": "Visiteurs", "value": 1200, "unit": "personnes"},
    FIGURES: {"id": "affiche-salon", "caption": "Affiche du salon", "file": "affiche.png"},
    TABLES: {"id": "effectifs", "row": "En-tête", "caption": "Effectifs"},
    INDICATORS: {"indicator": "Nombre de partenaires", "value": 12},
    PLAN: {"objective_title": "Développer les partenariats", "operational": "1.1"},
    FUNDING: {},
    ANNEXES: {"title": "Programme du salon"},
    NOTES: {"text": "Texte de la note de bas de page."},
}


def prompt(sheet: str, col: Col, year: int) -> tuple[str, str]:
    """The input message (title, text) of a column: what to write there."""
    title = col.header[:28] + (" *" if col.required else "")
    if col.kind == "date":
        text = f"Une date de {year}, entre le 01/01/{year} et le 31/12/{year} (ex. 04/02/{year})."
    else:
        text = _PROMPTS.get((sheet, col.key)) or _KIND_PROMPTS.get(col.kind, _LIST_HELP)
    if col.required:
        text = "Obligatoire. " + text
    return title[:32], text[:255]


def example_row(sheet: str, cols: Sequence[Col], year: int) -> list[object]:
    """The example row of a data sheet: « Exemple : … » first, so that it is never read."""
    values = dict(_EXAMPLES.get(sheet, {}))
    row: list[object] = []
    for i, col in enumerate(cols):
        value = values.get(col.key) if col.kind != "date" else dt.date(year, 2, 4)
        if i == 0:
            value = f"{EXAMPLE} {value}" if value not in (None, "") else f"{EXAMPLE} ligne ignorée"
        if col.key.startswith("y") and sheet == FUNDING:
            value = 15000
        row.append(value)
    return row


def readme_lines(
    year: int,
    required: dict[str, list[str]],
    *,
    deadline: str | None,
    contact: str | None,
) -> list[str]:
    """The paragraphs of the « Lisez-moi » sheet, one a row, in the director's words."""
    send = "Renvoyez le classeur rempli"
    send += f" avant le {deadline}" if deadline else ""
    send += f" à {contact}" if contact else " à la coordination du réseau"
    send += " (par courriel, au format .xlsx, sous le même nom de fichier)."
    lines = [
        f"Ce classeur décrit l'activité de votre campus en {year} : il alimente le rapport "
        "d'activité du réseau.",
        send,
        "Une feuille par type d'information ; une ligne par élément. La ligne « Exemple : » "
        "de chaque feuille montre ce qu'on attend : elle n'est jamais lue, laissez-la.",
        "Les colonnes à en-tête orange (marquées * dans l'aide) sont obligatoires :",
    ]
    lines += [f"  • {sheet} : {', '.join(cols)}" for sheet in SHEETS if (cols := required[sheet])]
    lines += [
        "En cliquant sur une cellule, un message dit quoi y écrire ; les listes déroulantes "
        "proposent les choix possibles.",
        f"Dates : tapez une vraie date de {year}, par exemple 04/02/{year} ; l'année est vérifiée.",
        "Plusieurs valeurs dans une cellule (partenaires, perspectives, paragraphes) : une "
        "par ligne. Pour aller à la ligne dans une cellule : Alt+Entrée dans Excel, "
        "Ctrl+Entrée dans LibreOffice (Entrée seule valide la cellule).",
        "Identifiants : minuscules, chiffres et tirets (ex. voie-des-talents). Si la "
        "correction automatique met une majuscule, ce n'est pas grave : elle est retirée.",
        "Les en-têtes (ligne 1) sont protégés : ne renommez ni les feuilles ni les "
        "colonnes, ne fusionnez pas de cellules ; insérez ou supprimez des lignes librement.",
        "Le texte peut être mis en forme : *italique*, **gras**, listes commençant par « - ».",
        "Pas de formules : copiez puis « Collage spécial → Valeurs » au besoin.",
        "LibreOffice : enregistrez au format Excel (.xlsx) — bouton « Utiliser le format "
        "Excel 2007-365 ! » —, pas en .ods.",
    ]
    return lines
