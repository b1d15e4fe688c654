"""Hostile files and output folders: every one is a French sentence at its place, exit 1 or
2, within seconds, and no file of the project is changed or removed.

Each case is data: what to put in a valid project (a named pipe, a link to a device, a
folder, a file far too large) and what the real program must answer. The program runs in
a subprocess with a time limit, so that a case that would block fails instead of hanging.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cmqreport.load.regular import MAX_TEXT_CHARS
from helpers import build_tree, case_files, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX only")

#: A figure whose picture is ``assets/photo.png``, for the cases about pictures.
_WITH_PICTURE = """\
campus: AGT
year: 2021
sections:
  - id: faits-marquants
    title: Faits marquants
    body: |
      Une année de reprise.
    figures:
      - id: photo
        caption: Le salon
        file: assets/photo.png
"""

# what: fifo / link (to a target) / folder / big (bytes) / long (a text of that length)
CASES: list[dict[str, Any]] = [
    {"id": "fifo-campus-year", "fifo": "years/2021/AGT.yaml", "says": "tube nommé"},
    {"id": "fifo-network", "fifo": "years/2021/network.yaml", "says": "tube nommé"},
    {"id": "fifo-acronyms", "fifo": "acronyms.yaml", "says": "tube nommé"},
    {"id": "fifo-campus", "fifo": "campuses/AGT.yaml", "says": "tube nommé"},
    {"id": "fifo-config", "fifo": "cmqreport.yaml", "says": "tube nommé"},
    {"id": "fifo-workbook", "fifo": "years/2021/AGT.xlsx", "remove": "years/2021/AGT.yaml"},
    {"id": "fifo-template", "fifo": "templates/report.md.j2", "says": "tube nommé"},
    {"id": "fifo-reference-docx", "fifo": "templates/reference.docx", "says": "tube nommé"},
    {"id": "fifo-picture", "fifo": "assets/photo.png", "picture": True, "says": "tube nommé"},
    {"id": "zero-campus-year", "link": ("years/2021/AGT.yaml", "/dev/zero")},
    {"id": "urandom-network", "link": ("years/2021/network.yaml", "/dev/urandom")},
    {"id": "zero-picture", "link": ("assets/photo.png", "/dev/zero"), "picture": True},
    {"id": "zero-template", "link": ("templates/report.md.j2", "/dev/zero")},
    # a link inside the project to a pipe inside the project: followed, never opened
    {
        "id": "link-to-inner-fifo",
        "fifo": "assets/pipe",
        "link": ("years/2021/AGT.yaml", "../../assets/pipe"),
        "says": "tube nommé",
        "place": "years/2021/AGT.yaml",
    },
    {"id": "broken-link", "link": ("years/2021/AGT.yaml", "nowhere.yaml"), "says": "n'existe"},
    {"id": "folder-campus-year", "folder": "years/2021/AGT.yaml", "says": "un dossier"},
    {"id": "folder-acronyms", "folder": "acronyms.yaml", "says": "un dossier"},
    {"id": "folder-picture", "folder": "assets/photo.png", "picture": True, "says": "un dossier"},
    {
        "id": "60-mb-campus-year",
        "big": ("years/2021/AGT.yaml", 60 * 1024 * 1024),
        "says": "limite de 2 Mo",
        "seconds": 5,
    },
    {
        "id": "30-mb-workbook",
        "big": ("years/2021/AGT.xlsx", 30 * 1024 * 1024),
        "remove": "years/2021/AGT.yaml",
        "says": "20 Mo",
    },
    {"id": "2-mb-template", "big": ("templates/report.md.j2", 2 * 1024 * 1024), "says": "1 Mo"},
    {"id": "long-text", "long": MAX_TEXT_CHARS + 1, "says": "1500000 caractères"},
]


def _fingerprint(root: Path) -> dict[str, str]:
    """Every entry under ``root`` with what it is: a file's hash, a link's target, a pipe."""
    found: dict[str, str] = {}
    for top, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(top, name)
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[rel] = "-> " + os.readlink(path)
            elif stat.S_ISREG(mode):
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = stat.filemode(mode)
    return found


def _place(path: Path, case: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()


def _hostile(root: Path, case: dict[str, Any]) -> str:
    """Make the project of ``case`` under ``root``; return the place the answer must name."""
    files: dict[str, Any] = dict(case_files({}))
    if case.get("picture"):
        files["years/2021/AGT.yaml"] = _WITH_PICTURE.encode()
    if case.get("long"):
        body = "Texte. " * (case["long"] // 7 + 1)
        files["years/2021/AGT.yaml"] = (
            _WITH_PICTURE.split("    figures:")[0].replace("Une année de reprise.", body)
        ).encode()
    if case.get("remove"):
        files.pop(case["remove"])
    project = build_tree(root, files)
    where = "years/2021/AGT.yaml" if case.get("long") else ""
    if "fifo" in case:
        _place(project / case["fifo"], case)
        os.mkfifo(project / case["fifo"])
        where = case["fifo"]
    if "link" in case:
        rel, target = case["link"]
        _place(project / rel, case)
        (project / rel).symlink_to(target)
        where = rel
    if "folder" in case:
        _place(project / case["folder"], case)
        (project / case["folder"]).mkdir()
        (project / case["folder"] / "notes.txt").write_text("à garder")
        where = case["folder"]
    if "big" in case:
        rel, size = case["big"]
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        line = b"  - id: salon\n    title: Salon des metiers de bouche et du tourisme\n"
        with (project / rel).open("wb") as fh:
            fh.write(b"campus: AGT\nyear: 2021\nactions:\n")
            fh.write(line * (size // len(line) + 1))
        where = rel
    return case.get("place", where)


def _run(*args: str, cwd: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "cmqreport", *args],
        cwd=cwd,
        capture_output=True,
        timeout=30,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    text = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    return proc.returncode, text, time.perf_counter() - start


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_hostile_file(tmp_path: Path, case: dict[str, Any], command: str) -> None:
    project = tmp_path / "project"
    place = _hostile(project, case)
    before = _fingerprint(project)
    args = ["--project", str(project)]
    if command == "build":
        args = ["2021", *args, "--to", "md", "--out", str(tmp_path / "out")]
    code, text, seconds = _run(command, *args, cwd=tmp_path)
    assert code in (1, 2), text
    assert "Traceback" not in text, text
    assert place in text, text
    assert case.get("says", "") in text, text
    assert seconds < case.get("seconds", 30), f"{seconds:.1f} s"
    assert _fingerprint(project) == before
    if command == "build":
        assert not (tmp_path / "out" / "rapport-2021.md").exists()
        leftovers = [p for p in tmp_path.rglob(".cmqreport*")]
        assert not leftovers, leftovers


def test_validate_counts_the_pipe_as_an_error_and_the_files_read(tmp_path: Path) -> None:
    project = tmp_path / "project"
    _hostile(project, CASES[0])
    code, text, _ = _run("validate", "--project", str(project), cwd=tmp_path)
    assert code == 1
    # four data files are read; the pipe is not, and is the one error
    assert text.strip().splitlines()[-1] == "1 erreur, 0 avertissement (4 fichiers lus)."


# --------------------------------------------------------------------------- output folder

_OUT_CASES: list[dict[str, Any]] = [
    {"id": "project-root", "out": ".", "says": "dans le projet"},
    {"id": "years", "out": "years", "says": "dans le projet"},
    {"id": "year-folder", "out": "years/2021", "says": "dans le projet"},
    {"id": "campuses", "out": "campuses", "says": "dans le projet"},
    {"id": "assets", "out": "assets", "says": "dans le projet"},
    {"id": "templates", "out": "templates/x", "says": "dans le projet"},
    {"id": "other-folder-in-project", "out": "dist", "says": "dans le projet"},
    {"id": "climbing-back-in", "out": "build/../years", "says": "dans le projet"},
    {"id": "link-into-the-data", "out": "../data-link", "link": "project/years"},
    {"id": "build-is-a-link-to-data", "out": "build", "build_link": "years"},
    {"id": "a-file", "out": "../notes.txt", "file": "notes.txt", "says": "est un fichier"},
    {"id": "under-a-file", "out": "../notes.txt/sous", "file": "notes.txt"},
    {"id": "assets-is-the-project", "out": "..", "project": "assets", "says": "assets/"},
]


@pytest.mark.parametrize("case", _OUT_CASES, ids=[c["id"] for c in _OUT_CASES])
def test_an_output_folder_in_the_data_is_refused(tmp_path: Path, case: dict[str, Any]) -> None:
    project = build_tree(tmp_path / case.get("project", "project"), case_files({}))
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "logo.png").write_bytes(b"logo du projet")
    (project / "templates").mkdir()
    if "link" in case:
        (tmp_path / "data-link").symlink_to(tmp_path / case["link"])
    if "build_link" in case:
        (project / "build").symlink_to(case["build_link"])
    if "file" in case:
        (tmp_path / case["file"]).write_text("mes notes")
    before = _fingerprint(tmp_path)
    code, text, _ = _run("build", "2021", "--to", "md", "--out", case["out"], cwd=project)
    assert code == 2, text
    assert "Traceback" not in text and ".cmqreport-" not in text, text
    assert text.startswith("cmqreport: --out ") and len(text.strip().splitlines()) == 1, text
    assert case.get("says", "") in text, text
    assert _fingerprint(tmp_path) == before


def test_the_default_and_an_outside_folder_are_fine(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "project", case_files({}))
    for out in (None, tmp_path / "ailleurs"):
        extra = ["--out", str(out)] if out else []
        result = run_cli("build", "2021", "--project", str(project), "--to", "md", *extra)
        assert result.code == 0, result.stderr
        assert ((out or project / "build") / "rapport-2021.md").is_file()


def test_a_users_file_where_an_output_goes_is_kept(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "project", case_files({}))
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "rapport-2021.md").write_text("Mon rapport écrit à la main.")
    result = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    assert result.code == 2
    assert "n'a pas été écrit par cmqreport" in result.stderr
    assert (out / "rapport-2021.md").read_text() == "Mon rapport écrit à la main."
    assert sorted(p.name for p in out.iterdir()) == ["rapport-2021.md"]


# ------------------------------------------------------- schema, export-xlsx, import-xlsx

#: ``AGT.xlsx`` (outside the project, next to it) is the 2021 workbook of campus AGT.
_WB = "../AGT.xlsx"
#: What a command given ``--out`` must refuse, run in the project; beside it (in the test's
#: folder): notes.txt a file, dir.* folders, pipe.xlsx a named pipe, data-link → years.
_FILE_OUT_CASES: list[dict[str, Any]] = [
    {"id": "schema-year", "args": ["schema", "--out", "years/2021"], "says": "données"},
    {"id": "schema-campuses", "args": ["schema", "--out", "campuses/x"], "says": "données"},
    {"id": "schema-linked-data", "args": ["schema", "--out", "../data-link"], "says": "données"},
    {"id": "schema-a-file", "args": ["schema", "--out", "../notes.txt"], "says": "un fichier"},
    {"id": "schema-under-a-file", "args": ["schema", "--out", "../notes.txt/s"]},
    {
        "id": "schema-file-a-folder",
        "args": ["schema", "--out", "..", "--force"],
        "says": "un dossier",
    },
    {
        "id": "export-other-campus",
        "args": ["export-xlsx", "AGT", "2021", "--out", "years/2021/MSI.xlsx"],
    },
    {
        "id": "export-other-year",
        "args": ["export-xlsx", "AGT", "2021", "--out", "years/2022/AGT.xlsx"],
    },
    {
        "id": "export-linked-data",
        "args": ["export-xlsx", "AGT", "2021", "--out", "../data-link/2021/MSI.xlsx"],
    },
    {
        "id": "export-under-a-file",
        "args": ["export-xlsx", "AGT", "2021", "--out", "../notes.txt/a.xlsx"],
        "says": "un fichier",
    },
    {
        "id": "export-a-folder",
        "args": ["export-xlsx", "AGT", "2021", "--out", "../dir.xlsx", "--force"],
        "says": "un dossier",
    },
    {
        "id": "export-a-pipe",
        "args": ["export-xlsx", "AGT", "2021", "--out", "../pipe.xlsx", "--force"],
        "says": "ordinaire",
    },
    {
        "id": "import-campus-file",
        "args": ["import-xlsx", _WB, "--out", "campuses/AGT.yaml", "--force"],
    },
    {"id": "import-glossary", "args": ["import-xlsx", _WB, "--out", "glossary.yaml"]},
    {"id": "import-config", "args": ["import-xlsx", _WB, "--out", "cmqreport.yaml", "--force"]},
    {"id": "import-other-campus", "args": ["import-xlsx", _WB, "--out", "years/2021/MSI.yaml"]},
    {
        "id": "import-network",
        "args": ["import-xlsx", _WB, "--out", "years/2021/network.yaml", "--force"],
    },
    {
        "id": "import-under-a-file",
        "args": ["import-xlsx", _WB, "--out", "../notes.txt/a.yaml"],
        "says": "un fichier",
    },
    {
        "id": "import-a-folder",
        "args": ["import-xlsx", _WB, "--out", "../dir.yaml"],
        "says": "un dossier",
    },
]


def _beside_project(tmp_path: Path) -> Path:
    """A valid project, its AGT workbook beside it, and the hostile entries of the cases."""
    project = build_tree(tmp_path / "project", case_files({}))
    result = run_cli(
        "export-xlsx", "AGT", "2021", "--project", str(project), "--out", str(tmp_path / "AGT.xlsx")
    )
    assert result.code == 0, result.stderr
    (tmp_path / "notes.txt").write_text("mes notes")
    (tmp_path / "dir.xlsx").mkdir()
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "project.json").mkdir()  # where schema --out .. would write a file
    os.mkfifo(tmp_path / "pipe.xlsx")
    (tmp_path / "data-link").symlink_to(project / "years")
    return project


@pytest.mark.parametrize("case", _FILE_OUT_CASES, ids=[c["id"] for c in _FILE_OUT_CASES])
def test_an_output_file_that_would_clobber_is_refused(tmp_path: Path, case: dict[str, Any]) -> None:
    project = _beside_project(tmp_path)
    before = _fingerprint(tmp_path)
    code, text, _ = _run(*case["args"], cwd=project)
    assert code == 2, text
    assert "Traceback" not in text and "Errno" not in text, text
    assert text.startswith("cmqreport: ") and len(text.strip().splitlines()) == 1, text
    assert case.get("says", "Rien n'a été écrit") in text, text
    assert _fingerprint(tmp_path) == before


def test_an_output_file_at_its_own_place_is_written(tmp_path: Path) -> None:
    project = _beside_project(tmp_path)
    runs = [
        ["import-xlsx", _WB, "--out", "years/2021/AGT.yaml", "--force"],
        ["export-xlsx", "AGT", "2021", "--out", "build/AGT.xlsx"],
        ["export-xlsx", "AGT", "2021", "--out", "AGT.xlsx"],  # the project's root: no data
        ["schema", "--out", "schemas"],
    ]
    for args in runs:
        code, text, _ = _run(*args, cwd=project)
        assert code == 0, text
    assert (project / "build" / "AGT.xlsx").is_file()
    assert (project / "schemas" / "campus_year.json").is_file()
    assert "campus: AGT" in (project / "years/2021/AGT.yaml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- leftovers


def test_a_stale_work_folder_is_removed_and_nothing_else(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "project", case_files({}))
    out = tmp_path / "out"
    stale = out / ".cmqreport-k2j8x0ab"
    (stale / "assets").mkdir(parents=True)
    (stale / "assets" / "chart.png").write_bytes(b"half written")
    kept = [out / ".cmqreport-notes", out / ".cmqreport-k2j8x0abc"]
    for folder in kept:
        folder.mkdir()
    (out / ".cmqreport-zzzzzzzz").symlink_to(project / "years")  # never followed
    result = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    assert result.code == 0, result.stderr
    assert not stale.exists()
    assert all(folder.is_dir() for folder in kept)
    assert (project / "years" / "2021" / "AGT.yaml").is_file()


def _killed_mid_way(project: Path, out: Path, sig: int) -> int:
    """Start a real build, send ``sig`` once its work folder exists; its exit code."""
    args = ["build", "2021", "--project", str(project), "--to", "md,docx", "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cmqreport", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not list(out.glob(".cmqreport-*")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the build never made its work folder"
        time.sleep(0.01)
    proc.send_signal(sig)
    return proc.wait(timeout=30)


def _stopped_mid_way(project: Path, out: Path, sig: int) -> int:
    """:func:`_killed_mid_way`, tried again when a loaded machine let the build finish
    before the signal reached it (its exit code is then 0); never a skip."""
    for _ in range(5):
        code = _killed_mid_way(project, out, sig)
        if code != 0:
            return code
        for name in ("rapport-2021.md", "rapport-2021.docx", ".rapport-2021.files.json"):
            (out / name).unlink(missing_ok=True)
    raise AssertionError("five builds in a row ended before the signal reached them")


def test_a_killed_build_leaves_a_folder_the_next_build_removes(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "project", case_files({}))
    out = tmp_path / "out"
    out.mkdir()
    code = _stopped_mid_way(project, out, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert list(out.glob(".cmqreport-*")), "SIGKILL cannot be caught: a folder is left"
    result = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    assert result.code == 0, result.stderr
    assert not list(out.glob(".cmqreport*"))
    assert (out / "rapport-2021.md").is_file()


def test_a_terminated_build_removes_its_work_folder(tmp_path: Path) -> None:
    project = build_tree(tmp_path / "project", case_files({}))
    out = tmp_path / "out"
    out.mkdir()
    code = _stopped_mid_way(project, out, signal.SIGTERM)
    assert code == 130
    assert not list(out.glob(".cmqreport*"))


def test_a_running_build_keeps_its_folder(tmp_path: Path) -> None:
    from cmqreport.write.staging import remove_leftovers, staging

    with staging(tmp_path) as work:
        assert work.name.startswith(".cmqreport-")
        assert remove_leftovers(tmp_path) == []
        assert work.is_dir()
    assert not work.exists()


def test_the_summary_agrees_with_its_count(tmp_path: Path) -> None:
    files = {"cmqreport.yaml": case_files({})["cmqreport.yaml"]}
    project = build_tree(tmp_path / "project", files)
    result = run_cli("validate", "--project", str(project))
    assert result.stdout.strip().splitlines()[-1].endswith(" (1 fichier lu)."), result.stdout
