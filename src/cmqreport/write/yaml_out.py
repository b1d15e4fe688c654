"""A campus-year written as YAML: the ``import-xlsx`` command, from a workbook."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.errors import DataError, UsageError
from cmqreport.load.layout import YAML_SUFFIXES, campus_year_rel
from cmqreport.write.atomic import write_atomic
from cmqreport.write.out_folder import check_data_file, check_out_path, project_of

if TYPE_CHECKING:
    from cmqreport import model as m

__all__ = ["IMPORTED_DIR", "campus_year_yaml", "import_workbook", "merged"]


#: Where ``--replace`` puts a workbook imported: a hidden folder beside it, never read.
IMPORTED_DIR = ".imported"


def import_workbook(
    workbook: Path, out: Path | None, *, force: bool = False, replace: bool = False
) -> tuple[Path, list[Diagnostic], list[str]]:
    """``cmqreport import-xlsx``: write the YAML of a workbook.

    An existing YAML (``force`` or ``replace``) is updated in place: its comments and the
    order of its keys stay. The project never holds both files of a campus-year: a YAML
    beside its workbook is written only with ``replace``, which moves the workbook into
    ``.imported/``. Returns the path written, the workbook's warnings and notes for
    people. Raises :class:`UsageError` (missing workbook, existing YAML, both files),
    :class:`DataError` (with the diagnostics) when the workbook has errors.
    """
    from cmqreport.load.workbook import load_workbook_data
    from cmqreport.write.workbook_checked import checked_campus_year

    if not workbook.is_file():
        raise UsageError(f"{workbook} n'existe pas.")
    target = out if out is not None else workbook.with_suffix(YAML_SUFFIXES[0])
    if target.suffix.lower() not in YAML_SUFFIXES:
        raise UsageError(f"{target} : le fichier écrit doit avoir l'extension .yaml.")
    check_out_path(target)  # a folder, a pipe, a file on the way: a sentence, not OSError
    beside = target.parent.resolve() == workbook.parent.resolve() and target.stem == workbook.stem
    moved = workbook.parent / IMPORTED_DIR / workbook.name
    if beside and not replace:
        raise UsageError(
            f"{target.name} serait à côté de {workbook.name} : une année d'un campus n'a qu'un "
            f"fichier. Ajoutez --replace pour écrire {target.name} et ranger le classeur dans "
            f"{IMPORTED_DIR}/, ou --out pour écrire le YAML ailleurs."
        )
    if target.exists() and not (force or replace):
        raise UsageError(
            f"{target} existe déjà : ajoutez --force pour le mettre à jour (ses commentaires "
            "restent)."
        )
    src = load_workbook_data(workbook, str(workbook))
    diags = list(src.diagnostics)
    errors = [d for d in diags if d.level == Severity.error]
    cy = None
    if src.data is not None:
        cy, model_errors = checked_campus_year(src)
        errors += model_errors
    if errors or cy is None:
        raise DataError(f"{workbook} contient des erreurs : rien n'a été écrit.", errors)
    root = project_of(target)
    if root is not None:  # in a project: the campus-year's own file, never another one
        own = campus_year_rel(cy.year, cy.campus, target.suffix.lower())
        check_data_file(root, target, own)
    old = target.read_text(encoding="utf-8-sig") if target.is_file() else None
    write_atomic(target, campus_year_yaml(cy, source=workbook.name, old=old).encode("utf-8"))
    notes = []
    if beside:
        moved.parent.mkdir(exist_ok=True)
        os.replace(workbook, moved)
        notes.append(
            f"{workbook.name} est rangé dans {IMPORTED_DIR}/{workbook.name} : le projet lit "
            f"désormais {target.name}."
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


def campus_year_yaml(cy: m.CampusYear, *, source: str = "", old: str | None = None) -> str:
    """A campus-year as YAML: keys in the model's order, multi-line text as ``|`` blocks.

    ``old`` (the text of the YAML it replaces) keeps its comments and the order of its
    keys and items where the data did not change. ``source`` (a workbook's name) is said
    in a comment on the first line of a new file.
    """
    from ruamel.yaml import YAML

    data = _plain(cy.model_dump(mode="python", exclude_defaults=True))
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one line per paragraph, as people write them
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    previous = _previous(yaml, old)
    if previous is not None:
        yaml.dump(merged(previous, data), buffer)
        return buffer.getvalue()
    if source:
        buffer.write(f"# Importé de {source} par cmqreport import-xlsx.\n")
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _previous(yaml: Any, old: str | None) -> Any:
    """The round-trip tree of the YAML replaced, or None (none, or not a mapping)."""
    if not old:
        return None
    try:
        tree = yaml.load(old)
    except Exception:  # a YAML that does not parse is replaced whole
        return None
    return tree if isinstance(tree, dict) else None


def merged(old: Any, new: Any) -> Any:
    """``new`` written over the round-trip tree ``old``: same keys keep their place and
    comments, items of lists are matched by ``id`` (else by position), equal scalars keep
    their style; what is gone from ``new`` goes."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for pos, (key, value) in enumerate(new.items()):
            if key in old:
                old[key] = merged(old[key], value)
            else:
                old.insert(min(pos, len(old)), key, value)  # a ruamel CommentedMap
        return old
    if isinstance(old, list) and isinstance(new, list):
        by_id = {o["id"]: o for o in old if isinstance(o, dict) and isinstance(o.get("id"), str)}
        items = []
        for i, value in enumerate(new):
            if isinstance(value, dict) and "id" in value:
                match = by_id.get(value["id"])
            else:
                match = old[i] if i < len(old) else None
            items.append(value if match is None else merged(match, value))
        old[:] = items
        return old
    same = old == new and isinstance(old, bool) == isinstance(new, bool)
    return old if same else new
