"""The benchmark: every command at every size, beside its floor measured in the same run.

    python benchmarks/bench.py [--runs N] [--sizes S,M,L,W] [--cache DIR] [--quick]

Generates the synthetic projects (``benchmarks/generate.py``, reused while the generator
and the example are unchanged), runs each command ``--runs`` times in a fresh process (after
one run not counted, which writes Python's bytecode and the chart cache as a user's first
run does) and prints one Markdown table: median and min-max wall time, peak memory (the largest
resident set of the process and the programs it waited for), the floor and the ratio.

A floor is what the command cannot avoid, measured the same way (a fresh process, start-up
included): Python's start-up for ``--help``; libyaml (PyYAML's C loader) parsing the same
YAML files, and python-calamine reading the same workbooks, for ``validate``; bare pandoc
converting the very Markdown the build wrote (DOCX, LaTeX, Typst), the Typst compile of
the ``.typ`` pandoc wrote from it, and LibreOffice's two layouts of the DOCX, plus
``validate``, for ``build``. Timings are never asserted: ``tests/test_bench.py`` only runs
the quick mode and reads the table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
GENERATE = ROOT / "benchmarks" / "generate.py"
YEAR = 2021
PY = sys.executable

# a fresh process that reads every YAML file with libyaml and every workbook with
# calamine: the least a validation of those files costs
FLOORS = ROOT / "benchmarks" / "floors.py"
_TYPST = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], font_paths=[],
              ignore_system_fonts=True)
"""


