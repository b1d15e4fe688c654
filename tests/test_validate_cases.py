"""``cmqreport validate`` on the cases of ``tests/cases/validate/``, one trap or check each.

A case is a YAML document::

    description: what it shows
    files: {relpath: content}          # merged over _base.yaml; null removes a base file
    binary_files: {relpath: {base64: …} | {hex: …} | {text: …, encoding: …, bom: …, newline: …}}
    generated_files: {relpath: {prefix: …, repeat: …, times: N, suffix: …}}
    args: [--strict]                   # extra arguments of validate (only --strict)
    expect:                            # each must be reported (col, severity, … when given)
      - {code: CMQ-V004, file: years/2021/AGT.yaml, line: 12, col: 12}
    others: forbid                     # forbid (default): no diagnostic beyond the expected
    exit: 1
    max_seconds: 5                     # optional wall-time bound

The cases run in this process through :func:`cmqreport.api.validate` (what the command
prints, as JSON, is each diagnostic's ``to_dict()``): the diagnostics, the exit code the
command would give, no exception, and no input file touched. The tests after them run the
command itself: in this process where they check what it prints, and as the installed
program for one smoke test per output format, ``--strict`` and a usage error.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from cmqreport.api import validate
from cmqreport.diagnostics import line_of
from helpers import CASES_DIR, build_tree, case_files, read_case, run_cli, snapshot

CASES = sorted(p for p in CASES_DIR.glob("*.yaml") if not p.name.startswith("_"))
_MATCHED = ("code", "file", "line", "col", "severity", "path", "value")
_CONTAINED = ("message", "hint")
#: The arguments of validate a case may give (the others choose the output format).
_CASE_ARGS = {"--strict"}


def _matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    for key in _MATCHED:
        if key in expected and expected[key] != actual.get(key):
            return False
    for key in _CONTAINED:
        wanted = expected.get(f"{key}_contains")
        if wanted is not None and wanted not in (actual.get(key) or ""):
            return False
    return True


def _show(diags: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {d['code']} {d['place']} {d['path'] or ''}: {d['message']} | {d['hint'] or ''}"
        for d in diags
    )


def test_there_are_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.stem)
def test_case(case_path: Path, tmp_path: Path) -> None:
    case = read_case(case_path)
    assert case.get("description"), f"{case_path.name}: describe the case"
    for item in case.get("expect") or []:
        unknown = set(item) - {*_MATCHED, *(f"{k}_contains" for k in _CONTAINED)}
        assert not unknown, f"{case_path.name}: unknown expectation keys {unknown}"
    args = list(case.get("args") or [])
    assert set(args) <= _CASE_ARGS, f"{case_path.name}: unknown arguments {args}"
    project = build_tree(tmp_path / "project", case_files(case))
    before = snapshot(project)

    start = time.perf_counter()
    result = validate(project)
    seconds = time.perf_counter() - start

    assert snapshot(project) == before, "validate modified or created a file of the project"
    diags: list[dict[str, Any]] = [d.to_dict() for d in result.diagnostics]
    shown = _show(diags)
    code = 1 if result.failed(strict="--strict" in args) else 0
    assert code == case["exit"], f"exit {code}\n{shown}"
    for wanted in case.get("expect") or []:
        assert any(_matches(wanted, d) for d in diags), f"missing {wanted}; printed:\n{shown}"
    if case.get("others", "forbid") == "forbid":
        extra = [d for d in diags if not any(_matches(w, d) for w in case.get("expect") or [])]
        assert not extra, f"unexpected diagnostics:\n{_show(extra)}"
    if "max_seconds" in case:
        assert seconds < case["max_seconds"], f"took {seconds:.1f} s"


# --------------------------------------------------------------------------- output formats

_BAD_DATE = {
    "years/2021/AGT.yaml": (
        "campus: AGT\n"
        "year: 2021\n"
        "actions:\n"
        "  - id: salon\n"
        "    title: Salon des métiers de bouche\n"
        "    start: 2021-13-45\n"
    )
}
_UNUSED_ACRONYM = {
    "acronyms.yaml": "acronyms:\n  CMQ: Campus des Métiers et des Qualifications\n"
    "  AGT: Alimentation-Goût-Tourisme\n  DRAAF: Direction régionale\n",
}
_TEXT_LINE = (
    "years/2021/AGT.yaml:6:12: error CMQ-V004 actions[0].start: « 2021-13-45 » n'est pas "
    "une date. Attendu AAAA-MM-JJ"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _project(tmp_path: Path, files: dict[str, str | None]) -> Path:
    return build_tree(tmp_path / "project", case_files({"files": files}))


def test_text_format(tmp_path: Path) -> None:
    """Smoke test of the installed program: the text format."""
    project = _project(tmp_path, _BAD_DATE)
    out = run_cli("validate", "--project", str(project), cwd=tmp_path, real=True)
    assert out.code == 1
    lines = out.stdout.splitlines()
    assert lines[0].startswith(_TEXT_LINE), lines
    assert lines[:-1] == [line_of(d) for d in validate(project).diagnostics]
    assert lines[-1] == "1 erreur, 0 avertissement (5 fichiers lus).", lines
    assert "\x1b[" not in out.stdout  # no colours when not on a terminal
    assert out.stderr == ""


def test_text_format_is_the_default_in_the_project_folder(tmp_path: Path) -> None:
    project = _project(tmp_path, _BAD_DATE)
    out = run_cli("validate", cwd=project)
    assert out.code == 1
    assert out.stdout.startswith(_TEXT_LINE)


def test_valid_project_says_so(tmp_path: Path) -> None:
    project = _project(tmp_path, {})
    out = run_cli("validate", "--project", str(project), cwd=tmp_path)
    assert (out.code, out.stdout, out.stderr) == (
        0,
        "0 erreur, 0 avertissement (5 fichiers lus).\n",
        "",
    )


@pytest.mark.parametrize("how", ["option", "environment"])
def test_github_format(tmp_path: Path, how: str) -> None:
    """``--format github`` (smoke test of the installed program), or under GitHub Actions."""
    _project(tmp_path, _BAD_DATE)
    if how == "option":
        args = ("validate", "--project", "project", "--format", "github")
        out = run_cli(*args, cwd=tmp_path, real=True)
    else:
        args = ("validate", "--project", "project")
        out = run_cli(*args, cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert out.code == 1
    lines = out.stdout.splitlines()
    # files are named from the repository's root (here the current directory)
    assert lines[0].startswith(
        "::error file=project/years/2021/AGT.yaml,line=6,col=12,title=CMQ-V004 date-invalid::"
        "actions[0].start: « 2021-13-45 » n'est pas une date."
    ), lines
    # GitHub shows 10 annotations per step: the full text follows
    assert lines[1].startswith(_TEXT_LINE), lines
    assert lines[-1].startswith("1 erreur"), lines
    assert len(lines) == 3, lines
    assert "\x1b[" not in out.stdout


def test_github_format_names_files_from_the_workspace(tmp_path: Path) -> None:
    project = _project(tmp_path, _BAD_DATE)
    out = run_cli(
        "validate",
        "--project",
        str(project),
        cwd=project,
        env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)},
    )
    assert out.stdout.startswith("::error file=project/years/2021/AGT.yaml,line=6,col=12,")


def test_github_escapes_properties_and_message() -> None:
    from cmqreport.diagnostics import Diagnostic, Place, format_github

    diag = Diagnostic("CMQ-V028", "100 % fini\nsuite", Place("a,b:c.yaml", 3, 1))
    (line,) = format_github([diag], project=".")
    assert line == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=1,title=CMQ-V028 stray-file::100 %25 fini%0Asuite"
    )


def test_json_format(tmp_path: Path) -> None:
    """Smoke test of the installed program: the JSON format, the same records as the API."""
    project = _project(tmp_path, {**_BAD_DATE, **_UNUSED_ACRONYM})
    out = run_cli("validate", "--project", str(project), "--format", "json", real=True)
    doc = out.json()
    assert out.code == 1
    assert doc["schema_version"] == 1
    assert doc["summary"] == {"errors": 1, "warnings": 1, "infos": 0}
    assert [d["code"] for d in doc["diagnostics"]] == ["CMQ-V027", "CMQ-V004"]
    date = doc["diagnostics"][1]
    assert date == {
        "code": "CMQ-V004",
        "slug": "date-invalid",
        "severity": "error",
        "message": "« 2021-13-45 » n'est pas une date.",
        "hint": "Attendu AAAA-MM-JJ (ex. 2021-02-04).",
        "file": "years/2021/AGT.yaml",
        "line": 6,
        "col": 12,
        "sheet": None,
        "cell": None,
        "place": "years/2021/AGT.yaml:6:12",
        "path": "actions[0].start",
        "value": "2021-13-45",
    }
    # what the cases above check through the API is what the command prints
    assert doc["diagnostics"] == [d.to_dict() for d in validate(project).diagnostics]


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    """Smoke test of the installed program: ``--strict``."""
    project = _project(tmp_path, _UNUSED_ACRONYM)
    plain = run_cli("validate", "--project", str(project), real=True)
    assert plain.code == 0, plain.stdout
    assert "warning CMQ-V027" in plain.stdout
    strict = run_cli("validate", "--strict", "--project", str(project), real=True)
    assert strict.code == 1, strict.stdout
    assert strict.stdout == plain.stdout
    assert strict.stdout.splitlines()[-1] == "0 erreur, 1 avertissement (5 fichiers lus)."


@pytest.mark.parametrize("colour", [False, True])
def test_user_text_is_never_rich_markup(tmp_path: Path, colour: bool) -> None:
    # "[/bold]" without an opening tag would make Rich raise if it were read as markup
    files = {
        "years/2021/AGT.yaml": (
            "campus: AGT\nyear: 2021\nactions:\n  - id: salon\n    title: Salon\n"
            '    status: "[bold]x[/bold] [/bold] [red]"\n'
        )
    }
    project = _project(tmp_path, files)
    env: dict[str, str | None] = {"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {}
    out = run_cli("validate", "--project", str(project), cwd=tmp_path, env=env)
    assert out.code == 1, out.stderr
    text = _ANSI.sub("", out.stdout)
    assert "« [bold]x[/bold] [/bold] [red] » n'est pas une valeur autorisée." in text
    assert ("\x1b[" in out.stdout) is colour


def test_console_without_unicode(tmp_path: Path) -> None:
    """A console that cannot show « » gets « ? », never a traceback (the real program: the
    encoding of its streams is set when it starts)."""
    project = _project(tmp_path, _BAD_DATE)
    out = run_cli(
        "validate",
        "--project",
        str(project),
        cwd=tmp_path,
        env={"PYTHONIOENCODING": "ascii"},
        real=True,
    )
    assert out.code == 1
    assert "Traceback" not in out.stderr, out.stderr
    assert "years/2021/AGT.yaml:6:12: error CMQ-V004" in out.stdout
    assert "? 2021-13-45 ? n'est pas une date." in out.stdout
    assert out.stdout.isascii()


# --------------------------------------------------------------------------- usage errors


def test_missing_project(tmp_path: Path) -> None:
    """Smoke test of the installed program: a usage error exits 2 with one line."""
    out = run_cli("validate", "--project", "/missing", cwd=tmp_path, real=True)
    assert out.code == 2
    assert out.stdout == ""
    assert len(out.stderr.splitlines()) == 1, out.stderr
    assert "/missing" in out.stderr
    assert "Traceback" not in out.stderr


def test_folder_without_config(tmp_path: Path) -> None:
    out = run_cli("validate", cwd=tmp_path)
    assert out.code == 2
    assert len(out.stderr.splitlines()) == 1, out.stderr
    assert "cmqreport.yaml" in out.stderr


def test_build_bad_year(tmp_path: Path) -> None:
    project = _project(tmp_path, {})
    before = snapshot(project)
    out = run_cli("build", "notayear", "--project", str(project), cwd=tmp_path)
    assert out.code == 2
    assert len(out.stderr.splitlines()) == 1, out.stderr
    assert "notayear" in out.stderr
    assert snapshot(project) == before  # nothing written


def test_bad_format(tmp_path: Path) -> None:
    project = _project(tmp_path, {})
    out = run_cli("validate", "--project", str(project), "--format", "xml", cwd=tmp_path)
    assert out.code == 2
    assert out.stdout == ""
    assert "xml" in out.stderr


# --------------------------------------------------------------------------- big input


def test_comments_up_to_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cmqreport.load.regular import MAX_YAML_BYTES

    files = case_files({})
    line = ("# " + "Commentaire du DO : à compléter pour le rapport 2021.").ljust(78, ".") + "\n"
    base = files["years/2021/AGT.yaml"]
    room = MAX_YAML_BYTES - len(base if isinstance(base, bytes) else base.encode("utf-8"))
    comments = line.encode("utf-8") * (room // len(line.encode("utf-8")))
    files["years/2021/AGT.yaml"] += comments
    project = build_tree(tmp_path / "project", files)
    out = run_cli("validate", "--project", str(project), "--format", "json", cwd=tmp_path)
    with capsys.disabled():
        print(f"\n{MAX_YAML_BYTES} bytes of comments: validate took {out.seconds:.2f} s")
    assert out.code == 0, out.stdout[:2000]
    assert out.json()["summary"]["errors"] == 0
    assert out.seconds < 10


# --------------------------------------------------------------------------- schema, explain


def test_schema_is_json_with_every_file_kind(tmp_path: Path) -> None:
    from cmqreport.model import FILE_MODELS

    out = run_cli("schema", cwd=tmp_path)
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc["$defs"]) == set(FILE_MODELS)
    assert {r["$ref"] for r in doc["anyOf"]} == {f"#/$defs/{k}" for k in FILE_MODELS}

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return found + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    assert refs(doc)
    for ref in refs(doc):  # every reference resolves inside the document
        target: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        assert isinstance(target, dict), ref


def test_schema_of_one_kind(tmp_path: Path) -> None:
    out = run_cli("schema", "campus_year", cwd=tmp_path)
    assert out.code == 0
    doc = json.loads(out.stdout)
    assert doc["title"] == "Année d'un campus"  # the French title an editor shows
    bad = run_cli("schema", "nope", cwd=tmp_path)
    assert bad.code == 2
    assert len(bad.stderr.splitlines()) == 1


@pytest.mark.parametrize("asked", ["CMQ-V004", "cmq-v004", "date-invalid"])
def test_explain(tmp_path: Path, asked: str) -> None:
    out = run_cli("explain", asked, cwd=tmp_path)
    assert out.code == 0
    assert out.stdout.startswith("CMQ-V004 date-invalid (error)\n")
    assert "AAAA-MM-JJ" in out.stdout


def test_explain_unknown_code(tmp_path: Path) -> None:
    out = run_cli("explain", "CMQ-V999", cwd=tmp_path)
    assert out.code == 2
    assert len(out.stderr.splitlines()) == 1
