"""``diff-perspectives``: the computation (:mod:`cmqreport.analyse.perspectives`) and the command.

Every test builds a small real project in ``tmp_path``; the command runs in this process
(``helpers.run_cli``).
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cmqreport.analyse.perspectives import (
    NO_FOLLOWUP,
    STATUSES,
    PerspectiveDiff,
    compute_diff,
    latest_year,
)
from cmqreport.errors import DataError
from cmqreport.load.project import load_project
from cmqreport.render.markdown import escape_inline as md_text
from cmqreport.render.markdown import inline_markdown as md_markdown
from cmqreport.render.perspectives_md import diff_markdown as format_markdown
from helpers import EXAMPLE, CliRun, build_tree, run_cli, snapshot

BASE = {
    "cmqreport.yaml": """
        network: Réseau des CMQ de test
        region: Bourgogne Franche-Comté
        campus_order: [MSI, AGT]
        """,
    "campuses/AGT.yaml": """
        code: AGT
        name: Alimentation, Goût, Tourisme
        """,
    "campuses/MSI.yaml": """
        code: MSI
        name: Microtechniques et Systèmes Intelligents
        """,
    "years/2020/perspectives.yaml": """
        planned_in: 2020
        for_year: 2021
        items:
          - id: p-salon
            theme: Orientation
            title: Salon de la Voie des Talents
            campuses: [AGT]
            text: Organiser le salon de la Voie des Talents pour faire découvrir les métiers.
          - id: p-cove
            theme: International
            title: Candidature CoVE européenne
            campuses: [MSI]
            text: Déposer une candidature CoVE avec des partenaires européens.
          - id: p-reseau-sante
            theme: Nouveaux CMQ
            title: CMQ Santé
            text: Avancer sur une demande de CMQ autour de la santé.
          - id: p-pia4
            theme: International
            title: Financement PIA 4 pour MSI
            campuses: [MSI]
            text: Positionner le campus sur un financement PIA 4.
          - id: p-hydrogene
            theme: Nouveaux CMQ
            title: Filière hydrogène | énergie
            campuses: [AGT, MSI]
            text: Étudier la création d'une filière hydrogène et énergie décarbonée.
        """,
    "years/2021/network.yaml": """
        year: 2021
        title: Rapport d'activité 2021
        summary: Une année de reprise.
        followup:
          - perspective: p-salon
            status: réalisé
            comment: Le salon a accueilli *912* visiteurs.
          - perspective: p-cove
            status: partiellement réalisé
            comment: Candidature déposée, pas encore retenue.
          - perspective: p-reseau-sante
            status: abandonné
        """,
    "years/2021/AGT.yaml": """
        campus: AGT
        year: 2021
        actions:
          - id: voie-des-talents
            title: La Voie des Talents
            text: Salon immersif de découverte des métiers.
            answers: [p-salon]
          - id: ideathon
            title: Ideathon [2021]
            text: Un marathon des idées avec les apprenants.
          - id: hydrogene-etude
            title: Étude sur la filière hydrogène et énergie décarbonée
            text: Premiers entretiens avec les entreprises de la filière hydrogène.
        """,
    "years/2021/MSI.yaml": """
        campus: MSI
        year: 2021
        actions:
          - id: cove
            title: Candidature CoVE
            answers: [p-cove]
          - id: memitech
            title: Projet MEMITECH
            text: Montage du dossier pour un financement PIA.
            answers: [p-pia4]
          - id: worldskills
            title: WorldSkills 2021
        """,
}


def project(tmp_path: Path, **changes: str | None) -> Path:
    """The base project with ``changes`` (``relpath=None`` removes a file)."""
    files: dict[str, str | bytes | None] = {**BASE, **changes}
    return build_tree(tmp_path / "proj", files)


def diff_of(root: Path, year: int = 2021) -> PerspectiveDiff:
    return compute_diff(load_project(root), year)


def by_id(diff: PerspectiveDiff) -> dict[str, Any]:
    return {item.id: item for item in diff.items}


def invoke(*args: str) -> CliRun:
    return run_cli("diff-perspectives", *args)


# --------------------------------------------------------------------------- computation


def test_statuses_from_explicit_followup(tmp_path: Path) -> None:
    items = by_id(diff_of(project(tmp_path)))
    assert items["p-salon"].status == "réalisé"
    assert items["p-salon"].comment == "Le salon a accueilli *912* visiteurs."
    assert items["p-cove"].status == "partiellement réalisé"
    # An explicit status without comment and without any action still counts as followed up.
    assert items["p-reseau-sante"].status == "abandonné"
    assert items["p-reseau-sante"].followed_up
    assert items["p-reseau-sante"].suggestions == ()


def test_explicit_followup_keeps_its_evidence(tmp_path: Path) -> None:
    items = by_id(diff_of(project(tmp_path)))
    salon = items["p-salon"]
    assert [(e.campus, e.action, e.title) for e in salon.evidence] == [
        ("AGT", "voie-des-talents", "La Voie des Talents")
    ]


def test_evidence_only_means_en_cours(tmp_path: Path) -> None:
    pia4 = by_id(diff_of(project(tmp_path)))["p-pia4"]
    assert pia4.status == "en cours"
    assert pia4.comment == ""
    assert [e.action for e in pia4.evidence] == ["memitech"]
    assert pia4.suggestions == ()


def test_no_followup_gets_suggestions(tmp_path: Path) -> None:
    hydro = by_id(diff_of(project(tmp_path)))["p-hydrogene"]
    assert hydro.status == NO_FOLLOWUP
    assert not hydro.followed_up
    assert hydro.evidence == ()
    assert hydro.suggestions, "the hydrogen study should be suggested"
    best = hydro.suggestions[0]
    assert (best.campus, best.action) == ("AGT", "hydrogene-etude")
    assert 0 < best.score <= 100
    scores = [s.score for s in hydro.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert len(hydro.suggestions) <= 3


def test_suggestions_are_deterministic(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = by_id(diff_of(root))["p-hydrogene"].suggestions
    assert all(by_id(diff_of(root))["p-hydrogene"].suggestions == first for _ in range(3))


def test_unplanned_actions(tmp_path: Path) -> None:
    diff = diff_of(project(tmp_path))
    # Campus presentation order (MSI before AGT in cmqreport.yaml), then file order.
    assert [(u.campus, u.action) for u in diff.unplanned] == [
        ("MSI", "worldskills"),
        ("AGT", "ideathon"),
        ("AGT", "hydrogene-etude"),
    ]


def test_action_naming_an_unknown_perspective_is_neither_evidence_nor_unplanned(
    tmp_path: Path,
) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/MSI.yaml": """
                campus: MSI
                year: 2021
                actions:
                  - id: cove
                    title: Candidature CoVE
                    answers: [p-inconnue, p-cove, p-cove]
                """
        },
    )
    diff = diff_of(root)
    assert [e.action for e in by_id(diff)["p-cove"].evidence] == ["cove"]
    assert "cove" not in [u.action for u in diff.unplanned]


def test_summary_counts_and_rates(tmp_path: Path) -> None:
    s = diff_of(project(tmp_path)).summary
    assert s.overall.total == 5
    assert dict(s.overall.by_status) == {
        "réalisé": 1,
        "en cours": 1,
        "partiellement réalisé": 1,
        "non réalisé": 0,
        "abandonné": 1,
        "reporté": 0,
        "sans suivi": 1,
    }
    assert s.overall.with_followup == 4
    # (1 + 0.5) / 5
    assert s.overall.completion_rate == pytest.approx(0.3)
    themes = {t.key: t for t in s.by_theme}
    assert list(themes) == ["Orientation", "International", "Nouveaux CMQ"]
    assert themes["International"].total == 2
    assert themes["International"].completion_rate == pytest.approx(0.25)
    campuses = {t.key: t for t in s.by_campus}
    # Presentation order, then the network-wide perspectives (key None).
    assert list(campuses) == ["MSI", "AGT", None]
    assert campuses["AGT"].total == 2  # p-salon and p-hydrogene (which names AGT and MSI)
    assert campuses["MSI"].total == 3
    assert campuses[None].total == 1
    assert s.unplanned == 3


def test_latest_year_ignores_years_with_only_plans(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/perspectives.yaml": """
                planned_in: 2021
                for_year: 2022
                items: []
                """,
            "years/2022/perspectives.yaml": """
                planned_in: 2022
                for_year: 2023
                items: []
                """,
        },
    )
    assert latest_year(load_project(root)) == 2021


def test_latest_year_of_an_empty_project(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {"cmqreport.yaml": "network: N\nregion: R\n"})
    assert latest_year(load_project(root)) is None


def test_year_without_data_lists_every_perspective_without_followup(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/perspectives.yaml": """
                planned_in: 2021
                for_year: 2022
                items:
                  - {id: p-a, theme: T, title: A, text: Premier plan.}
                  - {id: p-b, theme: T, title: B, campuses: [AGT]}
                """
        },
    )
    diff = diff_of(root, 2022)
    assert diff.planned_in == 2021
    assert [i.status for i in diff.items] == [NO_FOLLOWUP, NO_FOLLOWUP]
    assert diff.unplanned == ()
    assert not diff.has_year_data
    assert diff.message and "2022" in diff.message
    assert diff.summary.overall.completion_rate == 0


def test_first_year_has_no_previous_report(tmp_path: Path) -> None:
    diff = diff_of(project(tmp_path), 2020)
    assert diff.planned_in is None
    assert diff.items == ()
    assert diff.message is not None
    assert "aucun rapport précédent (years/2019/perspectives.yaml absent)" in diff.message
    assert diff.summary.overall.completion_rate is None


def test_unloadable_needed_file_is_a_data_error(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{"years/2021/AGT.yaml": "campus: AGT\nyear: 2021\nactions:\n  - id: x\n"},
    )
    with pytest.raises(DataError) as err:
        diff_of(root)
    assert "years/2021/AGT.yaml" in str(err.value)
    assert "cmqreport validate" in str(err.value)


def test_broken_plans_of_next_year_do_not_matter(tmp_path: Path) -> None:
    root = project(tmp_path, **{"years/2021/perspectives.yaml": "planned_in: [\n"})
    assert len(diff_of(root).items) == 5


# --------------------------------------------------------------------------- JSON


def test_json_keys_exactly(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = invoke("2021", "--project", str(root), "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["schema_version", "year", "planned_in", "items", "unplanned", "summary"]
    assert doc["schema_version"] == 1
    assert (doc["year"], doc["planned_in"]) == (2021, 2020)
    for item in doc["items"]:
        assert list(item) == [
            "id",
            "title",
            "theme",
            "campuses",
            "status",
            "comment",
            "evidence",
            "suggestions",
        ]
        assert item["status"] in STATUSES
        for ev in item["evidence"]:
            assert list(ev) == ["campus", "action", "title"]
        for sug in item["suggestions"]:
            assert list(sug) == ["campus", "action", "title", "score"]
    for un in doc["unplanned"]:
        assert list(un) == ["campus", "action", "title"]
    summary = doc["summary"]
    assert set(summary) == {
        "total",
        "with_followup",
        "without_followup",
        "by_status",
        "completion_rate",
        "unplanned",
        "by_theme",
        "by_campus",
    }
    assert list(summary["by_status"]) == list(STATUSES)
    assert summary["by_theme"][0]["theme"] == "Orientation"
    assert summary["by_campus"][-1]["campus"] is None
    assert summary["completion_rate"] == pytest.approx(0.3)
    # French stays French.
    assert "réalisé" in result.stdout


def test_json_of_a_first_year_is_still_a_document(tmp_path: Path) -> None:
    run = run_cli(
        "diff-perspectives", "2020", "--project", str(project(tmp_path)), "--format", "json"
    )
    assert run.code == 0, run.stderr
    doc = run.json()
    assert doc["planned_in"] is None and doc["items"] == []
    assert "aucun rapport précédent" in run.stderr


# --------------------------------------------------------------------------- Markdown


def test_markdown_is_a_pipe_table(tmp_path: Path) -> None:
    result = invoke("2021", "--project", str(project(tmp_path)), "--format", "md")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| Perspective | Thème | Campus | Statut | Suivi |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    rows = lines[2:7]
    assert all(r.startswith("| ") and r.endswith(" |") for r in rows)
    # Five columns in every row: the user's "|" is escaped.
    assert all(r.replace("\\|", "").count("|") == 6 for r in rows)
    assert "Filière hydrogène \\| énergie" in result.stdout
    assert "## Synthèse" in result.stdout
    assert "## Réalisations non prévues" in result.stdout
    assert "- Ideathon \\[2021\\] (AGT, `ideathon`)" in result.stdout
    assert "30 %" in result.stdout.replace("\u202f", " ").replace("\xa0", " ")


def test_markdown_escaping() -> None:
    assert md_text("a | b *c*") == "a \\| b \\*c\\*"
    assert md_text("deux\nlignes") == "deux lignes"
    assert md_markdown("*gras* | <b> \\textbf{x}") == "*gras* \\| \\<b> \\\\textbf{x}"


def test_markdown_of_a_diff(tmp_path: Path) -> None:
    text = format_markdown(diff_of(project(tmp_path)))
    row = next(line for line in text.splitlines() if "`p-hydrogene`" in line)
    assert "sans suivi" in row
    assert "`hydrogene-etude`" in row  # suggested


# --------------------------------------------------------------------------- table and exit codes


def test_table_output_is_not_markup(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/MSI.yaml": """
                campus: MSI
                year: 2021
                actions:
                  - id: worldskills
                    title: "[bold red]WorldSkills[/] 2021"
                """
        },
    )
    result = invoke("2021", "--project", str(root))
    assert result.code == 0, result.stderr
    assert "[bold red]WorldSkills[/] 2021" in result.stdout
    assert "Perspective" in result.stdout and "sans suivi" in result.stdout


@pytest.mark.parametrize("width", [80, 100])
def test_table_of_the_example_is_readable_at_terminal_widths(width: int) -> None:
    """Every id printed whole (to be copied), no line past the width, nothing
    ellipsized, and the per-theme, per-campus and overall counts add up."""
    from cmqreport.analyse.diff_model import STATUSES
    from cmqreport.api import diff_perspectives

    diff = diff_perspectives(EXAMPLE, 2021).diff
    assert diff is not None
    run = run_cli(
        "diff-perspectives", "2021", "--project", str(EXAMPLE), env={"COLUMNS": str(width)}
    )
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert "…" not in run.stdout
    for item in diff.items:
        assert any(item.id in line for line in lines), item.id
    for u in diff.unplanned:
        assert any(u.action in line for line in lines), u.action
    text = " ".join(run.stdout.split())
    total = diff.summary.overall.total
    assert f"En tout : {total} perspectives" in text
    status_pattern = "|".join(sorted(STATUSES, key=len, reverse=True))
    for label in ("thème", "campus"):
        section = text.split(f"Suivi par {label} :")[1].split("Suivi par")[0].split("En tout")[0]
        counted = [int(n) for n, _ in re.findall(rf"(\d+) ({status_pattern})\b", section)]
        assert sum(counted) == total, (label, section)


def test_fail_on_missing_exit_codes(tmp_path: Path) -> None:
    root = project(tmp_path)
    run = run_cli("diff-perspectives", "2021", "--project", str(root), "--fail-on-missing")
    assert run.code == 1
    assert "p-hydrogene" in run.stderr
    assert "Traceback" not in run.stderr
    # Without the flag, missing follow-up is not an error.
    assert run_cli("diff-perspectives", "2021", "--project", str(root)).code == 0

    covered = project(
        tmp_path / "b",
        **{
            "years/2021/network.yaml": textwrap.dedent(BASE["years/2021/network.yaml"])
            + "  - perspective: p-hydrogene\n    status: reporté\n"
        },
    )
    run = run_cli(
        "diff-perspectives",
        "2021",
        "--project",
        str(covered),
        "--fail-on-missing",
        "--format",
        "md",
    )
    assert run.code == 0, run.stderr
    assert "| reporté |" in run.stdout


def test_first_year_says_so_and_exits_0(tmp_path: Path) -> None:
    run = run_cli(
        "diff-perspectives", "2020", "--project", str(project(tmp_path)), "--fail-on-missing"
    )
    assert run.code == 0
    assert "aucun rapport précédent (years/2019/perspectives.yaml absent)" in run.stdout


def test_unknown_year_lists_all_without_followup(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/perspectives.yaml": """
                planned_in: 2021
                for_year: 2022
                items:
                  - {id: p-a, theme: T, title: A}
                  - {id: p-b, theme: T, title: B}
                """
        },
    )
    result = invoke("2022", "--project", str(root), "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [i["status"] for i in doc["items"]] == ["sans suivi", "sans suivi"]
    assert doc["summary"]["without_followup"] == 2
    run = run_cli("diff-perspectives", "2022", "--project", str(root), "--fail-on-missing")
    assert run.code == 1


def test_default_year_is_the_latest_with_data(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "years/2021/perspectives.yaml": """
                planned_in: 2021
                for_year: 2022
                items: []
                """
        },
    )
    result = invoke("--project", str(root), "--format", "json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["year"] == 2021


def test_missing_project_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("diff-perspectives", "--project", str(tmp_path / "absent"))
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_bad_year_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("diff-perspectives", "21", "--project", str(project(tmp_path)))
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "« 21 »" in lines[0], run.stderr


def test_data_error_exits_1_with_one_line(tmp_path: Path) -> None:
    root = project(tmp_path, **{"years/2021/network.yaml": "year: 2021\ntitle: [\n"})
    run = run_cli("diff-perspectives", "2021", "--project", str(root))
    assert run.code == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "years/2021/network.yaml" in lines[0] and "cmqreport validate" in lines[0]


def test_no_input_file_is_modified(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = snapshot(root)
    for fmt in ("table", "md", "json"):
        run = run_cli("diff-perspectives", "2021", "--project", str(root), "--format", fmt)
        assert run.code == 0, run.stderr
        assert run.stdout
    assert snapshot(root) == before


def test_new_campus_label_is_evidence_but_a_renewal_is_not(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "campuses/FB.yaml": """
                code: FB
                name: Forêt-Bois
                labels:
                  - {kind: application, date: 2021-06-15}
                """,
            "campuses/AGT.yaml": """
                code: AGT
                name: Alimentation, Goût, Tourisme
                labels:
                  - {kind: application, date: 2021-03-01}
                """,
            "years/2020/perspectives.yaml": """
                planned_in: 2020
                for_year: 2021
                items:
                  - {id: p-fb, theme: Nouveaux CMQ, title: CMQ Forêt-Bois, campuses: [FB]}
                  - {id: p-salon, theme: Orientation, title: Salon, campuses: [AGT]}
                """,
        },
    )
    items = by_id(diff_of(root))
    fb = items["p-fb"]
    assert [(e.campus, e.action) for e in fb.evidence] == [("FB", "label-application")]
    assert fb.status == "en cours"
    # AGT already reports activities: its application is a renewal, not a new campus
    assert all(e.action != "label-application" for e in items["p-salon"].evidence)
