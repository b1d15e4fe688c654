"""Diagnostics: one record for every problem found in a project, and its output formats.

A :class:`Diagnostic` carries a stable code (``CMQ-V004``) and slug (``date-invalid``), a
severity, a French message and hint, the place in the source (``file:line:col`` for YAML,
``file!Sheet!C12`` for workbooks), the data path (``actions[3].date``) and the offending
value. The same record is printed as text, JSON or GitHub Actions annotations.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "CODES",
    "Code",
    "Diagnostic",
    "Place",
    "Severity",
    "format_github",
    "format_json",
    "format_text",
]

JSON_SCHEMA_VERSION = 1


class Severity(StrEnum):
    """How bad a diagnostic is."""

    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code with its slug and its documentation."""

    code: str
    slug: str
    severity: Severity
    summary: str
    explanation: str
    #: A typical fix, « avant » → « après » (docs/diagnostics.md, ``cmqreport explain``).
    fix: str = ""


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W, I = Severity.error, Severity.warning, Severity.info  # noqa: E741

# fmt: off
#: Every code cmqreport can print. Codes are never renumbered; retired codes stay listed.
CODES: dict[str, Code] = _codes(
    Code(
        "CMQ-V001", "yaml-syntax", E, "Syntaxe YAML invalide.",
        "Le fichier n'est pas du YAML valide (indentation, deux-points, guillemets).",
        '`title: "Campus AGT` → `title: "Campus AGT"`',
    ),
    Code(
        "CMQ-V002", "unknown-key", E, "Clé inconnue.",
        "La clé n'existe pas dans ce type de fichier ; une clé proche est proposée.",
        "`sectoin: faits-marquants` → `section: faits-marquants`",
    ),
    Code(
        "CMQ-V003", "missing-key", E, "Clé obligatoire absente.",
        "Le bloc signalé doit contenir cette clé.",
        "ajouter `name: Alimentation, Goût, Tourisme` au bloc signalé",
    ),
    Code(
        "CMQ-V004", "date-invalid", E, "Date invalide.",
        "Les dates s'écrivent AAAA-MM-JJ et doivent exister (pas de 31 avril).",
        "`start: 2021-02-30` → `start: 2021-02-28` ; `4 février 2021` → `2021-02-04`",
    ),
    Code(
        "CMQ-V005", "type-invalid", E, "Valeur du mauvais type.",
        "La valeur n'a pas le type attendu (texte, nombre, liste, booléen...).",
        '`title: [Salon, bouche]` → `title: "Salon, bouche"`',
    ),
    Code(
        "CMQ-V006", "value-invalid", E, "Valeur non autorisée.",
        "La valeur ne respecte pas la liste des choix possibles ou le format attendu.",
        "`status: terminé` → `status: réalisé` ; `id: Salon 2021` → `id: salon-2021`",
    ),
    Code(
        "CMQ-V007", "duplicate-key", E, "Clé en double.",
        "La même clé apparaît deux fois dans un bloc ; YAML garderait silencieusement la "
        "seconde.",
        "supprimer ou renommer la seconde `title:` du bloc",
    ),
    Code(
        "CMQ-V008", "yaml-tab", E, "Tabulation dans l'indentation.",
        "YAML n'accepte que des espaces pour indenter.",
        "remplacer la tabulation en début de ligne par des espaces",
    ),
    Code(
        "CMQ-V009", "yaml-tag", E, "Étiquette YAML interdite.",
        "Les étiquettes (!!python/..., !tag) peuvent exécuter du code : elles sont refusées.",
        "`title: !!python/object:x {}` → `title: Salon`",
    ),
    Code(
        "CMQ-V010", "yaml-alias", E, "Alias YAML trop coûteux.",
        "Les alias (*ancre) qui se multiplient (« alias bomb ») sont refusés.",
        "écrire les données en entier, sans `&ancre` ni `*alias`",
    ),
    Code(
        "CMQ-V011", "yaml-depth", E, "Imbrication trop profonde.",
        "Le fichier imbrique plus de blocs que ne le permet une donnée de rapport.",
        "fermer les crochets `[` et accolades `{` restés ouverts",
    ),
    Code(
        "CMQ-V012", "yaml-ambiguous-bool", W, "Booléen ambigu (YAML 1.1).",
        "yes/no/on/off sont des booléens en YAML 1.1 mais du texte en YAML 1.2 ; "
        "écrivez true/false ou mettez le texte entre guillemets.",
        '`value: no` → `value: "no"` (texte) ou `value: false` (booléen)',
    ),
    Code(
        "CMQ-V013", "encoding", E, "Encodage non UTF-8.",
        "Les fichiers doivent être enregistrés en UTF-8 (un BOM et des fins de ligne CRLF "
        "sont acceptés).",
        "« Enregistrer sous » → encodage UTF-8 (au lieu de Latin-1, Windows-1252 ou UTF-16)",
    ),
    Code(
        "CMQ-V014", "empty-file", E, "Fichier vide.",
        "Le fichier ne contient aucune donnée.",
        "remplir le fichier (`campus: AGT`, `year: 2021`...) ou le supprimer",
    ),
    Code(
        "CMQ-V015", "number-as-text", E, "Nombre écrit comme du texte.",
        "« 15 000,00 € » est du texte : écrivez le nombre sans espace ni symbole (15000.00).",
        "`2021: 15 000,00 €` → `2021: 15000.00`",
    ),
    Code(
        "CMQ-V016", "not-a-mapping", E, "Le fichier doit être un bloc de clés.",
        "Le haut du fichier doit être une suite « clé: valeur ».",
        "`- campus: AGT` → `campus: AGT`",
    ),
    Code(
        "CMQ-V020", "unknown-campus", E, "Campus inconnu.",
        "Le code de campus ne correspond à aucun fichier campuses/CODE.yaml.",
        "`campus_order: [AGT, XYZ]` → créer campuses/XYZ.yaml ou corriger le code",
    ),
    Code(
        "CMQ-V021", "duplicate-id", E, "Identifiant en double.",
        "Deux éléments portent le même identifiant ; les identifiants doivent être uniques.",
        "second `id: salon` → `id: salon-du-chocolat`",
    ),
    Code(
        "CMQ-V022", "date-outside-year", E, "Date hors de l'année.",
        "Une action de l'année N doit se dérouler (au moins en partie) pendant l'année N.",
        "dans years/2021 : `start: 2022-01-10` → `start: 2021-01-10`, ou déplacer l'action "
        "dans years/2022",
    ),
    Code(
        "CMQ-V023", "unknown-perspective", E, "Perspective inconnue.",
        "L'identifiant ne correspond à aucune perspective du rapport de l'année précédente.",
        "`answers: [tiers-lieux]` → `answers: [tiers-lieu]` (id de "
        "years/2020/perspectives.yaml)",
    ),
    Code(
        "CMQ-V024", "unknown-reference", E, "Renvoi vers un élément inexistant.",
        "Le renvoi [[type:id]] ne désigne aucune figure, tableau, annexe, section ou chapitre.",
        "`[[fig:nope]]` → `[[fig:salon]]` (id d'une figure de l'année)",
    ),
    Code(
        "CMQ-V025", "unknown-citation", E, "Citation inconnue.",
        "La citation [@id] ne correspond à aucune entrée de references.yaml.",
        "ajouter `- id: rapport-2019` à references.yaml, ou corriger `[@rapport-2019]`",
    ),
    Code(
        "CMQ-V026", "acronym-undefined", E, "Sigle non défini.",
        "Un mot en capitales est utilisé comme sigle sans être défini dans acronyms.yaml.",
        "acronyms.yaml : ajouter `DRAAF: Direction régionale de l'alimentation, de "
        "l'agriculture et de la forêt`",
    ),
    Code(
        "CMQ-V027", "acronym-unused", W, "Sigle jamais utilisé.",
        "Le sigle est défini mais n'apparaît nulle part dans le rapport.",
        "supprimer le sigle d'acronyms.yaml, ou l'employer dans le texte",
    ),
    Code(
        "CMQ-V028", "stray-file", W, "Fichier hors projet.",
        "Le fichier n'appartient à aucune partie du projet ; il est ignoré.",
        "déplacer `years/2021/notes.yaml` hors des données ; fermer Excel (`~$AGT.xlsx`)",
    ),
    Code(
        "CMQ-V029", "year-mismatch", E, "Année ou campus incohérent.",
        "Le contenu du fichier ne correspond pas à son emplacement (année, code de campus).",
        "dans years/2021/AGT.yaml : `year: 2020` → `year: 2021`",
    ),
    Code(
        "CMQ-V030", "unknown-footnote", E, "Note de bas de page inconnue.",
        "L'appel [^id] ne correspond à aucune note de la clé footnotes: du fichier.",
        "ajouter `footnotes: {portage: Lycée Le Castel, Dijon.}` pour l'appel `[^portage]`",
    ),
    Code(
        "CMQ-V031", "unused-footnote", W, "Note de bas de page jamais appelée.",
        "La note est définie mais aucun texte ne l'appelle par [^id].",
        "appeler la note par `[^portage]` dans le texte, ou la supprimer",
    ),
    Code(
        "CMQ-V032", "unknown-axis", E, "Axe ou section inconnu.",
        "L'action renvoie à un axe ou une section absents du fichier ; dans un classeur, un "
        "chiffre, une figure, un tableau ou une sous-section renvoie à une action, une "
        "section ou une annexe absente.",
        "`axis: attractivte` → `axis: attractivite` (id déclaré sous `axes:`)",
    ),
    Code(
        "CMQ-V033", "path-outside-project", E, "Chemin hors du projet.",
        "Les fichiers cités par les données doivent être dans le projet.",
        "`file: ../../photos/salon.png` → copier l'image et écrire `file: assets/salon.png`",
    ),
    Code(
        "CMQ-V034", "missing-file", E, "Fichier introuvable.",
        "Le fichier cité n'existe pas dans le projet.",
        "ajouter assets/forum.png, corriger son nom, ou retirer `file:` (cadre vide)",
    ),
    Code(
        "CMQ-V035", "date-order", E, "Dates dans le désordre.",
        "La date de fin précède la date de début.",
        "`start: 2021-03-06`, `end: 2021-03-04` → inverser les deux dates",
    ),
    Code(
        "CMQ-V036", "followup-unknown", E, "Suivi d'une perspective inconnue.",
        "Le suivi cite une perspective absente du rapport de l'année précédente.",
        "`perspective: tiers-lieux` → `perspective: tiers-lieu`",
    ),
    Code(
        "CMQ-V037", "missing-year", E, "Année sans données.",
        "Aucun fichier years/AAAA/network.yaml pour l'année demandée.",
        "créer years/2021/network.yaml (`year`, `title`, `summary`)",
    ),
    Code(
        "CMQ-V038", "glossary-unknown", E, "Terme de glossaire inconnu.",
        "Le sigle renvoie à un terme absent de glossary.yaml.",
        "`glossary: Campus des métiers` → le terme exact de glossary.yaml",
    ),
    Code(
        "CMQ-V040", "template-error", E, "Erreur dans un gabarit.",
        "Un gabarit Jinja du projet contient une erreur ; le fichier et la ligne sont "
        "indiqués.",
        "`{{ campus.name }` → `{{ campus.name }}` à la ligne indiquée du gabarit",
    ),
    Code(
        "CMQ-V050", "xlsx-invalid", E, "Classeur illisible.",
        "Le classeur n'est pas un fichier .xlsx lisible : ancien format .xls, classeur "
        "protégé par un mot de passe, fichier endommagé ou d'un autre format (.ods...).",
        "AGT.xls → « Enregistrer sous » Classeur Excel (.xlsx) ; retirer le mot de passe "
        "(Fichier → Informations → Protéger le classeur)",
    ),
    Code(
        "CMQ-V051", "xlsx-formula", E, "Formule sans valeur calculée.",
        "La cellule contient une formule dont le classeur n'a pas enregistré le résultat "
        "(classeur produit par un programme, jamais ouvert dans un tableur).",
        "ouvrir et enregistrer le classeur dans Excel ou LibreOffice, ou remplacer "
        "`=SOMME(B2:B4)` par sa valeur (Collage spécial → Valeurs)",
    ),
    Code(
        "CMQ-V052", "xlsx-error-value", E, "Cellule en erreur.",
        "La cellule affiche une erreur de formule (#DIV/0!, #N/A, #REF!, #VALEUR!...).",
        "`=B2/C2` qui donne #DIV/0! → corriger la formule ou taper la valeur",
    ),
    Code(
        "CMQ-V053", "xlsx-date", E, "Date mal saisie.",
        "Une colonne de dates contient du texte (« 04/02/2021 » tapé dans une cellule au "
        "format Texte) ou un nombre, ou une colonne de texte contient une date (Excel a "
        "converti « 1.1 » en 1er janvier).",
        "cellule Début « 04/02/2021 » en texte → format Date puis retaper 04/02/2021, ou "
        "écrire 2021-02-04",
    ),
    Code(
        "CMQ-V054", "xlsx-merged-cells", E, "Cellules fusionnées.",
        "Des cellules fusionnées ne gardent que la valeur de la première : chaque ligne doit "
        "avoir ses propres valeurs.",
        "annuler la fusion de A2:A5 et recopier la valeur dans chaque cellule",
    ),
    Code(
        "CMQ-V055", "xlsx-stray-value", E, "Valeur hors du tableau.",
        "Une valeur est dans une colonne sans en-tête, ou isolée loin sous les données (par "
        "exemple en ligne 1048576) : elle n'est pas lue.",
        "supprimer la valeur de A1048576, ou donner un en-tête à sa colonne",
    ),
    Code(
        "CMQ-V056", "xlsx-header", E, "En-tête inconnu ou absent.",
        "Un en-tête de colonne (ou un nom de champ de la feuille Campus) n'est pas reconnu, "
        "ou une colonne obligatoire manque ; un nom proche est proposé. Une colonne en plus "
        "sans nom proche n'est qu'un avertissement.",
        "en-tête « Titre de l'action » → « Titre »",
    ),
    Code(
        "CMQ-V057", "xlsx-duplicate-header", E, "En-tête en double.",
        "Deux colonnes (ou deux lignes de la feuille Campus) portent le même nom ; la "
        "seconde n'est pas lue.",
        "supprimer ou renommer la seconde colonne « Titre »",
    ),
    Code(
        "CMQ-V058", "xlsx-sheet", W, "Feuille absente ou inconnue.",
        "Une feuille attendue manque (lue comme vide), ou une feuille n'est pas reconnue (non "
        "lue) ; c'est une erreur pour la feuille Campus ou une feuille au nom proche d'une "
        "feuille attendue.",
        "renommer la feuille « Action » en « Actions »",
    ),
    Code(
        "CMQ-V059", "source-twice", E, "Deux fichiers pour une année d'un campus.",
        "years/AAAA/CODE.yaml et years/AAAA/CODE.xlsx décrivent la même année du même campus "
        "; aucun n'est lu tant que l'un des deux reste.",
        "garder years/2021/AGT.xlsx et supprimer years/2021/AGT.yaml (ou l'inverse)",
    ),
)
# fmt: on


