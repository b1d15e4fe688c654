"""`cmqreport build`: the example report in every format, as its readers would check it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from cmqreport.api import build
from cmqreport.convert.pandoc import find_tex_engine
from cmqreport.errors import DataError
from helpers import build_tree, run_cli, snapshot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
GOLDEN = Path(__file__).resolve().parent / "golden" / "bfc"
EPOCH = "1640995200"  # the epoch `make golden` uses


def _needs_tex() -> str:
    engine = find_tex_engine()
    if engine is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PDF tests: install texlive-xetex (see .ci/run).")
        pytest.skip("no TeX engine on this machine")
    return engine


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once to Markdown, DOCX and LaTeX."""
    out = tmp_path_factory.mktemp("bfc")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(EXAMPLE, 2021, ["md", "docx", "latex"], out)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return out


@pytest.fixture(scope="module")
def markdown(built: Path) -> str:
    return (built / "rapport-2021.md").read_text(encoding="utf-8")


def test_markdown_matches_golden(built: Path) -> None:
    """Refresh with `make golden` after an intended change."""
    for name in ("rapport-2021.md", "rapport-2021.tex"):
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        actual = (built / name).read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from tests/golden/bfc (make golden)"


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(EXAMPLE, 2021, ["md", "docx", "latex"], tmp_path)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    for name in ("rapport-2021.md", "rapport-2021.tex", "rapport-2021.docx"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
    for chart in (tmp_path / "assets").iterdir():
        assert chart.read_bytes() == (built / "assets" / chart.name).read_bytes(), chart.name


@pytest.mark.parametrize(
    "heading",
    [
        "# Résumé",
        "# Présentation du rapport d’activité",
        "# 1 Éléments structurants des CMQ",
        "## 1.1 La gouvernance",
        "## 1.2 Le portage",
        "## 1.3 Un nouveau CMQ",
        "## 1.4 Une nouvelle demande de labellisation de CMQ",
        "# 2 Outils des CMQ",
        "## 2.1 Le parcours Avenir",
        "## 2.2 La VAE",
        "# 3 Activités des Campus des Métiers des Qualifications",
        "## 3.1 CMQ Alimentation, Goût, Tourisme",
        "## 3.2 CMQ Automobile et Mobilités du Futur",
        "## 3.3 CMQ Industrie Technologique Innovante et Performante",
        "## 3.4 CMQ Maroquinerie et Métiers d’Art",
        "## 3.5 CMQ Microtechnique et Systèmes Intelligents",
        "## 3.6 CMQ Territoire Intelligent",
        "## 3.7 CMQ AgroEquipements",
        "# 4 Perspectives",
        "## 4.1 Comparaison actions 2021 vs. perspectives émises en 2020",
        "## 4.2 Perspectives pour 2022",
        "# Annexe A (AGT)",
        "# Annexe B (AGT)",
        "# Annexe C (AGT)",
        "# Annexe D (MMA)",
        "# Annexe E (MSI)",
        "# Annexe F (MSI)",
        "# Annexe G (TI)",
        "# Glossaire",
        "# Acronymes",
    ],
)
def test_every_part_of_the_seed_has_its_heading(markdown: str, heading: str) -> None:
    assert re.search("^" + re.escape(heading), markdown, re.MULTILINE), heading


@pytest.mark.parametrize(
    "fact",
    [
        "912 visiteurs",  # La Voie des Talents
        "4 février 2021",  # MSI passes to Excellence (JO)
        "27 juillet 2021",  # AE created, AGT renewed
        "1er novembre 2021",  # new AMF DO
        "Ludivine Simonin Oishi",
        "Emmanuel Foltête",
        "Laurence Mangeot",
        "Lycée des Marcs d’Or",
        "23 actions",
        "27 partenaires",
        "19 200 emplois",
        "Figure 3.2 – Moyens financiers du CMQ",
        "Tableau 3.1 – Actions du CMQ",
        "Tableau A.1 – Objectifs et plan d’action",
        "Tableau C.1 – Suivi des indicateurs",
        "Tableau D.1 – Programme des 23 et 24 Mars 2021",
        "Figure E.1 – Visite de la délégation française à Hambourg",
    ],
)
def test_facts_of_the_seed_are_in_the_report(markdown: str, fact: str) -> None:
    flat = markdown.replace("\u00a0", " ").replace("\u202f", " ")
    assert fact in flat


def test_acronyms_are_spelled_out_once_per_chapter(markdown: str) -> None:
    chapters = re.split(r"^# ", markdown, flags=re.MULTILINE)
    activities = next(c for c in chapters if c.startswith("3 Activités"))
    body = "\n".join(line for line in activities.splitlines() if not line.startswith("#"))
    assert body.count("Campus des Métiers et des Qualifications (CMQ)") == 1
    tools = next(c for c in chapters if c.startswith("2 Outils"))
    assert "Campus des Métiers et des Qualifications (CMQ)" in tools


def test_acronym_list_links_back_to_sections(markdown: str) -> None:
    acronyms = markdown.split("# Acronymes", 1)[1].split("\n# ", 1)[0]
    entry = re.search(r"^\[VAE\]\{#acr-vae\}\n:   (.*)$", acronyms, re.MULTILINE)
    assert entry, "VAE entry missing"
    assert "Valorisation des Acquis de l’Expérience" in entry.group(1)
    assert "(#sec-vae)" in entry.group(1)
    assert acronyms.count("\n:   ") >= 80


def test_section_4_1_is_the_perspectives_diff(markdown: str) -> None:
    review = markdown.split("## 4.1 ", 1)[1].split("\n## 4.2", 1)[0]
    for status in ("réalisé", "en cours", "non réalisé"):
        assert f"*{status}*" in review
    assert "| Perspective | Thème | Campus | Statut |" in review


def test_docx_opens_with_word_styles(built: Path) -> None:
    import docx
    from docx.shared import Cm

    document = docx.Document(str(built / "rapport-2021.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3.1 CMQ Alimentation, Goût, Tourisme" in text
    assert len(document.tables) >= 8
    import zipfile

    with zipfile.ZipFile(built / "rapport-2021.docx") as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "TOC \\o" in xml, "no table of contents field"


def test_latex_has_no_raw_data_commands(built: Path) -> None:
    tex = (built / "rapport-2021.tex").read_text(encoding="utf-8")
    assert "\\documentclass" in tex and "\\chapter*{1 Éléments structurants" in tex.replace(
        "\\texorpdfstring", ""
    )


def test_pdf_is_made_through_latex(tmp_path: Path) -> None:
    _needs_tex()
    result = build(EXAMPLE, 2021, ["pdf"], tmp_path)
    pdf = result.outputs["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 100_000


def _tiny(root: Path, title: str, body: str) -> Path:
    return build_tree(
        root,
        {
            "cmqreport.yaml": "network: Réseau test\nregion: Région test\ncampus_order: [AGT]\n",
            "acronyms.yaml": "acronyms:\n  CMQ: Campus des Métiers et des Qualifications\n"
            "  AGT: Alimentation-Goût-Tourisme\n",
            "campuses/AGT.yaml": "code: AGT\nname: Alimentation, Goût, Tourisme\n",
            "years/2021/network.yaml": (
                "year: 2021\ntitle: Rapport 2021\nsummary: Le CMQ AGT.\nchapters:\n"
                "  - id: activites\n    kind: campuses\n    title: Activités\n"
            ),
            "years/2021/AGT.yaml": (
                "campus: AGT\nyear: 2021\nsections:\n  - id: agt-un\n"
                f"    title: {title}\n    body: {body}\n"
                "actions:\n  - id: agt-a\n    section: agt-un\n"
                f"    title: {title}\n    text: fin\n"
            ),
        },
    )


INJECTIONS = [
    ("'<script>alert(1)</script>'", "<script>alert(1)</script>"),
    ("'\\textbf{gras} \\input{/etc/passwd}'", "\\input{/etc/passwd}"),
    ("'{{ 7*7 }} {% raw %}'", "{{ 7*7 }}"),
    ("'**gras** [lien](http://x) # titre'", "**gras**"),
]


@pytest.mark.parametrize(("yaml_value", "literal"), INJECTIONS)
def test_data_is_text_in_every_format(tmp_path: Path, yaml_value: str, literal: str) -> None:
    import docx

    project = _tiny(tmp_path / "p", yaml_value, yaml_value)
    result = build(project, 2021, ["md", "docx", "latex"], tmp_path / "out")
    md = result.outputs["md"].read_text(encoding="utf-8")
    assert "49" not in md
    document = docx.Document(str(result.outputs["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    # the title and the action title print the characters as written (the body is Markdown)
    assert literal in text.replace("\u00a0", " ")
    tex = result.outputs["latex"].read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex
    if literal.startswith("\\"):
        assert "\\textbf{gras}" not in tex
    assert "<script>" not in tex.replace("\\textless{}", "<").split("\\begin{document}")[0]


def test_project_template_overrides_only_the_campus_section(tmp_path: Path) -> None:
    plain = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_text("utf-8")
    project = tmp_path / "bfc"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    (project / "templates").mkdir()
    (project / "templates" / "campus.md.j2").write_text(
        "{{ heading(campus) }}\n\n*Section rédigée par le campus.*\n\n{{ campus.body }}\n\n"
        "{% for child in campus.children %}{% with node = child %}"
        '{% include "section.md.j2" %}{% endwith %}{% endfor %}\n',
        encoding="utf-8",
    )
    styled = build(project, 2021, ["md"], tmp_path / "b").outputs["md"].read_text("utf-8")
    assert styled.count("*Section rédigée par le campus.*") == 7
    assert styled.replace("*Section rédigée par le campus.*\n\n", "") == plain


def test_template_error_names_file_and_line(tmp_path: Path) -> None:
    project = _tiny(tmp_path / "p", "Titre", "Texte")
    build_tree(project, {"templates/campus.md.j2": "ligne un\n{{ campus.nope.deeper }}\n"})
    with pytest.raises(DataError) as err:
        build(project, 2021, ["md"], tmp_path / "out")
    # validate runs the project's templates: the error is one of the data's diagnostics
    places = [str(d.place) for d in err.value.diagnostics]
    assert "templates/campus.md.j2:2" in places, places
    assert not (tmp_path / "out").exists()


def test_invalid_data_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    project = _tiny(tmp_path / "p", "Titre", "Texte")
    (project / "years/2021/AGT.yaml").write_text(
        "campus: AGT\nyear: 2021\nactions:\n  - id: a\n    title: x\n    start: 2021-13-45\n",
        encoding="utf-8",
    )
    before = snapshot(project)
    run = run_cli("build", "2021", "--project", str(project), "--to", "md")
    assert run.code == 1
    assert "years/2021/AGT.yaml:6:12" in run.stdout + run.stderr
    assert not (project / "build").exists()
    assert snapshot(project) == before
    assert "Traceback" not in run.stderr


def test_unknown_year_and_format_are_usage_errors(tmp_path: Path) -> None:
    project = _tiny(tmp_path / "p", "Titre", "Texte")
    run = run_cli("build", "2019", "--project", str(project), "--to", "md")
    assert run.code == 2 and "2019" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    run = run_cli("build", "2021", "--project", str(project), "--to", "odt")
    assert run.code == 2 and "odt" in run.stderr


def test_docx_opens_in_libreoffice(built: Path, tmp_path: Path) -> None:
    """LibreOffice reads the DOCX and lays it out (converted to PDF headless)."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the LibreOffice test: install libreoffice-writer-nogui.")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(built / "rapport-2021.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "rapport-2021.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) >= 30


def test_project_templates_run_in_the_sandbox(tmp_path: Path) -> None:
    project = _tiny(tmp_path / "p", "Titre", "Texte")
    build_tree(
        project,
        {"templates/campus.md.j2": "{{ campus.__class__.__init__.__globals__['os'] }}\n"},
    )
    with pytest.raises(DataError) as err:
        build(project, 2021, ["md"], tmp_path / "out")
    places = [str(d.place) for d in err.value.diagnostics]
    assert "templates/campus.md.j2:1" in places, places
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_latex_compiles_unchanged(built: Path, tmp_path: Path, engine: str) -> None:
    """The .tex file, as written, compiles with XeLaTeX and with LuaLaTeX."""
    import subprocess

    if shutil.which(engine) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the LaTeX tests: install {engine} (see .ci/run).")
        pytest.skip(f"{engine} is not installed")
    shutil.copy(built / "rapport-2021.tex", tmp_path)
    shutil.copytree(built / "assets", tmp_path / "assets")
    proc = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "rapport-2021.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "rapport-2021.pdf").stat().st_size > 100_000


def test_project_template_extends_a_builtin_block(tmp_path: Path) -> None:
    plain = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_text("utf-8")
    project = tmp_path / "bfc"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    build_tree(
        project,
        {
            "templates/campus.md.j2": (
                '{% extends "builtin/campus.md.j2" %}\n'
                "{% block intro %}*Section {{ campus.number }} rédigée par le campus.*\n\n"
                "{{ super() }}{% endblock %}\n"
            )
        },
    )
    styled = build(project, 2021, ["md"], tmp_path / "b").outputs["md"].read_text("utf-8")
    assert "*Section 3.1 rédigée par le campus.*" in styled
    assert "*Section 3.7 rédigée par le campus.*" in styled
    assert re.sub(r"\*Section 3\.\d rédigée par le campus\.\*\n\n", "", styled) == plain


def test_pdf_without_tex_says_so_and_writes_the_rest(tmp_path: Path) -> None:
    import sys

    project = _tiny(tmp_path / "p", "Titre", "Texte")
    # a PATH with Python's own folder only: no xelatex, no lualatex
    run = run_cli(
        "build",
        "2021",
        "--project",
        str(project),
        "--to",
        "md,pdf",
        env={"PATH": str(Path(sys.executable).parent)},
    )
    assert run.code == 0, run.stderr
    assert "aucun moteur TeX" in run.stderr
    assert (project / "build" / "rapport-2021.md").is_file()
    assert not (project / "build" / "rapport-2021.pdf").exists()


def test_action_marker_places_one_action(tmp_path: Path) -> None:
    project = _tiny(tmp_path / "p", "Titre", "Texte")
    (project / "years/2021/AGT.yaml").write_text(
        "campus: AGT\nyear: 2021\nsections:\n  - id: agt-un\n    title: Un\n    body: |\n"
        "      Début.\n\n      [[action:agt-b]]\n\n      Milieu.\n\n      [[actions]]\n\n"
        "      Fin.\nactions:\n"
        "  - {id: agt-a, section: agt-un, title: Première, text: a}\n"
        "  - {id: agt-b, section: agt-un, title: Seconde, text: b}\n",
        encoding="utf-8",
    )
    md = build(project, 2021, ["md"], tmp_path / "out").outputs["md"].read_text("utf-8")
    order = [md.index(x) for x in ("Début.", "**Seconde**", "Milieu.", "**Première**", "Fin.")]
    assert order == sorted(order)
    assert md.count("**Seconde**") == 1
