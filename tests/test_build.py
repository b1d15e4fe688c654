"""`cmqreport build`: the example report in every format, as its readers would check it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cmqreport.api import build
from cmqreport.errors import DataError
from helpers import (
    EXAMPLE,
    build_tree,
    libreoffice_problem,
    pdf_engine,
    require,
    run_cli,
    snapshot,
    tex_problem,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "bfc"
EPOCH = "1640995200"  # the epoch `make golden` uses


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once to Markdown, DOCX and LaTeX."""
    out = tmp_path_factory.mktemp("bfc")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build(EXAMPLE, 2021, ["md", "docx", "latex"], out)
    return out


@pytest.fixture(scope="module")
def markdown(built: Path) -> str:
    return (built / "rapport-2021.md").read_text(encoding="utf-8")


def test_markdown_and_latex_match_golden(built: Path) -> None:
    """Refresh with `make golden` after an intended change."""
    for name in ("rapport-2021.md", "rapport-2021.tex"):
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        actual = (built / name).read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from tests/golden/bfc (make golden)"


def test_two_builds_are_byte_identical(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(EXAMPLE, 2021, ["md", "docx", "latex"], tmp_path)
    for name in ("rapport-2021.md", "rapport-2021.tex", "rapport-2021.docx"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
    charts = sorted(p.name for p in (tmp_path / "assets").iterdir())
    assert charts, "the example draws charts"
    assert charts == sorted(p.name for p in (built / "assets").iterdir())
    for chart in (tmp_path / "assets").iterdir():
        assert chart.read_bytes() == (built / "assets" / chart.name).read_bytes(), chart.name


@pytest.mark.parametrize(
    "heading",
    [
        "# Résumé {#resume .unnumbered}",
        "# Présentation du rapport d’activité {#presentation .unnumbered}",
        "# Éléments structurants des CMQ {#chap-structurants}",
        "## La gouvernance {#",
        "## Le portage {#",
        "## Un nouveau CMQ\u00a0: le CMQ AE {#",
        "## Une nouvelle demande de labellisation de CMQ\u00a0: le CMQ FB {#",
        "# Outils des CMQ {#chap-outils}",
        "## Le parcours Avenir {#",
        "## La VAE {#",
        "# Activités des Campus des Métiers des Qualifications {#chap-activites}",
        "## CMQ Alimentation, Goût, Tourisme {#sec-campus-agt}",
        "## CMQ Automobile et Mobilités du Futur {#sec-campus-amf}",
        "## CMQ Industrie Technologique Innovante et Performante {#sec-campus-itip}",
        "## CMQ Maroquinerie et Métiers d’Art {#sec-campus-mma}",
        "## CMQ Microtechnique et Systèmes Intelligents {#sec-campus-msi}",
        "## CMQ Territoire Intelligent {#sec-campus-ti}",
        "## CMQ AgroEquipements {#sec-campus-ae}",
        "# Perspectives {#chap-perspectives}",
        "## Comparaison actions 2021 vs. perspectives émises en 2020 {#",
        "## Perspectives pour 2022 {#",
        "# (AGT) – Plan d’action {#annexe-agt-plan-action .annex}",
        "# (AGT) – Séminaire réflexion {#annexe-agt-seminaire .annex}",
        "# (AGT) – Indicateurs de gestion {#annexe-agt-indicateurs .annex}",
        "# (MMA) – Cordées de la réussite {#annexe-mma-cordees .annex}",
        "# (MSI) – International {#annexe-msi-international .annex}",
        "# (MSI) – Nouvelles formations {#annexe-msi-nouvelles-formations .annex}",
        "# (TI) – Energy Tour (Flyer) {#annexe-ti-energy-tour .annex}",
        "# Glossaire {#glossaire .unnumbered}",
        "# Acronymes {#acronymes .unnumbered}",
    ],
)
def test_every_part_of_the_seed_has_its_heading(markdown: str, heading: str) -> None:
    assert re.search("^" + re.escape(heading), markdown, re.MULTILINE), heading


@pytest.mark.parametrize(
    ("number", "anchor"),
    [
        ("1", "chap-structurants"),
        ("4", "chap-perspectives"),
        ("2.1", "fig-parcours-avenir-sequencement"),
        ("3.2", "fig-itip-moyens-financiers"),
        ("3.1", "tab-ti-actions"),
        ("B.1", "tab-agt-thematiques"),
        ("D.2", "tab-mma-tab-cordees-juin"),
        ("E.1", "fig-msi-fig-hambourg"),
        ("C", "annexe-agt-indicateurs"),
        ("G", "annexe-ti-energy-tour"),
    ],
)
def test_cross_references_give_the_seed_numbers(markdown: str, number: str, anchor: str) -> None:
    """The numbers live in the references' texts (the formats number the targets)."""
    assert f"[{number}](#{anchor}){{.ref}}" in markdown


@pytest.mark.parametrize(
    "fact",
    [
        "912 visiteurs",  # La Voie des Talents
        "4 février 2021",  # MSI passes to Excellence (JO)
        "27 juillet 2021",  # AE created, AGT renewed
        "1^er^ novembre 2021",  # new AMF DO
        "Ludivine Simonin Oishi",
        "Emmanuel Foltête",
        "Laurence Mangeot",
        "Lycée des Marcs d’Or",
        "23 actions",
        "27 partenaires",
        "19 200 emplois",
        "![Moyens financiers du CMQ](assets/itip-moyens-financiers.png){#fig-itip",
        ": Actions du CMQ {#tab-ti-actions}",
        ": Objectifs et plan d’action {#tab-agt-objectifs-plan-action}",
        ": Suivi des indicateurs {#tab-agt-suivi-indicateurs}",
        ": Programme des 23 et 24 Mars 2021 {#tab-mma-tab-cordees-mars}",
        "![Visite de la délégation française à Hambourg](",
    ],
)
def test_facts_of_the_seed_are_in_the_report(markdown: str, fact: str) -> None:
    flat = markdown.replace("\u00a0", " ").replace("\u202f", " ")
    assert fact in flat


# a use of an acronym or a glossary term: « [CMQ]{#u-acr-cmq-3} »
_USE = re.compile(r"\[([^\[\]]*)\]\{#(u-(?:acr|glo)-[a-z0-9-]+-\d+)\}")


def _read_order(markdown: str) -> tuple[list[str], str]:
    """The ids of the uses and the words as pandoc reads them (a grid table's cells one
    after the other, not line by line), up to the glossary."""
    import json

    import pypandoc

    body = markdown.split("\n# Glossaire ", 1)[0]
    doc = json.loads(pypandoc.convert_text(body, "json", format="markdown"))
    ids: list[str] = []
    words: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            t, c = x.get("t"), x.get("c")
            if t == "Str":
                words.append(str(c))
            elif t in ("Space", "SoftBreak", "LineBreak"):
                words.append(" ")
            elif t in ("Para", "Plain"):
                words.append("\n")
            if t == "Span" and isinstance(c, list) and c[0][0].startswith("u-"):
                ids.append(c[0][0])
            walk(c)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc["blocks"])
    return ids, "".join(words)


def _body(markdown: str) -> list[str]:
    """The lines of the report between its metadata and its glossary."""
    body = markdown.split("\n---\n", 1)[1].split("\n# Glossaire ", 1)[0]
    return body.splitlines()


@pytest.mark.parametrize(
    ("acronym", "spelled"),
    [
        ("CMQ", "Campus des Métiers et des Qualifications (CMQ)"),
        ("BFC", "Bourgogne Franche-Comté (BFC)"),
        ("VAE", "Valorisation des Acquis de l’Expérience (VAE)"),
    ],
)
def test_acronyms_are_spelled_out_once_per_chapter(
    markdown: str, acronym: str, spelled: str
) -> None:
    """In every chapter that uses the acronym, its first use is spelled out, and only it."""
    plain = _USE.sub(r"\1", markdown)
    chapters = re.split(r"^# ", plain, flags=re.MULTILINE)[1:]
    using = 0
    for chapter in chapters:
        title = chapter.splitlines()[0]
        if title.startswith(("Acronymes", "Glossaire", "Références")):
            continue
        body = "\n".join(line for line in chapter.splitlines()[1:] if not line.startswith("#"))
        uses = [m.start() for m in re.finditer(rf"(?<![\w-]){acronym}(?![\w-])", body)]
        if not uses:
            continue
        using += 1
        assert body.count(spelled) == 1, title
        assert body.index(spelled) + len(spelled) - len(acronym) - 1 == uses[0], title
    assert using >= 2  # the point is the chapters: more than one


def test_headings_and_captions_carry_no_typed_number(markdown: str) -> None:
    headings = [line for line in _body(markdown) if line.startswith("#")]
    assert len(headings) >= 70
    typed = re.compile(r"^#+ (?:\d+(?:\.\d+)*|Annexe [A-Z]+)\s")
    assert [h for h in headings if typed.match(h)] == []
    assert sum(".annex}" in h for h in headings) == 7
    figures = [line for line in _body(markdown) if line.startswith("![")]
    captions = [line for line in _body(markdown) if line.startswith(": ")]
    assert len(figures) == 9 and len(captions) == 6
    number = re.compile(r"^(?:Figure|Tableau|Table) [0-9A-Z]+\.\d+|^[0-9A-Z]+\.\d+\s")
    for fig in figures:
        found = re.match(r"^!\[(.*)\]\([^)]+\)\{#fig-[a-z0-9-]+[ }]", fig)
        assert found and not number.match(found.group(1)), fig
    for cap in captions:
        found = re.match(r"^: (.*) \{#tab-[a-z0-9-]+\}$", cap)
        assert found, cap
        text = re.sub(r"\[[^\]]*\]\(#[^)]*\)\{\.ref\}", "", found.group(1))
        assert not number.match(text) and not re.search(r"\b\d+\.\d+\b", text), cap
    # the tables the seed neither captions nor numbers (the amounts under figure 3.2, the
    # follow-up of the perspectives) have no caption: every caption is numbered
    assert "| Source |" in markdown and "| Perspective |" in markdown
    assert ".unnumbered}" not in "\n".join(captions)


def test_every_reference_of_the_data_is_a_ref_link_to_an_existing_id(markdown: str) -> None:
    from cmqreport.model.textscan import MARKER, REF

    ids = set(re.findall(r"\{#([^ }]+)", markdown))
    refs = re.findall(r"\[([^\]]*)\]\(#([^)]+)\)\{\.ref\}", markdown)
    assert len(refs) >= 25
    for text, target in refs:
        assert target in ids, target
        assert re.fullmatch(r"[0-9A-Z]+(?:\.\d+)*", text), text
    data = "\n".join(p.read_text("utf-8") for p in sorted(EXAMPLE.rglob("*.yaml")))
    for line in data.splitlines():
        for kind, ident in re.findall(REF, line):
            assert f"{kind}-{ident}" in ids, (kind, ident)
            if not MARKER.match(line):  # a placement marker places, it does not refer
                assert f"](#{kind}-{ident}){{.ref}}" in markdown, (kind, ident)
    assert "[[" not in markdown and "??" not in markdown


def _entries(markdown: str, title: str) -> dict[str, str]:
    part = markdown.split(f"\n# {title} ", 1)[1].split("\n# ", 1)[0]
    return dict(re.findall(r"^\[([^\]]+)\]\{#[^}]+\}\n:   (.*)$", part, re.MULTILINE))


def test_acronym_and_glossary_entries_list_every_use_in_order(markdown: str) -> None:
    from cmqreport.render.nodes import slug

    uses = _read_order(markdown)[0]
    assert len(uses) == len(set(uses)) >= 600
    listed: list[str] = []
    for title, prefix in (("Acronymes", "u-acr-"), ("Glossaire", "u-glo-")):
        entries = _entries(markdown, title)
        assert len(entries) >= (80 if prefix == "u-acr-" else 4)
        for term, text in entries.items():
            pages = re.search(r'\[\]\{\.pages targets="([^"]*)"\}', text)
            if pages is None:
                # only an acronym the text never uses goes without pages
                assert not any(u.startswith(f"{prefix}{slug(term)}-") for u in uses), term
                continue
            targets = pages.group(1).split()
            assert all(t.startswith(prefix) for t in targets), term
            assert [int(t.rsplit("-", 1)[1]) for t in targets] == list(
                range(1, len(targets) + 1)
            ), term
            assert targets == [u for u in uses if u in set(targets)], term
            listed += targets
    assert sorted(listed) == sorted(uses), "a use that no entry lists"
    cmq = _entries(markdown, "Acronymes")["CMQ"]
    assert cmq.startswith("Campus des Métiers et des Qualifications. []{.pages ")
    assert cmq.endswith(
        ", Glossaire\u00a0: [Campus des Métiers et des Qualifications]"
        "(#glo-campus-des-metiers-et-des-qualifications)"
    )


def test_uses_are_never_marked_in_headings_captions_or_links(markdown: str) -> None:
    for line in _body(markdown):
        if line.startswith(("#", "![", ": ")):
            assert "{#u-" not in line, line
        for link in re.findall(r"(?<!\\)\[(?:\\.|[^\[\]\\])*\]\(", line):
            assert "{#u-" not in link, line
    toc_and_meta = markdown.split("\n---\n", 1)[0]
    assert "{#u-" not in toc_and_meta


def test_french_typography_of_the_data(markdown: str) -> None:
    body = "\n".join(_body(markdown))
    prose = re.sub(r"\{[^}]*\}", "", body)  # attributes keep their own quotes
    assert '"' not in prose
    assert "“" not in body and "”" not in body
    assert "projet «\u00a0Dijon, alimentation durable 2030\u00a0»" in body
    assert "Expositions d’Hélène Bertin et Julie Chaffort\u00a0: https://le19crac.com/agenda" in (
        body
    )
    assert not re.search(r"https?[ \u00a0\u202f]:", markdown)
    assert "Bac\u00a0+\u00a05" in body
    assert re.search(r"\w\u00a0: ", body) and not re.search(r"\w [:;!?](?=\s)", prose)
    assert "15\u202f000,00\u00a0€" in body
    assert "1^er^ novembre 2021" in body and "1^res^ actions" in body
    assert "31\u00a0% du territoire" in body


def test_section_4_1_is_the_perspectives_diff(markdown: str) -> None:
    review = markdown.split("## Comparaison actions 2021", 1)[1].split("\n## ", 1)[0]
    for status in ("réalisé", "en cours", "non réalisé"):
        assert f"*{status}*" in review
    assert "| Perspective | Thème | Campus | Statut |" in review


def test_amount_columns_are_right_aligned(markdown: str) -> None:
    detail = markdown.split("| Source | 2017 |", 1)[1].split("\n\n", 1)[0]
    rule = detail.split("\n")[1].strip("|").split("|")
    assert not rule[0].endswith(":") and all(r.endswith(":") for r in rule[1:])


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
    assert "CMQ Alimentation, Goût, Tourisme" in text
    assert len(document.tables) >= 8
    import zipfile

    with zipfile.ZipFile(built / "rapport-2021.docx") as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "TOC \\o" in xml, "no table of contents field"


#: Every command the body of the example's LaTeX may hold: what pandoc's LaTeX writer and
#: citeproc write for Markdown. A command from the data (``\\input``) would be another one.
WRITER_COMMANDS = {
    *("CSLLeftMargin", "CSLRightInline", "addcontentsline", "arabic", "arraybackslash"),
    *("multicolumn", "mbox"),
    *("begin", "bibitem", "bottomrule", "caption", "centering", "chapter", "citeproc"),
    *("citeproctext", "contentsname", "def", "emph", "end", "endfirsthead", "endhead"),
    *("endlastfoot", "footnote", "href", "hyperref", "includegraphics", "item", "label"),
    *("labelenumi", "ldots", "linewidth", "maketitle", "midrule", "noalign", "phantomsection"),
    *("protect", "raggedright", "real", "renewcommand", "section", "setcounter", "subsection"),
    *("subsubsection", "tabcolsep", "tableofcontents", "tabularnewline", "textbf"),
    *("textheight", "tightlist", "toprule", "url", "texorpdfstring", "textless"),
    *("textgreater", "textbackslash", "textasciitilde", "textasciicircum", "textquotesingle"),
    *("textbar", "textquotedbl", "ul", "st", "textsuperscript", "textsubscript", "newline"),
    # what the LaTeX filter writes: numbering, page lists, measured table columns
    *("LTcaptype", "appendix", "cleardoublepage", "cmqmeasure", "cmqpages", "fcolorbox"),
    *("footnotesize", "markboth", "pagenumbering", "parbox", "raggedleft", "ref"),
    *("setlength", "small"),
}
#: Width macros of the LaTeX filter's tables (\cmqwb, \cmqwc…): one per measured column.
_WIDTH_MACRO = re.compile(r"cmqw[a-z]")


def test_latex_has_no_raw_data_commands(built: Path) -> None:
    tex = (built / "rapport-2021.tex").read_text(encoding="utf-8")
    assert "\\documentclass" in tex and "\\chapter{Éléments structurants des CMQ}" in tex
    body = tex.split("\\begin{document}", 1)[1]
    commands = {c for c in re.findall(r"\\([A-Za-z@]+)", body) if not _WIDTH_MACRO.fullmatch(c)}
    assert commands <= WRITER_COMMANDS, sorted(commands - WRITER_COMMANDS)


def test_a_quote_only_in_a_footnote_prints_as_typed_in_latex(tmp_path: Path) -> None:
    """TeX reads « " » as a closing quote: the filter writes it \\textquotedbl{}, in a
    footnote too, even when no other text of the report holds one."""
    from cmqreport.convert import pandoc

    target = tmp_path / "note.tex"
    markdown = '---\ntitle: Essai\n---\n\nTexte^[Il dit "oui" ici.] fin.\n'
    pandoc.to_latex(markdown, tmp_path, target, citeproc=False, epoch=1640995200)
    tex = target.read_text(encoding="utf-8")
    assert "\\footnote{Il dit \\textquotedbl{}oui\\textquotedbl{} ici.}" in tex


def test_pdf_is_made_through_latex(tmp_path: Path) -> None:
    require(tex_problem(pdf_engine()), "texlive-xetex")
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
    """The section title and the action title print the characters as written, in the
    Markdown, the DOCX and the LaTeX (the section body is Markdown: only its raw code is
    text)."""
    import docx
    import pypandoc

    project = _tiny(tmp_path / "p", yaml_value, yaml_value)
    result = build(project, 2021, ["md", "docx", "latex"], tmp_path / "out")
    md = result.outputs["md"].read_text(encoding="utf-8")
    assert "49" not in md  # no template ran
    # read back with pandoc's own Markdown (raw HTML and LaTeX on): still the text
    md_text = pypandoc.convert_text(md, "plain", format="markdown", extra_args=["--wrap=none"])
    assert md_text.count(literal) >= 2, md_text
    document = docx.Document(str(result.outputs["docx"]))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert text.count(literal) >= 2, text
    tex = result.outputs["latex"].read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex
    if literal.startswith("\\"):
        assert "\\textbf{gras}" not in tex
    assert "<script>" not in tex
    # read back as LaTeX (safe: no \\input above): the text as written
    tex_text = pypandoc.convert_text(tex, "plain", format="latex", extra_args=["--wrap=none"])
    assert tex_text.count(literal) >= 2, tex_text


def test_project_template_overrides_only_the_campus_section(tmp_path: Path) -> None:
    plain = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_text("utf-8")
    template = (
        "{{ heading(campus) }}\n\n*Section rédigée par le campus.*\n\n{{ campus.body }}\n\n"
        "{% for child in campus.children %}{% with node = child %}"
        '{% include "section.md.j2" %}{% endwith %}{% endfor %}\n'
    )
    project = build_tree(
        tmp_path / "bfc", {"templates/campus.md.j2": template.encode()}, copy_of=EXAMPLE
    )
    styled = build(project, 2021, ["md"], tmp_path / "b").outputs["md"].read_text("utf-8")
    assert styled.count("*Section rédigée par le campus.*") == 7
    assert styled.replace("*Section rédigée par le campus.*\n\n", "") == plain


def test_project_wording_redefines_one_macro_and_keeps_the_others(tmp_path: Path) -> None:
    plain = build(EXAMPLE, 2021, ["md"], tmp_path / "a").outputs["md"].read_text("utf-8")
    wording = "{% macro finances_source() %}Financeur{% endmacro %}\n"
    project = build_tree(
        tmp_path / "bfc", {"templates/text_captions.md.j2": wording.encode()}, copy_of=EXAMPLE
    )
    worded = build(project, 2021, ["md"], tmp_path / "b").outputs["md"].read_text("utf-8")
    assert "| Financeur | 2017 |" in worded
    # the macros the project's file does not define are the built-in ones
    assert "**Total**" in worded
    assert worded.replace("| Financeur |", "| Source |") == plain


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

    soffice, problem = libreoffice_problem()
    require(problem, "libreoffice-writer-nogui")
    assert soffice is not None
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

    require(tex_problem(engine), {"xelatex": "texlive-xetex", "lualatex": "texlive-luatex"}[engine])
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
    project = build_tree(
        tmp_path / "bfc",
        {
            "templates/campus.md.j2": (
                '{% extends "builtin/campus.md.j2" %}\n'
                "{% block intro %}*Section {{ campus.number }} rédigée par le campus.*\n\n"
                "{{ super() }}{% endblock %}\n"
            )
        },
        copy_of=EXAMPLE,
    )
    styled = build(project, 2021, ["md"], tmp_path / "b").outputs["md"].read_text("utf-8")
    assert "*Section 3.1 rédigée par le campus.*" in styled
    assert "*Section 3.7 rédigée par le campus.*" in styled
    assert re.sub(r"\*Section 3\.\d rédigée par le campus\.\*\n\n", "", styled) == plain


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


# --------------------------------------------------------------------------- seed fidelity
# What the seed says, no more and no less (issue 14): each item read on the example's text.


def _section(markdown: str, anchor: str) -> str:
    """A section's text (to the next heading), uses of acronyms shown as plain words."""
    start = markdown.index(f"{{#{anchor}")
    start = markdown.index("\n", start) + 1
    end = markdown.find("\n#", start)
    return _USE.sub(r"\1", markdown[start : end if end != -1 else None])


def test_chapter_1_prints_only_the_dates_the_seed_gives(markdown: str) -> None:
    governance = _section(markdown, "sec-structurants-gouvernance")
    assert (
        "a remplacé M. Sébastien Thibaud au poste de Directeur du Campus (DC)"
        " à partir de fin mars 2021." in governance
    )
    assert "31 mars 2021" not in governance and "30 mars 2021" not in governance
    # TI's interim DC and the president: the seed dates neither
    assert "a remplacé (par intérim) M. Remy Hayte au poste de DC." in governance
    assert "prend la charge de Président du Conseil de Perfectionnement." in governance
    assert "septembre" not in governance
    # the dates the seed gives stay
    assert "à partir du 1^er^ novembre 2021 (arrêt au 31 août 2021)" in governance
    assert "à partir du 1^er^ décembre 2021 (arrêt au 31 août 2021)" in governance
    portage = _section(markdown, "sec-structurants-portage")
    assert "septembre" not in portage


def test_section_1_2_shows_both_portage_changes_once(markdown: str) -> None:
    portage = _section(markdown, "sec-structurants-portage")
    assert (
        "Concernant le CMQ AGT\u00a0: Dans le cadre du dépôt du dossier de renouvellement"
        in portage
    )
    assert "Alimentation Durable 2030" in portage
    assert "co-signé Éducation Nationale - Direction Régionale" in portage
    # the TI change is told by its note once, not again by a computed sentence
    assert portage.count("Lycée des Marcs d’Or") == 1
    # 1.1 keeps to the seed: the recruitment of AMF's DO is told in 3.2 only
    governance = _section(markdown, "sec-structurants-gouvernance")
    assert "Recrutée par" not in governance and "cofinancé" not in governance


def test_new_campus_team_keeps_affiliations(markdown: str) -> None:
    application = _section(markdown, "sec-structurants-demande-fb")
    assert (
        "Mme Andela Caeu-Dura, École Nationale Supérieure des Arts et Métiers - Cluny (ENSAM),"
        " prend en charge les relations internationales." in application
    )
    assert "Procédés EA 3633 -, prend en charge le poste de DC." in application


def test_acronyms_spelled_out_in_tables_and_never_in_nested_parentheses(markdown: str) -> None:
    text = _read_order(markdown)[1]
    assert "Certificats de Compétences Professionnelles (CCP)" in text
    assert "(AgroEquipements (" not in text and "(Forêt-Bois (" not in text
    assert "AgroEquipements (AE)" in text
