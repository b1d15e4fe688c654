"""French formatting, escaping of data text and acronym expansion, as a reader sees them."""

from __future__ import annotations

import datetime as dt
import re
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


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        (
            'le projet "Dijon 2030" et “Territoire”',
            f"le projet «{NBSP}Dijon 2030{NBSP}» et «{NBSP}Territoire{NBSP}»",
        ),
        ("de Bac + 3 à Bac+5", f"de Bac{NBSP}+{NBSP}3 à Bac{NBSP}+{NBSP}5"),
        ("le lycée n° 139", f"le lycée n°{NBSP}139"),
        ("15 000 € et 60 Md€", f"15{NNBSP}000{NBSP}€ et 60{NBSP}Md€"),
        ("soit 31% du territoire", f"soit 31{NBSP}% du territoire"),
        ("la 1ère région, le 2e, les 1res", "la 1^ère^ région, le 2^e^, les 1^res^"),
        ("Note: bravo!", f"Note{NBSP}: bravo{NNBSP}!"),
        ("voir https://le19crac.com/agenda : ici", f"voir https://le19crac.com/agenda{NBSP}: ici"),
        ("écrire à contact@cmq.fr; merci", f"écrire à contact@cmq.fr{NNBSP}; merci"),
        ('[lien](http://x.fr/?a=1;b=2 "titre") {#fig-x width=80%}', None),
        ("`a ; b` et [@rapport-2020, p. 3]", None),
        ("&amp; vous", None),
    ],
)
def test_french_pass_on_data_text(fr: Formatter, written: str, printed: str | None) -> None:
    """One pass for every format: URLs, targets, attributes and citations as written."""
    assert fr.typography(written) == (printed if printed is not None else written)
    assert fr.typography(fr.typography(written)) == fr.typography(written)


