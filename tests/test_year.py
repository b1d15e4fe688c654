"""The coordinator's year, end to end: init, validate, build, new-year, status, a workbook
filled by a director, status again, build; and the files a data repository's tools read."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
from ruamel.yaml import YAML

from helpers import EXAMPLE, ROOT, _program, build_tree, require, run_cli

CAMPUSES = [
    "AGT=Alimentation, Goût, Tourisme",
    "MSI=Microtechniques et Systèmes Intelligents",
    "TI",
]


def _text(path: Path) -> str:
    """The report's Markdown as a reader reads it: the page-list anchors of uses removed."""
    markdown = path.read_text(encoding="utf-8")
    return re.sub(r"\[([^\[\]]*)\]\{#u-(?:acr|glo)-[a-z0-9-]+-\d+\}", r"\1", markdown)


def _init(tmp_path: Path) -> Path:
    project = tmp_path / "reseau"
    args = ["init", str(project), "--region", "Grand Est", "--year", "2024"]
    for campus in CAMPUSES:
        args += ["--campus", campus]
    out = run_cli(*args)
    assert out.code == 0, out.stderr
    return project


def _status(project: Path, year: str) -> dict[str, str]:
    out = run_cli("status", year, "--format", "json", "--project", str(project))
    assert out.code == 0, out.stderr
    return {c["code"]: c["state"] for c in json.loads(out.stdout)["campuses"]}


def _fill(path: Path) -> None:
    """What a director does in Excel: an introduction, a section, an action."""
    book = openpyxl.load_workbook(path)

    def put(sheet: str, values: dict[str, object]) -> None:
        ws = book[sheet]
        headers = {cell.value: cell.column for cell in ws[1]}
        # the first empty line under the example line (rows are formatted far below)
        row = next(r for r in range(3, ws.max_row + 2) if ws.cell(row=r, column=1).value is None)
        for header, value in values.items():
            ws.cell(row=row, column=headers[header], value=value)

    campus = book["Campus"]
    for row in campus.iter_rows(min_row=2):
        if row[0].value == "Introduction":
            row[1].value = "Une année de reprise pour le CMQ AGT."
    put("Sections", {"Identifiant": "faits", "Titre": "Faits marquants", "Texte": "Un salon."})
    put(
        "Actions",
        {
            "Identifiant": "salon",
            "Titre": "Salon des métiers",
            "Section": "faits",
            "Texte": "Ouvert.",
        },
    )
    book.save(path)


def test_the_coordinators_year(tmp_path: Path) -> None:
    project = _init(tmp_path)
    assert run_cli("validate", "--strict", "--project", str(project)).code == 0
    built = run_cli("build", "2024", "--to", "md,docx", "--project", str(project))
    assert built.code == 0, built.stderr
    report = _text(project / "build" / "rapport-2024.md")
    assert "Campus des Métiers et des Qualifications (CMQ)" in report
    assert (project / "build" / "rapport-2024.docx").is_file()

    started = run_cli("new-year", "2025", "--workbooks", "--project", str(project))
    assert started.code == 0, started.stderr
    assert _status(project, "2025") == {"AGT": "empty", "MSI": "empty", "TI": "empty"}
    late = run_cli("status", "2025", "--fail-on-incomplete", "--project", str(project))
    assert late.code == 1, late.stdout
    for code in ("AGT", "MSI", "TI"):  # the table names every campus, and its workbook
        assert re.search(rf"^{code} +vide +years/2025/{code}\.xlsx", late.stdout, re.M), late.stdout

    _fill(project / "years" / "2025" / "AGT.xlsx")
    assert _status(project, "2025")["AGT"] == "complete"
    again = run_cli("build", "2025", "--to", "md,docx", "--project", str(project))
    assert again.code == 0, again.stderr
    report = (project / "build" / "rapport-2025.md").read_text(encoding="utf-8")
    assert "Salon des métiers" in report and "Une année de reprise" in report


