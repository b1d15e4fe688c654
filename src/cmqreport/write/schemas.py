"""``cmqreport schema --out DIR``: one JSON Schema file per kind of data file, and the
mapping an editor needs (VS Code's ``yaml.schemas``) to apply each to its files.

Which files each schema applies to is the layout's knowledge (``SCHEMA_GLOBS``); nothing
that exists is replaced without ``force``, and then every file is checked before any is
written, so a refused run writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from cmqreport.errors import UsageError
from cmqreport.load.layout import SCHEMA_GLOBS
from cmqreport.model.schema import build_schema
from cmqreport.write.atomic import write_atomic
from cmqreport.write.out_folder import check_out_path, check_schema_folder

__all__ = ["SchemaFiles", "write_schemas"]


@dataclass
class SchemaFiles:
    """What :func:`write_schemas` wrote, and the editor's mapping for them."""

    #: The schema files written, one per kind, in ``SCHEMA_GLOBS`` order.
    written: list[Path] = field(default_factory=list)
    #: Schema file (as the editor's settings name it) → globs of the files it applies to.
    mapping: dict[str, list[str]] = field(default_factory=dict)

    def settings(self) -> str:
        """The ``yaml.schemas`` block of VS Code's ``settings.json``, as JSON text."""
        return json.dumps({"yaml.schemas": self.mapping}, ensure_ascii=False, indent=2)


def write_schemas(out: Path, *, force: bool = False) -> SchemaFiles:
    """Write ``out/KIND.json`` for every kind of ``SCHEMA_GLOBS``, atomically.

    Raises :class:`UsageError`, before writing anything, when a schema file exists already
    and ``force`` is not given.
    """
    check_schema_folder(out)
    targets = {kind: out / f"{kind}.json" for kind in SCHEMA_GLOBS}
    for path in targets.values():
        check_out_path(path)  # a folder or a pipe named project.json: a sentence
    existing = [str(path) for path in targets.values() if path.exists()]
    if existing and not force:
        raise UsageError(
            f"{', '.join(existing)} existe(nt) déjà : rien n'a été écrit "
            "(--force pour les remplacer)."
        )
    result = SchemaFiles()
    for kind, path in targets.items():
        text = json.dumps(build_schema(kind), ensure_ascii=False, indent=2) + "\n"
        write_atomic(path, text.encode("utf-8"))
        result.written.append(path)
        result.mapping[_editor_path(path)] = list(SCHEMA_GLOBS[kind])
    return result


def _editor_path(path: Path) -> str:
    """``path`` as VS Code reads it: relative to the workspace (``./schemas/x.json``) when
    given relative, else absolute."""
    text = path.as_posix()
    return text if path.is_absolute() or text.startswith(".") else f"./{text}"
