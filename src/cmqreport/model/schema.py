"""JSON Schema of the data files, for editors' YAML language servers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cmqreport.model import FILE_MODELS

__all__ = ["build_schema"]


def build_schema(
    kind: str | None = None, files: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The JSON Schema of ``kind`` (see ``FILE_MODELS``), or one schema with all kinds.

    ``files`` says which files each kind applies to (``x-files`` of the combined schema);
    where files are is the layout's knowledge (``cmqreport.load.layout.SCHEMA_GLOBS``),
    which the model may not import, so the caller passes it.
    """
    if kind is not None:
        schema = FILE_MODELS[kind].model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cmqreport data files",
        "description": "One schema per data file kind; see x-files for where each applies.",
        "x-files": {k: list(v) for k, v in (files or {}).items()},
        "$defs": {
            name: model.model_json_schema(
                mode="validation", ref_template=f"#/$defs/{name}/$defs/{{model}}"
            )
            for name, model in FILE_MODELS.items()
        },
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_MODELS],
    }