@dataclass
class Timing:
    """The runs of one command."""

    label: str
    size: str
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0
    floor: str = ""
    floor_s: float | None = None

    @property
    def median(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(self.times)

    def row(self) -> list[str]:
        """The table's cells for this command."""
        ratio = f"{self.median / self.floor_s:.2f}×" if self.floor_s else "n/a"
        floor = f"{self.floor} {self.floor_s:.3f} s" if self.floor_s else self.floor or "n/a"
        spread = f"{min(self.times):.3f}–{max(self.times):.3f}"
        mb = f"{self.peak_kb / 1024:.0f}"
        return [self.label, self.size, f"{self.median:.3f}", spread, mb, floor, ratio]


def measure(
    cmd: Sequence[str], runs: int, env: dict[str, str] | None = None, *, warm_up: bool = True
) -> Timing:
    """Run ``cmd`` ``runs`` times (after a run not counted, unless ``warm_up`` is false);
    its wall times and its peak resident memory."""
    t = Timing(" ".join(cmd), "")
    full_env = {**os.environ, **_BYTECODE, **(env or {})}
    # Python writes the bytecode of the modules it compiles, as an installed package's
    # is: a machine that sets PYTHONDONTWRITEBYTECODE would otherwise time every run
    # compiling some hundred modules (≈0.07 s) that no user's run compiles
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    # one run first, not counted: the bytecode and the chart cache are written by it, as
    # by a user's first run, and the files are in the page cache
    for i in range(runs + 1 if warm_up else runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        if i > 0 or not warm_up:
            t.times.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            text = err.decode("utf-8", "replace").strip().splitlines()
            raise SystemExit(f"échec ({proc.returncode}) : {' '.join(cmd)}\n{text[-1:]}")
        t.peak_kb = max(t.peak_kb, usage.ru_maxrss)  # kilobytes on Linux
    return t


#: Where the measured programs keep their bytecode: out of the source tree.
_BYTECODE = {"PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "cmqreport-bench-pyc")}


def cli(*args: str) -> list[str]:
    """``python -m cmqreport ARGS`` with this interpreter (the src in PYTHONPATH first)."""
    return [PY, "-m", "cmqreport", *args]


def _stamp() -> str:
    """What the generated projects depend on: the generator and the example's files."""
    digest = hashlib.sha256(GENERATE.read_bytes())
    for p in sorted(EXAMPLE.rglob("*")):
        if p.is_file() and "build" not in p.relative_to(EXAMPLE).parts:
            digest.update(p.relative_to(EXAMPLE).as_posix().encode() + p.read_bytes())
    return digest.hexdigest()


def generate(cache: Path, sizes: Sequence[str]) -> list[str]:
    """Generate the ``sizes`` under ``cache`` (kept while unchanged); the sizes made."""
    made = []
    stamp = _stamp()
    for size in sizes:
        marker = cache / f".{size}.stamp"
        if marker.is_file() and marker.read_text() == stamp and (cache / size).is_dir():
            made.append(size)
            continue
        proc = subprocess.run(
            [PY, str(GENERATE), str(cache), "--sizes", size], capture_output=True, text=True
        )
        if proc.returncode != 0:  # a size this generator does not know (W, before it can)
            print(f"taille {size} ignorée : {proc.stderr.strip().splitlines()[-1:]}")
            continue
        marker.write_text(stamp)
        made.append(size)
    return made


def _soffice() -> str | None:
    """LibreOffice, as the build finds it (``CMQREPORT_DOCX_LAYOUT=0`` turns it off)."""
    if os.environ.get("CMQREPORT_DOCX_LAYOUT", "").strip() in ("0", "no", "non", "false"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


class Bench:
    """One run of the benchmark: the projects, the timings, the table."""

    def __init__(self, cache: Path, runs: int, out: Path) -> None:
        self.cache, self.runs, self.out = cache, runs, out
        self.rows: list[Timing] = []
        self.validate_s: dict[str, float] = {}

    def add(
        self, t: Timing, label: str, size: str, floor: str = "", s: float | None = None
    ) -> Timing:
        """Record ``t`` as the row ``label`` of ``size`` against the floor ``floor``."""
        t.label, t.size, t.floor, t.floor_s = label, size, floor, s
        self.rows.append(t)
        print(f"  {label} {size}: {t.median:.3f} s", file=sys.stderr, flush=True)
        return t

    def time(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> Timing:
        """Measure ``cmd`` with this run's count."""
        return measure(cmd, self.runs, env)

    def startup(self) -> None:
        """``--help`` against Python's start-up."""
        floor = self.time([PY, "-c", "pass"]).median
        self.add(self.time(cli("--help")), "--help", "-", "python -c pass", floor)

    def validate(self, size: str) -> None:
        """``validate`` against libyaml (and calamine) on the same files."""
        project = self.cache / size
        floor = self.time([PY, str(FLOORS), "project", str(project)]).median
        books = any(project.rglob("*.xlsx"))
        name = "libyaml + calamine" if books else "libyaml"
        t = self.add(self.time(cli("validate", "--project", str(project))), "validate", size)
        t.floor, t.floor_s = name, floor
        self.validate_s[size] = t.median

    def build_md(self, size: str) -> None:
        """``build YEAR --to md`` against ``validate`` of the same project."""
        project, out = self.cache / size, self.out / f"{size}-md"
        t = self.time(
            cli("build", str(YEAR), "--project", str(project), "--to", "md", "--out", str(out))
        )
        self.add(t, f"build {YEAR} --to md", size, f"validate {size}", self.validate_s[size])

    def floors(self, size: str) -> dict[str, float]:
        """Bare pandoc (DOCX, LaTeX, Typst), the Typst compile and LibreOffice's layouts of
        the report of ``size``, each on the files a build of it wrote."""
        project, where = self.cache / size, self.out / f"{size}-floor"
        build = cli("build", str(YEAR), "--project", str(project), "--to", "md,docx", "--out")
        measure([*build, str(where)], 1, {"CMQREPORT_DOCX_LAYOUT": "0"}, warm_up=False)
        md = where / f"rapport-{YEAR}.md"
        bare = [_pandoc(), str(md), "--standalone", f"--resource-path={where}"]
        if (where / "references.json").is_file():
            bare += ["--citeproc", f"--bibliography={where / 'references.json'}"]
        scratch = self.out / "bare"
        scratch.mkdir(exist_ok=True)
        got = {
            fmt: self.time([*bare, "--to", fmt, "-o", str(scratch / f"bare.{ext}")])
            for fmt, ext in (("docx", "docx"), ("latex", "tex"), ("typst", "typ"))
        }
        typ = self._typ(md, where)
        pdf = str(scratch / "typst.pdf")
        got["typst-compile"] = self.time([PY, "-c", _TYPST, str(typ), pdf, str(where)])
        soffice = _soffice()
        if soffice:
            layout = [soffice, f"-env:UserInstallation={(scratch / 'lo').as_uri()}", "--headless"]
            layout += ["--convert-to", "pdf", "--outdir", str(scratch / "lo-out")]
            got["soffice"] = self.time([*layout, str(where / f"rapport-{YEAR}.docx")])
        for name, t in got.items():
            self.add(t, f"(floor) {name}", size)
        return {name: t.median for name, t in got.items()}

    def _typ(self, md: Path, where: Path) -> Path:
        """The ``.typ`` of the build's Markdown as the build writes it (its template and
        filter), for the Typst compile's floor."""
        from cmqreport.convert import pandoc, typst_pdf

        typ = where / f"rapport-{YEAR}.typ"
        args = [_pandoc(), f"--from={pandoc.READER}", "--standalone", *typst_pdf.pandoc_args()]
        args += [f"--resource-path={where}", "-o", str(typ), str(md)]
        if (where / "references.json").is_file():
            args += ["--citeproc", "--bibliography=references.json"]
        subprocess.run(args, cwd=where, check=True, capture_output=True)
        return typ

    def build_formats(self, size: str) -> None:
        """``build --to`` each format, then all four, against bare pandoc + ``validate``."""
        f, check = self.floors(size), self.validate_s[size]
        project = str(self.cache / size)

        def build(to: str, env: dict[str, str] | None = None) -> Timing:
            out = str(self.out / f"{size}-{to.replace(',', '-')}")
            return self.time(
                cli("build", str(YEAR), "--project", project, "--to", to, "--out", out), env
            )

        docx = f["docx"] + check
        off = {"CMQREPORT_DOCX_LAYOUT": "0"}
        self.add(
            build("docx", off),
            "build --to docx (sans LibreOffice)",
            size,
            "pandoc docx + validate",
            docx,
        )
        if "soffice" in f:
            docx += 2 * f["soffice"]
            self.add(
                build("docx"),
                "build --to docx",
                size,
                "pandoc docx + 2 LibreOffice + validate",
                docx,
            )
        latex = f["latex"] + check
        self.add(build("latex"), "build --to latex", size, "pandoc latex + validate", latex)
        pdf = f["typst"] + f["typst-compile"] + check
        self.add(
            build("pdf"), "build --to pdf (Typst)", size, "pandoc typst + compile + validate", pdf
        )
        slowest = max(docx, latex, pdf)
        self.add(
            build("md,docx,latex,pdf"),
            "build --to md,docx,latex,pdf",
            size,
            "slowest format floor",
            slowest,
        )

    def table(self) -> str:
        """The Markdown table of every row."""
        head = ["command", "size", "median s", "min–max s", "peak MB", "floor", "ratio"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(t.row()) + " |" for t in self.rows]
        return "\n".join(lines)


def _header() -> str:
    """The machine and the tools the table was measured with."""
    pandoc = subprocess.run([_pandoc(), "--version"], capture_output=True, text=True)
    version = pandoc.stdout.splitlines()[0] if pandoc.stdout else "pandoc ?"
    py = ".".join(map(str, sys.version_info[:3]))
    return f"{os.cpu_count()} CPU, Python {py}, {version}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (5)")
    parser.add_argument("--sizes", default="S,M,L,W", help="projects (S,M,L,W)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "cmqreport-bench"
    )
    parser.add_argument("--quick", action="store_true", help="3 runs on S only")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args(argv)
    runs, sizes = (min(args.runs, 3), ["S"]) if args.quick else (args.runs, args.sizes.split(","))
    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = generate(args.cache, sizes)
    with tempfile.TemporaryDirectory(prefix="cmqreport-bench-out-") as tmp:
        bench = Bench(args.cache, runs, Path(tmp))
        bench.startup()
        for size in sizes:
            bench.validate(size)
        if "L" in sizes:
            bench.build_md("L")
        if "S" in sizes:
            bench.build_formats("S")
    print(f"{_header()}; {runs} runs each (sizes {', '.join(sizes)})\n")
    print(bench.table())
    if args.json:
        rows = [t.__dict__ | {"median": t.median} for t in bench.rows]
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
