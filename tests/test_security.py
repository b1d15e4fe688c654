"""Issue 17: nothing outside the project reaches a report, and nothing hostile crashes it.

Each case of ``tests/cases/security/*.yaml`` is one probe of the issue: a small project
(``_base.yaml``, with the case's files added or replaced), run through the real CLI in a
subprocess (``validate --format json``, then ``build 2021 --to md,docx,latex --out OUT``),
and what a user must see. A case is a YAML document::

    description: what the probe does and what must happen
    files: {relpath: text}                  # merged over _base.yaml; null removes a base file
    binary_files: {relpath: {png: "#rrggbb"} | {text: …, encoding: latin-1}}
    generated_files: {relpath: {prefix: …, repeat: …, times: N, suffix: …}}
    outside_files: {relpath: text}          # written in a folder beside the project
    symlinks: {relpath: target}             # links made in the project
    xlsx_export: {to: path, remove: relpath} # export-xlsx AGT 2021 of the project, then remove
    xlsx_bomb: {file: …, part: …, bytes: N} # the year's workbook, one part inflated to N bytes
    out_before: {relpath: text}             # files already in OUT before the build
    outcome: refused | built | refused_or_built | build_error
    places: [{file: … | file_prefix: …, line: N | at: "text of that line", col, code, sheet}]
    validate: {max_seconds: N, max_rss_mb: N, exit: N}
    build: false | {args: [...], max_seconds: N, parallel: N, rounds: N}
    outputs: {TARGET: {contains: [...], absent: [...]}}
    md_images: {anchor: project file whose bytes the figure must show}
    md_no_link_to: [prefix, ...]
    tex_compiles: true
    github: {stdout_contains: [...], capped: true}

``outcome``:

* ``refused``: ``validate`` exits 1 and every error is at one of ``places`` (each place has
  one, with a one-line message); ``build`` exits 1, names the places and writes nothing.
* ``built``: ``validate`` exits 0; ``build`` exits 0 and its outputs pass the checks.
* ``refused_or_built``: either of the two, whichever ``validate`` chooses.
* ``build_error``: ``validate`` exits 0; ``build`` exits 1 or 2 with a one-line message.

Every run of every case also checks what the issue promises whatever the outcome: no
traceback, no hang, none of the bytes of the files outside the project (the secret PNG,
outside templates and data all hold a unique marker) in stdout, stderr or any output (docx
parts unzipped), no output naming a path outside the project, no output that is a copy of
the secret file, no connection to the local HTTP server (which answers a PNG holding the
marker), and no file of the project touched.

Placeholders in the texts: ``@SECRET@`` (absolute path of the secret file),
``@SECRET_UP@`` (the same reached by climbing ``../`` from inside the project),
``@SECRET_URI@`` (its ``file://`` URI), ``@OUTSIDE@`` (the folder beside the project),
``@URL@`` (``http://127.0.0.1:PORT`` of the local server), ``@HOSTPORT@`` (its
``127.0.0.1:PORT``) and ``@MARKER@`` (the marker, for outside files).

``TARGET`` of ``outputs``: ``md``, ``tex``, ``docx:PART`` (raw XML of a docx part) or
``docx-text:PART`` (the text of its ``<w:t>`` runs, unescaped).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import shutil
import signal
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from helpers import build_tree, read_case, snapshot

CASES_DIR = Path(__file__).resolve().parent / "cases" / "security"
CASES = sorted(p for p in CASES_DIR.glob("*.yaml") if not p.name.startswith("_"))
#: A run that takes longer is a hang (the issue's bound is 30 s).
DEFAULT_SECONDS = 15.0
BUILD_ARGS = ["--to", "md,docx,latex"]
EPOCH = "1640995200"
_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
_OUTCOMES = {"refused", "built", "refused_or_built", "build_error"}
_CASE_KEYS = {
    "description",
    "files",
    "binary_files",
    "generated_files",
    "outside_files",
    "symlinks",
    "xlsx_bomb",
    "xlsx_export",
    "out_before",
    "outcome",
    "places",
    "validate",
    "build",
    "outputs",
    "md_images",
    "md_no_link_to",
    "tex_compiles",
    "github",
}


# --------------------------------------------------------------------------- running the CLI


@dataclass
class Run:
    """The outcome of one ``python -m cmqreport`` run."""

    args: list[str]
    code: int | None  # None: killed after its time limit
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def traceback(self) -> str | None:
        """The last lines of a Python traceback in the output, if any."""
        for text in (self.stderr, self.stdout):
            if "Traceback (most recent call last)" in text:
                return text.strip().splitlines()[-1]
        return None

    def __str__(self) -> str:
        shown = " ".join(a if len(a) < 60 else "…" + a.rsplit("/", 1)[-1] for a in self.args)
        stderr = f"(traceback) {self.traceback}" if self.traceback else self.stderr[-1500:]
        return (
            f"cmqreport {shown} → exit {self.code} in {self.seconds:.1f} s\n"
            f"--- stdout\n{self.stdout[-1500:]}\n--- stderr\n{stderr}"
        )


def _environ(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GITHUB_") and k != "FORCE_COLOR" and k.lower() not in _PROXIES
    }
    environ.update(
        {"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200", "SOURCE_DATE_EPOCH": EPOCH}
    )
    environ.update(extra or {})
    return environ


@dataclass
class _Started:
    proc: subprocess.Popen[bytes]
    out: Any
    err: Any
    start: float


def _start(args: list[str], cwd: Path, env: Mapping[str, str] | None, logs: Path) -> _Started:
    """Start the real CLI in its own process group, its output in files."""
    logs.mkdir(parents=True, exist_ok=True)
    out = tempfile.NamedTemporaryFile(dir=logs, delete=False)  # noqa: SIM115
    err = tempfile.NamedTemporaryFile(dir=logs, delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "cmqreport", *args],
        cwd=cwd,
        env=_environ(env),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        start_new_session=True,  # a hang is killed with its pandoc
    )
    return _Started(proc, out, err, time.monotonic())


def _high_water_mb(pid: int) -> float:
    """The peak resident memory of a running process, in MB (0 when unknown)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) / 1024  # kB
    return 0.0


