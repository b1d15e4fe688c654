"""Publishing replaces only what the build writes, file by file, and never a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmqreport.errors import UsageError
from cmqreport.write.publish import publish


def _work(root: Path, stem: str, files: dict[str, str]) -> Path:
    work = root / f"work-{len(list(root.glob('work-*')))}"
    for rel, text in {f"{stem}.md": "# Rapport\n", **files}.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return work


def test_the_next_build_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "logo.png").write_text("logo du partenaire")
    first = {"assets/a/x.png": "rouge", "assets/old.png": "ancien", "assets/kept.png": "k"}
    publish(_work(tmp_path, "rapport-2021", first), out, "rapport-2021", ["md"])
    (out / "assets" / "kept.png").write_text("retouchée à la main")
    second = {"assets/b/x.png": "bleu"}
    publish(_work(tmp_path, "rapport-2021", second), out, "rapport-2021", ["md"])
    assert (out / "assets" / "b" / "x.png").read_text() == "bleu"
    assert not (out / "assets" / "a").exists() and not (out / "assets" / "old.png").exists()
    assert (out / "assets" / "logo.png").read_text() == "logo du partenaire"
    assert (out / "assets" / "kept.png").read_text() == "retouchée à la main"


def test_files_another_report_needs_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shared = {"assets/salon.png": "salon"}
    publish(_work(tmp_path, "rapport-2021", shared), out, "rapport-2021", ["md"])
    publish(_work(tmp_path, "rapport-2022", shared), out, "rapport-2022", ["md"])
    publish(_work(tmp_path, "rapport-2021", {}), out, "rapport-2021", ["md"])
    assert (out / "assets" / "salon.png").read_text() == "salon"
    assert (out / "rapport-2022.md").is_file()


@pytest.mark.parametrize("folder", ["rapport-2021.md", "assets/x.png"])
def test_a_folder_where_an_output_goes_is_refused_and_kept(tmp_path: Path, folder: str) -> None:
    out = tmp_path / "out"
    (out / folder).mkdir(parents=True)
    (out / folder / "mes-notes.txt").write_text("À garder.")
    work = _work(tmp_path, "rapport-2021", {"assets/x.png": "x"})
    with pytest.raises(UsageError, match="est un dossier"):
        publish(work, out, "rapport-2021", ["md"])
    assert (out / folder / "mes-notes.txt").read_text() == "À garder."
    assert sorted(p.name for p in out.iterdir()) == [Path(folder).parts[0]]


def test_a_file_where_a_folder_goes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "assets").write_text("un fichier")
    work = _work(tmp_path, "rapport-2021", {"assets/x.png": "x"})
    with pytest.raises(UsageError, match="est un fichier"):
        publish(work, out, "rapport-2021", ["md"])
    assert (out / "assets").read_text() == "un fichier"