@dataclass(frozen=True)
class Place:
    """Where a value lives: a YAML position (1-based) or a workbook cell."""

    file: str
    line: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}" + (f":{self.col}" if self.col else "")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the data."""

    code: str
    message: str
    place: Place | None = None
    hint: str | None = None
    path: str | None = None
    value: str | None = None
    severity: Severity | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def slug(self) -> str:
        """The stable slug of the code (``date-invalid``)."""
        return CODES[self.code].slug

    @property
    def level(self) -> Severity:
        """The severity: the diagnostic's own, else its code's."""
        return self.severity or CODES[self.code].severity

    def sort_key(self) -> tuple[str, str, int, int, str]:
        """Order by file, line, column, code (for a workbook: sheet, row, column)."""
        p = self.place
        if p is None:
            return ("", "", 0, 0, self.code)
        if p.sheet is not None:
            match = re.fullmatch(r"([A-Z]+)(\d+)", p.cell or "")
            row = int(match.group(2)) if match else 0
            col = _column_number(match.group(1)) if match else 0
            return (p.file, p.sheet, row, col, self.code)
        return (p.file, "", p.line or 0, p.col or 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the diagnostic."""
        p = self.place
        return {
            "code": self.code,
            "slug": self.slug,
            "severity": self.level.value,
            "message": self.message,
            "hint": self.hint,
            "file": p.file if p else None,
            "line": p.line if p else None,
            "col": p.col if p else None,
            "sheet": p.sheet if p else None,
            "cell": p.cell if p else None,
            "place": str(p) if p else None,
            "path": self.path,
            "value": self.value,
        }


def _column_number(letters: str) -> int:
    """A → 1, AA → 27 (Excel's column names)."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def cut(value: object, limit: int = 60) -> str:
    """Show a value briefly: one line, at most ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(diags: Sequence[Diagnostic]) -> dict[str, int]:
    """Counts per severity."""
    out = {"errors": 0, "warnings": 0, "infos": 0}
    for d in diags:
        out[{"error": "errors", "warning": "warnings", "info": "infos"}[d.level.value]] += 1
    return out


def line_of(d: Diagnostic) -> str:
    """The one-line text form, without colours."""
    head = f"{d.place}: " if d.place else ""
    path = f" {d.path}:" if d.path else ""
    text = f"{head}{d.level.value} {d.code}{path} {d.message}"
    if d.hint:
        text += f" {d.hint}"
    return text


def format_text(diags: Iterable[Diagnostic], *, color: bool) -> list[Any]:
    """Rich renderables (or plain strings) for the text format; user text is never markup."""
    from rich.text import Text

    styles = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
    out: list[Any] = []
    for d in diags:
        if not color:
            out.append(line_of(d))
            continue
        t = Text()
        if d.place:
            t.append(f"{d.place}: ", style="bold")
        t.append(d.level.value, style=styles[d.level])
        t.append(f" {d.code}", style="dim")
        if d.path:
            t.append(f" {d.path}:", style="magenta")
        t.append(f" {d.message}")
        if d.hint:
            t.append(f" {d.hint}", style="green")
        out.append(t)
    return out


def format_json(diags: Sequence[Diagnostic], *, project: str) -> str:
    """One JSON document with a schema version, a summary and every diagnostic."""
    doc = {
        "schema_version": JSON_SCHEMA_VERSION,
        "project": project,
        "summary": summary(diags),
        "diagnostics": [d.to_dict() for d in diags],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def repo_path(file: str, project: str) -> str:
    """Where GitHub finds ``file`` (relative to the project): relative to the checkout.

    Annotations name files from the root of the repository (``$GITHUB_WORKSPACE``, else
    the current directory), whereas diagnostics name them from the project's folder.
    """
    absolute = os.path.abspath(os.path.join(project, file))
    root = os.path.abspath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    rel = os.path.relpath(absolute, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def format_github(diags: Sequence[Diagnostic], *, project: str = ".") -> list[str]:
    """GitHub Actions workflow commands, one per diagnostic (``::error file=…``).

    ``project`` is the project folder as given on the command line: files are named from
    the repository's root, so that annotations land on them.
    """
    lines = []
    for d in diags:
        kind = {"error": "error", "warning": "warning", "info": "notice"}[d.level.value]
        props = []
        if d.place:
            props.append(f"file={_gh_escape(repo_path(d.place.file, project), prop=True)}")
            if d.place.line:
                props.append(f"line={d.place.line}")
            if d.place.col:
                props.append(f"col={d.place.col}")
        props.append(f"title={_gh_escape(f'{d.code} {d.slug}', prop=True)}")
        msg = (f"{d.path}: " if d.path else "") + d.message + (f" {d.hint}" if d.hint else "")
        if d.place and d.place.sheet:
            msg = f"{d.place}: {msg}"
        lines.append(f"::{kind} {','.join(props)}::{_gh_escape(msg)}")
    return lines


def running_on_github() -> bool:
    """True when running inside GitHub Actions."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
