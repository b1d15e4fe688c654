"""Hostile text in the data comes out exactly as typed (a real build through the CLI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run_cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bfc"

#: Text typed in a glossary definition → what a reader must see (pandoc's plain text).
CASES = [
    ("Zorglub \\input{x} fin", "\\input{x}"),
    ("Zorglub <s> fin", "<s>"),
    ("Zorglub $x$ fin", "$x$"),
]


@pytest.mark.parametrize(("typed", "shown"), CASES)
def test_glossary_definition_is_escaped_once(tmp_path: Path, typed: str, shown: str) -> None:
    import pypandoc

    from cmqreport.convert.pandoc import READER

    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    gloss = project / "glossary.yaml"
    text = gloss.read_text(encoding="utf-8")
    anchor = "  - term: cordée de la réussite\n    definition: |\n"
    assert anchor in text
    # a block scalar keeps the text as typed; the quotes above are only YAML's
    gloss.write_text(text.replace(anchor, anchor + f"      {typed}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    assert run.code == 0, run.stderr
    md = (out / "rapport-2021.md").read_text(encoding="utf-8")
    plain = pypandoc.convert_text(md, "plain", format=READER, extra_args=["--wrap=none"])
    assert f"Zorglub {shown} fin" in plain
