"""Hostile text in the data comes out exactly as typed (a real build through the CLI).

Each table is data: what is typed in a field → what a reader sees in the Markdown (as
pandoc reads it), the DOCX and the PDF's text (compared with their spaces normalised: a
no-break space is a space to a reader).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import require, run_cli, tex_problem

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bfc"

#: Text typed in a glossary definition → what a reader must see (pandoc's plain text).
CASES = [
    ("Zorglub \\input{x} fin", "\\input{x}"),
    ("Zorglub <s> fin", "<s>"),
    ("Zorglub $x$ fin", "$x$"),
]

#: Text typed in a plain field (title, cell, caption, expansion) → what a reader sees:
#: the same characters (no smart punctuation, no space inside « javascript: »).
PLAIN = [
    ('"X"', '"X"'),
    ("“X” et 'y'", "“X” et 'y'"),
    ("a -- b --- c", "a -- b --- c"),
    ("et ainsi de suite...", "et ainsi de suite..."),
    ("un `code` ici", "un `code` ici"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("\\input{x} <s> $x$ {#id}", "\\input{x} <s> $x$ {#id}"),
    ("-1 a-?b", "-1 a-?b"),
    (",,c <<d>>", ",,c <<d>>"),
    ("Note: bravo! la 1ère", "Note: bravo! la 1ère"),
    ("Bilan : 2021 ; « bravo » !", "Bilan : 2021 ; « bravo » !"),
]

#: Text typed in a Markdown field (a section's body) → what a reader sees: the French pass
#: makes « » of straight quotes, and nothing else changes what was typed.
PROSE = [
    ('le "projet"', "le « projet »"),
    ("a -- b", "a -- b"),
    ("suite...", "suite..."),
    ("l'école", "l'école"),
]

#: Where each plain field is typed: file, the line as the example has it, the key.
FIELDS = {
    "title": ("years/2021/AGT.yaml", "    title: Anticiper l’impact des mutations", "    title: "),
    "cell": ("years/2021/AGT.yaml", "          - [Améliorer le processus « Emploi », 2]", None),
    "caption": (
        "years/2021/MSI.yaml",
        "        caption: 1re promotion P-Tech",
        "        caption: ",
    ),
    "expansion": ("acronyms.yaml", "  AER: Agence Économique Régionale", "  AER: "),
}
_BODY = "    body: |\n      L’implication du CMQ dans le pilotage"


def _typed(field: str, cases: list[tuple[str, str]]) -> str:
    """Every case in one value, each between its own markers (« Zqtitle3 … Zqtitle3f »)."""
    return " ".join(f"Zq{field}{i} {typed} Zq{field}{i}f" for i, (typed, _) in enumerate(cases))


def _inject(project: Path) -> None:
    for field, (rel, line, key) in FIELDS.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        start = text.index(line)
        end = text.index("\n", start)
        value = json.dumps(_typed(field, PLAIN), ensure_ascii=False)  # a YAML string
        new = f"          - [{value}, 2]" if key is None else key + value
        path.write_text(text[:start] + new + text[end:], encoding="utf-8")
    agt = project / "years/2021/AGT.yaml"
    text = agt.read_text(encoding="utf-8")
    assert _BODY in text
    body = _BODY.replace("|\n", f"|\n      {_typed('prose', PROSE)}\n\n", 1)
    agt.write_text(text.replace(_BODY, body, 1), encoding="utf-8")


def _spaces(text: str) -> str:
    return " ".join(text.split())


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    paragraphs = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL):
        runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)
        paragraphs.append(html.unescape("".join(runs)))
    return "\n".join(paragraphs)


def _pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, in reading order and in drawing order (« -raw »):
    in reading order it joins a line that ends with « - » to the next (« --- » + « c » at a
    line's end is read « --c »), which the drawing order keeps apart."""
    tool = shutil.which("pdftotext")
    require(None if tool else "pdftotext is not installed", "poppler-utils")
    assert tool is not None
    texts = []
    for mode in ([], ["-raw"]):
        out = subprocess.run([tool, *mode, "-enc", "UTF-8", str(path), "-"], capture_output=True)
        text = out.stdout.decode("utf-8")
        # a word cut at the end of a line is one word to a reader
        texts.append(re.sub(r"(?<=\w)-\n(?=\w)", "", text.replace("\u00ad\n", "")))
    return "\n\n".join(texts)


def _md_text(path: Path) -> str:
    import pypandoc

    from cmqreport.convert.pandoc import READER

    md = path.read_text(encoding="utf-8")
    return str(pypandoc.convert_text(md, "plain", format=READER, extra_args=["--wrap=none"]))