#: A plain field (title, name, caption, cell) → its Markdown: only a typed space may become
#: a no-break one; no quote, dash, ellipsis, ordinal or space is added.
PLAIN = [
    ('Le projet "X"', 'Le projet "X"'),
    ("“X” et 'y'", "“X” et 'y'"),
    ("a -- b --- c", "a -- b --- c"),
    ("et ainsi de suite...", "et ainsi de suite..."),
    ("un `code` ici", "un \\`code\\` ici"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("Note: bravo!", "Note: bravo!"),
    ("la 1ère région", "la 1ère région"),
    ("Bac+5", "Bac+5"),
    ("Bilan : 2021 ; « bravo » !", f"Bilan{NBSP}: 2021{NNBSP}; «{NBSP}bravo{NBSP}»{NNBSP}!"),
    ("19 200 emplois, 31 %", f"19{NNBSP}200 emplois, 31{NBSP}%"),
]


@pytest.mark.parametrize(("typed", "markdown"), PLAIN)
def test_plain_field_is_shown_as_typed(fr: Formatter, typed: str, markdown: str) -> None:
    assert fr.plain_typography(escape(typed)) == markdown


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


def _plain(markdown: str) -> str:
    """The text without the anchor spans of the uses: « [CMQ]{#u-acr-cmq-1} » → « CMQ »."""
    return re.sub(r"\[([^\[\]]*)\]\{#u-[a-z0-9-]+\}", r"\1", markdown)


def test_acronym_first_use_per_chapter_with_plural(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# Un {#chap-a}\n\nLes VRAIs du CMQ. Le VRAI et le CMQ.\n\n# Deux {#chap-b}\n\nUn VRAI.\n"
    out, uses, _ = expand_acronyms(md, project, "chapter")
    assert (
        "Les Village Ressource Apprenant International (VRAIs) du Campus des Métiers et "
        "des Qualifications (CMQ). Le VRAI et le CMQ." in _plain(out)
    )
    assert "Un Village Ressource Apprenant International (VRAI)." in _plain(out)
    assert "International ([VRAIs]{#u-acr-vrai-1}) du" in out
    assert uses["VRAI"].targets == ["u-acr-vrai-1", "u-acr-vrai-2", "u-acr-vrai-3"]
    assert uses["CMQ"].targets == ["u-acr-cmq-1", "u-acr-cmq-2"]


def test_uses_are_anchored_in_text_and_tables_only(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build_tree(
        root,
        {
            "glossary.yaml": "terms:\n  - term: cordée de la réussite\n"
            "    definition: Un dispositif.\n"
        },
    )
    project = load_project(root)
    md = (
        "# Le CMQ {#chap-a}\n\n"
        "Le CMQ et la cordée de la réussite, voir [le CMQ](#chap-a) et https://x.fr/CMQ.\n\n"
        "| CMQ | 2 |\n|---|---:|\n| Les cordées de la réussite du VRAI | 3 |\n\n"
        ": Tableau du CMQ {#tab-x}\n\n"
        "![Le CMQ](assets/x.png){#fig-x}\n"
    )
    out, uses, terms = expand_acronyms(md, project, "chapter")
    lines = out.split("\n")
    assert lines[0] == "# Le CMQ {#chap-a}"
    assert lines[2] == (
        "Le Campus des Métiers et des Qualifications ([CMQ]{#u-acr-cmq-1}) et la "
        "[cordée de la réussite]{#u-glo-cordee-de-la-reussite-1}, voir [le CMQ](#chap-a) et "
        "https://x.fr/CMQ."
    )
    # tables are text: marked, and a first use is spelled out there
    assert lines[4] == "| [CMQ]{#u-acr-cmq-2} | 2 |"
    assert "Village Ressource Apprenant International ([VRAI]{#u-acr-vrai-1})" in lines[6]
    assert ": Tableau du CMQ {#tab-x}" in lines and "![Le CMQ](assets/x.png){#fig-x}" in lines
    assert uses["CMQ"].targets == ["u-acr-cmq-1", "u-acr-cmq-2"]
    assert terms["cordée de la réussite"].targets == ["u-glo-cordee-de-la-reussite-1"]


def test_acronym_scope_document(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# Un {#a}\n\nLe VRAI.\n\n# Deux {#b}\n\nLe VRAI.\n"
    out, _, _ = expand_acronyms(md, project, "document")
    assert _plain(out).count("(VRAI)") == 1


def test_acronym_already_spelled_out_is_left_alone(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# Un {#a}\n\nLe Village Ressource Apprenant International (VRAI).\n"
    out, _, _ = expand_acronyms(md, project, "chapter")
    assert out.count("Village Ressource Apprenant International") == 1


def test_acronym_followed_by_its_expansion_is_left_alone(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    md = "# Un {#a}\n\nUn VRAI (Village Ressource Apprenant International).\n"
    out, _, _ = expand_acronyms(md, project, "chapter")
    assert out.count("Village Ressource Apprenant International") == 1


def test_ignored_phrase_is_neither_expanded_nor_flagged(tmp_path: Path) -> None:
    from cmqreport.model.textscan import AcronymMatcher

    root = _project(tmp_path)
    (root / "cmqreport.yaml").write_text(
        "network: N\nregion: R\nacronym_ignore: [VRAI Conseil]\n", encoding="utf-8"
    )
    project = load_project(root)
    md = "# Un {#a}\n\nLa société VRAI Conseil et le VRAI.\n"
    out, _, _ = expand_acronyms(md, project, "chapter")
    assert (
        "La société VRAI Conseil et le Village Ressource Apprenant International (VRAI)."
        in _plain(out)
    )
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


def test_dates_as_precise_as_the_source(fr: Formatter) -> None:
    from cmqreport.model import Precision, parse_when

    assert fr.when(parse_when("2021-11-01")) == "1er novembre 2021"
    assert fr.when(parse_when("2021-03")) == "mars 2021"
    assert fr.when(parse_when("fin 2021-03")) == "fin mars 2021"
    assert fr.when(parse_when(2021)) == "2021"
    end = parse_when("fin 2021-02")
    assert end.precision is Precision.end_of_month and str(end) == "fin 2021-02"
    assert end.latest == dt.date(2021, 2, 28)
    for bad in ("fin 2021", "2021-02-30", "31/03/2021", "fin 2021-03-31", True):
        with pytest.raises(ValueError):
            parse_when(bad)
    from cmqreport.api import json_schema

    campus = json_schema("campus")["$defs"]
    assert "fin" in campus["GovernanceRole"]["properties"]["start"]["anyOf"][0]["pattern"]
    assert set(campus["PortageNote"]["required"]) == {"date", "text"}
