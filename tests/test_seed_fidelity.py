"""The example report says what the seed says: wording, references, headings, drawn figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmqreport.api import build
from helpers import EXAMPLE


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once to Markdown (with its assets and bibliography)."""
    out = tmp_path_factory.mktemp("bfc-seed")
    build(EXAMPLE, 2021, ["md"], out)
    return out


@pytest.fixture(scope="module")
def markdown(built: Path) -> str:
    return (built / "rapport-2021.md").read_text(encoding="utf-8").replace("\u00a0", " ")


@pytest.mark.parametrize(
    "wording",
    [
        "(tableau [3.1](#tab-ti-actions){.ref})",
        "dans le tableau [A.1](#tab-agt-objectifs-plan-action){.ref}",
        "(Tableau [B.1](#tab-agt-thematiques){.ref})",
        "dans le tableau [C.1](#tab-agt-suivi-indicateurs){.ref}",
    ],
)
def test_tables_are_called_as_their_captions_name_them(markdown: str, wording: str) -> None:
    """The captions say « Tableau »: the text says it too, with the number the build gives."""
    assert wording in markdown


def test_no_table_is_called_table_in_the_text(markdown: str) -> None:
    assert "table [" not in markdown.lower().replace("tableau [", "")


def test_the_six_references_of_the_seed(built: Path, markdown: str) -> None:
    """Two distinct sources on the VAE, as in the seed: six entries in the bibliography."""
    entries = json.loads((built / "references.json").read_text(encoding="utf-8"))
    assert len(entries) == 6
    assert "[@vae-education-gouv]" in markdown and "[@vae-portail]" in markdown


def test_msi_international_ends_with_other_partnerships(markdown: str) -> None:
    international = markdown.split("{#sec-msi-partenariats-internationaux}", 1)[1]
    international = international.split("\n### ", 1)[0]
    assert international.rstrip().endswith("**Autres partenariats :**")


def test_msi_worldskills_item_as_in_the_seed(markdown: str) -> None:
    promotion = markdown.split("{#sec-msi-promotion-filiere}", 1)[1].split("\n### ", 1)[0]
    assert "- **Compétition WORLDSKILLS Août 2021** : Ce concours des métiers" in promotion
