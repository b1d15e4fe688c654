"""The floors `validate` is measured against: the same files read with no model, no places.

    python benchmarks/floors.py yaml OUT/L                       # libyaml: PyYAML's C loader
    python benchmarks/floors.py calamine OUT/W/years/2021/AGT.xlsx   # python-calamine
    python benchmarks/floors.py project OUT/W      # both: every YAML file and workbook

Both libraries come with `pip install .[bench]`; cmqreport itself never imports them.
"""

from __future__ import annotations

import sys
from pathlib import Path


def yaml_floor(project: Path) -> int:
    """Parse every YAML data file of ``project`` (its build folder left out); the count."""
    import yaml

    count = 0
    for path in sorted(project.rglob("*.y*ml")):
        if "build" in path.relative_to(project).parts:
            continue
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        count += 1
    return count


def calamine_floor(workbook: Path) -> int:
    """Read every sheet of ``workbook`` into Python values; the number of rows."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def project_floor(project: Path) -> int:
    """Every YAML file and every workbook of ``project``: what `validate` reads (the floor
    of `make bench`); the number of files."""
    books = [
        p for p in sorted(project.rglob("*.xlsx")) if "build" not in p.relative_to(project).parts
    ]
    for book in books:
        calamine_floor(book)
    return yaml_floor(project) + len(books)


def main(argv: list[str] | None = None) -> int:
    """``yaml PROJECT``, ``calamine WORKBOOK`` or ``project PROJECT``: read, print the count."""
    args = sys.argv[1:] if argv is None else argv
    floors = {"yaml": yaml_floor, "calamine": calamine_floor, "project": project_floor}
    if len(args) != 2 or args[0] not in floors:
        print(__doc__, file=sys.stderr)
        return 2
    read = floors[args[0]]
    print(read(Path(args[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
