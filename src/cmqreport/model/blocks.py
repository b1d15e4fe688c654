"""Blocks shared by several files: figures, tables, metrics, narrative sections."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool

from cmqreport.model.base import FileName, Id, Markdown, Model, Number

# --------------------------------------------------------------------------- shared blocks


class SequenceStep(Model):
    """One step of a figure drawn as a sequence through the year (« Visite de l'entreprise »)."""

    label: str = Field(max_length=60, description="L'étape, écrite dans sa flèche.")
    period: str | None = Field(
        default=None,
        max_length=20,
        description="Le moment de l'année au-dessus de la flèche (« Sept. », « Juin »). "
        "Absent : aucun moment n'est donné.",
    )
    detail: str | None = Field(
        default=None, max_length=120, description="Ce que l'étape apporte, sous la flèche."
    )


class Figure(Model):
    """A picture or chart with a numbered caption (« Figure 3.1 »)."""

    id: Id
    caption: str = Field(description="Légende de la figure.")
    file: FileName | None = Field(
        default=None,
        description="Image relative au projet (PNG, JPG, SVG ou PDF). "
        "Absente : cadre vide légendé.",
    )
    sequence: Annotated[list[SequenceStep], Field(min_length=2, max_length=8)] | None = Field(
        default=None,
        description="Étapes dessinées en frise, dans l'ordre de l'année, au lieu d'une image "
        "(pas de « file: » avec une frise).",
    )
    width: Annotated[int, Field(ge=10, le=100)] = Field(
        default=80, description="Largeur en pourcentage de la page."
    )
    alt: str | None = Field(default=None, description="Texte alternatif.")
    source: str | None = Field(default=None, description="Source ou crédit.")

    @property
    def drawn(self) -> bool:
        """Whether the build draws this figure from its data (a sequence) instead of a file."""
        return self.sequence is not None

    @property
    def expected_file(self) -> str:
        """The picture a figure without ``file:`` waits for (said by validate and the frame)."""
        return expected_picture(self.id)


def expected_picture(figure_id: str) -> str:
    """The file a figure without a picture waits for: ``assets/<id>.png``."""
    return f"assets/{figure_id}.png"


class Table(Model):
    """A numbered table (« Tableau 3.1 ») of plain text cells."""

    id: Id
    caption: str
    columns: list[str] = Field(min_length=1)
    rows: list[list[str | int | float | None]] = Field(default_factory=list)
    widths: list[Annotated[int, Field(ge=1, le=100)]] | None = Field(
        default=None, description="Largeurs relatives des colonnes (en %)."
    )
    note: Markdown | None = None


class Metric(Model):
    """A figure attached to an action (participants, visitors, hours...)."""

    label: str = Field(description="Ce qui est compté (ex. « visiteurs »).")
    value: Number
    unit: str | None = Field(default=None, description="Unité : « % », « € », « h »...")


class Section(Model):
    """A numbered section of narrative text, possibly with subsections.

    A paragraph made only of ``[[fig:id]]``, ``[[tab:id]]`` or ``[[actions]]`` places that
    figure, table or the section's actions there; what is not placed comes after the body.
    """

    id: Id
    title: str
    body: Markdown = ""
    figures: list[Figure] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Sous-sections.")
    unnumbered: StrictBool = False


# --------------------------------------------------------------------------- cmqreport.yaml
