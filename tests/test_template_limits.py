"""Hostile and clumsy project templates: every failure is one French line at its place.

Each row of :data:`CASES` is a project template that would hang the build, fill the memory
or simply be wrong. The real program builds the project in a subprocess (30 s at most: a
guard, not a measure) and must exit 1 with one diagnostic that names the template file and
line, says in French what went wrong, and prints no traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmqreport.diagnostics.french import agree, os_reason, plural
from cmqreport.validate.jinja_french import french_reason
from helpers import CASES_DIR, build_tree, case_files, read_case, snapshot


@dataclass(frozen=True)
class Case:
    """A template (its lines after ``{{ heading(campus) }}``), and what the build says."""

    id: str
    body: str
    line: int
    code: str
    words: str
    file: str = "campus.md.j2"


LIMIT, FORBIDDEN, ERROR = "CMQ-V133", "CMQ-V134", "CMQ-V040"

#: The templates: the line is the template's own (line 1 is the heading).
CASES = [
    Case("range-huge", "{% for i in range(10**9) %}{% endfor %}", 2, LIMIT, "range()"),
    Case("range-list", "{{ range(10**6)|list|length }}", 2, LIMIT, "100 000"),
    Case(
        "loops-nested",
        "{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n{% endfor %}",
        3,
        LIMIT,
        "travaille trop",
    ),
    Case(
        "loops-long-within-range",
        "{% for i in range(100000) %}{% for j in range(50) %}{% endfor %}{% endfor %}",
        2,
        LIMIT,
        "travaille trop",
    ),
    Case("string-product", '{{ "x" * 10**9 }}', 2, LIMIT, "2 000 000"),
    Case("list-product", "{{ ([1, 2] * 10**9)|length }}", 2, LIMIT, "éléments"),
    Case(
        "string-doubled",
        '{% set ns = namespace(s="x") %}\n{% for i in range(40) %}'
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        3,
        LIMIT,
        "valeur",
    ),
    Case("power", "{{ 10 ** 100000000 }}", 2, LIMIT, "bits"),
    Case("printf-width", '{{ "%2000000000d"|format(1) }}', 2, LIMIT, "2 000 000"),
    Case("printf-named-width", '{{ "%(a)2000000000s"|format(a=1) }}', 2, LIMIT, "2 000 000"),
    Case("format-width", '{{ "{:>2000000000}".format(1) }}', 2, LIMIT, "2 000 000"),
    Case(
        "nested-literals",
        '{% set s = "x" * 1000000 %}\n{% set l = [s, s, s] %}{{ l|length }}',
        3,
        LIMIT,
        "3 000 003",
    ),
    Case(
        "appended-in-a-loop",
        '{% set s = "x" * 100000 %}{% set l = [] %}\n'
        "{% for i in range(1000) %}{{ l.append(s) }}{% endfor %}{{ l }}",
        3,
        LIMIT,
        "valeur",
    ),
    Case("repeated-list-of-texts", '{{ (["x" * 1000] * 100000)|length }}', 2, LIMIT, "valeur"),
    Case("join-huge", '{{ ("x" * 1000000)|list|join("yy") }}', 2, LIMIT, "valeur"),
    Case("wordwrap-long-word", '{{ ("x" * 1000000)|wordwrap(1) }}', 2, LIMIT, "wordwrap"),
    Case(
        "count-in-loop",
        '{% set s = "x" * 1999999 %}\n{% for i in range(10000) %}{{ s.count("y") }}{% endfor %}',
        3,
        LIMIT,
        "travaille trop",
    ),
    Case(
        "output-huge",
        '{% for i in range(99999) %}\n{{ "x" * 150 }}\n{% endfor %}',
        3,
        LIMIT,
        "produit plus de 2 000 000 caractères",
    ),
    Case(
        "macro-recursion",
        "{% macro f(n) %}\n{{ f(n + 1) }}\n{% endmacro %}\n{{ f(1) }}",
        3,
        LIMIT,
        "50 niveaux",
    ),
    Case(
        "loop-recursion",
        "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}",
        2,
        LIMIT,
        "50 niveaux",
    ),
    Case("include-itself", '{% include "campus.md.j2" %}', 2, LIMIT, "s'inclut lui-même"),
    Case("extends-itself", '{% extends "campus.md.j2" %}', 2, LIMIT, "s'inclut lui-même"),
    Case("deep-parentheses", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", 2, LIMIT, "imbrique"),
    Case("long-operator-chain", "{{ 1" + " + 1" * 2000 + " }}", 2, LIMIT, "imbrique"),
    Case("nested-ifs", "{% if 1 %}" * 120 + "{% endif %}" * 120, 2, LIMIT, "imbrique"),
    Case(
        "deep-list",
        "{% set ns = namespace(l=[]) %}\n"
        "{% for i in range(5000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}",
        3,
        LIMIT,
        "100 niveaux",
    ),
    Case("print-object", "{{ campus }}", 2, ERROR, "imprime une valeur de type « Node »"),
    Case("print-list-of-objects", "{{ [campus] * 1999999 }}", 2, ERROR, "liste d'objets"),
    Case("syntax", "{{ campus.title }", 2, ERROR, "erreur de syntaxe"),
    Case("unclosed-for", "{% for x in campus.children %}\n{{ x }}", 3, ERROR, "endfor"),
    Case("comment-unclosed", "{# un commentaire", 2, ERROR, "commentaire « {# »"),
    Case(
        "import-itself",
        '{% import "campus.md.j2" as c with context %}',
        2,
        LIMIT,
        "s'inclut lui-même",
    ),
    Case("not-iterable", "{% for c in campus %}{% endfor %}", 2, ERROR, "ne se parcourt pas"),
    Case("unknown-value", "{{ nope }}", 2, ERROR, "valeur inconnue « nope »"),
    Case("unknown-attribute", "{{ campus.nope }}", 2, ERROR, "sans attribut « nope »"),
    Case("unknown-filter", '{{ "a"|nofilter }}', 2, ERROR, "filtre inconnu « nofilter »"),
    Case("sandbox-dunder", '{{ "".__class__.__mro__ }}', 2, FORBIDDEN, "bac à sable"),
    Case("zero-division", "{{ 1 / 0 }}", 2, ERROR, "division par zéro"),
    Case("type-error", '{{ 1 + "a" }}', 2, ERROR, "« + » impossible"),
    Case("macro-arguments", "{% macro f() %}{% endmacro %}\n{{ f(1, 2) }}", 3, ERROR, "macro"),
    Case("include-missing", '{% include "nope.md.j2" %}', 2, ERROR, "« nope.md.j2 »"),
]

#: Words of Jinja's and Python's English messages, which the diagnostic must not show.
ENGLISH = re.compile(
    r"\b(is|the|of|unsafe|undefined|expected|got|object|has no|not|Traceback|Error)\b"
)


def _build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS="200")
    args = ["build", "2021", "--project", str(project), "--to", "md", "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-m", "cmqreport", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,  # a guard against a hang, not a measure
        check=False,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_template_is_one_french_line_at_its_place(tmp_path: Path, case: Case) -> None:
    files = case_files(read_case(CASES_DIR / "_base.yaml"))
    files[f"templates/{case.file}"] = ("{{ heading(campus) }}\n" + case.body + "\n").encode()
    project = build_tree(tmp_path / "p", files)
    before = snapshot(project)
    run = _build(project, tmp_path / "out")
    shown = run.stdout + run.stderr
    assert run.returncode == 1, shown
    assert "Traceback" not in shown, shown
    place = f"templates/{case.file}:{case.line}: error {case.code} "
    lines = [line for line in run.stdout.splitlines() if line.startswith("templates/")]
    assert len(lines) == 1 and lines[0].startswith(place), shown
    message = lines[0].removeprefix(place)
    assert case.words in message, message
    assert not ENGLISH.search(message), message
    assert run.stderr.strip().splitlines()[-1] == (
        "cmqreport: 1 erreur dans les données : rien n'a été écrit (détail : cmqreport validate)."
    ), run.stderr
    assert not (tmp_path / "out" / "rapport-2021.md").exists()
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("'nope' is undefined", "valeur inconnue « nope »"),
        (
            "'cmqreport.render.nodes.Node object' has no attribute 'nope'",
            "valeur de type « Node » sans attribut « nope »",
        ),
        (
            "access to attribute '__class__' of 'str' object is unsafe.",
            "opération interdite dans le bac à sable : l'attribut « __class__ » d'une valeur "
            "de type texte",
        ),
        (
            "Expected an expression, got 'end of print statement'",
            "une expression manque avant « }} »",
        ),
        ("expected token 'end of statement block', got 'x'", "« %} » attendu, « x » trouvé"),
        (
            "macro 'f' takes not more than 1 argument(s)",
            "la macro « f » reçoit trop d'arguments (au plus 1)",
        ),
        ("something new from Jinja.", "message de Jinja : « something new from Jinja »"),
    ],
)
def test_jinja_messages_are_said_in_french(english: str, french: str) -> None:
    assert french_reason(english) == french


def test_french_counts() -> None:
    assert [plural(n, "erreur") for n in (0, 1, 2)] == ["0 erreur", "1 erreur", "2 erreurs"]
    assert [agree(n, "lu") for n in (0, 1, 5)] == ["lu", "lu", "lus"]
    assert plural(3, "travail", "travaux") == "3 travaux"


def test_system_errors_are_said_in_french() -> None:
    import errno

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "permission refusée"
    assert os_reason(IsADirectoryError(errno.EISDIR, "Is a directory")) == "c'est un dossier"
    assert os_reason(OSError(errno.ENOSPC, "No space left")) == "plus de place sur le disque"


def test_a_printed_list_is_text() -> None:
    from cmqreport.render.jinja_env import environment

    out = environment([]).from_string('{{ ["*x*", 1, ["<b>"]] }}').render()
    assert out == "\\['\\*x\\*', 1, \\['\\<b\\>'\\]\\]"


def test_ordinary_loops_and_macros_still_run() -> None:
    from cmqreport.render.jinja_env import environment

    source = (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ n }}{% endif %}{% endmacro %}{{ f(30) }}"
        "{% for i in range(100000) %}{% endfor %}{{ range(5)|list|length }}"
        '{{ "ab" in "xaby" }}{{ ("x" * 1000)|wordwrap(10)|length }}'
    )
    out = environment([]).from_string(source).render()
    assert out.startswith("123") and out.endswith("5True1099")
