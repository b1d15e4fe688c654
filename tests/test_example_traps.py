"""Breaking a file of the real example in each way PRODUCT.md lists gives exit 1 with the
file and line named — never a traceback, never a hang — and leaves the files untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import EXAMPLE, EXAMPLE_MISSING_PICTURES, build_tree, run_cli, snapshot

TARGET = "years/2021/AGT.yaml"


def _append(text: str) -> Callable[[bytes], bytes]:
    return lambda raw: raw.rstrip(b"\n") + b"\n" + text.encode("utf-8")


def _replace(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        assert old.encode() in raw, old
        return raw.replace(old.encode(), new.encode(), 1)

    return change


BOMB = "bomb:\n" + "".join(
    f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["x"] * 9) + "]\n" for i in range(9)
)

BREAKS: dict[str, tuple[Callable[[bytes], bytes], str, bool]] = {
    # name: (mutation, expected code, is the line of the change known to be the last line?)
    "tab": (_append("\tfoo: 1\n"), "CMQ-V008", True),
    "duplicate-key": (_append("campus: AGT\n"), "CMQ-V007", True),
    "unknown-key": (_append("intorduction: texte\n"), "CMQ-V002", True),
    "python-tag": (_append("x: !!python/object/apply:os.system [ls]\n"), "CMQ-V009", True),
    "alias-bomb": (_append(BOMB), "CMQ-V010", False),
    "deep-nesting": (_append("deep: " + "[" * 20000 + "]" * 20000 + "\n"), "CMQ-V011", True),
    "impossible-date": (_replace("2021-10-11", "2021-13-45"), "CMQ-V004", False),
    "year-as-text": (_replace("year: 2021", "year: deux mille vingt et un"), "CMQ-V005", False),
    "latin-1": (lambda raw: raw.decode("utf-8").encode("latin-1", "replace"), "CMQ-V013", False),
    "empty": (lambda raw: b"", "CMQ-V014", False),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_breaking_the_example(tmp_path: Path, name: str) -> None:
    mutate, code, last_line = BREAKS[name]
    broken = mutate((EXAMPLE / TARGET).read_bytes())
    project = build_tree(tmp_path / "bfc", {TARGET: broken}, copy_of=EXAMPLE)
    before = snapshot(project)
    run = run_cli("validate", "--project", str(project), "--format", "json")
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 15
    found = [d for d in run.json()["diagnostics"] if d["code"] == code]
    assert found, [d["code"] for d in run.json()["diagnostics"]]
    assert found[0]["file"].endswith(TARGET) and found[0]["line"] >= 1
    if last_line:
        assert found[0]["line"] == broken.rstrip(b"\n").count(b"\n") + 1
    assert snapshot(project) == before


def test_bom_and_crlf_example_file_is_accepted(tmp_path: Path) -> None:
    crlf = b"\xef\xbb\xbf" + (EXAMPLE / TARGET).read_bytes().replace(b"\n", b"\r\n")
    project = build_tree(tmp_path / "bfc", {TARGET: crlf}, copy_of=EXAMPLE)
    run = run_cli("validate", "--project", str(project), "--strict", "--format", "json")
    # the example's only diagnostics: its figures without pictures (--strict fails on them)
    diags = run.json()["diagnostics"]
    assert run.code == 1, run.stdout
    assert {d["code"] for d in diags} == {"CMQ-V095"}, diags
    assert {d["value"] for d in diags} == EXAMPLE_MISSING_PICTURES