def test_init_never_overwrites(tmp_path: Path) -> None:
    project = _init(tmp_path)
    again = run_cli("init", str(project), "--campus", "AGT")
    assert again.code == 2 and "--force" in again.stderr
    (project / "acronyms.yaml").write_text("acronyms: {CMQ: Campus}\n", encoding="utf-8")
    forced = run_cli("init", str(project), "--force", "--campus", "AGT")
    assert forced.code == 0
    assert (project / "acronyms.yaml").read_text(encoding="utf-8") == "acronyms: {CMQ: Campus}\n"
    bad = run_cli("init", str(tmp_path / "autre"), "--campus", "agt-1")
    assert bad.code == 2 and "capitales" in bad.stderr and "Traceback" not in bad.stderr


def test_new_year_carries_forward_and_lists_follow_ups(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "bfc", copy_of=ROOT / "examples" / "bfc")
    out = run_cli("new-year", "2022", "--project", str(project))
    assert out.code == 0, out.stderr
    network = (project / "years" / "2022" / "network.yaml").read_text(encoding="utf-8")
    for pid in ("p2021-reseau-energie", "p2021-cmq-sante"):
        assert f"perspective: {pid}" in network
    agt = YAML(typ="safe").load(project / "years" / "2022" / "AGT.yaml")
    assert agt["axes"] and agt["sections"] and "actions" not in agt
    checked = run_cli("validate", "--project", str(project))
    assert checked.code == 0 and "CMQ-V075" in checked.stdout
    kept = run_cli("new-year", "2022", "--project", str(project))
    assert kept.code == 0 and "conservé" in kept.stderr
    books = run_cli("export-xlsx", "--all", "2023", "--project", str(project))
    assert books.code == 0 and "AGT.xlsx" in books.stdout


def test_campus_codes_are_known_acronyms(tmp_path: Path) -> None:
    project = _init(tmp_path)
    files = {
        "years/2024/network.yaml": (project / "years/2024/network.yaml")
        .read_text(encoding="utf-8")
        .replace("à rédiger.", "à rédiger, avec le CMQ MSI.")
    }
    build_tree(project, files)
    assert run_cli("validate", "--strict", "--project", str(project)).code == 0
    built = run_cli("build", "2024", "--to", "md", "--project", str(project))
    report = _text(project / "build" / "rapport-2024.md")
    assert built.code == 0 and "Microtechniques et Systèmes Intelligents (MSI)" in report


def test_not_rendered_and_tool_files_and_exclude(tmp_path: Path) -> None:
    project = _init(tmp_path)
    network = (project / "years/2024/network.yaml").read_text(encoding="utf-8")
    build_tree(
        project,
        {
            "years/2024/network.yaml": network.replace("kind: campuses", "kind: free"),
            "years/2024/AGT.yaml": "campus: AGT\nyear: 2024\nintro: Une année.\n",
            ".gitlab-ci.yml": "validate:\n  script: cmqreport validate\n",
            ".yamllint.yaml": "extends: default\n",
            ".editorconfig": "root = true\n",
            "brouillons/notes.yaml": "a: 1\n",
        },
    )
    out = run_cli("validate", "--project", str(project))
    assert "CMQ-V076" in out.stdout
    strays = [line for line in out.stdout.splitlines() if "CMQ-V028" in line]
    assert strays == [line for line in strays if "brouillons/notes.yaml" in line] and strays
    config = (project / "cmqreport.yaml").read_text(encoding="utf-8")
    build_tree(project, {"cmqreport.yaml": config.replace("exclude: []", "exclude: [brouillons/]")})
    assert "CMQ-V028" not in run_cli("validate", "--project", str(project)).stdout


def test_status_formats(tmp_path: Path) -> None:
    project = _init(tmp_path)
    for fmt, needle in (("table", "aucun fichier"), ("md", "| AGT |"), ("json", '"missing"')):
        out = run_cli("status", "--format", fmt, "--project", str(project))
        assert out.code == 0 and needle in out.stdout, out.stdout


