"""The project file (cmqreport.yaml)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from cmqreport.model.base import CampusCode, Date, Model


class AcronymScope(StrEnum):
    """Where the first use of an acronym is spelled out again."""

    document = "document"
    chapter = "chapter"
    section = "section"


class PdfEngine(StrEnum):
    """What typesets the PDF: Typst comes with cmqreport, XeLaTeX and LuaLaTeX with TeX."""

    typst = "typst"
    xelatex = "xelatex"
    lualatex = "lualatex"


class ProjectConfig(Model):
    """``cmqreport.yaml``: who the network is and how its reports look."""

    network: str = Field(description="Nom du réseau (ex. « CMQ de Bourgogne Franche-Comté »).")
    region: str = Field(description="Région (ex. « Bourgogne Franche-Comté »).")
    region_acronym: str | None = Field(default=None, description="Sigle de la région (« BFC »).")
    locale: str = Field(default="fr_FR", description="Locale Babel des dates et nombres.")
    authors: list[str] = Field(default_factory=list)
    organisation: str | None = Field(default=None, description="Organisme éditeur du rapport.")
    acronym_scope: AcronymScope = Field(
        default=AcronymScope.chapter,
        description="Un sigle est développé à sa première occurrence dans ce périmètre.",
    )
    acronym_ignore: list[str] = Field(
        default_factory=list,
        description="Mots en capitales qui ne sont pas des sigles (noms propres, marques), "
        "ou noms entiers qui contiennent un sigle (« ATS Ingénierie »).",
    )
    campus_order: list[CampusCode] = Field(
        default_factory=list, description="Ordre de présentation des campus."
    )
    pdf_engine: PdfEngine = Field(
        default=PdfEngine.typst,
        description="Moteur du PDF : typst (fourni), xelatex ou lualatex (TeX installé).",
    )
    workbook_deadline: Date | None = Field(
        default=None, description="Date limite de retour des classeurs des campus."
    )
    workbook_contact: str | None = Field(
        default=None,
        description="À qui renvoyer les classeurs (nom et courriel), dit par leur Lisez-moi.",
    )
    exclude: list[str] = Field(
        default_factory=list,
        description="Motifs (glob) de fichiers du dépôt qui ne sont pas des données et ne "
        "sont jamais signalés (ex. « brouillons/** », « *.bak »).",
    )

    @field_validator("locale")
    @classmethod
    def _babel_locale(cls, value: str) -> str:
        """A locale Babel knows, written as Babel writes it (``fr_FR``)."""
        from babel.localedata import normalize_locale
        from pydantic_core import PydanticCustomError

        if normalize_locale(value) == value and value != "root":
            return value
        near = normalize_locale(value.replace("-", "_").split(".")[0])
        hint = f"écrivez « {near} »" if near else "écrivez par exemple « fr_FR »"
        raise PydanticCustomError(
            "locale_unknown", f"« {value} » n'est pas une locale connue de Babel : {hint}"
        )


# --------------------------------------------------------------------------- campuses/XXX.yaml