def _build(tmp: Path, to: str, engine: str) -> Path:
    project = tmp / "p"
    if not project.exists():
        shutil.copytree(EXAMPLE, project)
        _inject(project)
    out = tmp / f"out-{engine}"
    args = ["build", "2021", "--project", str(project), "--to", to, "--out", str(out)]
    run = run_cli(*args, "--pdf-engine", engine)
    assert run.code == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """The reader's text of each output of one build of the hostile project, by format."""
    tmp = tmp_path_factory.mktemp("hostile")
    made: dict[str, str] = {}

    def text(fmt: str) -> str:
        if fmt not in made:
            if fmt in ("md", "docx", "pdf"):
                out = _build(tmp, "md,docx,pdf", "typst")
                made["md"] = _spaces(_md_text(out / "rapport-2021.md"))
                made["docx"] = _spaces(_docx_text(out / "rapport-2021.docx"))
                made["pdf"] = _spaces(_pdf_text(out / "rapport-2021.pdf"))
            else:
                require(tex_problem(fmt), fmt)
                out = _build(tmp, "pdf", fmt)
                made[fmt] = _spaces(_pdf_text(out / "rapport-2021.pdf"))
        return made[fmt]

    return text


FORMATS = ["md", "docx", "pdf", "xelatex"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize(("index", "shown"), [(i, s) for i, (_, s) in enumerate(PLAIN)])
def test_plain_field_is_shown_as_typed(
    texts: Callable[[str], str], fmt: str, field: str, index: int, shown: str
) -> None:
    text = texts(fmt)
    wanted = _spaces(f"Zq{field}{index} {shown} Zq{field}{index}f")
    assert wanted in text, _around(text, f"Zq{field}{index} ")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("index", "shown"), [(i, s) for i, (_, s) in enumerate(PROSE)])
def test_markdown_field_gets_only_the_french_pass(
    texts: Callable[[str], str], fmt: str, index: int, shown: str
) -> None:
    text = texts(fmt)
    assert _spaces(f"Zqprose{index} {shown} Zqprose{index}f") in text, _around(
        text, f"Zqprose{index} "
    )


def _around(text: str, marker: str) -> str:
    at = text.find(marker)
    return "marker not found" if at < 0 else text[at : at + 120]


