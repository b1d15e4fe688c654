"""What a build does not do again: charts already drawn, other years' reports (no timing is
asserted; benchmarks/bench.py measures)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from cmqreport.api import build, validate
from cmqreport.errors import DataError
from cmqreport.write.chart_cache import CACHE_DIR
from helpers import EXAMPLE, build_tree, run_cli

# builds in a fresh process and says whether matplotlib was imported
_BUILD = """
import sys
from pathlib import Path
from cmqreport.api import build
build(Path(sys.argv[1]), 2021, ["md"], Path(sys.argv[2]))
print("matplotlib" in sys.modules)
"""


def _build_in_process(project: Path, out: Path) -> bool:
    run = subprocess.run(
        [sys.executable, "-c", _BUILD, str(project), str(out)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1] == "True"


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "assets").glob("*")
    }


def test_charts_are_drawn_again_only_when_their_data_changes(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "bfc", {}, copy_of=EXAMPLE)
    out = tmp_path / "out"
    assert _build_in_process(project, out)  # first build: the charts are drawn
    first = _digests(out)
    assert "itip-moyens-financiers.png" in first
    assert any((out / CACHE_DIR).glob("*.png"))
    # same data: the same pictures, taken from the cache, matplotlib never imported
    assert not _build_in_process(project, out)
    assert _digests(out) == first
    # a funding amount changed: that chart only is drawn again
    path = project / "years/2021/ITIP.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("2021:"))
    path.write_text(text.replace(line, line.split(":")[0] + ": 123456", 1), encoding="utf-8")
    assert _build_in_process(project, out)
    changed = _digests(out)
    assert changed["itip-moyens-financiers.png"] != first["itip-moyens-financiers.png"]
    assert {k: v for k, v in changed.items() if k != "itip-moyens-financiers.png"} == {
        k: v for k, v in first.items() if k != "itip-moyens-financiers.png"
    }


def test_a_damaged_cache_entry_is_drawn_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _digests(build(EXAMPLE, 2021, ["md"], out).outputs["md"].parent)
    for entry in (out / CACHE_DIR).glob("*.png"):
        entry.write_bytes(entry.read_bytes()[:100])  # cut short: not a whole PNG
    assert _digests(build(EXAMPLE, 2021, ["md"], out).outputs["md"].parent) == first


def _two_years(root: Path) -> Path:
    """A project with reports for 2020 and 2021 whose own campus template fails on 2020."""
    network = "title: Rapport\nsummary: Le CMQ AGT.\nchapters:\n"
    network += "  - id: activites\n    kind: campuses\n    title: Activités\n"
    campus = "sections:\n  - id: agt-un\n    title: Titre\n    body: Texte\n"
    template = (
        '{% extends "builtin/campus.md.j2" %}{% block intro %}'
        "{% if campus.data.year == 2020 %}{{ campus.nope.deeper }}{% endif %}"
        "{{ campus.body }}{% endblock %}\n"
    )
    files = {
        "cmqreport.yaml": "network: Réseau test\nregion: Région test\ncampus_order: [AGT]\n",
        "acronyms.yaml": "acronyms:\n  CMQ: Campus des Métiers et des Qualifications\n"
        "  AGT: Alimentation-Goût-Tourisme\n",
        "campuses/AGT.yaml": "code: AGT\nname: Alimentation, Goût, Tourisme\n",
        "templates/campus.md.j2": template,
    }
    for year in (2020, 2021):
        files[f"years/{year}/network.yaml"] = f"year: {year}\n{network}"
        files[f"years/{year}/AGT.yaml"] = f"campus: AGT\nyear: {year}\n{campus}"
    return build_tree(root, files)


def test_build_renders_only_its_own_year(tmp_path: Path) -> None:
    project = _two_years(tmp_path / "p")
    # validate runs the project's templates on every year: 2020's report fails
    places = [str(d.place) for d in validate(project).diagnostics]
    assert any(p.startswith("templates/campus.md.j2") for p in places), places
    # the 2021 report does not render 2020's: it is written
    made = build(project, 2021, ["md"], tmp_path / "out").outputs["md"]
    assert "Texte" in made.read_text(encoding="utf-8")
    # 2020's own build still stops on its template error, at its line
    with pytest.raises(DataError) as err:
        build(project, 2020, ["md"], tmp_path / "out2020")
    assert any(str(d.place).startswith("templates/campus.md.j2:1") for d in err.value.diagnostics)
    assert not (tmp_path / "out2020").exists()


def test_a_format_that_fails_stops_the_build_in_one_line_while_others_converted(
    tmp_path: Path,
) -> None:
    # the DOCX fails (a reference document that is no Word document) while LaTeX and the
    # PDF convert beside it: one clear line, nothing published, no traceback
    project = build_tree(
        tmp_path / "bfc", {"templates/reference.docx": b"not a zip"}, copy_of=EXAMPLE
    )
    out = tmp_path / "out"
    run = run_cli(
        "build", "2021", "--project", str(project), "--to", "md,docx,latex,pdf", "--out", str(out)
    )
    assert run.code == 1, run.stderr
    assert "templates/reference.docx : ce n'est pas un document Word lisible" in run.stderr
    assert "Traceback" not in run.stderr
    # the work folder lived inside out and is gone; not even the chart cache is left, it is
    # written after publishing
    assert not out.exists() or not list(out.iterdir()), list(out.iterdir())
