"""The DOCX of examples/bfc as a partner opening it in Word or LibreOffice would check it.

The XML (python-docx and lxml): numbers, captions, cross-references and page lists are
Word fields, styles and settings are French, tables fit. LibreOffice's PDF of the DOCX
(CI installs LibreOffice; off CI these tests skip): a filled table of contents, page
numbers, the acronym list's pages, amounts on one line, and numbers that follow an
inserted chapter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from cmqreport.api import build
from cmqreport.convert.pandoc import to_docx
from cmqreport.errors import DataError
from helpers import EXAMPLE_MISSING_PICTURES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
EPOCH = "1640995200"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPED = re.compile(r"^\s*(\d+(\.\d+)*\.?|Annexe [A-Z]\b|[A-Z]\.\d+)\s")
AMOUNT = re.compile(r"\d{1,3}(?:[\u202f\u00a0 ]\d{3})*,\d{2}[\u00a0 ]€")


def _build(project: Path, out: Path) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(project, 2021, ["md", "docx"], out)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return out


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the LibreOffice tests: install {name} (see .ci/run).")
        pytest.skip(f"{name} is not installed")
    return found


def _pdf_text(docx: Path, outdir: Path) -> list[str]:
    """LibreOffice's PDF of ``docx``, as the text of each page."""
    soffice = _tool("soffice")
    _tool("pdftotext")
    profile = outdir / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(outdir), str(docx)],
        capture_output=True, timeout=600, check=True,
    )  # fmt: skip
    pdf = outdir / (docx.stem + ".pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once to Markdown and DOCX."""
    return _build(EXAMPLE, tmp_path_factory.mktemp("docx"))


@pytest.fixture(scope="module")
def document(built: Path) -> etree._Element:
    with zipfile.ZipFile(built / "rapport-2021.docx") as z:
        return etree.fromstring(z.read("word/document.xml"))


@pytest.fixture(scope="module")
def package(built: Path) -> dict[str, str]:
    with zipfile.ZipFile(built / "rapport-2021.docx") as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


@pytest.fixture(scope="module")
def pages(built: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _pdf_text(built / "rapport-2021.docx", tmp_path_factory.mktemp("pdf"))


def _style(p: etree._Element) -> str:
    st = p.find(f"{W}pPr/{W}pStyle")
    return "" if st is None else str(st.get(W + "val"))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def _instr(el: etree._Element) -> list[str]:
    return [(t.text or "").strip() for t in el.iter(W + "instrText")]


# --------------------------------------------------------------------------- the XML


def test_no_heading_has_a_typed_number(built: Path) -> None:
    from docx import Document

    doc = Document(str(built / "rapport-2021.docx"))
    heads = [p for p in doc.paragraphs if re.fullmatch(r"Heading [1-4]", p.style.name)]
    assert len(heads) > 60
    assert [p.text for p in heads if TYPED.match(p.text)] == []


def test_headings_are_numbered_by_a_list_bound_to_their_styles(package: dict[str, str]) -> None:
    numbering, styles = package["word/numbering.xml"], package["word/styles.xml"]
    for level, text in ((1, "%1"), (2, "%1.%2"), (3, "%1.%2.%3"), (4, "%1.%2.%3.%4")):
        assert f'<w:pStyle w:val="Heading{level}"/>' in numbering
        assert f'w:val="{text}"' in numbering
    assert 'w:val="Annexe %1"' in numbering
    heading1 = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S)
    assert heading1 is not None and "<w:numPr>" in heading1.group(0)


def test_every_caption_is_a_seq_field_with_one_bookmark(document: etree._Element) -> None:
    captions = [p for p in document.iter(W + "p") if _style(p) in ("ImageCaption", "TableCaption")]
    assert len(captions) >= 15
    names = []
    for p in captions:
        assert any(i.startswith("SEQ ") for i in _instr(p)), _text(p)
        assert re.match(r"(Figure|Tableau) ([0-9]+|[A-Z])\.[0-9]+ – ", _text(p)), _text(p)
        # the caption's own bookmark (REF and PAGEREF point at it); a source bookmark
        # (cmqreport review) may sit inside it
        found = [b.get(W + "name") for b in p.iter(W + "bookmarkStart")]
        names += [n for n in found if not n.startswith("_Src_")]
    assert len(names) == len(captions) == len(set(names))


def test_figure_3_2_is_the_funding_chart(document: etree._Element) -> None:
    texts = [_text(p) for p in document.iter(W + "p") if _style(p) == "ImageCaption"]
    assert any(t.startswith("Figure 3.2 – Moyens financiers") for t in texts), texts


def test_a_figure_without_picture_names_the_file_it_waits_for(
    document: etree._Element,
) -> None:
    paragraphs = [_text(p) for p in document.iter(W + "p")]
    said = [t for t in paragraphs if "Image non fournie\u00a0: fichier attendu" in t]
    assert any(t.endswith("assets/msi-fig-turin.png") for t in said), said
    assert len(said) == len(EXAMPLE_MISSING_PICTURES), said
    # figure 2.1 is drawn from its sequence: no frame stands for it
    assert not [t for t in said if "parcours-avenir-sequencement" in t]


def test_every_cross_reference_is_a_ref_field(built: Path, document: etree._Element) -> None:
    markdown = (built / "rapport-2021.md").read_text(encoding="utf-8")
    wanted = markdown.count("){.ref}")
    refs = [i for i in _instr(document) if i.startswith("REF ")]
    assert wanted > 0 and len(refs) >= wanted
    # no cross-reference left as a static link to a number (citations [1] link to their
    # entry in the references, ``ref-…``: those stay links)
    links = [
        _text(h) for h in document.iter(W + "hyperlink")
        if (h.get(W + "anchor") or "ref-").split("-")[0] != "ref"
        and re.fullmatch(r"[0-9A-Z]+(\.[0-9]+)*", _text(h))
    ]  # fmt: skip
    assert links == []


@pytest.mark.parametrize(
    "text",
    [
        "Voir l'annexe [A](#annexe-a){.ref}.",
        "Voir [l'annexe [A](#annexe-a){.ref}]{.x} et *(annexe [A](#annexe-a){.ref})*.",
        "Un mot^[Voir annexe [A](#annexe-a){.ref}.] de plus.",
        "Un mot[^n] de plus.\n\n[^n]: Voir annexe [A](#annexe-a){.ref}.",
        "| a |\n|---|\n| Voir annexe [A](#annexe-a){.ref} |",
    ],
    ids=["paragraph", "span-and-emphasis", "inline-note", "note", "table"],
)
def test_annex_reference_after_the_word_is_one_field(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # « annexe [A](…) » is one REF field showing « Annexe A », wherever it is written
    monkeypatch.setenv("CMQREPORT_DOCX_LAYOUT", "0")
    markdown = f"# Intro\n\n{text}\n\n# Plan d'action {{#annexe-a .annex}}\n\nTexte.\n"
    to_docx(markdown, tmp_path, tmp_path / "x.docx", citeproc=False, epoch=0)
    with zipfile.ZipFile(tmp_path / "x.docx") as z:  # a footnote is in footnotes.xml
        parts = [etree.fromstring(z.read(f"word/{n}.xml")) for n in ("document", "footnotes")]
    refs = [i for p in parts for i in _instr(p) if i.startswith("REF ")]
    assert refs and all(i == "REF _Ref_annexe_a \\w \\h" for i in refs)
    assert all("nnexe A" not in _text(p).replace("Annexe A", "") for p in parts)


def test_acronym_list_gives_pages_through_pageref(document: etree._Element) -> None:
    paras = list(document.iter(W + "p"))
    start = next(
        i for i, p in enumerate(paras) if _style(p) == "Heading1" and _text(p) == "Acronymes"
    )
    entries = [p for p in paras[start + 1 : start + 60] if _style(p) != "Heading1"]
    with_pages = [p for p in entries if any(i.startswith("PAGEREF ") for i in _instr(p))]
    assert len(with_pages) >= 20


def test_lists_and_toc_carry_cached_entries(document: etree._Element) -> None:
    body = [p for p in document.iter(W + "p")]
    tocs = {i: n for n, p in enumerate(body) for i in _instr(p) if i.startswith("TOC ")}
    assert any('\\o "1-3"' in i for i in tocs)
    assert any('\\c "Figure"' in i for i in tocs) and any('\\c "Tableau"' in i for i in tocs)
    for n in tocs.values():
        assert _text(body[n]).strip(), "a list without its first cached entry"
    titles = [_text(p) for p in body if _style(p) == "TOCHeading"]
    assert titles == ["Table des matières", "Liste des figures", "Liste des tableaux"]


def test_settings_styles_theme_footer_and_properties(package: dict[str, str]) -> None:
    settings = package["word/settings.xml"]
    assert '<w:updateFields w:val="true"/>' in settings
    assert '<w:themeFontLang w:val="fr-FR"/>' in settings
    assert '<w:decimalSymbol w:val=","/>' in settings
    styles = package["word/styles.xml"]
    assert "semiHidden" not in styles and "<w:hidden/>" not in styles
    assert 'w:ascii="Calibri"' in styles and 'w:val="fr-FR"' in styles
    assert "Aptos" not in package["word/theme/theme1.xml"]
    footer = package["word/footer1.xml"]
    assert " PAGE " in footer and "Rapport d’activité 2021" in footer
    core = package["docProps/core.xml"]
    assert "<dc:language>fr-FR</dc:language>" in core
    assert "Rapport d’activité 2021" in core and "Réseau des" in core


def test_tables_fill_the_text_width_with_amounts_on_one_line(document: etree._Element) -> None:
    tables = [
        t for t in document.iter(W + "tbl")
        if t.find(f"{W}tblPr/{W}tblStyle").get(W + "val") == "TableauCMQ"
    ]  # fmt: skip
    assert len(tables) >= 8
    amounts = 0
    for tbl in tables:
        grid = sum(int(g.get(W + "w")) for g in tbl.iter(W + "gridCol"))
        assert grid in (9071, 16838 - 2 * 1417), grid
        assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
        for tc in tbl.iter(W + "tc"):
            if AMOUNT.fullmatch(_text(tc).strip()):
                amounts += 1
                assert tc.find(f"{W}tcPr/{W}noWrap") is not None
                assert tc.find(f"{W}p/{W}pPr/{W}jc").get(W + "val") == "right"
                assert " " not in _text(tc)
    assert amounts >= 10


def test_same_words_as_the_markdown(built: Path, document: etree._Element) -> None:
    markdown = (built / "rapport-2021.md").read_text(encoding="utf-8")
    markdown = markdown.split("\n---\n", 1)[1]
    markdown = re.sub(r"\{[#.][^}]*\}|\]\([^)]*\)|\[@[^\]]*\]", " ", markdown)
    words = Counter(re.findall(r"\w+", markdown))
    got = Counter(re.findall(r"\w+", " ".join(_text(p) for p in document.iter(W + "p"))))
    kept = sum(min(n, got[word]) for word, n in words.items())
    assert kept / sum(words.values()) >= 0.99


def test_data_lists_stay_lists(document: etree._Element) -> None:
    """A data text opening with a list (AGT's axes, the VAE's advantages) is a list in the
    DOCX too: its source bookmark must not turn it into a paragraph « - a - b »."""
    paragraphs = list(document.iter(W + "p"))
    assert not [_text(p) for p in paragraphs if _text(p).startswith("- ")]
    axes = [p for p in paragraphs if _text(p).startswith("L’alimentation durable de la")]
    assert len(axes) == 1
    assert axes[0].find(f"{W}pPr/{W}numPr") is not None


def test_two_builds_give_identical_bytes(built: Path, tmp_path: Path) -> None:
    again = _build(EXAMPLE, tmp_path)
    assert (again / "rapport-2021.docx").read_bytes() == (built / "rapport-2021.docx").read_bytes()


def test_a_project_reference_docx_missing_styles_is_named(tmp_path: Path) -> None:
    from docx import Document

    reference = tmp_path / "templates" / "reference.docx"
    reference.parent.mkdir()
    Document().save(str(reference))  # Word's blank template: no pandoc styles
    with pytest.raises(DataError) as err:
        to_docx("# Titre\n", tmp_path, tmp_path / "x.docx", citeproc=False, epoch=0,
                reference=reference)  # fmt: skip
    message = str(err.value)
    assert "templates/reference.docx" in message
    assert "« First Paragraph »" in message and "« Author »" in message
    assert "« heading 1 »" not in message


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_shows_a_filled_table_of_contents(pages: list[str]) -> None:
    toc = "\n".join(pages[1:6])
    assert "Table des matières" in pages[1]
    assert len(re.findall(r"\.{5,}\s*\d+", toc)) >= 40
    assert "Liste des figures" in toc and "Liste des tableaux" in toc


def test_libreoffice_numbers_every_page_after_the_title(pages: list[str]) -> None:
    missing = [n for n, p in enumerate(pages[1:], start=2) if not re.search(rf"(?m)^{n}\s*$", p)]
    assert missing == []
    assert not re.search(r"(?m)^1\s*$", pages[0])


def test_libreoffice_acronym_list_has_page_numbers(pages: list[str]) -> None:
    listing = "\n".join(p for p in pages if re.search(r"(?m)^Acronymes$", p) and "..." not in p)
    lists = re.findall(r"(?m)\b\d{1,3}(?:[–-]\d{1,3})?(?:, \d{1,3}(?:[–-]\d{1,3})?)+\s*$", listing)
    assert len(lists) >= 5


def test_libreoffice_shows_figure_3_2_and_no_broken_amount(built: Path, pages: list[str]) -> None:
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert "Figure 3.2 – Moyens financiers" in text
    markdown = (built / "rapport-2021.md").read_text(encoding="utf-8")
    amounts = {re.sub(r"[\u202f\u00a0 ]", " ", a) for a in AMOUNT.findall(markdown)}
    flat = re.sub(r"[\u202f\u00a0 ]", " ", "\n".join(pages))
    assert amounts and sorted(a for a in amounts if a not in flat) == []


_INSERTED = """\
  - id: insere
    kind: free
    title: Chapitre inséré
    intro: |
      Un chapitre ajouté avant les activités des campus.
    sections:
      - id: section-inseree
        title: Section insérée
        body: |
          Texte de la section insérée.
"""


def test_libreoffice_renumbers_after_an_inserted_chapter(tmp_path: Path) -> None:
    project = tmp_path / "bfc"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    network = project / "years" / "2021" / "network.yaml"
    text = network.read_text(encoding="utf-8")
    assert "  - id: activites\n" in text
    network.write_text(text.replace("  - id: activites\n", _INSERTED + "  - id: activites\n"),
                       encoding="utf-8")  # fmt: skip
    out = _build(project, tmp_path / "out")
    flat = re.sub(r"\s+", " ", " ".join(_pdf_text(out / "rapport-2021.docx", tmp_path)))
    assert "Figure 4.2 – Moyens financiers" in flat
    assert "Figure 3.2 – Moyens financiers" not in flat
    assert "3 Chapitre inséré" in flat and "4 Activités des Campus" in flat


def test_the_document_tells_no_path_of_the_machine(built: Path, package: dict[str, str]) -> None:
    # a DOCX goes to partners: where cmqreport is installed, where the project and the
    # build folder are, is nobody's business (the CSL's path used to be a custom property)
    import cmqreport

    places = {Path(cmqreport.__file__).resolve().parent.parent, EXAMPLE.resolve(), built}
    for name, xml in package.items():
        for place in places:
            assert str(place) not in xml, f"{name} holds {place}"
    with zipfile.ZipFile(built / "rapport-2021.docx") as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    assert 'name="csl"' not in custom and 'name="bibliography"' not in custom
