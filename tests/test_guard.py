"""The conversion's own guard (data/filters/guard.lua), without validation in front of it.

Whatever Markdown reaches pandoc, the outputs hold no file but the build's pictures
(``assets/…`` of the work folder), no link that leads out of the web or the report, and
pandoc connects to nothing.
"""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmqreport.convert.pandoc import to_docx, to_latex

EPOCH = 1640995200
MARKER = b"GUARD-SECRET-7f3a"
#: A PNG of one pixel, the picture of the work folder.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request (none may come)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PIXEL + MARKER)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _hostile(tmp: Path, hostport: str) -> str:
    secret = tmp / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(PIXEL + MARKER)
    return f"""---
title: "Rapport"
nocite: "@*"
citation-abbreviations: {secret}
---

# Un {{#un}}

![absolu]({secret}) ![remonte](../outside/secret.png) ![uri](file://{secret})
![encode](assets/%2e%2e/../outside/secret.png) ![distant](http://{hostport}/x.png)
![tls](https://{hostport}/y.png) ![ref][r] ![bon](assets/pixel.png)

[fichier](file://{secret}) [chemin]({secret}) [js](javascript:alert(1))
[web](https://example.org) [ici](#un) [courriel](mailto:a@example.org)

[r]: http://{hostport}/ref.png
"""


def test_docx_and_latex_hold_only_the_build_pictures(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    hostport, seen = server
    work = tmp_path / "work"
    (work / "assets").mkdir(parents=True)
    (work / "assets" / "pixel.png").write_bytes(PIXEL)
    markdown = _hostile(tmp_path, hostport)
    docx, tex = work / "r.docx", work / "r.tex"
    warnings = to_docx(markdown, work, docx, citeproc=False, epoch=EPOCH)
    warnings += to_latex(markdown, work, tex, citeproc=False, epoch=EPOCH)
    assert seen == []
    with zipfile.ZipFile(docx) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert [zf.read(n) for n in media] == [PIXEL]
        document = b"".join(zf.read(n) for n in zf.namelist())
    latex = tex.read_bytes()
    for out in (document, latex):
        assert MARKER not in out
        assert str(tmp_path / "outside").encode() not in out
        assert b"outside/secret" not in out and b"javascript" not in out
    assert b"https://example.org" in document and b"mailto:a@example.org" in document
    assert b"\\includegraphics" in latex and b"assets/pixel.png" in latex
    assert latex.count(b"\\includegraphics") == 1
    assert not any(str(tmp_path) in w for w in warnings)


def test_no_metadata_block_of_the_text_names_another_bibliography(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "references.json").write_text('[{"id": "a", "type": "book", "title": "Vrai"}]')
    outside = tmp_path / "outside.json"
    outside.write_text(f'[{{"id": "a", "type": "book", "title": "{MARKER.decode()}"}}]')
    markdown = f"""---
title: "Rapport"
bibliography: "references.json"
---

Un texte [@a].

---
bibliography: "{outside}"
nocite: "@*"
---
"""
    docx = work / "r.docx"
    to_docx(markdown, work, docx, citeproc=True, epoch=EPOCH)
    with zipfile.ZipFile(docx) as zf:
        document = b"".join(zf.read(n) for n in zf.namelist())
    assert MARKER not in document and b"Vrai" in document