def _finish(started: _Started, args: list[str], limit: float) -> Run:
    """Wait for a started run (its own peak memory); kill it after ``limit`` s.

    The peak is the process's own high-water mark (``VmHWM``), read while it runs: the
    ``ru_maxrss`` of wait4 also counts the memory of the test process that spawned it
    (Linux records the parent's at exec), which grows as the suite runs.
    """
    pid = started.proc.pid
    code: int | None = None
    rss = hwm = 0.0
    while True:
        hwm = max(hwm, _high_water_mb(pid))
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            rss = hwm if hwm else usage.ru_maxrss / 1024  # no /proc: wait4's figure
            break
        if time.monotonic() - started.start > limit:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            break
        time.sleep(0.01)
    started.proc.returncode = -9 if code is None else code  # reaped here, not by Popen
    seconds = time.monotonic() - started.start
    texts = []
    for handle in (started.out, started.err):
        handle.close()
        texts.append(Path(handle.name).read_bytes().decode("utf-8", "replace"))
        os.unlink(handle.name)
    return Run(args, code, texts[0], texts[1], seconds, rss)


def run(
    *args: str, cwd: Path, limit: float = DEFAULT_SECONDS, env: Mapping[str, str] | None = None
) -> Run:
    """Run the real CLI; killed (code None) after ``limit`` seconds."""
    return _finish(_start(list(args), cwd, env, cwd / ".logs"), list(args), limit)


# --------------------------------------------------------------------------- the HTTP server


@dataclass
class Server:
    """A local HTTP server that answers a PNG holding the marker and counts connections."""

    url: str
    connections: list[str] = field(default_factory=list)


