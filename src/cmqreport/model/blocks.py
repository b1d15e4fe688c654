"""Blocks shared by several files: figures, tables, metrics, narrative sections."""

from typing import Annotated

from pydantic import Field, StrictBool

from cmqreport.model.base import FileName, Id, Markdown, Model, Number, new_list

# --------------------------------------------------------------------------- shared blocks


class SequenceStep(Model):
    """One step of a figure drawn as a sequence through the year (« Visite de l'entreprise »)."""

    label: str = Field(max_length=60)
    period: str | None = Field(default=None, max_length=20)
    detail: str | None = Field(default=None, max_length=120)


class Figure(Model):
    """A picture or chart with a numbered caption (« Figure 3.1 »)."""

    id: Id
    caption: str
    file: FileName | None = None
    sequence: Annotated[list[SequenceStep], Field(min_length=2, max_length=8)] | None = None
    width: Annotated[int, Field(ge=10, le=100)] = 80
    alt: str | None = None
    source: str | None = None

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
    rows: list[list[str | int | float | None]] = Field(default_factory=new_list)
    widths: list[Annotated[int, Field(ge=1, le=100)]] | None = None
    note: Markdown | None = None


class Metric(Model):
    """A figure attached to an action (participants, visitors, hours...)."""

    label: str
    value: Number
    unit: str | None = None


class Section(Model):
    """A numbered section of narrative text, possibly with subsections.

    A paragraph made only of ``[[fig:id]]``, ``[[tab:id]]`` or ``[[actions]]`` places that
    figure, table or the section's actions there; what is not placed comes after the body.
    """

    id: Id
    title: str
    body: Markdown = ""
    figures: list[Figure] = Field(default_factory=new_list)
    tables: list[Table] = Field(default_factory=new_list)
    sections: list["Section"] = Field(default_factory=new_list)
    unnumbered: StrictBool = False


# --------------------------------------------------------------------------- cmqreport.yaml
