"""French formatting, escaping of data text and acronym expansion, as a reader sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmqreport.load.project import load_project
from cmqreport.render.french import Formatter
from cmqreport.render.markdown import escape, neutralise
from cmqreport.render.renderer import expand_acronyms
from helpers import build_tree

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def fr() -> Formatter:
    return Formatter("fr_FR")


def test_french_dates(fr: Formatter) -> None:
    assert fr.date(dt.date(2021, 2, 4)) == "4 février 2021"
    assert fr.date(dt.date(2021, 11, 1)) == "1er novembre 2021"


def test_french_money_and_numbers(fr: Formatter) -> None:
    assert fr.money(15000).replace(NNBSP, " ").replace(NBSP, " ") == "15 000,00 €"
    assert fr.number(12.25) == "12,25"
    assert fr.percent(0.43).replace(NBSP, " ").replace(NNBSP, " ") == "43 %"


def test_french_typography(fr: Formatter) -> None:
    text = fr.typography("Les résultats : 19 200 emplois ; « bravo » ! Vraiment ?")
    assert f"résultats{NBSP}:" in text
    assert f"19{NNBSP}200" in text
    assert f"emplois{NNBSP};" in text
    assert f"«{NBSP}bravo{NBSP}»" in text
    assert f"Vraiment{NNBSP}?" in text
    assert fr.typography("http://exemple.fr") == "http://exemple.fr"


def test_english_locale_keeps_spaces() -> None:
    en = Formatter("en_GB")
    assert en.typography("Note : 19 200") == "Note : 19 200"
    assert en.date(dt.date(2021, 2, 4)) == "4 February 2021"


@pytest.mark.parametrize(
    "text",
    [
        "**gras**",
        "<b>x</b>",
        "\\textbf{x}",
        "[lien](http://x)",
        "# titre",
        "- item",
        "1. un",
        "$x$",
        "a | b",
        "@ref",
        "{{ 7*7 }}",
    ],
)
def test_plain_text_is_escaped(text: str) -> None:
    import pypandoc

    out = pypandoc.convert_text(escape(text), "plain", format="markdown")
    assert out.strip() == text


def test_markdown_fields_keep_markdown_but_not_raw_code() -> None:
    import pypandoc

    from cmqreport.convert.pandoc import READER

    md = neutralise("**gras** <script>alert(1)</script> \\input{/etc/passwd} $x$")
    html = pypandoc.convert_text(md, "html", format=READER)
    assert "<strong>gras</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    latex = pypandoc.convert_text(md, "latex", format=READER)
    assert "\\input{/etc/passwd}" not in latex
    assert "\\textbackslash" in latex


def _project(tmp_path: Path) -> Path:
    return build_tree(
        tmp_path,
        {
            "cmqreport.yaml": "network: N\nregion: R\n",
            "acronyms.yaml": "acronyms:\n  VRAI: Village Ressource Apprenant International\n"
            "  CMQ: Campus des Métiers et des Qualifications\n",
        },
    )


def test_acronym_first_use_per_chapter_with_plural(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = (
        "# 1 Un {#chap-a .unnumbered}\n\nLes VRAIs du CMQ. Le VRAI et le CMQ.\n\n"
        "# 2 Deux {#chap-b .unnumbered}\n\nUn VRAI.\n"
    )
    out, uses, _ = expand_acronyms(md, project, "chapter", {"chap-a": "1", "chap-b": "2"})
    assert (
        "Les Village Ressource Apprenant International (VRAIs) du Campus des Métiers et "
        "des Qualifications (CMQ). Le VRAI et le CMQ." in out
    )
    assert "Un Village Ressource Apprenant International (VRAI)." in out
    assert list(uses["VRAI"].places) == ["chap-a", "chap-b"]


def test_acronym_scope_document(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# 1 Un {#a .unnumbered}\n\nLe VRAI.\n\n# 2 Deux {#b .unnumbered}\n\nLe VRAI.\n"
    out, _, _ = expand_acronyms(md, project, "document", {})
    assert out.count("(VRAI)") == 1


def test_acronym_already_spelled_out_is_left_alone(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# 1 Un {#a .unnumbered}\n\nLe Village Ressource Apprenant International (VRAI).\n"
    out, _, _ = expand_acronyms(md, project, "chapter", {})
    assert out.count("Village Ressource Apprenant International") == 1


def test_acronym_followed_by_its_expansion_is_left_alone(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# 1 Un {#a .unnumbered}\n\nUn VRAI (Village Ressource Apprenant International).\n"
    out, _, _ = expand_acronyms(md, project, "chapter", {})
    assert out.count("Village Ressource Apprenant International") == 1


def test_ignored_phrase_is_neither_expanded_nor_flagged(tmp_path: Path) -> None:
    from cmqreport.model.textscan import AcronymMatcher

    root = _project(tmp_path)
    (root / "cmqreport.yaml").write_text(
        "network: N\nregion: R\nacronym_ignore: [VRAI Conseil]\n", encoding="utf-8"
    )
    project = load_project(root)
    md = "# 1 Un {#a .unnumbered}\n\nLa société VRAI Conseil et le VRAI.\n"
    out, _, _ = expand_acronyms(md, project, "chapter", {})
    assert "La société VRAI Conseil et le Village Ressource Apprenant International (VRAI)." in out
    matcher = AcronymMatcher(["VRAI"], ["VRAI Conseil"])
    assert [h.start for h in matcher.find("VRAI Conseil, VRAI")] == [14]


def test_handles_are_text_and_bracketed_citations_cite() -> None:
    import pypandoc

    from cmqreport.convert.pandoc import READER

    md = neutralise("Twitter : @IndusTechInnov, déjà échappé \\@Autre, voir [@rapport-2020].")
    native = pypandoc.convert_text(md, "native", format=READER)
    assert native.count("Cite") == 1 and "rapport-2020" in native
    assert '"@IndusTechInnov,"' in native and '"\\\\@Autre,"' not in native
    assert '"@Autre,"' in native


def test_template_fragments_are_not_escaped_twice_but_data_is() -> None:
    from cmqreport.render.renderer import _environment

    env = _environment([])
    template = env.from_string(
        "{% macro bold(x) %}**{{ x }}**{% endmacro %}{{ bold(value) }} {{ value }}"
    )
    assert template.render(value="<a>*b*") == "**\\<a\\>\\*b\\*** \\<a\\>\\*b\\*"