@pytest.fixture
def server(marker: bytes) -> Iterator[Server]:
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = _png((255, 0, 0), marker)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    class Counting(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

        def verify_request(self, request: Any, client_address: Any) -> bool:
            seen.append(f"connection from {client_address[0]}")
            return True

    httpd = Counting(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", seen)
    finally:
        httpd.shutdown()
        httpd.server_close()


# --------------------------------------------------------------------------- files


def _png(rgb: tuple[int, int, int], text: bytes = b"") -> bytes:
    """A 1x1 PNG of one colour, with ``text`` in a tEXt chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    head = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    extra = chunk(b"tEXt", b"Comment\0" + text) if text else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + extra
        + chunk(b"IDAT", zlib.compress(b"\0" + bytes(rgb)))
        + chunk(b"IEND", b"")
    )


def _colour(spec: str) -> tuple[int, int, int]:
    value = spec.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@pytest.fixture
def marker() -> bytes:
    return f"CMQ-SECRET-{uuid.uuid4().hex}".encode("ascii")


@dataclass
class World:
    """The folders of one case: the project, the outside folder and the build's output."""

    root: Path
    project: Path
    outside: Path
    out: Path
    secret: Path
    marker: bytes
    url: str

    def fill(self, text: str) -> str:
        up = "../" * 40 + self.secret.as_posix().lstrip("/")
        return (
            text.replace("@SECRET_UP@", up)
            .replace("@SECRET_URI@", self.secret.as_uri())
            .replace("@SECRET@", self.secret.as_posix())
            .replace("@OUTSIDE@", self.outside.as_posix())
            .replace("@URL@", self.url)
            .replace("@HOSTPORT@", self.url.removeprefix("http://"))
            .replace("@MARKER@", self.marker.decode())
        )


def _case_files(case: Mapping[str, Any], world: World) -> dict[str, bytes]:
    base = read_case(CASES_DIR / "_base.yaml")
    merged: dict[str, Any] = dict(base.get("files") or {})
    merged.update(case.get("files") or {})
    files = {
        world.fill(rel): world.fill(str(text)).encode("utf-8")
        for rel, text in merged.items()
        if text is not None
    }
    for rel, spec in (case.get("binary_files") or {}).items():
        if "png" in spec:
            files[world.fill(rel)] = _png(_colour(str(spec["png"])))
        else:
            files[world.fill(rel)] = world.fill(str(spec["text"])).encode(str(spec["encoding"]))
    for rel, spec in (case.get("generated_files") or {}).items():
        text = str(spec.get("prefix", "")) + str(spec["repeat"]) * int(spec["times"])
        files[world.fill(rel)] = world.fill(text + str(spec.get("suffix", ""))).encode("utf-8")
    return files


def _make_world(case: Mapping[str, Any], tmp_path: Path, marker: bytes, url: str) -> World:
    world = World(
        root=tmp_path,
        project=tmp_path / "project",
        outside=tmp_path / "outside",
        out=tmp_path / "out",
        secret=tmp_path / "outside" / "secret.png",
        marker=marker,
        url=url,
    )
    world.outside.mkdir()
    world.secret.write_bytes(_png((0, 0, 0), marker))
    for rel, text in (case.get("outside_files") or {}).items():
        path = world.outside / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(world.fill(str(text)), encoding="utf-8")
    build_tree(world.project, dict(_case_files(case, world)))
    if case.get("xlsx_export"):
        spec = case["xlsx_export"]
        made = run(
            "export-xlsx",
            "AGT",
            "2021",
            "--project",
            str(world.project),
            "--out",
            world.fill(str(spec["to"])),
            cwd=world.root,
        )
        assert made.code == 0, str(made)
        (world.project / str(spec["remove"])).unlink()
    for rel, target in (case.get("symlinks") or {}).items():
        link = world.project / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        elif link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(world.fill(str(target)))
    if case.get("xlsx_bomb"):
        _xlsx_bomb(world, case["xlsx_bomb"])
    for rel, text in (case.get("out_before") or {}).items():
        path = world.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(text), encoding="utf-8")
    return world


# --------------------------------------------------------------------------- a zip bomb


def _xlsx_bomb(world: World, spec: Mapping[str, Any]) -> None:
    """The year's empty workbook (written by ``export-xlsx``) with one part inflated.

    The part keeps its XML and gets ``bytes`` of spaces inside ``<sheetData>``: a valid
    sheet, about a thousand times smaller compressed (a real deflate stream, right CRC).
    """
    rel = str(spec["file"])
    target = world.project / rel
    made = run(
        "export-xlsx",
        "AGT",
        "2021",
        "--empty",
        "--project",
        str(world.project),
        "--out",
        str(target),
        cwd=world.root,
    )
    assert made.code == 0, str(made)
    with zipfile.ZipFile(target) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    part = str(spec["part"])
    size = int(spec["bytes"])
    out = bytearray()
    central = bytearray()
    for info, data in members:
        if info.filename == part:
            head, _, tail = data.partition(b"<sheetData>")
            assert tail, f"{part} has no <sheetData>"
            crc, comp, usize = _inflated(head + b"<sheetData>", size, tail)
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp = compressor.compress(data) + compressor.flush()
            crc, usize = zlib.crc32(data) & 0xFFFFFFFF, len(data)
        name = info.filename.encode("utf-8")
        offset = len(out)
        fields = (20, 0, 8, 0, 0x21, crc, len(comp), usize, len(name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
        central += name
    start = len(out)
    out += central
    count = len(members)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    target.write_bytes(bytes(out))


def _inflated(head: bytes, size: int, tail: bytes) -> tuple[int, bytes, int]:
    block = b" " * (1 << 24)
    whole, rest = divmod(size, len(block))
    # after a full flush the compressor starts afresh: one compressed block is repeated
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)]
    same = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = same.compress(block) + same.flush(zlib.Z_FULL_FLUSH)
    parts += [repeated] * whole
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts.append(last.compress(b" " * rest + tail) + last.flush())
    crc = zlib.crc32(head)
    block_crc, count, length = zlib.crc32(block), whole, len(block)
    while count:  # the CRC of ``whole`` blocks by doubling, not by reading 2 GiB
        if count & 1:
            crc = _crc32_combine(crc, block_crc, length)
        block_crc = _crc32_combine(block_crc, block_crc, length)
        length, count = 2 * length, count >> 1
    crc = zlib.crc32(b" " * rest + tail, crc) & 0xFFFFFFFF
    return crc, b"".join(parts), len(head) + size + len(tail)


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector, row = vector >> 1, row + 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from those of A and B and the length of B (zlib's algorithm)."""
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    even = _gf2_square(odd)  # two
    odd = _gf2_square(even)  # four
    while len2:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
    return crc1 ^ crc2


# --------------------------------------------------------------------------- outputs


def _output_files(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (and every member of a zip file, as ``file!member``)."""
    found: dict[str, bytes] = {}
    if not out.exists():
        return found
    for path in sorted(out.rglob("*")):
        if not path.is_file() or ".logs" in path.parts:
            continue
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        found[rel] = data
        if data[:2] == b"PK":
            try:
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        found[f"{rel}!{info.filename}"] = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError):
                pass
    return found


def _docx_part(world: World, part: str) -> str:
    with zipfile.ZipFile(world.out / "rapport-2021.docx") as zf:
        names = zf.namelist()
        return zf.read(part).decode("utf-8") if part in names else ""


def _docx_text(xml: str) -> str:
    return "".join(unescape(t) for t in re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


def _target_text(world: World, target: str) -> str:
    if target == "md":
        return (world.out / "rapport-2021.md").read_text(encoding="utf-8")
    if target == "tex":
        return (world.out / "rapport-2021.tex").read_text(encoding="utf-8")
    kind, _, part = target.partition(":")
    if kind == "docx":
        return _docx_part(world, part)
    if kind == "docx-text":
        return _docx_text(_docx_part(world, part))
    raise AssertionError(f"unknown output target {target!r}")


def _markdown_ast(world: World) -> dict[str, Any]:
    import pypandoc

    text = (world.out / "rapport-2021.md").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(pypandoc.convert_text(text, "json", format="markdown"))
    return doc


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _images_by_anchor(doc: dict[str, Any]) -> dict[str, str]:
    """``{anchor: image target}`` for the figures of the Markdown output."""
    found: dict[str, str] = {}
    for node in _walk(doc["blocks"]):
        if node["t"] == "Figure":
            anchor = node["c"][0][0]
            for inner in _walk(node["c"][2]):
                if inner["t"] == "Image":
                    found[anchor or inner["c"][0][0]] = inner["c"][2][0]
        elif node["t"] == "Image" and node["c"][0][0]:
            found.setdefault(node["c"][0][0], node["c"][2][0])
    return found


# --------------------------------------------------------------------------- checks


class Problems(list[str]):
    """What went wrong in a case, all of it reported at once."""

    def check(self, ok: object, message: str) -> bool:
        if not ok:
            self.append(message)
        return bool(ok)


def _invariants(problems: Problems, world: World, runs: list[Run], server: Server) -> None:
    """What every probe promises, whatever its outcome."""
    for r in runs:
        both = r.stdout + r.stderr
        problems.check(r.code is not None, f"killed after {r.seconds:.0f} s (hang):\n{r}")
        problems.check(r.traceback is None, f"a traceback: {r.traceback}")
        problems.check(
            world.marker.decode() not in both, f"the secret file's bytes are printed:\n{r}"
        )
    outside = world.outside.as_posix().encode()
    for name, data in _output_files(world.out).items():
        problems.check(world.marker not in data, f"the secret file's bytes are in {name}")
        problems.check(outside not in data, f"{name} names a path outside the project")
        problems.check(data != world.secret.read_bytes(), f"{name} is a copy of the secret file")
    problems.check(
        not server.connections,
        f"{len(server.connections)} connection(s) to the local HTTP server during the case",
    )


def _one_line_error(problems: Problems, r: Run) -> None:
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    stray = [line for line in lines if not line.startswith("cmqreport: ")]
    problems.check(lines, f"no message on stderr:\n{r}")
    problems.check(not stray, f"stderr is not one-line messages: {stray[:3]}\n{r}")


def _place_line(world: World, place: Mapping[str, Any]) -> int | None:
    if "line" in place:
        return int(place["line"])
    if "at" not in place:
        return None
    wanted = world.fill(str(place["at"]))
    text = (world.project / str(place["file"])).read_text(encoding="utf-8")
    hits = [n for n, line in enumerate(text.splitlines(), 1) if wanted in line]
    assert len(hits) == 1, f"case error: {wanted!r} is on lines {hits} of {place['file']}"
    return hits[0]


def _at(diag: Mapping[str, Any], place: Mapping[str, Any], line: int | None) -> bool:
    file = diag.get("file") or ""
    if "file" in place and file != place["file"]:
        return False
    if "file_prefix" in place and not file.startswith(str(place["file_prefix"])):
        return False
    if line is not None and diag.get("line") != line:
        return False
    return all(place[key] == diag.get(key) for key in ("col", "code", "sheet") if key in place)


def _show(diags: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {d['code']} {d['place']}: {d['message']}" for d in diags) or "  (none)"


def _check_validate(
    problems: Problems, world: World, case: Mapping[str, Any], r: Run, refused: bool
) -> None:
    spec = case.get("validate") or {}
    if "max_seconds" in spec:
        problems.check(r.seconds < spec["max_seconds"], f"validate took {r.seconds:.1f} s")
    if "max_rss_mb" in spec:
        problems.check(
            r.max_rss_mb < spec["max_rss_mb"], f"validate used {r.max_rss_mb:.0f} MB of memory"
        )
    if r.code is None:
        return
    try:
        diags: list[dict[str, Any]] = json.loads(r.stdout)["diagnostics"]
    except (json.JSONDecodeError, KeyError, TypeError):
        problems.append(f"validate did not print its JSON document:\n{r}")
        return
    errors = [d for d in diags if d["severity"] == "error"]
    wanted_exit = spec.get("exit", 1 if refused else 0)
    if not problems.check(
        r.code == wanted_exit,
        f"validate exit {r.code}, expected {wanted_exit}; diagnostics:\n{_show(diags)}",
    ):
        return
    if not refused:
        problems.check(not errors, f"validate reports errors:\n{_show(errors)}")
        return
    places = [(p, _place_line(world, p)) for p in case.get("places") or []]
    for place, line in places:
        hits = [d for d in errors if _at(d, place, line)]
        shown = {**place, "line": line} if line else dict(place)
        if problems.check(hits, f"no error at {shown}; errors:\n{_show(errors)}"):
            for d in hits:
                message = str(d["message"])
                problems.check(
                    "\n" not in message and len(message) < 300 and message.endswith("."),
                    f"the message at {d['place']} is not one sentence: {message[:400]!r}",
                )
    extra = [d for d in errors if not any(_at(d, p, line) for p, line in places)]
    problems.check(not extra, f"errors elsewhere than the probe:\n{_show(extra)}")


def _check_build_refused(problems: Problems, world: World, case: Mapping[str, Any], r: Run) -> None:
    if r.traceback:
        problems.append(f"build exit {r.code} with a traceback, expected 1 (refused)")
        return
    if not problems.check(r.code == 1, f"build exit {r.code}, expected 1 (refused):\n{r}"):
        return
    _one_line_error(problems, r)
    missing = []
    for place in case.get("places") or []:
        line = _place_line(world, place)
        file = place.get("file") or place.get("file_prefix")
        where = f"{file}:{line}" if line else str(file)
        if where not in r.stdout + r.stderr:
            missing.append(where)
    problems.check(not missing, f"build does not name {', '.join(missing)}:\n{r}")
    written = [n for n in _output_files(world.out) if n.startswith("rapport-2021")]
    problems.check(not written, f"a refused build wrote {written}")


def _check_outputs(problems: Problems, world: World, case: Mapping[str, Any]) -> None:
    for target, spec in (case.get("outputs") or {}).items():
        try:
            text = _target_text(world, target)
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            problems.append(f"cannot read {target}: {exc}")
            continue
        for wanted in spec.get("contains") or []:
            problems.check(world.fill(wanted) in text, f"{target} lacks {wanted!r}")
        for unwanted in spec.get("absent") or []:
            problems.check(world.fill(unwanted) not in text, f"{target} holds {unwanted!r}")
    if case.get("md_images") or case.get("md_no_link_to"):
        doc = _markdown_ast(world)
        outputs = _output_files(world.out)
        images = _images_by_anchor(doc)
        for anchor, source in (case.get("md_images") or {}).items():
            target = images.get(anchor)
            if not problems.check(target, f"no figure #{anchor} in the Markdown ({images})"):
                continue
            shown = world.out / str(target)
            if not shown.is_file():  # a name written %-encoded in the Markdown
                shown = world.out / urllib.parse.unquote(str(target))
            expected = (world.project / source).read_bytes()
            problems.check(
                shown.is_file() and shown.read_bytes() == expected,
                f"figure #{anchor} of the Markdown shows {target!r}, not the bytes of {source}",
            )
            if "rapport-2021.docx" in outputs:
                media = [
                    v for k, v in outputs.items() if k.startswith("rapport-2021.docx!word/media/")
                ]
                problems.check(
                    expected in media, f"the DOCX has no picture with the bytes of {source}"
                )
        links = [n["c"][2][0] for n in _walk(doc["blocks"]) if n["t"] == "Link"]
        for prefix in case.get("md_no_link_to") or []:
            bad = [t for t in links if t.lower().startswith(prefix)]
            problems.check(not bad, f"the Markdown output links to {bad}")
    if case.get("tex_compiles"):
        _check_tex_compiles(problems, world)


def _check_tex_compiles(problems: Problems, world: World) -> None:
    engine = shutil.which("xelatex") or shutil.which("lualatex")
    if engine is None:
        if os.environ.get("CI"):
            problems.append("CI must compile the .tex: install texlive-xetex")
        return
    work = world.root / "tex"
    work.mkdir()
    shutil.copy(world.out / "rapport-2021.tex", work)
    if (world.out / "assets").is_dir():
        shutil.copytree(world.out / "assets", work / "assets")
    proc = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "rapport-2021.tex"],
        cwd=work,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
        check=False,
    )
    errors = [line for line in proc.stdout.splitlines() if line.startswith("!")]
    problems.check(proc.returncode == 0, f"the .tex does not compile: {errors[:3]}")


def _check_github(problems: Problems, world: World, case: Mapping[str, Any]) -> list[Run]:
    spec = case["github"]
    gh = run("validate", "--project", "project", "--format", "github", cwd=world.root)
    js = run("validate", "--project", "project", "--format", "json", cwd=world.root)
    lines = gh.stdout.splitlines()
    ours = re.compile(
        r"^::(error|warning|notice) (file=[^,:\n]*(,line=\d+)?(,col=\d+)?,)?"
        r"title=CMQ-V\d{3} [a-z0-9-]+::"
    )
    commands = [line for line in lines if line.startswith("::")]
    forged = [line for line in commands if not ours.match(line)]
    problems.check(not forged, f"lines that GitHub reads as workflow commands: {forged[:3]}")
    for wanted in spec.get("stdout_contains") or []:
        problems.check(wanted in gh.stdout, f"the github output lacks {wanted!r}")
    if spec.get("capped"):
        total = len(json.loads(js.stdout)["diagnostics"])
        for level in ("error", "warning", "notice"):
            count = sum(line.startswith(f"::{level} ") for line in commands)
            problems.check(count <= 10, f"{count} ::{level} annotations (GitHub shows 10)")
        problems.check(commands, "no annotation at all")
        problems.check(len(commands) <= 50, f"{len(commands)} annotations (GitHub shows 50)")
        text = [line for line in lines if re.match(r"^\S.*: (error|warning|info) CMQ-V", line)]
        problems.check(len(text) == total, f"the text part has {len(text)} diagnostics of {total}")
    return [gh, js]


def _build(world: World, case: Mapping[str, Any]) -> list[Run]:
    spec = case.get("build") or {}
    limit = float(spec.get("max_seconds", DEFAULT_SECONDS))
    args = [
        "build",
        "2021",
        "--project",
        str(world.project),
        *(spec.get("args") or BUILD_ARGS),
        "--out",
        str(world.out),
    ]
    parallel = int(spec.get("parallel", 1))
    runs: list[Run] = []
    for _ in range(int(spec.get("rounds", 1))):
        started = [_start(args, world.root, None, world.root / ".logs") for _ in range(parallel)]
        runs += [_finish(s, args, limit) for s in started]
    return runs


# --------------------------------------------------------------------------- the cases


def test_there_is_a_case_per_probe() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.stem)
def test_case(case_path: Path, tmp_path: Path, marker: bytes, server: Server) -> None:
    case = read_case(case_path)
    assert case.get("description"), f"{case_path.name}: describe the case"
    unknown = set(case) - _CASE_KEYS
    assert not unknown, f"{case_path.name}: unknown keys {unknown}"
    outcome = case.get("outcome")
    assert outcome in _OUTCOMES, f"{case_path.name}: outcome is one of {_OUTCOMES}"
    world = _make_world(case, tmp_path, marker, server.url)
    before = snapshot(world.project)
    before_out = {rel: (world.out / rel).read_bytes() for rel in case.get("out_before") or {}}
    problems = Problems()
    runs: list[Run] = []

    spec = case.get("validate") or {}
    limit = float(spec.get("max_seconds", DEFAULT_SECONDS)) + 1
    checked = run(
        "validate", "--project", str(world.project), "--format", "json", cwd=tmp_path, limit=limit
    )
    runs.append(checked)
    refused = outcome == "refused" or (outcome == "refused_or_built" and checked.code == 1)
    _check_validate(problems, world, case, checked, refused)

    if case.get("github"):
        runs += _check_github(problems, world, case)

    if case.get("build") is not False and checked.code is not None:
        builds = _build(world, case)
        runs += builds
        bspec = case.get("build") or {}
        for r in builds:
            if "max_seconds" in bspec:
                problems.check(r.seconds < bspec["max_seconds"], f"build took {r.seconds:.1f} s")
            if r.code is None:
                continue
            if refused:
                _check_build_refused(problems, world, case, r)
            elif outcome == "build_error":
                if problems.check(r.code in (1, 2), f"build exit {r.code}, expected 1 or 2:\n{r}"):
                    _one_line_error(problems, r)
            else:
                problems.check(r.code == 0, f"build exit {r.code}, expected 0:\n{r}")
                stray = [
                    line
                    for line in r.stderr.splitlines()
                    if line.strip() and not line.startswith("cmqreport: ")
                ]
                problems.check(not stray, f"build printed {stray[:3]}")
        if outcome in ("built", "refused_or_built") and not refused and builds[-1].code == 0:
            _check_outputs(problems, world, case)

    for rel, data in before_out.items():
        path = world.out / rel
        problems.check(path.is_file() and path.read_bytes() == data, f"the build removed {rel}")
    _invariants(problems, world, runs, server)
    problems.check(snapshot(world.project) == before, "a file of the project was touched")
    assert not problems, f"{case['description'].strip()}\n\n" + "\n\n".join(problems)