@pytest.mark.parametrize(("typed", "shown"), CASES)
def test_glossary_definition_is_escaped_once(tmp_path: Path, typed: str, shown: str) -> None:
    import pypandoc

    from cmqreport.convert.pandoc import READER

    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    gloss = project / "glossary.yaml"
    text = gloss.read_text(encoding="utf-8")
    anchor = "  - term: cordée de la réussite\n    definition: |\n"
    assert anchor in text
    # a block scalar keeps the text as typed; the quotes above are only YAML's
    gloss.write_text(text.replace(anchor, anchor + f"      {typed}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    assert run.code == 0, run.stderr
    md = (out / "rapport-2021.md").read_text(encoding="utf-8")
    plain = pypandoc.convert_text(md, "plain", format=READER, extra_args=["--wrap=none"])
    assert f"Zorglub {shown} fin" in plain


#: A Markdown field that tries to make a heading or choose a Word style, as the renderer
#: passes it to pandoc when validation is bypassed (its second line) → the text a reader
#: sees instead (``validate`` refuses each: CMQ-V121, CMQ-V122).
STRUCTURE = [
    ("# Titre pirate", "# Titre pirate"),
    ("  ### Titre", "### Titre"),
    ("Bilan\n=====", "Bilan ====="),
    ("Bilan\n---", "Bilan ---"),
    ('::: {custom-style="Title"}\nVolé\n:::', '::: {custom-style="Title"} Volé :::'),
    ('Un [mot]{custom-style="Heading 1"}.', 'Un [mot]{custom-style="Heading 1"}.'),
    ("Ctrl \x1b]0;titre\x07 fin", "Ctrl \ufffd]0;titre\ufffd fin"),
]


@pytest.mark.parametrize(("typed", "shown"), STRUCTURE)
def test_markdown_field_makes_no_heading_nor_style(typed: str, shown: str) -> None:
    import pypandoc

    from cmqreport.convert.pandoc import READER
    from cmqreport.render.markdown import neutralise

    md = neutralise(typed)
    tree = json.loads(pypandoc.convert_text(md, "json", format=READER))
    assert [b["t"] for b in tree["blocks"]] == ["Para"], tree["blocks"]
    assert "custom-style" not in json.dumps(tree["blocks"]).replace('custom-style=\\"', "")
    plain = pypandoc.convert_text(md, "plain", format=READER, extra_args=["--wrap=none"])
    assert _spaces(plain) == shown


def test_terminal_never_receives_a_control_character(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    agt = project / "years/2021/AGT.yaml"
    text = agt.read_text(encoding="utf-8")
    # an OSC sequence (retitles a terminal) in a body, and an escaped ESC in a title
    text = text.replace(_BODY, _BODY.replace("|\n", "|\n      Fin \x1b]0;pris\x07 ici.\n\n"), 1)
    text = text.replace(
        "title: CMQ Alimentation, Goût, Tourisme", 'title: "CMQ \\e[2J Alimentation"', 1
    )
    agt.write_text(text, encoding="utf-8")
    out = ["--out", str(tmp_path / "out")]
    for args in (["validate"], ["validate", "--format", "json"], ["build", "2021", *out]):
        run = run_cli(*args, "--project", str(project))
        assert run.code == 1, run.stdout + run.stderr
        shown = run.stdout + run.stderr
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown), repr(shown)
        if args[0] == "validate":
            assert "U+001B (ESC)" in shown and "U+0007 (BEL)" in shown
            assert "CMQ-V120" in shown and "CMQ-V008" not in shown
    assert not (tmp_path / "out").exists()


#: A control character as Excel stores it in a cell (openpyxl leaves the escape as it is)
#: → what validate names at the cell.
WORKBOOK_CONTROLS = [
    ("_x001B_]0;pris_x0007_", ["U+001B (ESC)", "U+0007 (BEL)"]),
    ("_x0000_", ["U+0000 (NUL)"]),
    ("_x009B_2J", ["U+009B"]),
]


@pytest.mark.parametrize(("stored", "named"), WORKBOOK_CONTROLS)
def test_control_character_in_a_workbook_cell(
    tmp_path: Path, stored: str, named: list[str]
) -> None:
    from cmqreport.api import validate

    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    run = run_cli("export-xlsx", "AGT", "2021", "--project", str(project))
    assert run.code == 0, run.stderr
    (project / "years/2021/AGT.yaml").unlink()
    book = project / "years/2021/AGT.xlsx"
    with zipfile.ZipFile(book) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    hits = [n for n, data in parts.items() if b">Anticiper l" in data]
    assert hits
    parts[hits[0]] = parts[hits[0]].replace(b">Anticiper l", f">{stored}Anticiper l".encode(), 1)
    with zipfile.ZipFile(book, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    found = [d for d in validate(project).diagnostics if d.code == "CMQ-V120"]
    assert [d.value for d in found] == named
    assert {str(d.place) for d in found} == {"years/2021/AGT.xlsx!Sections!B3"}


#: A line added to a project template → the control characters validate reports in it
#: (column on that line, name). A CR ending a line (a template saved on Windows) is none.
TEMPLATE_CONTROLS = [
    ("Zqtpl \x1b[31m rouge \x07 fin", [(7, "U+001B (ESC)"), (19, "U+0007 (BEL)")]),
    ("{# \x1b]0;titre\x07 #}", [(4, "U+001B (ESC)"), (13, "U+0007 (BEL)")]),
    ("{{ 'a\x00b' }}", [(6, "U+0000 (NUL)")]),
    ("fin\x7f", [(4, "U+007F (DEL)")]),
    ("ligne\r\nsuivante\r\n", []),
]


@pytest.mark.parametrize(("added", "found"), TEMPLATE_CONTROLS)
def test_control_character_of_a_template_is_reported_at_its_place(
    tmp_path: Path, added: str, found: list[tuple[int, str]]
) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    builtin = Path(__file__).resolve().parent.parent / "templates" / "summary.md.j2"
    (project / "templates").mkdir()
    text = builtin.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    (project / "templates" / "summary.md.j2").write_bytes((text + added).encode())
    out = tmp_path / "out"
    run = run_cli("build", "2021", "--project", str(project), "--to", "md", "--out", str(out))
    place = f"templates/summary.md.j2:{line}"
    lines = [ln for ln in run.stdout.splitlines() if "CMQ-V120" in ln]
    assert [ln.split(": error CMQ-V120 ")[0] for ln in lines] == [f"{place}:{c}" for c, _ in found]
    assert all(name in ln for ln, (_, name) in zip(lines, found, strict=True)), lines
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", run.stdout + run.stderr)
    assert run.code == (1 if found else 0), run.stderr
    assert (out / "rapport-2021.md").exists() == (not found)