def test_generated_workflow_and_hooks_are_valid_yaml(tmp_path: Path) -> None:
    project = _init(tmp_path)
    workflow = YAML(typ="safe").load(project / ".github" / "workflows" / "cmqreport.yml")
    # what GitHub requires: the events (`on`, a string key in YAML 1.2 as GitHub reads it),
    # and for every job the machine it runs on and steps that each use an action or run
    assert set(workflow) >= {"name", "on", "jobs"} and workflow["on"]
    for job in workflow["jobs"].values():
        assert job["runs-on"] and job["steps"]
        assert all(("uses" in step) != ("run" in step) for step in job["steps"]), job
    steps = workflow["jobs"]["validate"]["steps"]
    assert any("cmqreport validate" in step.get("run", "") for step in steps)
    config = YAML(typ="safe").load(project / ".pre-commit-config.yaml")
    assert config["repos"][0]["hooks"][0]["id"] == "cmqreport-validate"
    hooks = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["cmqreport-validate"]
    assert hooks[0]["entry"].startswith("cmqreport ")


def _ci_steps(project: Path) -> list[subprocess.CompletedProcess[str]]:
    """The `run:` steps of the generated workflow, run in ``project`` as GitHub runs them
    (bash), with this cmqreport in place of the one the workflow installs."""
    workflow = YAML(typ="safe").load(project / ".github" / "workflows" / "cmqreport.yml")
    program = " ".join(f"'{part}'" for part in _program())
    done = []
    for step in workflow["jobs"]["validate"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        script = f'cmqreport() {{ {program} "$@"; }}\nset -eo pipefail\n{step["run"]}'
        env = {**os.environ, "CI": "true", "GITHUB_ACTIONS": "true"}  # as GitHub sets them
        done.append(
            subprocess.run(
                ["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True
            )
        )
    return done


def test_the_generated_workflow_passes_while_the_campuses_fill_their_workbooks(
    tmp_path: Path,
) -> None:
    """After `new-year`, every campus is empty: the CI says so (annotations) but stays green;
    a real error (a date that is none) turns it red at its line."""
    project = _init(tmp_path)
    assert run_cli("new-year", "2025", "--workbooks", "--project", str(project)).code == 0
    steps = _ci_steps(project)
    assert len(steps) == 3 and all(s.returncode == 0 for s in steps), [
        (s.args, s.stdout, s.stderr) for s in steps if s.returncode
    ]
    assert "::warning file=years/2025/AGT.xlsx" in steps[0].stdout  # annotated, not stopped
    assert (project / "build" / "rapport-2025.docx").is_file()
    campus = project / "campuses" / "MSI.yaml"
    bad = "labels:\n  - kind: creation\n    date: 2025-02-30\n"
    campus.write_text(
        campus.read_text(encoding="utf-8").replace("labels: []\n", bad), encoding="utf-8"
    )
    red = _ci_steps(project)[0]
    assert red.returncode == 1 and "::error file=campuses/MSI.yaml,line=" in red.stdout


def _tool(name: str) -> str:
    """The test extra's program ``name`` (pyproject.toml): on the PATH or beside the Python
    running the tests; skipped when absent, but failed on CI, which installs the extras."""
    for found in (
        shutil.which(name),
        Path(sys.executable).parent / name,
        ROOT / ".venv/bin" / name,
    ):
        if found is not None and Path(found).is_file():
            return str(found)
    require(f"{name} absent", f"the test extras (pip install -e '.[test]', {name})")
    raise AssertionError("unreachable")  # require() skipped or failed


def test_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    """pre-commit runs this repository's hook on a scratch data repository (try-repo)."""
    exe = _tool("pre-commit")
    project = _init(tmp_path)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "try-repo", str(ROOT), "cmqreport-validate", "--all-files"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    run = hook()
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"cmqreport validate\.+Passed", run.stdout), run.stdout
    # the hook really validates: a date that is none stops the commit, naming its place
    campus = project / "campuses" / "AGT.yaml"
    bad = "labels:\n  - kind: creation\n    date: 2024-02-30\n"
    campus.write_text(
        campus.read_text(encoding="utf-8").replace("labels: []\n", bad), encoding="utf-8"
    )
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    refused = hook()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Failed" in refused.stdout, refused.stdout
    assert "campuses/AGT.yaml:" in refused.stdout and "CMQ-V004" in refused.stdout


def test_the_generated_pre_commit_configuration_runs(tmp_path: Path) -> None:
    """The `.pre-commit-config.yaml` that `init` writes, as a data repository runs it: its
    hook installs cmqreport (here this repository's wheel, found as the index would give
    it) and validates the data."""
    exe = _tool("pre-commit")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    project = _init(tmp_path)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PIP_FIND_LINKS": f"{wheels} {os.environ.get('PIP_FIND_LINKS', '')}".strip(),
    }
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    run = subprocess.run(
        [exe, "run", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"cmqreport validate\.+Passed", run.stdout), run.stdout


def test_generated_workflow_is_accepted_by_githubs_schema(tmp_path: Path) -> None:
    """check-jsonschema ships GitHub's workflow schema (from SchemaStore)."""
    exe = _tool("check-jsonschema")
    project = _init(tmp_path)
    workflow = project / ".github" / "workflows" / "cmqreport.yml"
    run = subprocess.run(
        [exe, "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# --------------------------------------------------------------------------- schema --out


def test_schema_out_writes_one_valid_schema_per_kind_and_the_editor_mapping(
    tmp_path: Path,
) -> None:
    from jsonschema import Draft202012Validator

    from cmqreport.load.layout import SCHEMA_GLOBS

    out = tmp_path / "schemas"
    run = run_cli("schema", "--out", str(out))
    assert run.code == 0, run.stderr
    mapping = json.loads(run.stdout)["yaml.schemas"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.json" for k in SCHEMA_GLOBS)
    assert {Path(k).name: v for k, v in mapping.items()} == {
        f"{k}.json": v for k, v in SCHEMA_GLOBS.items()
    }
    yaml = YAML(typ="safe")
    checked: dict[str, int] = {}
    for kind, globs in SCHEMA_GLOBS.items():
        schema = json.loads((out / f"{kind}.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        for pattern in globs:
            for path in sorted(EXAMPLE.glob(pattern)):
                data = yaml.load(path.read_text(encoding="utf-8"))
                errors = [
                    e.message
                    for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))
                ]
                assert not errors, f"{path}: {errors[:3]}"
                checked[kind] = checked.get(kind, 0) + 1
    assert set(checked) == set(SCHEMA_GLOBS), checked  # every kind met an example file


def test_schema_out_never_replaces_without_force(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert run_cli("schema", "--out", str(out)).code == 0
    (out / "campus.json").write_text("{}", encoding="utf-8")
    refused = run_cli("schema", "--out", str(out))
    assert refused.code == 2 and "--force" in refused.stderr
    assert (out / "campus.json").read_text(encoding="utf-8") == "{}"
    assert run_cli("schema", "--out", str(out), "--force").code == 0
    assert json.loads((out / "campus.json").read_text(encoding="utf-8")) != {}


# --------------------------------------------------------------------------- watch


def _wait_for(what: str, check: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    """Poll ``check`` until true; fail, with the watch's output, after 60 s."""
    deadline = time.monotonic() + 60
    while not check():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"{what}: not seen\n{out.decode()}\n{err.decode()}")
        time.sleep(0.1)


def test_watch_rebuilds_on_change_keeps_the_last_good_output_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    project = _init(tmp_path)
    network = project / "years" / "2024" / "network.yaml"
    report = project / "build" / "rapport-2024.md"
    log = tmp_path / "watch.err"
    with log.open("wb") as err_file:
        proc = subprocess.Popen(
            [*_program(), "watch", "2024", "--to", "md", "-p", str(project)],
            stdout=subprocess.PIPE,
            stderr=err_file,
        )
        try:
            _wait_for("the first build", lambda: "Construit en" in log.read_text("utf-8"), proc)
            assert "à rédiger" in report.read_text(encoding="utf-8")
            # a director saves a change: the report follows
            text = network.read_text(encoding="utf-8")
            network.write_text(text.replace("à rédiger", "écrit en direct"), encoding="utf-8")
            _wait_for(
                "the rebuilt report",
                lambda: "écrit en direct" in report.read_text(encoding="utf-8"),
                proc,
            )
            good = report.read_bytes()
            # then a mistake: shown as validate shows it, the last good report kept
            network.write_text(text + "title: [\n", encoding="utf-8")
            _wait_for("the failure", lambda: "Échec" in log.read_text("utf-8"), proc)
            assert report.read_bytes() == good
            time.sleep(0.3)  # stdout of the failed round flushed before the line on stderr
        finally:
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=30)
    stderr = log.read_text("utf-8")
    assert proc.returncode == 0, stderr
    assert "Modifié : years/2024/network.yaml" in stderr
    assert stderr.count("Construit en") == 2 and "restent en place" in stderr
    assert stderr.rstrip().endswith("Surveillance arrêtée.")
    stdout = out.decode("utf-8")
    assert re.search(r"years/2024/network\.yaml:\d+:\d+: error CMQ-V001", stdout), stdout
    assert "Traceback" not in stderr


def test_build_ends_with_its_warnings_its_time_and_the_pdfs_pages(tmp_path: Path) -> None:
    project = _init(tmp_path)
    assert run_cli("new-year", "2025", "-p", str(project)).code == 0
    run = run_cli("build", "2025", "--to", "md,pdf", "-p", str(project))
    assert run.code == 0, run.stderr
    assert [line.split()[0] for line in run.stdout.splitlines()] == ["md", "pdf"]
    # every warning listed as validate lists it, not only counted
    empty = [line for line in run.stderr.splitlines() if "CMQ-V075" in line]
    assert len(empty) == len(CAMPUSES) and "years/2025/AGT.yaml:1:1: warning" in empty[0]
    assert f"{len(CAMPUSES)} avertissements dans les données." in run.stderr
    last = run.stderr.splitlines()[-1]
    assert re.fullmatch(r"cmqreport: Construit en \d+,\d s : 2 fichiers, PDF de \d+ pages\.", last)


def test_watch_sees_the_sources_only_and_waits_for_them_to_settle(tmp_path: Path) -> None:
    from cmqreport.write.watch import Round, changes, snapshot, watch

    build_tree(
        tmp_path,
        {
            "cmqreport.yaml": "a",
            "templates/x.md.j2": "b",
            "years/2024/AGT.yaml": "c",
            "years/2024/.AGT.yaml.swp": "editor",
            "years/2024/~$AGT.xlsx": "lock",
            "build/rapport-2024.md": "output",
            "sortie/rapport-2024.md": "output",
            ".git/HEAD": "ref",
        },
    )
    seen = snapshot(tmp_path, skip=[tmp_path / "sortie"])
    assert sorted(seen) == ["cmqreport.yaml", "templates/x.md.j2", "years/2024/AGT.yaml"]
    after = dict(seen, **{"years/2024/AGT.yaml": (9, 9), "campuses/AGT.yaml": (1, 1)})
    del after["cmqreport.yaml"]
    assert changes(seen, after) == ("campuses/AGT.yaml", "cmqreport.yaml", "years/2024/AGT.yaml")

    rounds: list[Round[int]] = []
    calls = iter(range(3))

    def rebuild() -> int:
        n = next(calls)
        if n == 0:  # an editor saving in two steps while the first build runs
            (tmp_path / "years/2024/AGT.yaml").write_text("cc", encoding="utf-8")
            (tmp_path / "templates/x.md.j2").write_text("bb", encoding="utf-8")
        return n

    watch(tmp_path, rebuild, rounds.append, interval=0.05, until=lambda: len(rounds) == 2)
    assert [r.result for r in rounds] == [0, 1]  # one build for both files
    assert rounds[1].changed == ("templates/x.md.j2", "years/2024/AGT.yaml")


def test_every_command_answers_dash_h() -> None:
    """``-h`` is ``--help`` on the program and on each of its commands."""
    from typer.main import get_command

    from cmqreport.cli.app import app

    group = get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert {"build", "validate", "review", "status", "new-year", "init"} <= set(names)
    top = run_cli("-h")
    assert top.code == 0 and "Commandes:" in top.stdout, top.stderr
    for name in names:
        run = run_cli(name, "-h")
        assert run.code == 0, (name, run.stderr)
        assert f"cmqreport {name}" in run.stdout and "-h, --help" in run.stdout, name
