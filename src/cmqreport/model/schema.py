"""JSON Schema of the data files, for editors' YAML language servers.

Pydantic writes the structure; every title and description comes from the French table of
``model/schema_texts``, so an editor tells a coordinator, in French, what each key holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cmqreport.model import FILE_MODELS
from cmqreport.model.schema_texts import TEXTS

__all__ = ["build_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def build_schema(
    kind: str | None = None, files: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The JSON Schema of ``kind`` (see ``FILE_MODELS``), or one schema with all kinds.

    ``files`` says which files each kind applies to (``x-files`` of the combined schema);
    where files are is the layout's knowledge (``cmqreport.load.layout.SCHEMA_GLOBS``),
    which the model may not import, so the caller passes it.
    """
    if kind is not None:
        schema = _french(FILE_MODELS[kind].__name__, FILE_MODELS[kind].model_json_schema())
        schema["$schema"] = _DRAFT
        return schema
    return {
        "$schema": _DRAFT,
        "title": "Fichiers de données de cmqreport",
        "description": "Un schéma par type de fichier de données ; x-files dit à quels "
        "fichiers du projet chacun s'applique.",
        "x-files": {k: list(v) for k, v in (files or {}).items()},
        "$defs": {
            name: _french(
                model.__name__,
                model.model_json_schema(ref_template=f"#/$defs/{name}/$defs/{{model}}"),
            )
            for name, model in FILE_MODELS.items()
        },
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_MODELS],
    }


def _french(root: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (of the model named ``root``) with the French texts of ``TEXTS`` on the
    root, on every definition and on every property, in place of pydantic's English."""
    _apply(root, schema)
    for name, definition in schema.get("$defs", {}).items():
        _apply(name, definition)
    return schema


def _apply(name: str, schema: dict[str, Any]) -> None:
    # A model without texts keeps pydantic's (tests/test_schema_texts.py fails on it): a
    # user's `cmqreport schema` never breaks for a missing sentence.
    texts = TEXTS.get(name)
    if texts is None:
        return
    schema["title"], schema["description"] = texts.title, texts.description
    for key, prop in schema.get("properties", {}).items():
        if key in texts.keys:
            prop["title"], prop["description"] = texts.keys[key]
