"""Tables whose rows span the columns and whose cells hold lists (annexes A and C).

The axis of annex C is a row across the table and the lists of the data stay lists, in
every format: the Markdown (a pandoc grid table), LaTeX (``\\multicolumn``), Typst
(``colspan``) and Word (``gridSpan``). Real pandoc reads and writes each of them.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pypandoc
import pytest
from lxml import etree

from cmqreport.api import build
from cmqreport.convert import typst_pdf
from cmqreport.render.grid import SpanRow, grid_table, lay_out_grids

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FLATTENED = re.compile(r"\.\s*;")


def _native(markdown: str) -> dict[str, object]:
    return json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))


def _tables(doc: object) -> list[list[object]]:
    """Every Table node's content in pandoc's JSON."""
    found = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if x.get("t") == "Table":
                found.append(x["c"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    return found


def test_a_span_row_and_a_list_reach_pandoc_as_such() -> None:
    long_word = "anticonstitutionnellement" * 2
    md = lay_out_grids(
        grid_table(
            ["Indicateur", "Valeur", "Commentaire"],
            [
                SpanRow("**Axe 1 - Anticiper l’impact des mutations économiques**"),
                ["Nombre", "47", "Les problèmes :\n\n- pour le a, long " * 3 + "\n- pour b"],
                [long_word, "", "un texte - avec un tiret, 1. et un nombre " * 4],
            ],
            widths=[30, 10, 60],
            right={1},
        )
    )
    (table,) = _tables(_native(md))
    body = table[4][0][3]  # the rows of the first body
    assert len(body) == 3
    span = body[0][1]
    assert len(span) == 1 and span[0][3] == 3  # one cell across the three columns
    assert "BulletList" in json.dumps(body[1][1][2][4])
    # the long word widened its column instead of breaking the table; no stray list
    assert long_word in json.dumps(body[2][1][0][4])
    assert "BulletList" not in json.dumps(body[2][1][2][4])
    assert table[2][1][0]["t"] == "AlignRight"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("span")
    os.environ["SOURCE_DATE_EPOCH"] = "1640995200"
    try:
        build(EXAMPLE, 2021, ["md", "latex", "docx"], out)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return out


def _annex(markdown: str, anchor: str) -> str:
    start = markdown.index(f"{{#{anchor} .annex}}")
    return markdown[start : markdown.index("\n# ", start)]


def test_annex_c_has_its_axes_across_and_its_lists_kept(built: Path) -> None:
    md = (built / "rapport-2021.md").read_text(encoding="utf-8")
    annex_c = _annex(md, "annexe-agt-indicateurs")
    assert len(re.findall(r"^\+=", annex_c, re.M)) == 1
    axes = re.findall(r"^\| \*\*(Axe \d)", annex_c, re.M)
    assert axes == [f"Axe {n}" for n in range(1, 7)]
    assert re.search(r"^\|[^|]*\|[^|]*\| - Les projets Cité ", annex_c, re.M)
    for anchor in ("annexe-agt-indicateurs", "annexe-agt-plan-action"):
        assert not FLATTENED.search(_annex(md, anchor)), f"« . ; » in {anchor}"


def test_latex_writes_the_axis_as_a_multicolumn(built: Path) -> None:
    tex = (built / "rapport-2021.tex").read_text(encoding="utf-8")
    table = tex[tex.index("\\label{tab-agt-suivi-indicateurs}") :]
    table = table[: table.index("\\end{longtable}")]
    assert len(re.findall(r"\\multicolumn\{3\}\{@\{\}[^\n]*\\real\{1\.0000\}", table)) == 6
    assert re.search(r"\\multicolumn\{3\}.*\n\\textbf\{Axe 1", table)
    assert "\\begin{itemize}" in table


def test_typst_writes_the_axis_as_a_colspan(built: Path) -> None:
    md = (built / "rapport-2021.md").read_text(encoding="utf-8")
    args = [a for a in typst_pdf.pandoc_args() if not a.startswith(("--to", "--template"))]
    typ = pypandoc.convert_text(md, "typst", format="markdown", extra_args=args)
    assert typ.count("table.cell(colspan: 3)[#strong[Axe") == 6
    # a list in a cell sits in a block of its own, its items indented under their marker
    assert re.search(r"\[#block\[\n\s*- Les projets Cité Apprenti\(e\)", typ)
    assert "align: (auto" not in typ


def test_word_writes_the_axis_as_a_grid_span(built: Path) -> None:
    with zipfile.ZipFile(built / "rapport-2021.docx") as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    spans = [
        tc
        for tc in doc.iter(W + "tc")
        if tc.find(f"{W}tcPr/{W}gridSpan[@{W}val='3']") is not None
        and "".join(t.text or "" for t in tc.iter(W + "t")).startswith("Axe ")
    ]
    assert len(spans) == 6
    row = spans[0].getparent()
    width = int(spans[0].find(f"{W}tcPr/{W}tcW").get(W + "w"))
    grid = [int(g.get(W + "w")) for g in row.getparent().iter(W + "gridCol")]
    assert width == sum(grid)  # the axis takes the whole width of the table
    listed = [
        p
        for tc in doc.iter(W + "tc")
        for p in tc.iter(W + "p")
        if p.find(f"{W}pPr/{W}numPr") is not None
        and "".join(t.text or "" for t in p.iter(W + "t")).startswith("Les projets Cité")
    ]
    assert listed, "the list of a cell is no list in Word"


def test_title_page_keeps_hyphenated_words_whole(built: Path) -> None:
    tex = (built / "rapport-2021.tex").read_text(encoding="utf-8")
    head = tex[tex.index("\\subtitle{Campus") : tex.index("\\begin{document}")]
    assert "\\mbox{Franche-Comté}" in head
    assert "pdfauthor={Réseau des CMQ de Bourgogne Franche-Comté}" in tex
    md = (built / "rapport-2021.md").read_text(encoding="utf-8")
    typ = pypandoc.convert_text(
        md, "typst", format="markdown", extra_args=["--standalone", *typst_pdf.pandoc_args()]
    )
    page = typ[typ.index("// title page") :]
    assert page.count('#box("Franche-Comté")') == 2
