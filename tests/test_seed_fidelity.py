"""The example report says what the seed says: wording, references, headings, drawn figures."""

from __future__ import annotations

import json
import re
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


def test_figure_2_1_is_drawn_from_its_sequence(built: Path, markdown: str) -> None:
    """Figure 2.1 is the Parcours Avenir drawn from the data, not a frame waiting for a file."""
    line = next(x for x in markdown.splitlines() if "{#fig-parcours-avenir-sequencement" in x)
    assert line.startswith(
        "![Exemple de séquencement du parcours Avenir](assets/parcours-avenir-sequencement.png)"
    )
    assert "missing=" not in line
    assert "[2.1](#fig-parcours-avenir-sequencement){.ref}" in markdown
    picture = (built / "assets" / "parcours-avenir-sequencement.png").read_bytes()
    placeholder = (built / "assets" / "placeholder.png").read_bytes()
    assert picture.startswith(b"\x89PNG") and picture != placeholder
    assert len(picture) > 10 * len(placeholder) // 4  # arrows and text, not a blank frame


def test_a_drawn_figure_waits_for_no_picture() -> None:
    from cmqreport.api import validate

    waiting = [d.message for d in validate(EXAMPLE).diagnostics if d.code == "CMQ-V095"]
    assert waiting and not [w for w in waiting if "parcours-avenir-sequencement" in w]


def test_the_sequence_chart_draws_every_step() -> None:
    """More steps, a wider picture: no step is dropped (the same steps, the same bytes)."""
    import struct

    from cmqreport import model as m
    from cmqreport.render.charts import sequence_chart

    def width(png: bytes) -> int:
        return int(struct.unpack(">I", png[16:20])[0])

    steps = [m.SequenceStep(label=f"Étape {k}", period=f"M{k}") for k in range(8)]
    two, eight = sequence_chart(steps[:2]), sequence_chart(steps)
    assert width(eight) > 2 * width(two)
    assert sequence_chart(steps) == eight


def test_a_campus_year_with_a_sequence_is_not_exported_to_a_workbook(tmp_path: Path) -> None:
    """The workbook has no column for a sequence: the export says so instead of dropping it."""
    from helpers import build_tree, run_cli

    target = "years/2021/AGT.yaml"
    raw = (EXAMPLE / target).read_text(encoding="utf-8")
    figure = (
        "\nfigures:\n  - id: agt-frise\n    caption: Frise\n    sequence:\n"
        "      - label: Un\n      - label: Deux\n"
    )
    assert "\nfigures:" not in raw
    project = build_tree(tmp_path / "bfc", {target: raw + figure}, copy_of=EXAMPLE)
    run = run_cli("export-xlsx", "AGT", "2021", "--project", str(project))
    assert run.code == 2, run.stderr
    assert "agt-frise" in run.stderr and "sequence" in run.stderr
    assert not (project / "years/2021/AGT.xlsx").exists()


def test_the_schema_describes_a_sequence_figure() -> None:
    """Editors complete and check ``sequence:`` from the JSON Schema: its bounds are there."""
    from cmqreport.api import json_schema

    defs = json_schema("network_year")["$defs"]
    sequence = defs["Figure"]["properties"]["sequence"]["anyOf"][0]
    assert (sequence["minItems"], sequence["maxItems"]) == (2, 8)
    step = defs["SequenceStep"]
    assert step["required"] == ["label"]
    assert step["properties"]["label"]["maxLength"] == 60
    assert step["additionalProperties"] is False


@pytest.mark.parametrize(
    "wording",
    [
        "(Annexe [E](#annexe-msi-international){.ref})",
        "(Annexe [F](#annexe-msi-nouvelles-formations){.ref})",
        "(Annexe [D](#annexe-mma-cordees){.ref})",
        "(Photos [E.1](#fig-msi-fig-hambourg){.ref} et [E.2](#fig-msi-fig-turin){.ref})",
        "(Photo [F.1](#fig-msi-fig-ptech){.ref})",
        "(Plaquette [F.2](#fig-msi-fig-plaquette-ia){.ref})",
    ],
)
def test_annexes_and_pictures_are_called_as_in_the_seed(markdown: str, wording: str) -> None:
    assert wording in markdown
    assert "(annexe [" not in markdown


def test_a_renewal_application_is_filed_for_the_campus(markdown: str) -> None:
    """« demande de renouvellement du label pour le CMQ MMA », as the seed says it."""
    flat = re.sub(r"\[([^\[\]]*)\]\{#u-[a-z0-9-]+\}", r"\1", markdown)  # uses unmarked
    wanted = "Le dépôt du dossier de demande de renouvellement du label pour le CMQ Maroquinerie"
    assert wanted in flat
