"""The schemas an editor reads (`cmqreport schema --out DIR`) say in French, on every key of
every file kind, what the key holds: a title and a description, never English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cmqreport.model import FILE_MODELS
from cmqreport.model.schema_texts import TEXTS
from helpers import run_cli

# Words of English that French text never uses (« a », « on », « an », « or » are French).
ENGLISH = {
    "the", "of", "and", "is", "are", "which", "with", "when", "where", "this", "that",
    "from", "for", "to", "by", "its", "it", "be", "not", "one", "each", "what", "who",
    "how", "step", "picture", "campus's", "holds", "shown", "written",
}  # fmt: skip
# (keys and paths such as « file », « kind », « years/AAAA » are English and stay out)


def english_words(text: str) -> set[str]:
    """The words of ``text`` that are English and never French."""
    return {w for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower()) if w in ENGLISH}


def properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of a schema, at any depth (root, $defs, nested), with its place."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, prop in props.items():
                yield f"{where}/properties/{key}", prop
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{where}/{i}")


def texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every title and description of a schema, with its place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield f"{where}/{key}", value
            elif key != "properties" or isinstance(value, dict):
                yield from texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{where}/{i}")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The schema files `cmqreport schema --out` writes, by file name."""
    out = tmp_path_factory.mktemp("schemas")
    run = run_cli("schema", "--out", str(out), "--force")
    assert run.code == 0, run.stderr
    found = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert len(found) == len(FILE_MODELS)
    return found


def test_the_english_heuristic_sees_english() -> None:
    assert english_words("A picture or chart with a numbered caption.") == {"picture", "with"}
    assert english_words("One step of a campus's label history.") == {
        "one",
        "of",
        "step",
        "campus's",
    }
    assert not english_words("Date de l'événement, au format AAAA-MM-JJ (ex. 2021-07-27).")
    assert not english_words("Direction Régionale de l'Alimentation et de la Forêt")


def test_every_property_has_a_french_title_and_description(
    schemas: dict[str, dict[str, Any]],
) -> None:
    missing, counted = [], 0
    for name, schema in sorted(schemas.items()):
        for where, prop in properties(schema, name):
            counted += 1
            title, description = prop.get("title", ""), prop.get("description", "")
            # pydantic's own title is the key in title case (« Jo Date »): not a French title
            key = where.rsplit("/", 1)[1]
            pydantics = "_" in key and title == key.replace("_", " ").title()
            if not title or not description or pydantics:
                missing.append(where)
    assert counted > 150  # every kind walked, nested definitions included
    assert not missing, f"{len(missing)} sans titre ou description : {missing[:10]}"


def test_no_text_of_the_schemas_is_english(schemas: dict[str, dict[str, Any]]) -> None:
    english = [
        f"{where}: {text!r} ({', '.join(sorted(english_words(text)))})"
        for name, schema in sorted(schemas.items())
        for where, text in texts(schema, name)
        if english_words(text)
    ]
    assert not english, "\n".join(english[:10])


def test_descriptions_are_useful(schemas: dict[str, dict[str, Any]]) -> None:
    """A description says more than its title: a sentence, ending with a full stop."""
    short = [
        where
        for name, schema in schemas.items()
        for where, prop in properties(schema, name)
        if len(prop.get("description", "")) < 15
        or not prop.get("description", "").endswith((".", ")"))
    ]
    assert not short, short[:10]


def test_every_text_names_a_key_that_exists() -> None:
    """A renamed key or model leaves no text behind, unseen."""
    schemas = [m.model_json_schema() for m in FILE_MODELS.values()]
    keys: dict[str, set[str]] = {}
    for model, schema in zip(FILE_MODELS.values(), schemas, strict=True):
        for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
            keys[name] = set(definition.get("properties", {}))
    stale = sorted(set(TEXTS) - set(keys))
    stale += [f"{n}.{k}" for n, t in TEXTS.items() if n in keys for k in set(t.keys) - keys[n]]
    assert not stale, stale


def test_an_editor_shows_the_french_text(tmp_path: Path) -> None:
    """The combined schema (`cmqreport schema`) carries the same texts as the files."""
    run = run_cli("schema")
    assert run.code == 0, run.stderr
    schema = json.loads(run.stdout)
    jo_date = schema["$defs"]["campus"]["$defs"]["LabelEvent"]["properties"]["jo_date"]
    assert jo_date["title"] == "Date de publication au JO"
    assert "AAAA-MM-JJ" in jo_date["description"]
    assert schema["$defs"]["campus_year"]["title"] == "Année d'un campus"
