"""JSON Schema of the data files, for editors' YAML language servers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cmqreport.model import FILE_MODELS

__all__ = ["FILE_GLOBS", "build_schema"]

#: Which files each schema applies to (for yaml.schemas in an editor). Where files are is
#: the layout's knowledge (``cmqreport.load.layout.SCHEMA_GLOBS``, which the model may not
#: import): this copy is the default until every caller passes ``files``, then it goes.
FILE_GLOBS: dict[str, list[str]] = {
    "project": ["cmqreport.yaml"],
    "campus": ["campuses/*.yaml"],
    "campus_year": ["years/*/[A-Z]*.yaml"],
    "network_year": ["years/*/network.yaml"],
    "perspectives": ["years/*/perspectives.yaml"],
    "glossary": ["glossary.yaml"],
    "acronyms": ["acronyms.yaml"],
    "references": ["references.yaml"],
}


def build_schema(
    kind: str | None = None, files: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The JSON Schema of ``kind`` (see ``FILE_MODELS``), or one schema with all kinds.

    ``files`` says which files each kind applies to (``x-files`` of the combined schema):
    pass ``cmqreport.load.layout.SCHEMA_GLOBS``.
    """
    if kind is not None:
        schema = FILE_MODELS[kind].model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cmqreport data files",
        "description": "One schema per data file kind; see x-files for where each applies.",
        "x-files": FILE_GLOBS if files is None else {k: list(v) for k, v in files.items()},
        "$defs": {
            name: model.model_json_schema(
                mode="validation", ref_template=f"#/$defs/{name}/$defs/{{model}}"
            )
            for name, model in FILE_MODELS.items()
        },
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_MODELS],
    }
