"""The built-in templates are compiled once per user, in the user's cache folder; a
project's own templates are compiled at every build, inside the sandbox's count."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmqreport.api.report import build
from cmqreport.render.template_cache import cache_folder
from helpers import EXAMPLE, build_tree, snapshot


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = cache_folder()
    assert folder == tmp_path / "cache" / "cmqreport"
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/*.jinja"))


def test_builtins_are_cached_once_and_build_the_same_report(cache: Path, tmp_path: Path) -> None:
    first = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_bytes()
    entries = _entries(cache)
    assert len(entries) >= 10  # the report's templates, each once
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    again = build(EXAMPLE, 2021, ["md"], tmp_path / "b").outputs["md"].read_bytes()
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in _entries(cache)} == stamps  # read, not rewritten


def test_a_spoiled_cache_entry_is_compiled_anew(cache: Path, tmp_path: Path) -> None:
    first = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_bytes()
    for entry in _entries(cache):
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    again = build(EXAMPLE, 2021, ["md"], tmp_path / "b").outputs["md"].read_bytes()
    assert again == first


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    made = build(EXAMPLE, 2021, ["md"], tmp_path / "out").outputs["md"]
    assert made.read_text("utf-8").startswith("---")


def test_project_templates_are_not_cached_nor_the_project_written(
    cache: Path, tmp_path: Path
) -> None:
    project = build_tree(
        tmp_path / "bfc",
        {"templates/campus.md.j2": b"{{ heading(campus) }}\n\nTexte du campus.\n"},
        copy_of=EXAMPLE,
    )
    before = snapshot(project)
    made = build(project, 2021, ["md"], tmp_path / "out").outputs["md"].read_text("utf-8")
    assert made.count("Texte du campus.") == 7
    assert snapshot(project) == before
    assert not list((tmp_path / "out").rglob("*.jinja"))
    entries = _entries(cache)
    assert entries
    # the compiled code names its template's file: none is the project's
    assert not [p for p in entries if str(project).encode() in p.read_bytes()]


def test_a_cache_others_can_write_is_not_read(cache: Path, tmp_path: Path) -> None:
    first = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_bytes()
    (entries_folder,) = {p.parent for p in _entries(cache)}
    for entry in _entries(cache):
        entry.write_bytes(b"spoiled")
    entries_folder.chmod(0o777)  # as if anyone could have written it
    again = build(EXAMPLE, 2021, ["md"], tmp_path / "b").outputs["md"].read_bytes()
    assert again == first
    assert all(p.read_bytes() == b"spoiled" for p in _entries(cache))  # neither read nor written
