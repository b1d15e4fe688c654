"""A campus-year written as YAML: the ``import-xlsx`` command, from a workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.errors import DataError, UsageError
from cmqreport.load.layout import YAML_SUFFIXES
from cmqreport.write.atomic import write_atomic

if TYPE_CHECKING:
    from cmqreport import model as m

__all__ = ["campus_year_yaml", "import_workbook"]


def import_workbook(
    workbook: Path, out: Path | None, *, force: bool = False
) -> tuple[Path, list[Diagnostic], list[str]]:
    """``cmqreport import-xlsx``: write the YAML of a workbook.

    Returns the path written, the workbook's warnings and notes for people. Raises
    :class:`UsageError` for a missing workbook or an existing YAML (without ``force``),
    :class:`DataError` (with the diagnostics) when the workbook has errors.
    """
    from cmqreport.load.workbook import load_workbook_data
    from cmqreport.write.workbook_checked import checked_campus_year

    if not workbook.is_file():
        raise UsageError(f"{workbook} n'existe pas.")
    target = out if out is not None else workbook.with_suffix(YAML_SUFFIXES[0])
    if target.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError(f"{target} : le fichier écrit doit avoir l'extension .yaml.")
    if target.exists() and not force:
        raise UsageError(f"{target} existe déjà : ajoutez --force pour le remplacer.")
    src = load_workbook_data(workbook, str(workbook))
    diags = list(src.diagnostics)
    errors = [d for d in diags if d.level == Severity.error]
    cy = None
    if src.data is not None:
        cy, model_errors = checked_campus_year(src)
        errors += model_errors
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


def _plain(value: Any) -> Any:
    """The data of a model dump as YAML writes it: enums as text, ``46.0`` as 46, and
    multi-line text as ``|`` blocks."""
    from enum import Enum

    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def campus_year_yaml(cy: m.CampusYear, *, source: str = "") -> str:
    """A campus-year as YAML: keys in the model's order, multi-line text as ``|`` blocks.

    ``source`` (a workbook's name) is said in a comment on the first line.
    """
    from ruamel.yaml import YAML

    data = _plain(cy.model_dump(mode="python", exclude_defaults=True))
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one line per paragraph, as people write them
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    if source:
        buffer.write(f"# Importé de {source} par cmqreport import-xlsx.\n")
    yaml.dump(data, buffer)
    return buffer.getvalue()
