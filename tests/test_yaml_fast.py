"""The fast path of the YAML loader places every value and key as the full builder does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmqreport.load.yamlsrc import Loaded, load_yaml_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = sorted((ROOT / "examples" / "bfc").rglob("*.yaml"))

NESTED = """\
a:
  - x: 1
    y: [1, 2, {z: "t"}]
    text: |
      first line
        indented AGT
  - - deep
    - |
      block in a list
b: {}
c: []
'quoted key': "value"
? complex
: 3
"""


def _both(text: str) -> tuple[Loaded, Loaded]:
    fast = load_yaml_text(text, "f.yaml")
    full = load_yaml_text(text, "f.yaml", fast_path=False)
    assert fast.marks is not None, "a clean file takes the fast path"
    assert full.marks is None
    return fast, full


def _same_places(fast: Loaded, full: Loaded) -> None:
    fast.asked = -(10**9)  # every lookup walks the marks (not the tables made past a few)
    assert fast.data == full.data
    assert fast.block == full.block
    assert fast.diagnostics == full.diagnostics == []
    for path in set(full.values) | set(full.keys):
        for key in (False, True):
            assert fast.place(path, key=key) == full.place(path, key=key), (path, key)
        # a path below a value that does not exist: the nearest parent's place
        missing = (*path, "absent", 3)
        assert fast.place(missing) == full.place(missing), missing
        assert fast.place(missing, key=True) == full.place(missing, key=True), missing
        assert fast.text_place(path, 3) == full.text_place(path, 3), path


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_files_placed_as_by_the_full_builder(path: Path) -> None:
    _same_places(*_both(path.read_text(encoding="utf-8")))


def test_nested_blocks_and_flow_placed_as_by_the_full_builder() -> None:
    fast, full = _both(NESTED)
    _same_places(fast, full)
    assert fast.place(("a", 0, "y", 2, "z")).line == 3
    assert fast.text_place(("a", 0, "text"), 17) == full.text_place(("a", 0, "text"), 17)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x [1]\nb: *x\n",  # anchor and alias
        "a: yes\n",  # YAML 1.1 boolean
        "a: !!python/object x\n",  # tag
        "a: [1\n",  # syntax error
        "",  # empty
        "a: 1\n---\nb: 2\n",  # two documents
        "[a]: 1\n",  # a sequence as a key
    ],
)
def test_files_with_problems_read_by_the_full_builder(text: str) -> None:
    """Whatever the fast path is not sure of is read again, with the full diagnostics."""
    src = load_yaml_text(text, "f.yaml")
    assert src.marks is None
    assert src.diagnostics == load_yaml_text(text, "f.yaml", fast_path=False).diagnostics
    assert src.diagnostics or "*x" in text  # an alias is allowed, and placed by the builder


def test_tables_made_from_the_marks_are_the_full_builders() -> None:
    """A file asked for many places gets the full builder's tables, made from its marks."""
    for path in EXAMPLE_FILES:
        fast, full = _both(path.read_text(encoding="utf-8"))
        for _ in range(10):
            fast.place(())
        assert fast.marks is None
        assert fast.values == full.values
        assert fast.keys == full.keys
