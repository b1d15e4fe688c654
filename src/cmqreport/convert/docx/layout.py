"""The page of every bookmark, from LibreOffice's layout of the document.

LibreOffice exports the bookmarks as named PDF destinations
(``ExportBookmarksToPDFDestination``), in the catalogue's ``/Dests`` dictionary; each
gives the page object of its bookmark. It writes ``_`` as ``5F`` in those names
(percent-encoding without the ``%``). Reading them takes a few lines of PDF parsing here,
so no PDF library or tool is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

__all__ = ["bookmark_pages", "find_soffice", "to_pdf"]

_PDF_FILTER = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
#: Set to 0 to build the DOCX without LibreOffice's page numbers.
ENV_SWITCH = "CMQREPORT_DOCX_LAYOUT"


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``, unless absent or turned off (``CMQREPORT_DOCX_LAYOUT=0``)."""
    if os.environ.get(ENV_SWITCH, "").strip() in ("0", "no", "non", "false"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(soffice: str, docx: Path, outdir: Path, *, dests: bool, timeout: float = 600) -> Path:
    """DOCX → PDF with LibreOffice, in a profile of its own (parallel runs do not collide)."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            _PDF_FILTER if dests else "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    return outdir / (docx.stem + ".pdf")


_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_DEST = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*\[\s*(\d+) 0 R")
_DEST_HEX = re.compile(rb"<([0-9A-Fa-f]*)>\s*\[\s*(\d+) 0 R")
_DEST_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*\[\s*(\d+) 0 R")


def _objects(data: bytes) -> dict[int, bytes]:
    """Every object of the PDF, object streams expanded (LibreOffice writes few of them)."""
    objs = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    for num, body in list(objs.items()):
        if b"/ObjStm" not in body:
            continue
        stream = _STREAM.search(body)
        if stream is None:
            continue
        raw = zlib.decompress(stream.group(1)) if b"/FlateDecode" in body else stream.group(1)
        first = int(re.search(rb"/First (\d+)", body).group(1))  # type: ignore[union-attr]
        head = raw[:first].split()
        offsets = [(int(head[i]), int(head[i + 1])) for i in range(0, len(head) - 1, 2)]
        for k, (n, off) in enumerate(offsets):
            end = offsets[k + 1][1] if k + 1 < len(offsets) else len(raw) - first
            objs[n] = raw[first + off : first + end]
        del objs[num]
    return objs


def _pages_in_order(objs: dict[int, bytes]) -> list[int]:
    """Page object numbers in page order, from the page tree."""
    root = next(b for b in objs.values() if re.search(rb"/Type\s*/Catalog", b))
    top = int(re.search(rb"/Pages (\d+) 0 R", root).group(1))  # type: ignore[union-attr]
    out: list[int] = []

    def walk(num: int) -> None:
        body = objs[num]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            out.append(num)
            return
        for kid in re.findall(rb"(\d+) 0 R", kids.group(1)):
            walk(int(kid))

    walk(top)
    return out


def bookmark_pages(pdf: Path, prefix: str = "_Ref_") -> dict[str, int]:
    """``{bookmark: page}`` for the named destinations of ``pdf`` whose name starts so."""
    objs = _objects(pdf.read_bytes())
    page_no = {num: i + 1 for i, num in enumerate(_pages_in_order(objs))}
    found: dict[str, int] = {}
    for body in objs.values():
        # LibreOffice writes a /Dests dictionary (/Name [page /XYZ …]); others a name tree
        pairs = [(m.group(1), m.group(2)) for m in _DEST_NAME.finditer(body)]
        if b"/Names" in body:
            pairs += [(m.group(1), m.group(2)) for m in _DEST.finditer(body)]
            pairs += [
                (bytes.fromhex(m.group(1).decode()), m.group(2)) for m in _DEST_HEX.finditer(body)
            ]
        for raw, page_obj in pairs:
            name = raw.decode("latin-1").replace("5F", "_")
            if name.startswith(prefix) and int(page_obj) in page_no:
                found[name] = page_no[int(page_obj)]
    return found
