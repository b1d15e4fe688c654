"""Synthetic projects for the benchmark, made from examples/bfc by plain text transforms.

    python benchmarks/generate.py OUT [--sizes S,M,L,W]

writes OUT/S (the example itself), OUT/M (~100 campuses, one year), OUT/L (~200 campuses,
ten years 2012-2021, perspectives chained year to year) and OUT/W (the example, with the
2021 campus-year of AGT as a workbook of 2 000 action rows: OUT/W/years/2021/AGT.xlsx).
Same input, same bytes for the YAML projects: no randomness, files written in sorted order.
S, M and L need only the standard library; W is written by cmqreport's own workbook export
(ruamel.yaml and openpyxl, as installed with cmqreport).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
BASE_YEAR = 2021
# copies of each of the example's 8 campuses: 13 x 8 = 104 (M), 25 x 8 = 200 (L)
SIZES = {"M": (13, 1), "L": (25, 10)}
#: The campus-year written as a workbook in W, and its number of action rows.
WORKBOOK_CAMPUS, WORKBOOK_ROWS = "AGT", 2000

_ID = re.compile(r"^\s*-?\s*(?:[a-z_]+_)?id:\s*([a-z0-9][a-z0-9-]*)\s*(?:#.*)?$", re.MULTILINE)
_YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])(?![0-9])")


def _data_files(project: Path) -> list[Path]:
    """The example's data files, sorted (its build folder left out)."""
    return sorted(p for p in project.rglob("*.yaml") if "build" not in p.relative_to(project).parts)


def shift_years(text: str, delta: int) -> str:
    """Every year 2000-2039 of ``text`` moved by ``delta`` (dates, ids such as p2021-…)."""
    if delta == 0:
        return text
    # citation keys ([@rapport-2018]) name entries of references.yaml, which is not shifted
    parts = re.split(r"(@[A-Za-z0-9_:-]+)", text)
    return "".join(
        part if part.startswith("@") else _YEAR.sub(lambda m: str(int(m.group(1)) + delta), part)
        for part in parts
    )


def clone_campus_text(text: str, code: str, suffix: int) -> str:
    """A campus or campus-year file for the copy ``suffix`` of campus ``code``.

    The code becomes CODE + two digits, and every id the file defines gets a ``-cNN`` tail,
    also where the file's own text points to it, so the copy's ids are unique in the project.
    """
    if suffix == 0:
        return text
    new_code = f"{code}{suffix:02d}"
    text = re.sub(rf"^(code|campus):\s*{code}\b", rf"\1: {new_code}", text, flags=re.MULTILINE)
    for ident in sorted(set(_ID.findall(text)), key=len, reverse=True):
        text = re.sub(
            rf"(?<![a-z0-9-]){re.escape(ident)}(?![a-z0-9-])", f"{ident}-c{suffix:02d}", text
        )
    return text


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_scaled(out: Path, copies: int, years: int) -> None:
    """A project of ``copies`` x 8 campuses over ``years`` years ending in 2021."""
    if out.exists():
        shutil.rmtree(out)
    codes = sorted(p.stem for p in (EXAMPLE / "campuses").glob("*.yaml"))
    config = (EXAMPLE / "cmqreport.yaml").read_text(encoding="utf-8")
    order = re.search(r"^campus_order: \[(.*)\]$", config, re.MULTILINE)
    assert order is not None
    base_order = [c.strip() for c in order.group(1).split(",")]
    full_order = [f"{c}{k:02d}" if k else c for k in range(copies) for c in base_order]
    config = config.replace(order.group(0), f"campus_order: [{', '.join(full_order)}]")
    _write(out / "cmqreport.yaml", config)
    for name in ("acronyms.yaml", "glossary.yaml", "references.yaml"):
        shutil.copyfile(EXAMPLE / name, out / name)
    for code in codes:
        text = (EXAMPLE / "campuses" / f"{code}.yaml").read_text(encoding="utf-8")
        for k in range(copies):
            name = f"{code}{k:02d}.yaml" if k else f"{code}.yaml"
            _write(out / "campuses" / name, clone_campus_text(text, code, k))
    first = BASE_YEAR - years + 1
    for year in range(first, BASE_YEAR + 1):
        delta = year - BASE_YEAR
        for src in sorted((EXAMPLE / "years" / str(BASE_YEAR)).glob("*.yaml")):
            text = shift_years(src.read_text(encoding="utf-8"), delta)
            if src.stem == "perspectives":
                continue
            if src.stem == "network":
                _write(out / "years" / str(year) / src.name, text)
                continue
            for k in range(copies):
                name = f"{src.stem}{k:02d}.yaml" if k else src.name
                _write(out / "years" / str(year) / name, clone_campus_text(text, src.stem, k))
    # Chained: the perspectives planned in year Y for Y + 1 are those the example plans in
    # 2020 for 2021, so that Y + 1's follow-up and answers find them; the last year keeps
    # the example's own perspectives for the year after it.
    planned = (EXAMPLE / "years" / str(BASE_YEAR - 1) / "perspectives.yaml").read_text(
        encoding="utf-8"
    )
    for year in range(first - 1, BASE_YEAR):
        _write(
            out / "years" / str(year) / "perspectives.yaml",
            shift_years(planned, year - (BASE_YEAR - 1)),
        )
    last = EXAMPLE / "years" / str(BASE_YEAR) / "perspectives.yaml"
    shutil.copyfile(last, out / "years" / str(BASE_YEAR) / "perspectives.yaml")


def make_workbook(out: Path, rows: int = WORKBOOK_ROWS) -> Path:
    """The example with its campus-year WORKBOOK_CAMPUS as a workbook of ``rows`` actions.

    The actions are the campus's own, repeated with ids made unique (``-w0031``); the YAML
    is edited as data (ruamel) and the workbook written by cmqreport's export-xlsx, which
    is how a director's workbook is made. The YAML is removed: one campus-year, one file.
    """
    from ruamel.yaml import YAML

    from cmqreport.api import export_xlsx

    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(EXAMPLE, out, ignore=shutil.ignore_patterns("build"))
    src = out / "years" / str(BASE_YEAR) / f"{WORKBOOK_CAMPUS}.yaml"
    yaml = YAML()
    data = yaml.load(src.read_text(encoding="utf-8"))
    actions = data["actions"]
    base = list(actions)
    for n in range(len(base), rows):
        # a deep copy: a list shared between two actions would be written as a YAML alias
        copy = deepcopy(base[n % len(base)])
        copy["id"] = f"{copy['id']}-w{n:04d}"
        actions.append(copy)
    with src.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    workbook = export_xlsx(out, WORKBOOK_CAMPUS, BASE_YEAR).path
    src.unlink()
    return workbook


def main(argv: list[str] | None = None) -> int:
    """Write the projects asked for under OUT."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", default="S,M,L")
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        target = args.out / size
        if size == "S":
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
        elif size == "W":
            make_workbook(target)
        elif size in SIZES:
            make_scaled(target, *SIZES[size])
        else:
            parser.error(f"unknown size {size!r} (S, M, L, W)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
