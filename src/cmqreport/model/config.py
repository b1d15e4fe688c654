"""The project file (cmqreport.yaml)."""

from enum import StrEnum

from pydantic import Field, field_validator

from cmqreport.model.base import CampusCode, Date, Model, new_list

#: The report's usual locale (the default, and that of ``cmqreport init``), which Babel has.
DEFAULT_LOCALE = "fr_FR"


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

    network: str
    region: str
    region_acronym: str | None = None
    locale: str = DEFAULT_LOCALE
    authors: list[str] = Field(default_factory=new_list)
    organisation: str | None = None
    acronym_scope: AcronymScope = AcronymScope.chapter
    acronym_ignore: list[str] = Field(default_factory=new_list)
    campus_order: list[CampusCode] = Field(default_factory=new_list)
    pdf_engine: PdfEngine = PdfEngine.typst
    workbook_deadline: Date | None = None
    workbook_contact: str | None = None
    exclude: list[str] = Field(default_factory=new_list)

    @field_validator("locale")
    @classmethod
    def _babel_locale(cls, value: str) -> str:
        """A locale Babel knows, written as Babel writes it (``fr_FR``)."""
        if value == DEFAULT_LOCALE:
            # known without asking Babel, whose import and look through its thousand locale
            # files would be most of what ``validate`` spends on this file
            return value
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
