"""The French titles and descriptions of the JSON Schema, one table for every model.

Editors show them on hover and in completion (VS Code's YAML extension), so a network's
coordinator reads, for every key, what it holds, in which form, with an example taken
from a real report. The models keep only what the data is; ``model/schema.py`` applies
these texts to the schema pydantic generates. ``tests/test_schema_texts.py`` fails when a
property has no text here, or when a text names a key that no longer exists.
"""

from __future__ import annotations

from cmqreport.model.schema_texts.campus import CAMPUS_TEXTS
from cmqreport.model.schema_texts.files import FILE_TEXTS
from cmqreport.model.schema_texts.types import Texts
from cmqreport.model.schema_texts.year import YEAR_TEXTS

__all__ = ["TEXTS", "Texts"]

#: Model (or enumeration) name → its title, its description and those of its keys.
TEXTS: dict[str, Texts] = {**FILE_TEXTS, **CAMPUS_TEXTS, **YEAR_TEXTS}
