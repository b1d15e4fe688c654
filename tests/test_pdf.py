"""The PDF of the example, as a reader checks it beside the seed, with each engine.

Typst comes with ``pip install``: its tests never skip. XeLaTeX and LuaLaTeX need TeX:
their tests skip on a machine without it, and fail under CI (see .ci/run). Each engine
builds the example through the real command once (twice where the bytes are compared),
shared by the tests of that engine; the text is read with ``pdftotext``, as a person
copying from the PDF gets it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
BIN = Path(sys.executable).parent
#: A PATH with Python's own folder only: cmqreport and pandoc (in its wheel), no TeX.
NO_TEX = {"PATH": str(BIN)}


@dataclass
class Built:
    """One engine's build of the example: the folder, the PDF's text, what was said."""

    out: Path
    text: str
    stderr: str
    digest: str

    def read(self, suffix: str) -> str:
        return (self.out / f"rapport-2021{suffix}").read_text(encoding="utf-8")


def _cmqreport(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **(env or {})})
    return subprocess.run(
        [str(BIN / "cmqreport"), *args],
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def _pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "the PDF tests read the PDF with pdftotext: install poppler-utils (.ci/run)"
    proc = subprocess.run([tool, str(pdf), "-"], capture_output=True, check=True)
    # a form feed starts each page: a line of its own for the checks below
    return proc.stdout.decode("utf-8").replace("\f", "\n")


def _build(out: Path, to: str, *options: str, env: dict[str, str] | None = None) -> Built:
    run = _cmqreport("build", "2021", "--project", str(EXAMPLE), "--to", to, "--out", str(out),
                     *options, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    pdf = out / "rapport-2021.pdf"
    assert pdf.is_file(), run.stderr
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return Built(out, _pdftotext(pdf), run.stderr, digest)


def _needs(engine: str) -> None:
    if shutil.which(engine) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must compile the PDF with {engine}: install TeX (see .ci/run).")
        pytest.skip(f"no {engine} on this machine")


@pytest.fixture(scope="module")
def typst_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """The example built twice with the default engine, on a PATH without TeX."""
    first = _build(tmp_path_factory.mktemp("typst-a"), "md,pdf", env=NO_TEX)
    again = _build(tmp_path_factory.mktemp("typst-b"), "md,pdf", env=NO_TEX)
    return first, again


@pytest.fixture(scope="module")
def xelatex_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """The example built twice with XeLaTeX, the LaTeX file beside the PDF."""
    _needs("xelatex")
    first = _build(tmp_path_factory.mktemp("xe-a"), "md,latex,pdf", "--pdf-engine", "xelatex")
    again = _build(tmp_path_factory.mktemp("xe-b"), "md,latex,pdf", "--pdf-engine", "xelatex")
    return first, again


@pytest.fixture(scope="module")
def typst_pdf(typst_builds: tuple[Built, Built]) -> Built:
    return typst_builds[0]


@pytest.fixture(scope="module")
def xelatex_pdf(xelatex_builds: tuple[Built, Built]) -> Built:
    return xelatex_builds[0]


# --------------------------------------------------------------------------- what a reader sees


def _lines(text: str) -> set[str]:
    return {" ".join(x.split()) for x in text.splitlines()}


def _acronym_list(text: str) -> str:
    """The acronym list itself, up to the references, on one line: from its heading in
    the second half (not the TOC line; later ones are running headers)."""
    starts = [m.end() for m in re.finditer(r"^Acronymes$", text, re.M) if m.start() > len(text) / 2]
    assert starts, "no acronym list in the PDF"
    end = text.find("\nRéférences\n", starts[0])
    return " ".join(text[starts[0] : end if end > 0 else None].split())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{3,}", text.lower())


def _markdown_words(markdown: str) -> list[str]:
    body = markdown.split("\n---\n", 1)[-1]
    body = re.sub(r"\{[^}]*\}|\]\([^)]*\)|<https?://[^>]+>|\[@[^\]]*\]", " ", body)
    return _words(body)


def _reads_like_the_seed(built: Built) -> None:
    lines = _lines(built.text)
    assert "Chapitre 1" in lines and "Chapitre 4" in lines
    assert "Annexe A" in lines
    assert "Tableau 3.1 – Actions du CMQ" in lines
    # every acronym entry ends with the pages where it is used: « BFC … 1, 2, 4–6, 13 »
    markdown = built.read(".md")
    expected = len(re.findall(r"\{#acr-[^}]*\}\n:.*\{\.pages", markdown))
    assert expected > 50
    entries = re.findall(r"\. \d+(?:–\d+)?(?:, \d+(?:–\d+)?)*", _acronym_list(built.text))
    assert len(entries) == expected
    assert re.search(r"^BFC Bourgogne Franche-Comté\. 1, \d", built.text, re.M)


def _title_page(built: Built) -> list[str]:
    """The lines of the title page: what comes before the table of contents."""
    return built.text.split("Table des matières", 1)[0].splitlines()


def _title_and_annex_c_read_well(built: Built) -> None:
    # « Franche-Comté » is one word on the title page, never cut at its hyphen
    title = _title_page(built)
    assert not [x for x in title if x.rstrip().endswith("-")], title
    assert sum(x.count("Franche-Comté") for x in title) >= 2, title
    # annex C's lists are lists: no achievement or comment flattened into « . ; »
    assert not re.search(r"(?<!\.\.)\.\s*;", built.text)
    assert "Axe 2 - Contribuer à l’évolution de l’offre de formation" in built.text


def _text_is_the_markdown(built: Built) -> None:
    text = built.text
    assert not re.findall('[“”"]', text), "English quotes in the PDF"
    assert not re.findall("[\ufb00-\ufb06]", text), "ligatures that copy as one character"
    assert "??" not in text, "unresolved reference"
    found = set(_words(text.replace("\u00ad\n", "").replace("-\n", "")))
    words = _markdown_words(built.read(".md"))
    share = sum(w in found for w in words) / len(words)
    assert share >= 0.99, f"only {share:.2%} of the Markdown's words are in the PDF"


# --------------------------------------------------------------------------- Typst (default)


def test_without_tex_the_default_engine_writes_the_pdf(typst_pdf: Built) -> None:
    assert "non produit" not in typst_pdf.stderr
    _reads_like_the_seed(typst_pdf)


def test_typst_text_is_the_markdown(typst_pdf: Built) -> None:
    _text_is_the_markdown(typst_pdf)


def test_typst_title_and_annex_c_read_well(typst_pdf: Built) -> None:
    _title_and_annex_c_read_well(typst_pdf)


def test_typst_rebuild_gives_the_same_bytes(typst_builds: tuple[Built, Built]) -> None:
    first, again = typst_builds
    assert first.digest == again.digest


def test_missing_picture_says_what_is_missing(typst_pdf: Built) -> None:
    text = " ".join(typst_pdf.text.split())
    assert "Image non fournie figure agt-voie-des-talents" in text
    assert "Figure 3.1 – Concept de la Voie des Talents" in text


def test_missing_engine_is_one_line_and_the_rest_is_written(tmp_path: Path) -> None:
    # the project chooses LuaLaTeX (pdf_engine:), and this PATH has no TeX
    project = tmp_path / "bfc"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    config = project / "cmqreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "pdf_engine: lualatex\n", "utf-8")
    run = _cmqreport("build", "2021", "--project", str(project), "--to", "md,pdf", env=NO_TEX)
    assert run.returncode == 0, run.stderr
    said = [x for x in run.stderr.splitlines() if "pdf non produit" in x]
    assert len(said) == 1 and "lualatex n'est pas installé" in said[0], run.stderr
    assert (project / "build" / "rapport-2021.md").is_file()
    assert not (project / "build" / "rapport-2021.pdf").exists()


# --------------------------------------------------------------------------- XeLaTeX


def test_xelatex_numbers_and_references_by_itself(xelatex_pdf: Built) -> None:
    tex = xelatex_pdf.read(".tex")
    assert tex.count("\\ref{") >= 10 and "\\pageref" in tex and tex.count("\\cmqpages{") > 50
    assert "\\appendix" in tex
    typed = re.findall(r"\\(?:chapter|section|subsection)\*?\{(?:\\texorpdfstring\{)?\d", tex)
    assert not typed, f"heading numbers typed into the LaTeX: {typed[:3]}"


def test_xelatex_pdf_reads_like_the_seed(xelatex_pdf: Built) -> None:
    _reads_like_the_seed(xelatex_pdf)


def test_xelatex_lines_stay_inside_the_margins(xelatex_pdf: Built) -> None:
    # the build reports every line more than 1 pt wider than the text (LaTeX's log)
    assert "dépasse la marge" not in xelatex_pdf.stderr, xelatex_pdf.stderr


def test_xelatex_text_is_the_markdown(xelatex_pdf: Built) -> None:
    _text_is_the_markdown(xelatex_pdf)


def test_xelatex_title_and_annex_c_read_well(xelatex_pdf: Built) -> None:
    _title_and_annex_c_read_well(xelatex_pdf)


def test_xelatex_rebuild_gives_the_same_bytes(xelatex_builds: tuple[Built, Built]) -> None:
    first, again = xelatex_builds
    assert first.digest == again.digest


def test_broken_tex_engine_is_one_line_and_the_rest_is_written(tmp_path: Path) -> None:
    _needs("xelatex")
    # a real xelatex whose format file cannot be found, as after a half-done install
    # (MKTEXFMT=0: kpathsea must not rebuild it)
    broken = {"TEXFORMATS": str(tmp_path / "no-formats"), "MKTEXFMT": "0"}
    out = tmp_path / "out"
    run = _cmqreport("build", "2021", "--project", str(EXAMPLE), "--to", "md,latex,pdf",
                     "--out", str(out), "--pdf-engine", "xelatex", env=broken)  # fmt: skip
    assert run.returncode == 0, run.stderr
    said = [x for x in run.stderr.splitlines() if "pdf non produit" in x]
    assert len(said) == 1 and "xelatex est installé mais ne démarre pas" in said[0], run.stderr
    assert (out / "rapport-2021.md").is_file() and (out / "rapport-2021.tex").is_file()
    assert not (out / "rapport-2021.pdf").exists()


# --------------------------------------------------------------------------- LuaLaTeX


def test_lualatex_pdf_reads_like_the_seed(tmp_path: Path) -> None:
    _needs("lualatex")
    built = _build(tmp_path, "md,pdf", "--pdf-engine", "lualatex")
    _reads_like_the_seed(built)
    assert not re.findall("[\ufb00-\ufb06]", built.text)


def test_typst_shorthands_in_a_footnote_print_as_typed(tmp_path: Path) -> None:
    """« ... » and « -5 » are Typst shorthands (an ellipsis, a minus sign): escaped in a
    footnote too, even when no other text of the report holds one."""
    from cmqreport.convert import pandoc

    target = tmp_path / "note.pdf"
    markdown = "---\ntitle: Essai\n---\n\nTexte.^[Il fait -5 degrés...]\n\nFin.\n"
    pandoc.to_pdf(markdown, tmp_path, target, citeproc=False, epoch=1640995200, engine="typst")
    typ = target.with_suffix(".typ").read_text(encoding="utf-8")
    assert "Il fait \\-5 degrés\\.\\.\\." in typ
    assert target.read_bytes().startswith(b"%PDF")
